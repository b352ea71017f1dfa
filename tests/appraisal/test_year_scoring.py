"""A year's score: deductions are a rate per month on duty, so they do not pile up past the
score; and the hall hours come from one place (the admin's over the config file's)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter

from app.appraisal.attendance import FindingKind, attendance_findings
from app.appraisal.findings import FollowUpCounts
from app.appraisal.hours import effective_hours
from app.appraisal.metrics import Group, TicketMetrics, TimeStats
from app.appraisal.scoring import AppraisalRow, deductions, months_on_duty, score
from app.appraisal.settings import HallHours, ScoreWeights
from app.models import Database
from app.models.hall_settings import save_settings

from .builder import DAY, Hall


def _row(months: int, findings: int, overdue: int) -> AppraisalRow:
    tickets = TicketMetrics(
        1,
        issued=400,
        finished=400,
        rated=400,
        good=380,
        within_promised=360,
        overdue=40,
        wait=TimeStats(400, 300.0, 600, 900),
        within_wait_target=380,
    )
    return AppraisalRow(
        key=1,
        label="王芳（1001）",
        order=1001,
        tickets=tickets,
        attendance=Counter({FindingKind.LATE: findings}),
        follow_ups=FollowUpCounts(total=overdue, overdue=overdue),
        months=months,
    )


def test_a_years_findings_count_per_month_on_duty() -> None:
    weights = ScoreWeights()
    month = _row(months=1, findings=5, overdue=2)
    year = _row(months=11, findings=55, overdue=22)  # the same month, eleven times
    assert deductions(month, weights) == 5 * 1 + 2 * 3
    assert deductions(year, weights) == deductions(month, weights)
    # 38 + 18 + 15 + 14.25 + 10 = 95.25 points, less 11
    assert score(year, 400, weights) == score(month, 400, weights) == 84.25


def test_without_the_rate_the_year_would_score_zero() -> None:
    """The fault of main before: 55 findings and 22 overdue follow-ups summed over a year."""
    year = _row(months=1, findings=55, overdue=22)  # treated as a single month
    assert score(year, 400, ScoreWeights()) == 0.0


def test_a_day_of_absence_costs_more_than_a_late_morning() -> None:
    row = _row(months=1, findings=0, overdue=0)
    row.attendance = Counter({FindingKind.ABSENT: 1, FindingKind.LATE: 1})
    assert deductions(row, ScoreWeights()) == 5 + 1


def test_months_on_duty_are_the_months_with_a_sign_in(db: Database) -> None:
    with db.write() as conn:
        hall = Hall(conn)
        for day in (DAY, DAY + dt.timedelta(days=1), dt.date(2026, 3, 2), dt.date(2026, 7, 1)):
            hall.session(day, "1001", 1, "08:15", "17:30")
        hall.session(DAY, "1002", 2, "08:15", "17:30")
    with db.read() as conn:
        by_staff = months_on_duty(conn, dt.date(2026, 1, 1), dt.date(2026, 12, 31), Group.STAFF)
        hall = Hall(conn)
    assert by_staff == {hall.staff["1001"]: 3, hall.staff["1002"]: 1}


def test_the_admins_hours_win_over_the_config_files(db: Database) -> None:
    """With opening set to 09:00 by the admin, a sign-in at 08:45 is on time."""
    file_hours = HallHours()  # 08:30–17:30
    with db.write() as conn:
        Hall(conn).session(DAY, "1001", 1, "08:45", "17:30")
        defaults = {"hall_name": "x", "notice": "", "open_at": "08:30", "close_at": "17:30"}
        save_settings(conn, {"open_at": "09:00"}, defaults=defaults, at=dt.datetime(2026, 1, 1))
    with db.read() as conn:
        hours = effective_hours(conn, file_hours)
        judged = attendance_findings(conn, DAY, DAY, hours, DAY + dt.timedelta(days=1))
        by_file = attendance_findings(conn, DAY, DAY, file_hours, DAY + dt.timedelta(days=1))
    assert hours == dataclasses.replace(file_hours, open_at=dt.time(9, 0))
    assert judged == []
    assert [(f.kind, f.minutes) for f in by_file] == [(FindingKind.LATE, 25)]
