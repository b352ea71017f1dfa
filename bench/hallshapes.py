"""Hall shapes for the simulator (bench/hallsim.py): services, windows, clerks, lunch and load.

Each shape is a whole hall as the simulator runs it and as the hall would be configured: the
services' promised times and hours, which windows serve what and which stay open at lunch
(午间值班), the lunch break and the hall's hours go into its database; the true handling-time
distributions, clerk speeds, arrival rates and lunch returns stay in the simulator (the
predictor must learn them; the oracle in bench/oracle.py knows them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ServiceShape:
    code: str
    mean_min: float  # true mean handling time
    share: float  # of arrivals
    promised_min: int  # 限时办结 (configured; the predictor's prior)
    sigma: float = 0.6  # of log handling time


@dataclass(frozen=True)
class WindowShape:
    number: int
    services: str  # codes by rank
    lunch_duty: bool
    opens: dt.time = dt.time(8, 25)
    speed: float = 1.0  # the A clerk's handling time against the service mean
    b_speed: float = 1.0  # the B clerk's
    b_days: float = 0.0  # share of days the B clerk works this window


@dataclass(frozen=True)
class HallShape:
    name: str
    services: tuple[ServiceShape, ...]
    windows: tuple[WindowShape, ...]
    lunch: tuple[dt.time, dt.time] = (dt.time(12, 0), dt.time(13, 30))
    lunch_return_s: float = 120.0  # back from lunch within this after the lunch end
    load: float = 1.2  # offered work ÷ window capacity over the day
    peak: tuple[dt.time, dt.time] = (dt.time(9, 0), dt.time(11, 0))
    peak_factor: float = 2.0
    open_at: dt.time = dt.time(8, 30)  # tickets from
    close_at: dt.time = dt.time(17, 0)  # the last ticket
    hall_close: dt.time = dt.time(17, 30)
    no_show: float = 0.05
    priority_share: float = 0.02
    walk_s: tuple[float, float] = (15.0, 75.0)
    turnaround_s: tuple[float, float] = (5.0, 25.0)
    recall_after_s: float = 60.0
    no_show_after_s: float = 120.0
    handling_cap: float = 8.0  # no case takes longer than this × its service's mean

    def service(self, code: str) -> ServiceShape:
        return next(s for s in self.services if s.code == code)


def _t(hhmm: str) -> dt.time:
    return dt.time.fromisoformat(hhmm)


# The hall the predictor was first tuned on (its lunch 12:00–13:30; one window opens at 10:00).
BENCHMARK = HallShape(
    name="benchmark",
    services=(
        ServiceShape("A", 4.0, 0.30, 6),
        ServiceShape("B", 6.0, 0.22, 10),
        ServiceShape("C", 8.0, 0.18, 12),
        ServiceShape("D", 10.0, 0.14, 15),
        ServiceShape("E", 15.0, 0.10, 20),
        ServiceShape("F", 20.0, 0.06, 30),
    ),
    windows=tuple(
        WindowShape(n, codes, duty, opens)
        for n, codes, duty, opens in [
            (1, "AB", True, _t("08:25")),
            (2, "AC", True, _t("08:25")),
            (3, "BA", False, _t("08:25")),
            (4, "BD", True, _t("08:25")),
            (5, "CB", True, _t("08:25")),
            (6, "CE", True, _t("08:25")),
            (7, "DC", True, _t("08:25")),
            (8, "DF", True, _t("08:25")),
            (9, "ED", False, _t("08:25")),
            (10, "EF", True, _t("08:25")),
            (11, "FE", True, _t("08:25")),
            (12, "ABF", True, _t("10:00")),
        ]
    ),
)

# A township 便民服务中心: few windows, light load, lunch 12:00–13:00, one window opens at
# 09:30, a slow and very variable service (S), clerks of different speeds.
LIGHT = HallShape(
    name="light",
    services=(
        ServiceShape("P", 3.0, 0.40, 5, 0.5),
        ServiceShape("Q", 8.0, 0.30, 10, 0.6),
        ServiceShape("R", 14.0, 0.20, 20, 0.7),
        ServiceShape("S", 25.0, 0.10, 30, 1.1),
    ),
    windows=(
        WindowShape(1, "PQ", True, speed=0.9, b_speed=1.2, b_days=0.2),
        WindowShape(2, "QP", False, speed=1.15),
        WindowShape(3, "RS", True, speed=1.0, b_speed=1.3, b_days=0.2),
        WindowShape(4, "SR", False, _t("09:30"), speed=0.85),
        WindowShape(5, "PR", False, speed=1.1),
    ),
    lunch=(_t("12:00"), _t("13:00")),
    load=0.65,
    peak=(_t("09:00"), _t("10:30")),
    peak_factor=1.6,
    hall_close=_t("17:30"),
)

# A district hall: ten windows, load close to capacity, lunch 11:45–13:15, a window opening at
# 10:00, windows serving three services, a high-variance business service (E).
MEDIUM = HallShape(
    name="medium",
    services=(
        ServiceShape("A", 5.0, 0.28, 8, 0.5),
        ServiceShape("B", 7.0, 0.22, 10, 0.6),
        ServiceShape("C", 9.0, 0.18, 15, 0.6),
        ServiceShape("D", 6.0, 0.14, 10, 0.5),
        ServiceShape("E", 18.0, 0.10, 30, 1.2),
        ServiceShape("F", 12.0, 0.08, 20, 0.8),
    ),
    windows=(
        WindowShape(1, "ABD", True, speed=0.95),
        WindowShape(2, "BA", False, speed=1.1, b_speed=0.9, b_days=0.25),
        WindowShape(3, "CB", True, speed=1.0),
        WindowShape(4, "DAC", False, speed=0.9),
        WindowShape(5, "EF", True, speed=1.2, b_speed=1.0, b_days=0.2),
        WindowShape(6, "FE", False, speed=1.0),
        WindowShape(7, "CD", True, speed=1.05),
        WindowShape(8, "AB", False, speed=0.85, b_speed=1.25, b_days=0.2),
        WindowShape(9, "EC", False, speed=1.0),
        WindowShape(10, "BDA", True, _t("10:00"), speed=1.1),
    ),
    lunch=(_t("11:45"), _t("13:15")),
    load=0.95,
    peak=(_t("09:00"), _t("11:00")),
    peak_factor=1.8,
    hall_close=_t("17:30"),
)

# A city hall on a busy day: fourteen windows, more work than they can do (the queue grows all
# day), lunch 12:00–13:30, a morning rush, a window opening at 09:00.
HEAVY = HallShape(
    name="heavy",
    services=(
        ServiceShape("A", 4.0, 0.32, 6, 0.5),
        ServiceShape("B", 6.0, 0.24, 10, 0.6),
        ServiceShape("C", 10.0, 0.18, 15, 0.7),
        ServiceShape("D", 15.0, 0.16, 20, 0.9),
        ServiceShape("E", 22.0, 0.10, 30, 1.0),
    ),
    windows=(
        WindowShape(1, "AB", True, speed=1.0),
        WindowShape(2, "AC", False, speed=1.1),
        WindowShape(3, "BA", True, speed=0.9, b_speed=1.2, b_days=0.2),
        WindowShape(4, "BD", False, speed=1.0),
        WindowShape(5, "CB", True, speed=1.15),
        WindowShape(6, "CE", False, speed=0.95),
        WindowShape(7, "DC", True, speed=1.0, b_speed=1.3, b_days=0.2),
        WindowShape(8, "DE", False, speed=0.9),
        WindowShape(9, "ED", True, speed=1.05),
        WindowShape(10, "EA", False, speed=1.0),
        WindowShape(11, "ABC", True, speed=0.85),
        WindowShape(12, "BCD", False, speed=1.2),
        WindowShape(13, "CDE", True, speed=1.0),
        WindowShape(14, "AD", False, _t("09:00"), speed=1.1),
    ),
    lunch=(_t("12:00"), _t("13:30")),
    load=1.15,
    peak=(_t("08:30"), _t("10:30")),
    peak_factor=2.2,
    hall_close=_t("17:30"),
)

HALLS = {shape.name: shape for shape in (LIGHT, MEDIUM, HEAVY, BENCHMARK)}
