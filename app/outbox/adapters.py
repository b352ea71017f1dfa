"""From the hall's record of a rating to a province's 好差评 request, and back from its answer.

An adapter knows one platform's format: ``encode(message)`` gives the request body and
headers, ``verdict(status, body)`` says whether the platform took the item, refused it for
good, or should be asked again later. ``national`` is the default: the national 好差评
content (国办发〔2019〕51号, GB/T 39735-2020) as JSON, documented in docs/OUTBOX.md. A
province with its own format is one more class in ADAPTERS.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from app.outbox.settings import ProvinceSettings

# 评价等级 of the national five-level scale, level 5 the best.
NATIONAL_LEVELS = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
# A three-level keypad's levels on the national scale: 满意, 基本满意, 不满意.
THREE_TO_FIVE = {3: 4, 2: 3, 1: 2}
# 评价渠道 by the device path the rating came by.
CHANNELS = {
    "bus": ("keypad", "现场评价器"),
    "relayed": ("keypad", "现场评价器"),
    "tablet": ("tablet", "平板"),
}
NO_ANSWER = ("none", "未评价")


class Outcome(enum.Enum):
    DELIVERED = "delivered"  # the platform has it (now, or from an earlier delivery)
    RETRY = "retry"  # not taken this time: ask again later
    REJECTED = "rejected"  # refused for good: set aside with the answer


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    detail: str = ""


class Adapter(Protocol):
    name: str

    def encode(self, message: Mapping[str, Any]) -> tuple[bytes, dict[str, str]]:
        """The request body and headers for one queued message."""
        ...

    def verdict(self, status: int, body: bytes) -> Verdict: ...


def national_level(level: int | None, scale: int) -> int | None:
    if level is None:
        return None
    if scale == 5:
        return level
    if scale == 3:
        return THREE_TO_FIVE[level]
    return max(1, min(5, round(1 + 4 * (level - 1) / max(1, scale - 1))))


class NationalJson:
    """The default: one JSON object per rating, correction or 整改 result, POSTed to the
    configured URL with its message id as the Idempotency-Key."""

    name = "national"

    def __init__(self, settings: ProvinceSettings, reasons: Mapping[str, str]) -> None:
        """`reasons`: the hall's 差评 reason codes → their Chinese names (评价内容)."""
        self.settings = settings
        self.reasons = dict(reasons)

    def body(self, m: Mapping[str, Any]) -> dict[str, Any]:
        common = {
            "version": "1",
            "msgId": m["id"],
            "areaCode": self.settings.area_code,
            "orgCode": self.settings.org_code,
            "hallId": m["hall_id"],
            "caseNo": m.get("case_no"),
            "itemCode": m.get("item_code"),
            "ticket": m["ticket"],
            "window": str(m["window"]),
            "staffId": m.get("staff_no"),
        }
        if m["kind"] == "rectification":
            return common | {
                "type": "rectification",
                "evaluationMsgId": m["rating"],
                "level": m["level"],
                "visitResult": m["visit_result"],
                "rectification": m["rectification"],
                "handledBy": m["handled_by"],
                "openedOn": m["opened_on"],
                "deadline": m["deadline"],
                "closedAt": m["closed_at"],
                "overdue": m["overdue"],
            }
        level = national_level(m["level"], m["scale"])
        reasons = m.get("reasons") or {}
        codes = list(reasons.get("codes", []))
        channel, channel_name = CHANNELS.get(m.get("path") or "", NO_ANSWER)
        body = common | {
            "type": "correction" if m["kind"] == "correction" else "evaluation",
            "itemName": m["service"]["name"],
            "level": level,
            "levelName": NATIONAL_LEVELS.get(level, "未评价") if level else "未评价",
            "content": [self.reasons.get(code, code) for code in codes],
            "contentCodes": codes,
            "note": reasons.get("note", ""),
            "channel": channel,
            "channelName": channel_name,
            "time": m["at"],
            "staffName": m.get("staff_name"),
        }
        if m["kind"] == "correction":
            body |= {
                "correctsMsgId": m["corrects"],
                "correctedBy": m["corrected_by"],
                "correctionReason": m["reason"],
            }
        return body

    def encode(self, message: Mapping[str, Any]) -> tuple[bytes, dict[str, str]]:
        data = json.dumps(self.body(message), ensure_ascii=False, separators=(",", ":"))
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Idempotency-Key": str(message["id"]),
        }
        if self.settings.token:
            headers["Authorization"] = f"Bearer {self.settings.token}"
        return data.encode("utf-8"), headers

    def verdict(self, status: int, body: bytes) -> Verdict:
        """2xx with no body, or a JSON body whose "code" is 0 (or "duplicate"): taken. 409:
        taken before. 408, 425, 429 and 5xx: try again. Any other 4xx, or a 2xx whose code
        says otherwise: refused for good, with the platform's message."""
        text = body.decode("utf-8", "replace")[:500]
        if status == 409:
            return Verdict(Outcome.DELIVERED, "duplicate")
        if status in (408, 425, 429) or status >= 500:
            return Verdict(Outcome.RETRY, f"HTTP {status} {text}")
        if 400 <= status < 500:
            return Verdict(Outcome.REJECTED, f"HTTP {status} {text}")
        if not 200 <= status < 300:
            return Verdict(Outcome.RETRY, f"HTTP {status} {text}")
        try:
            answer = json.loads(body) if body.strip() else {}
        except ValueError:
            return Verdict(Outcome.DELIVERED, text)
        code = answer.get("code", 0) if isinstance(answer, dict) else 0
        if code in (0, "0", "OK", "ok", "duplicate"):
            return Verdict(Outcome.DELIVERED, str(code))
        return Verdict(Outcome.REJECTED, f"code {code}: {answer.get('msg', text)}")


AdapterFactory = Callable[[ProvinceSettings, Mapping[str, str]], Adapter]
ADAPTERS: dict[str, AdapterFactory] = {NationalJson.name: NationalJson}


def make_adapter(settings: ProvinceSettings, reasons: Mapping[str, str]) -> Adapter:
    return ADAPTERS[settings.format](settings, reasons)
