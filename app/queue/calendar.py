"""Working days: weekdays, less public holidays, plus make-up working days (调休)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, select

from app.models import Holiday, usual_workday


def _exceptions(conn: Connection, start: dt.date, end: dt.date) -> dict[dt.date, bool]:
    rows = conn.execute(
        select(Holiday.day, Holiday.is_workday).where(Holiday.day.between(start, end))
    )
    return {day: bool(workday) for day, workday in rows}


def _working(day: dt.date, exceptions: dict[dt.date, bool]) -> bool:
    if day in exceptions:
        return exceptions[day]
    return usual_workday(day)


def is_working_day(conn: Connection, day: dt.date) -> bool:
    return _working(day, _exceptions(conn, day, day))


def add_working_days(conn: Connection, start: dt.date, count: int) -> dt.date:
    """The date `count` working days after `start` (the deadline of a 15-working-day rule)."""
    if count < 0:
        raise ValueError("count must not be negative")
    horizon = start + dt.timedelta(days=count * 3 + 30)
    exceptions = _exceptions(conn, start, horizon)
    day = start
    left = count
    while left:
        day += dt.timedelta(days=1)
        if day > horizon:
            horizon = day + dt.timedelta(days=60)
            exceptions |= _exceptions(conn, day, horizon)
        if _working(day, exceptions):
            left -= 1
    return day


def working_days(conn: Connection, start: dt.date, end: dt.date) -> list[dt.date]:
    """The working days from `start` to `end` (inclusive), in order."""
    exceptions = _exceptions(conn, start, end)
    days, day = [], start
    while day <= end:
        if _working(day, exceptions):
            days.append(day)
        day += dt.timedelta(days=1)
    return days
