"""How much one machine may add to the hall's records: a token bucket per machine and kind.

A kiosk issues tickets (issue_ticket, check_in) and reports its printer; a counter reports its
keypad. Each is a permanent, hash-chained event sent to every client, so one machine may add
only so many per minute ([limits] in the config); past that it is refused with a plain
rate_limited (nothing written), and may go on as soon as the bucket refills.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from app.config import Limits
from app.errors import HallError


class RateLimited(HallError):
    code = "rate_limited"


@dataclass
class _Bucket:
    tokens: float
    at: float


@dataclass(frozen=True)
class Rate:
    per_minute: int
    burst: int
    zh: str  # what is limited, for the refusal
    en: str


class RateLimits:
    def __init__(self, limits: Limits | None = None, clock: Callable[[], float] = time.monotonic):
        limits = limits or Limits()
        self.clock = clock
        self.rates = {
            "tickets": Rate(limits.tickets_per_minute, limits.ticket_burst, "取号", "tickets"),
            "device_reports": Rate(
                limits.device_reports_per_minute,
                limits.device_report_burst,
                "设备状态报告",
                "device reports",
            ),
        }
        self._buckets: dict[tuple[str, str], _Bucket] = {}

    def take(self, kind: str, machine: str) -> None:
        """One more of `kind` for `machine`, or RateLimited."""
        rate, now = self.rates[kind], self.clock()
        bucket = self._buckets.get((kind, machine))
        if bucket is None:
            bucket = self._buckets[(kind, machine)] = _Bucket(float(rate.burst), now)
        bucket.tokens = min(
            float(rate.burst), bucket.tokens + (now - bucket.at) * rate.per_minute / 60
        )
        bucket.at = now
        if bucket.tokens < 1:
            wait = max(1, round((1 - bucket.tokens) * 60 / rate.per_minute + 0.49))
            raise RateLimited(
                f"本机{rate.zh}过于频繁（每分钟最多 {rate.per_minute} 次），请 {wait} 秒后再试",
                f"too many {rate.en} from this machine (at most {rate.per_minute} a minute): "
                f"try again in {wait} s",
            )
        bucket.tokens -= 1
