"""The queue rules a hall may tune (the config file feeds these)."""

from __future__ import annotations

from dataclasses import dataclass

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
