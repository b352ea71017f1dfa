"""The plan of a simulated year of the demo hall: its calendar, its clerks, and the events
that are not the day's routine (leave, absences, complaints, inspections, faults).

Everything is drawn from one seeded random generator, so a year is the same every run.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

# 2026 public holidays and make-up working days (调休)
HOLIDAYS = (
    [dt.date(2026, 1, d) for d in (1, 2, 3)]
    + [dt.date(2026, 2, d) for d in range(15, 24)]
    + [dt.date(2026, 4, d) for d in (4, 5, 6)]
    + [dt.date(2026, 5, d) for d in range(1, 6)]
    + [dt.date(2026, 6, d) for d in (19, 20, 21)]
    + [dt.date(2026, 9, d) for d in (25, 26, 27)]
    + [dt.date(2026, 10, d) for d in range(1, 8)]
)
MAKE_UP_DAYS = [dt.date(2026, 1, 4), dt.date(2026, 2, 14), dt.date(2026, 2, 28)]
MAKE_UP_DAYS += [dt.date(2026, 5, 9), dt.date(2026, 9, 20), dt.date(2026, 10, 10)]

WINDOW_SERVICES = {1: "AF", 2: "AC", 3: "B", 4: "BE", 5: "CA", 6: "D", 7: "EB", 8: "FDA"}
A_CLERK = {w: f"{1000 + w}" for w in WINDOW_SERVICES}
B_CLERK = {w: "1009" if w % 2 else "1010" for w in WINDOW_SERVICES}  # as seed_demo does
SERVICE_MIX = {"A": 0.26, "B": 0.14, "C": 0.14, "D": 0.16, "E": 0.10, "F": 0.20}
PROMISED = {"A": 10, "B": 20, "C": 8, "D": 6, "E": 15, "F": 4}
MATERIALS = ["身份证复印件", "户口簿原件", "不动产权证书", "营业执照副本", "授权委托书", "近期照片"]


@dataclass(frozen=True)
class Clerk:
    """How a clerk works: share of 满意 ratings, share of 差评, speed (× the promised time),
    and the chance per day of lateness, early leave and an unexplained long break."""

    satisfied: float
    bad: float
    speed: float
    late: float = 0.02
    early: float = 0.0
    long_break: float = 0.0
    slow_follow_up: float = 0.1  # chance a 差评's follow-up is closed late


CLERKS = {
    "1001": Clerk(0.97, 0.004, 0.50, late=0.01),
    "1002": Clerk(0.93, 0.015, 0.62, late=0.03, early=0.01, long_break=0.01),
    "1003": Clerk(0.94, 0.012, 0.58, late=0.02, long_break=0.01),
    "1004": Clerk(0.86, 0.035, 0.78, late=0.12, early=0.03, long_break=0.04, slow_follow_up=0.4),
    "1005": Clerk(0.95, 0.010, 0.66, late=0.02),
    "1006": Clerk(0.85, 0.045, 0.85, late=0.04, early=0.02, long_break=0.02),
    "1007": Clerk(0.91, 0.020, 0.64, late=0.03, early=0.01, long_break=0.01),
    "1008": Clerk(0.80, 0.060, 0.92, late=0.08, early=0.06, long_break=0.06, slow_follow_up=0.5),
    "1009": Clerk(0.92, 0.020, 0.66),
    "1010": Clerk(0.90, 0.030, 0.75),
}


@dataclass
class YearPlan:
    """The year's special events by day; the routine is drawn day by day by the simulation."""

    first: dt.date
    last: dt.date
    visitors_per_day: int
    leave: dict[dt.date, set[str]] = field(default_factory=dict)  # approved, whole day
    absent: dict[dt.date, set[str]] = field(default_factory=dict)  # 旷工: no leave
    rejected_leave: list[tuple[str, dt.date]] = field(default_factory=list)
    half_day_leave: dict[dt.date, str] = field(default_factory=dict)  # afternoon off
    mid_day_out: dict[dt.date, tuple[str, str, int]] = field(default_factory=dict)
    meetings: dict[dt.date, list[str]] = field(default_factory=dict)  # 会议 pauses
    training: dict[dt.date, list[str]] = field(default_factory=dict)
    lunch_cover_missed: set[dt.date] = field(default_factory=set)  # window 4 left closed
    early_lunch: dict[dt.date, str] = field(default_factory=dict)  # lunch pause at 11:40
    no_sign_out: dict[dt.date, str] = field(default_factory=dict)
    one_patrol_only: set[dt.date] = field(default_factory=set)
    unannounced: set[dt.date] = field(default_factory=set)  # 明察暗访, once a month


def working_days(first: dt.date, last: dt.date) -> list[dt.date]:
    days, day = [], first
    while day <= last:
        if day in MAKE_UP_DAYS or (day.weekday() < 5 and day not in HOLIDAYS):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def make_plan(rng: random.Random, first: dt.date, last: dt.date, visitors: int) -> YearPlan:
    plan = YearPlan(first, last, visitors)
    days = working_days(first, last)
    year = working_days(first, dt.date(first.year, 12, 31))  # events past `last` never come

    def on(month: int, nth: int) -> dt.date:
        """The nth working day (from 0) of a month."""
        return [d for d in year if d.month == month][nth]

    for clerk in (f"{1000 + w}" for w in WINDOW_SERVICES):
        for day in rng.sample(days, 5):  # a week of annual leave, spread over the year
            plan.leave.setdefault(day, set()).add(clerk)
    plan.absent.setdefault(on(7, 9), set()).add("1006")  # 旷工 without a word
    refused = on(3, 12)
    plan.rejected_leave.append(("1004", refused))  # asked, refused, stayed away anyway
    plan.absent.setdefault(refused, set()).add("1004")
    plan.half_day_leave[on(5, 14)] = "1005"
    plan.mid_day_out[on(6, 3)] = ("1008", "10:00", 90)  # away 90 minutes, no leave
    plan.mid_day_out[on(8, 6)] = ("1004", "15:10", 25)
    for month in range(1, 13):
        plan.meetings[on(month, 0)] = ["1004", "1008"]  # monthly meeting closes 2 windows
    plan.training[on(4, 8)] = ["1003"]
    plan.training[on(9, 8)] = ["1003", "1007"]
    plan.lunch_cover_missed |= {on(2, 10), on(6, 15), on(10, 12)}
    for month in (3, 7, 11):
        plan.early_lunch[on(month, 5)] = "1002"
    plan.no_sign_out[on(4, 16)] = "1008"
    plan.no_sign_out[on(9, 2)] = "1008"
    plan.one_patrol_only |= {on(4, 2), on(4, 9), on(4, 17)}
    for month in range(1, 13):
        plan.unannounced.add(next(d for d in year if d.month == month and d.day >= 13))
    return plan
