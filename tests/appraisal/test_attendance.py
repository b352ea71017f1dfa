"""Attendance against the hall hours (08:30–17:30, sign-in expected 10 minutes early)."""

from __future__ import annotations

import datetime as dt

import pytest

from app.appraisal.attendance import FindingKind, attendance_findings
from app.appraisal.findings import pause_totals
from app.appraisal.metrics import Group
from app.appraisal.settings import HallHours
from app.models import Database

from .builder import DAY, Hall

NEXT_DAY = DAY + dt.timedelta(days=1)


@pytest.fixture
def sessions(db: Database) -> Database:
    with db.write() as conn:
        hall = Hall(conn)
        s1 = hall.session(DAY, "1001", 1, "08:15", "17:30")  # on time, stays to closing
        s2 = hall.session(DAY, "1002", 2, "08:25", "17:00")  # 5 min late, leaves 30 min early
        hall.session(DAY, "1003", 3, "08:00", None)  # never signed out
        hall.session(DAY, "1004", 5, "08:10", "12:00")  # moves windows at lunch:
        hall.session(DAY, "1004", 7, "13:00", "17:40")  # no finding
        hall.pause(s1, 1, DAY, "10:00", "10:15", "break")  # 15 min without a note: flagged
        hall.pause(s1, 1, DAY, "11:00", "11:10", "break")  # exactly 10 min: allowed
        hall.pause(s2, 2, DAY, "12:00", "13:30", "lunch")  # a stated reason
        hall.pause(s2, 2, DAY, "15:00", "15:20", "break", note="去档案室调取材料")  # noted
    return db


def _findings(db: Database, as_of: dt.date, hours: HallHours | None = None) -> set[tuple]:  # type: ignore[type-arg]
    with db.read() as conn:
        hall = Hall(conn)
        staff_no = {v: k for k, v in hall.staff.items()}
        windows = {v: k for k, v in hall.windows.items()}
        found = attendance_findings(conn, DAY, DAY, hours or HallHours(), as_of)
    return {(staff_no[f.staff_id], windows[f.window_id], f.kind, f.minutes) for f in found}


def test_lateness_early_leave_missing_sign_out_and_long_leave(sessions: Database) -> None:
    assert _findings(sessions, NEXT_DAY) == {
        ("1002", 2, FindingKind.LATE, 5),
        ("1002", 2, FindingKind.EARLY_LEAVE, 30),
        ("1003", 3, FindingKind.NO_SIGN_OUT, 0),
        ("1001", 1, FindingKind.LONG_LEAVE, 15),
    }


def test_a_missing_sign_out_is_not_flagged_on_the_same_day(sessions: Database) -> None:
    kinds = {kind for _, _, kind, _ in _findings(sessions, DAY)}
    assert FindingKind.NO_SIGN_OUT not in kinds


def test_hall_hours_are_a_parameter(sessions: Database) -> None:
    """Opening at 09:00 with no lead time: nobody is late; closing at 17:00: nobody left early."""
    hours = HallHours(open_at=dt.time(9, 0), close_at=dt.time(17, 0), sign_in_lead_minutes=0)
    kinds = {kind for _, _, kind, _ in _findings(sessions, NEXT_DAY, hours)}
    assert kinds == {FindingKind.NO_SIGN_OUT, FindingKind.LONG_LEAVE}


def test_pause_time_per_window(sessions: Database) -> None:
    with sessions.read() as conn:
        hall = Hall(conn)
        totals = pause_totals(conn, DAY, DAY, Group.WINDOW)
        w1, w2 = totals[hall.windows[1]], totals[hall.windows[2]]
    assert (w1.count, w1.seconds, w1.by_reason) == (2, 25 * 60, {"break": 25 * 60})
    assert (w2.count, w2.seconds) == (2, 110 * 60)
    assert w2.by_reason == {"lunch": 90 * 60, "break": 20 * 60}
