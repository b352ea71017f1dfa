"""The queue rules a hall may tune (the config file feeds these)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class QueueSettings:
    recall_cap: int = 3  # 重呼 at most this many times
    enforce_hours: bool = True  # refuse tickets outside a service's hours
    enforce_calendar: bool = True  # refuse tickets on weekends and holidays
    long_pause_minutes: int = 10  # a pause longer than this needs a stated reason
