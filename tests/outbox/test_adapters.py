"""The default 好差评 format (docs/OUTBOX.md): the national content of a rating, a correction
and a 整改 result, and what the platform's answers mean."""

from __future__ import annotations

import json
from typing import Any

from app.outbox.adapters import Outcome, make_adapter, national_level
from app.outbox.settings import ProvinceSettings

SETTINGS = ProvinceSettings(
    url="https://p/x", token="secret-token", area_code="370102", org_code="11370102MB0000000X"
)
REASONS = {"attitude": "服务态度", "efficiency": "办事效率", "other": "其他"}
RATING: dict[str, Any] = {
    "kind": "rating",
    "id": "abc-R7",
    "hall_id": "abc",
    "rating_id": 7,
    "case_no": "BJ1",
    "item_code": "ITEM1",
    "service": {"code": "A", "name": "社保医保"},
    "ticket": "A007",
    "day": "2026-11-23",
    "window": 3,
    "staff_no": "1003",
    "staff_name": "张伟",
    "level": 2,
    "scale": 5,
    "reasons": {"codes": ["attitude", "other"], "note": "等太久"},
    "path": "tablet",
    "at": "2026-11-23T09:05:00",
}


def body(message: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    data, headers = make_adapter(SETTINGS, REASONS).encode(message)
    return json.loads(data), headers


def test_a_rating_carries_the_national_content() -> None:
    found, headers = body(RATING)
    assert found["msgId"] == "abc-R7" and headers["Idempotency-Key"] == "abc-R7"
    assert headers["Authorization"] == "Bearer secret-token"
    assert (found["type"], found["level"], found["levelName"]) == ("evaluation", 2, "不满意")
    assert found["content"] == ["服务态度", "其他"] and found["note"] == "等太久"
    assert (found["channel"], found["channelName"]) == ("tablet", "平板")
    assert (found["caseNo"], found["itemCode"], found["itemName"]) == ("BJ1", "ITEM1", "社保医保")
    assert (found["window"], found["staffId"], found["time"]) == (
        "3",
        "1003",
        "2026-11-23T09:05:00",
    )
    assert (found["areaCode"], found["orgCode"]) == ("370102", "11370102MB0000000X")


def test_a_keypad_rating_and_no_answer_and_a_correction() -> None:
    keypad, _ = body(RATING | {"path": "bus", "level": 5, "reasons": None})
    assert (keypad["channelName"], keypad["levelName"], keypad["content"]) == (
        "现场评价器",
        "非常满意",
        [],
    )
    none, _ = body(RATING | {"path": "none", "level": None, "reasons": None})
    assert (none["level"], none["levelName"], none["channelName"]) == (None, "未评价", "未评价")
    fixed, _ = body(
        RATING
        | {
            "kind": "correction",
            "id": "abc-R9",
            "corrects": "abc-R7",
            "corrected_by": "2001",
            "reason": "误触",
        }
    )
    assert (fixed["type"], fixed["correctsMsgId"], fixed["correctionReason"]) == (
        "correction",
        "abc-R7",
        "误触",
    )


def test_a_rectification_names_the_rating_it_answers() -> None:
    found, _ = body(
        {
            "kind": "rectification",
            "id": "abc-F2",
            "hall_id": "abc",
            "rating": "abc-R7",
            "case_no": "BJ1",
            "item_code": "ITEM1",
            "ticket": "A007",
            "window": 3,
            "staff_no": "1003",
            "level": 2,
            "opened_on": "2026-11-23",
            "deadline": "2026-12-14",
            "visit_result": "已回访",
            "rectification": "已整改",
            "handled_by": "2001",
            "closed_at": "2026-11-25T09:00:00",
            "overdue": False,
        }
    )
    assert (found["type"], found["evaluationMsgId"], found["rectification"]) == (
        "rectification",
        "abc-R7",
        "已整改",
    )


def test_a_three_level_keypad_maps_to_the_national_levels() -> None:
    assert [national_level(n, 3) for n in (3, 2, 1)] == [4, 3, 2]
    assert [national_level(n, 5) for n in (5, 1)] == [5, 1]


def test_what_the_platforms_answers_mean() -> None:
    adapter = make_adapter(SETTINGS, REASONS)
    cases = [
        (200, b'{"code": 0, "msg": "ok"}', Outcome.DELIVERED),
        (200, b"", Outcome.DELIVERED),
        (201, b'{"code": "duplicate"}', Outcome.DELIVERED),
        (409, b"", Outcome.DELIVERED),
        (200, b'{"code": 4001, "msg": "bad item"}', Outcome.REJECTED),
        (400, b"bad", Outcome.REJECTED),
        (401, b"", Outcome.REJECTED),
        (429, b"", Outcome.RETRY),
        (500, b"", Outcome.RETRY),
        (503, b"", Outcome.RETRY),
        (302, b"", Outcome.RETRY),
    ]
    assert [(s, adapter.verdict(s, b).outcome) for s, b, _ in cases] == [
        (s, want) for s, _, want in cases
    ]
