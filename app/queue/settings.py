"""The queue rules a hall may tune (the config file feeds these)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

# The 差评 reasons a visitor may pick after 不满意 / 非常不满意, in the spirit of the national
# 好差评 评价内容 (GB/T 39734-2020): (code, Chinese, English); "other" takes free text.
BAD_RATING_REASONS: tuple[tuple[str, str, str], ...] = (
    ("attitude", "服务态度", "attitude"),
    ("efficiency", "办事效率", "efficiency"),
    ("materials", "材料要求/一次性告知", "materials / one-time notice"),
    ("environment", "环境设施", "environment and facilities"),
    ("other", "其他", "other"),
)


@dataclass(frozen=True)
class AppointmentRules:
    """Appointments: when a visitor may check in, how on-time ones queue, which slots exist.
    The hall hours here are the config file's; an admin's stored hours win (app/queue/slots.py
    reads them through app/models/hall_settings.py, as app/appraisal/hours.py does)."""

    early_minutes: int = 30  # check-in opens this long before the slot
    late_minutes: int = 15  # later than this after the slot's start: queued as a walk-in
    in_a_row: int = 3  # at most this many on-time appointments called in a row while a
    # walk-in of the same service waits (0: no cap)
    horizon_days: int = 14  # slots offered up to this many days ahead
    hall_open: dt.time = dt.time(8, 30)
    hall_close: dt.time = dt.time(17, 30)
    lunch: tuple[dt.time, dt.time] | None = (dt.time(12, 0), dt.time(13, 30))  # no slots then
    place: str = ""  # where to come, on the notice (大厅地址); "" → the hall's name


@dataclass(frozen=True)
class QueueSettings:
    recall_cap: int = 3  # 重呼 at most this many times
    enforce_hours: bool = True  # refuse tickets outside a service's hours
    enforce_calendar: bool = True  # refuse tickets on weekends and holidays
    long_pause_minutes: int = 10  # a pause longer than this needs a stated reason
    rating_timeout_s: int = 15  # the visitor has this long to rate; then 未评价
    rating_min_press_ms: int = 600  # a key sooner than this after the request is flagged
    rating_paths: tuple[str, ...] = ("bus", "relayed", "tablet")  # device paths accepted
    rating_reasons: tuple[tuple[str, str, str], ...] = BAD_RATING_REASONS
    rating_bad_max: int = 2  # levels up to this are 差评 (on the five-level scale)
    appointments: AppointmentRules = field(default_factory=AppointmentRules)
