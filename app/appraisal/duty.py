"""The duty windows (值班窗口): four a month in rotation, the first of them the convenor
(召集人); they patrol the hall at least twice each working day and record what they saw.

A working day of a month with a roster that has fewer patrols than `patrols_per_day` is a
shortfall of the convenor's window, who organises the rounds: that window is not 红旗窗口
that month. A month without a roster is reported as such and checks nothing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, delete, func, insert, select

from app.appraisal.errors import InvalidInput
from app.appraisal.lookup import staff_id_of, window_id_of
from app.appraisal.settings import AppraisalSettings
from app.models import DutyRoster, Patrol, Staff, Window
from app.queue.calendar import working_days

DUTY_WINDOWS = 4


@dataclass(frozen=True)
class DutyWindow:
    month: dt.date
    position: int  # 1 = convenor
    window_id: int
    window_no: int

    @property
    def convenor(self) -> bool:
        return self.position == 1


@dataclass(frozen=True)
class PatrolView:
    id: int
    day: dt.date
    at: dt.datetime
    duty_window_no: int
    staff: str
    findings: str


@dataclass(frozen=True)
class DutySummary:
    month: dt.date
    roster: list[DutyWindow]
    patrols: list[PatrolView]
    checked_days: int  # working days judged (before as_of)
    short_days: list[tuple[dt.date, int]]  # (day, patrols) with fewer than required

    @property
    def convenor(self) -> DutyWindow | None:
        return next((d for d in self.roster if d.convenor), None)


def _first_of(month: dt.date) -> dt.date:
    return month.replace(day=1)


def set_duty_roster(
    conn: Connection,
    *,
    month: dt.date,
    window_numbers: Sequence[int],
    recorded_by: str,
    now: dt.datetime,
) -> None:
    """The month's four duty windows, the convenor first; replaces any earlier roster."""
    if len(window_numbers) != DUTY_WINDOWS or len(set(window_numbers)) != DUTY_WINDOWS:
        raise InvalidInput(
            f"值班窗口每月应为 {DUTY_WINDOWS} 个不同窗口（第一个为召集人）",
            f"a month has {DUTY_WINDOWS} different duty windows (the convenor first)",
        )
    ids = [window_id_of(conn, number) for number in window_numbers]
    first = _first_of(month)
    conn.execute(delete(DutyRoster).where(DutyRoster.month == first))
    conn.execute(
        insert(DutyRoster),
        [
            {
                "month": first,
                "position": position,
                "window_id": window_id,
                "recorded_by": recorded_by,
                "recorded_at": now,
            }
            for position, window_id in enumerate(ids, start=1)
        ],
    )


def duty_roster(conn: Connection, month: dt.date) -> list[DutyWindow]:
    rows = conn.execute(
        select(DutyRoster.month, DutyRoster.position, DutyRoster.window_id, Window.number)
        .join(Window, Window.id == DutyRoster.window_id)
        .where(DutyRoster.month == _first_of(month))
        .order_by(DutyRoster.position)
    )
    return [DutyWindow(*row) for row in rows]


def record_patrol(
    conn: Connection,
    *,
    at: dt.datetime,
    duty_window_no: int,
    findings: str,
    patroller_no: str | None = None,
    recorded_by: str,
    now: dt.datetime,
) -> int:
    """A round of the hall by one of the month's duty windows; `findings` may be 未发现问题."""
    if not findings.strip():
        raise InvalidInput("请填写巡查情况（无问题填“未发现问题”）", "record what the patrol saw")
    window_id = window_id_of(conn, duty_window_no)
    if window_id not in {d.window_id for d in duty_roster(conn, at.date())}:
        raise InvalidInput(
            f"{duty_window_no} 号窗口不是 {at:%Y年%m月} 的值班窗口",
            f"window {duty_window_no} is not on duty in {at:%Y-%m}",
        )
    key = conn.execute(
        insert(Patrol).values(
            day=at.date(),
            at=at,
            duty_window_id=window_id,
            staff_id=staff_id_of(conn, patroller_no) if patroller_no else None,
            findings=findings.strip(),
            recorded_by=recorded_by,
            recorded_at=now,
        )
    ).inserted_primary_key
    assert key is not None
    return int(key[0])


def patrols(conn: Connection, start: dt.date, end: dt.date) -> list[PatrolView]:
    rows = conn.execute(
        select(Patrol, Window.number, Staff.name, Staff.staff_no)
        .join(Window, Window.id == Patrol.duty_window_id)
        .outerjoin(Staff, Staff.id == Patrol.staff_id)
        .where(Patrol.day.between(start, end))
        .order_by(Patrol.at, Patrol.id)
    )
    return [
        PatrolView(
            r.id,
            r.day,
            r.at,
            r.number,
            f"{r.name}（{r.staff_no}）" if r.name else "",
            r.findings,
        )
        for r in rows
    ]


def duty_summary(
    conn: Connection, month: dt.date, as_of: dt.date, settings: AppraisalSettings
) -> DutySummary:
    """The month's duty windows, patrols and the working days short of patrols."""
    first = _first_of(month)
    last = (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    roster = duty_roster(conn, first)
    rounds = patrols(conn, first, last)
    if not roster:
        return DutySummary(first, roster, rounds, 0, [])
    counts = Counter(
        dict(
            conn.execute(
                select(Patrol.day, func.count())
                .where(Patrol.day.between(first, last))
                .group_by(Patrol.day)
            ).all()
        )
    )
    days = [d for d in working_days(conn, first, last) if d < as_of]
    short = [(d, counts[d]) for d in days if counts[d] < settings.patrols_per_day]
    return DutySummary(first, roster, rounds, len(days), short)
