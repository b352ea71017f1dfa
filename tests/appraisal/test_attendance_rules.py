"""The attendance rules the regulations name: the roster with A/B 角, 旷工, leave with its
approval, mid-day sign-outs, pause kinds and their hours, meetings, 午间值班."""

from __future__ import annotations

import datetime as dt

import pytest

from app.appraisal.attendance import FindingKind, attendance_findings
from app.appraisal.errors import InvalidInput, NotAllowed
from app.appraisal.roster import decide_leave, duties, leaves, record_leave, set_roster
from app.appraisal.settings import HallHours
from app.models import Database, LeaveStatus

from .builder import DAY, Hall, at

NEXT_DAY = DAY + dt.timedelta(days=1)
NOW = at(DAY - dt.timedelta(days=7), "09:00")
Seen = set[tuple[str, int, FindingKind, int]]


def findings(db: Database, hours: HallHours | None = None) -> Seen:
    with db.read() as conn:
        hall = Hall(conn)
        staff_no = {v: k for k, v in hall.staff.items()}
        windows = {v: k for k, v in hall.windows.items()}
        found = attendance_findings(conn, DAY, DAY, hours or HallHours(), NEXT_DAY)
    return {(staff_no[f.staff_id], windows[f.window_id], f.kind, f.minutes) for f in found}


def roster(db: Database, window: int, a: str, b: str | None) -> None:
    with db.write() as conn:
        set_roster(
            conn,
            window_no=window,
            start=DAY,
            end=DAY,
            staff_a_no=a,
            staff_b_no=b,
            recorded_by="admin",
            now=NOW,
        )


def leave(db: Database, clerk: str, start: str, end: str, approve: bool | None) -> int:
    with db.write() as conn:
        leave_id = record_leave(
            conn,
            staff_no=clerk,
            kind="personal",
            start=at(DAY, start),
            end=at(DAY, end),
            reason="家中有事",
            recorded_by=clerk,
            now=NOW,
        )
        if approve is not None:
            decide_leave(conn, leave_id, approve=approve, decided_by="2001", now=NOW)
    return leave_id


def day(db: Database, clerk: str, window: int, *spans: tuple[str, str | None]) -> list[int]:
    with db.write() as conn:
        hall = Hall(conn)
        return [hall.session(DAY, clerk, window, start, end) for start, end in spans]


# 旷工, leave and the A/B 角


def test_a_clerk_due_who_never_signs_in_is_absent(db: Database) -> None:
    roster(db, 2, "1002", "1010")
    assert findings(db) == {("1002", 2, FindingKind.ABSENT, 450)}  # 08:30–17:30 less lunch


def test_approved_leave_excuses_and_the_b_clerk_is_due_instead(db: Database) -> None:
    roster(db, 2, "1002", "1010")
    leave(db, "1002", "08:00", "18:00", approve=True)
    with db.read() as conn:
        due, _ = duties(conn, DAY, DAY, HallHours())
        hall = Hall(conn)
    assert [(d.staff_id, d.role) for d in due[DAY]] == [(hall.staff["1010"], "B")]
    assert findings(db) == {("1010", 2, FindingKind.ABSENT, 450)}  # B did not come either
    day(db, "1010", 2, ("08:15", "17:30"))
    assert findings(db) == set()


def test_leave_for_the_halls_hours_covers_the_day(db: Database) -> None:
    """Leave from opening to closing is a whole day: the minutes expected before opening are
    a sign-in rule, not hours the clerk must be excused from."""
    roster(db, 2, "1002", "1010")
    leave(db, "1002", "08:30", "17:30", approve=True)
    with db.read() as conn:
        due, _ = duties(conn, DAY, DAY, HallHours())
        hall = Hall(conn)
    assert [(d.staff_id, d.role) for d in due[DAY]] == [(hall.staff["1010"], "B")]
    day(db, "1010", 2, ("08:15", "17:30"))
    assert findings(db) == set()


@pytest.mark.parametrize("approve", [None, False], ids=["pending", "refused"])
def test_leave_not_approved_excuses_nothing(db: Database, approve: bool | None) -> None:
    roster(db, 2, "1002", "1010")
    leave(db, "1002", "08:00", "18:00", approve=approve)
    assert findings(db) == {("1002", 2, FindingKind.ABSENT, 450)}


def test_nobody_is_absent_on_a_day_no_roster_covers(db: Database) -> None:
    assert findings(db) == set()


def test_a_half_day_of_leave_excuses_the_afternoon_only(db: Database) -> None:
    roster(db, 2, "1002", None)
    leave(db, "1002", "13:30", "17:30", approve=True)
    day(db, "1002", 2, ("08:15", "12:00"))
    assert findings(db) == set()  # left at lunch, on leave after it
    leave(db, "1002", "08:00", "10:00", approve=True)
    day(db, "1002", 3, ("10:40", "11:00"))
    assert findings(db) == set()  # the morning leave ends at 10:00; the day began at 08:15


def test_a_clerk_not_due_covering_a_window_is_not_judged_late(db: Database) -> None:
    roster(db, 2, "1002", "1010")
    day(db, "1002", 2, ("08:10", "17:30"))
    day(db, "1010", 3, ("13:45", "17:30"))  # not on the roster today: a helping hand
    assert findings(db) == set()


def test_leave_is_decided_by_a_supervisor_and_not_by_the_clerk(db: Database) -> None:
    leave_id = leave(db, "1002", "08:00", "18:00", approve=None)
    with db.write() as conn, pytest.raises(NotAllowed):
        decide_leave(conn, leave_id, approve=True, decided_by="1003", now=NOW)
    with db.write() as conn:
        decide_leave(conn, leave_id, approve=True, decided_by="2001", note="同意", now=NOW)
    with db.write() as conn, pytest.raises(InvalidInput):
        decide_leave(conn, leave_id, approve=False, decided_by="2001", now=NOW)
    with db.read() as conn:
        [view] = leaves(conn, DAY, DAY)
    assert (view.status, view.decided_by) == (LeaveStatus.APPROVED, "2001")


def test_leave_needs_a_reason_and_an_end_after_its_start(db: Database) -> None:
    with db.write() as conn:
        for start, end, reason in (("10:00", "09:00", "事"), ("09:00", "10:00", " ")):
            with pytest.raises(InvalidInput):
                record_leave(
                    conn,
                    staff_no="1002",
                    kind="sick",
                    start=at(DAY, start),
                    end=at(DAY, end),
                    reason=reason,
                    recorded_by="1002",
                    now=NOW,
                )


# Sign-outs in the day


def test_signing_out_from_ten_to_half_past_eleven_is_a_mid_day_sign_out(db: Database) -> None:
    day(db, "1002", 2, ("08:15", "10:00"), ("11:30", "17:30"))
    assert findings(db) == {("1002", 2, FindingKind.MID_DAY_OUT, 90)}


def test_a_sign_out_over_lunch_or_a_quick_change_of_window_is_no_finding(db: Database) -> None:
    day(db, "1002", 2, ("08:15", "12:00"), ("13:20", "15:00"))
    day(db, "1002", 3, ("15:05", "17:30"))  # five minutes to move
    assert findings(db) == set()


def test_approved_leave_covers_a_mid_day_absence(db: Database) -> None:
    day(db, "1002", 2, ("08:15", "10:00"), ("11:30", "17:30"))
    leave(db, "1002", "10:00", "11:30", approve=True)
    assert findings(db) == set()


# Pauses: kinds and their hours


def pauses(db: Database, window: int, *plan: tuple[str, str, str, str]) -> None:
    [session] = day(db, f"{1000 + window}", window, ("08:15", "17:30"))
    with db.write() as conn:
        hall = Hall(conn)
        for start, end, reason, note in plan:
            hall.pause(session, window, DAY, start, end, reason, note)


def test_a_lunch_pause_counts_only_in_the_lunch_hours(db: Database) -> None:
    pauses(db, 2, ("11:30", "13:40", "lunch", ""))
    assert findings(db) == {("1002", 2, FindingKind.LUNCH_OUT_OF_HOURS, 40)}


def test_a_lunch_pause_at_any_hour_is_not_exempt(db: Database) -> None:
    pauses(db, 2, ("15:00", "15:45", "lunch", ""))
    assert findings(db) == {("1002", 2, FindingKind.LUNCH_OUT_OF_HOURS, 45)}


def test_a_lunch_pause_inside_the_lunch_hours_is_no_finding(db: Database) -> None:
    pauses(db, 2, ("12:00", "13:30", "lunch", ""))
    assert findings(db) == set()


@pytest.mark.parametrize("reason", ["meeting", "training"])
def test_meetings_and_training_may_not_close_the_window(db: Database, reason: str) -> None:
    pauses(db, 2, ("15:00", "15:40", reason, "业务学习"))
    assert findings(db) == {("1002", 2, FindingKind.INTERNAL_ACTIVITY, 40)}


def test_a_meeting_over_the_lunch_hours_of_an_ordinary_window_is_no_finding(
    db: Database,
) -> None:
    pauses(db, 2, ("12:10", "13:00", "meeting", "支部学习"))
    assert findings(db) == set()


def test_a_long_leave_needs_a_reason_and_official_business_has_one(db: Database) -> None:
    pauses(
        db,
        2,
        ("09:00", "09:20", "break", ""),  # 20 minutes, nothing said: flagged
        ("10:00", "10:30", "break", "去档案室调取材料"),  # said why
        ("14:00", "15:00", "business", ""),  # 公务外出 explains itself
    )
    assert findings(db) == {("1002", 2, FindingKind.LONG_LEAVE, 20)}


# 午间值班


def test_a_lunch_duty_window_that_closes_for_lunch_is_a_finding(db: Database) -> None:
    day(db, "1001", 1, ("08:15", "12:00"), ("13:30", "17:30"))  # window 1 is on lunch duty
    assert findings(db) == {("1001", 1, FindingKind.LUNCH_DUTY_CLOSED, 90)}


def test_a_lunch_duty_window_paused_for_lunch_is_closed_too(db: Database) -> None:
    pauses(db, 1, ("12:00", "13:00", "lunch", ""))
    assert findings(db) == {("1001", 1, FindingKind.LUNCH_DUTY_CLOSED, 60)}


def test_a_lunch_duty_window_handed_to_the_b_clerk_stays_open(db: Database) -> None:
    """B holds the window over lunch; on the roster as backup, B is not judged on hours."""
    roster(db, 1, "1001", "1009")
    day(db, "1001", 1, ("08:15", "12:00"), ("13:30", "17:30"))
    day(db, "1009", 1, ("12:03", "13:30"))  # three minutes to hand over
    assert findings(db) == set()


def test_lunch_hours_come_from_the_hall_hours(db: Database) -> None:
    pauses(db, 2, ("11:30", "12:30", "lunch", ""))
    early = HallHours(lunch_start=dt.time(11, 30), lunch_end=dt.time(12, 30))
    assert findings(db, early) == set()
