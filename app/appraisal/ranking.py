"""Monthly 红旗窗口 with its exclusions and the 约谈 flag; the yearly clerk ranking (评先)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Connection

from app.appraisal.appointments import AppointmentFigures, appointment_figures
from app.appraisal.attendance import Finding, attendance_findings
from app.appraisal.complaint_stats import ComplaintStats, complaint_statistics
from app.appraisal.duty import DutySummary, duty_summary
from app.appraisal.followups import FollowUpView, follow_ups
from app.appraisal.grounds import GroundRecord, disqualifications, summary
from app.appraisal.inspections import InspectionView, inspections
from app.appraisal.metrics import Group, TicketMetrics
from app.appraisal.notices import (
    NoticeFailureView,
    NoticeView,
    criticised_for_notices,
    notice_failures,
    notices,
)
from app.appraisal.rating_paths import RatingIntegrity, rating_integrity
from app.appraisal.scoring import AppraisalRow, Progress, appraise, appraise_groups, no_progress
from app.appraisal.settings import AppraisalSettings
from app.appraisal.trend import MonthPoint, monthly_satisfaction
from app.models import FollowUp


@dataclass(frozen=True)
class MonthAppraisal:
    month: dt.date  # first day
    windows: list[AppraisalRow]  # ranked, best first
    staff: list[AppraisalRow]
    attendance: list[Finding] = field(default_factory=list)
    follow_ups: list[FollowUpView] = field(default_factory=list)  # opened this month
    as_of: dt.date | None = None  # the day overdue follow-ups were judged on
    hall: TicketMetrics = field(default_factory=lambda: TicketMetrics(0))
    duty: DutySummary | None = None
    complaints: ComplaintStats | None = None
    inspections: list[InspectionView] = field(default_factory=list)
    notices: list[NoticeView] = field(default_factory=list)  # 一次性告知单 written
    notice_failures: list[NoticeFailureView] = field(default_factory=list)
    notice_criticisms: dict[int, list[NoticeFailureView]] = field(default_factory=dict)
    trend: list[MonthPoint] = field(default_factory=list)  # January to this month
    ratings: RatingIntegrity | None = None  # device paths, anomalies, flagged windows
    appointments: AppointmentFigures | None = None  # 预约情况

    @property
    def red_flags(self) -> list[AppraisalRow]:
        return [r for r in self.windows if r.red_flag]

    @property
    def talks(self) -> list[AppraisalRow]:
        return [r for r in self.windows if r.talk]


@dataclass(frozen=True)
class YearRanking:
    year: int
    staff: list[AppraisalRow]  # ranked; `excluded` says 取消评先 and why
    grounds: dict[int, list[GroundRecord]] = field(default_factory=dict)  # by staff id
    hall: TicketMetrics = field(default_factory=lambda: TicketMetrics(0))
    trend: list[MonthPoint] = field(default_factory=list)
    attendance: list[Finding] = field(default_factory=list)
    as_of: dt.date | None = None

    @property
    def excellent(self) -> list[AppraisalRow]:
        return [r for r in self.staff if r.red_flag]


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def previous_month(month: dt.date) -> dt.date:
    return (month.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def window_exclusion(
    row: AppraisalRow,
    duty: DutySummary | None = None,
    notice_windows: frozenset[int] = frozenset(),
) -> str:
    """Why a window may not be 红旗窗口 this month ("" when it may)."""
    reasons = []
    if row.complaints.substantiated:
        reasons.append(f"有效投诉{row.complaints.substantiated}件")
    if row.inspections.criticism:
        reasons.append(f"受批评{row.inspections.criticism}次")
    convenor = duty.convenor if duty is not None else None
    if convenor is not None and convenor.window_id == row.key and duty and duty.short_days:
        reasons.append(f"值班巡查不足{len(duty.short_days)}天")
    if row.key in notice_windows:
        reasons.append("一次性告知未落实通报批评")
    return "、".join(reasons)


def pick_top(rows: list[AppraisalRow], count: int, skip: frozenset[int] = frozenset()) -> None:
    """Mark the best `count` eligible rows; a row tied with the last one picked is picked too.

    Excluded rows and rows whose key is in `skip` (the month's bottom places) are passed over.
    """
    eligible = [r for r in rows if r.rank is not None and not r.excluded and r.key not in skip]
    if count <= 0 or not eligible:
        return
    cutoff = eligible[min(count, len(eligible)) - 1].tie_key()
    for row in eligible:
        row.red_flag = row.tie_key() >= cutoff


def bottom_keys(rows: list[AppraisalRow], count: int) -> set[int]:
    """The rows in the last `count` places (with anyone tied with them); none if too few rows."""
    ranked = [r for r in rows if r.rank is not None]
    if count <= 0 or len(ranked) <= count:
        return set()
    cutoff = ranked[len(ranked) - count].tie_key()
    return {r.key for r in ranked if r.tie_key() <= cutoff}


@dataclass(frozen=True)
class WindowMarks:
    duty: DutySummary
    failures: list[NoticeFailureView]  # the month's 一次性告知 failures
    criticised: dict[int, list[NoticeFailureView]]  # clerks criticised for them
    bottom: set[int]  # the windows at the bottom


def mark_windows(
    conn: Connection,
    windows: list[AppraisalRow],
    start: dt.date,
    end: dt.date,
    as_of: dt.date,
    settings: AppraisalSettings,
) -> WindowMarks:
    """A month's ranked windows marked as the rules say: why a window may not be 红旗窗口
    (window_exclusion), the bottom places, then 红旗窗口 among the rest (pick_top)."""
    duty = duty_summary(conn, start, as_of, settings)
    failures = notice_failures(conn, start, end)
    criticised = {
        staff_id: found
        for (staff_id, _), found in criticised_for_notices(
            failures, settings.notice_failures_for_criticism
        ).items()
    }
    notice_windows = frozenset(
        f.window_id for found in criticised.values() for f in found if f.window_id is not None
    )
    for row in windows:
        row.excluded = window_exclusion(row, duty, notice_windows)
    bottom = bottom_keys(windows, settings.bottom_count)
    pick_top(windows, settings.red_flag_count, frozenset(bottom))
    for row in windows:
        row.bottom = row.key in bottom
    return WindowMarks(duty, failures, criticised, bottom)


def _part(progress: Progress, low: float, high: float, prefix: str = "") -> Progress:
    return lambda f, m: progress(low + (high - low) * f, f"{prefix}{m}")


def month_appraisal(
    conn: Connection,
    month: dt.date,
    settings: AppraisalSettings,
    as_of: dt.date,
    *,
    progress: Progress = no_progress,
) -> MonthAppraisal:
    """Windows and clerks of one month, with 红旗窗口, the bottom windows and 约谈 flags, and
    the month's complaints, duty windows, inspections and 一次性告知."""
    start, end = month_bounds(month)
    findings = attendance_findings(conn, start, end, settings.hours, as_of)
    current = appraise_groups(
        conn,
        start,
        end,
        (Group.WINDOW, Group.STAFF, Group.HALL),
        settings,
        as_of,
        progress=_part(progress, 0.0, 0.6),
        findings=findings,
    )
    windows, staff = current[Group.WINDOW], current[Group.STAFF]
    marks = mark_windows(conn, windows, start, end, as_of, settings)
    duty, failures, criticised = marks.duty, marks.failures, marks.criticised
    prev_start, prev_end = month_bounds(previous_month(month))
    earlier = appraise(
        conn,
        prev_start,
        prev_end,
        Group.WINDOW,
        settings,
        as_of,
        percentiles=False,
        progress=_part(progress, 0.6, 0.8, "上月窗口："),
    )
    bottom_before = bottom_keys(earlier, settings.bottom_count)
    for row in windows:
        row.talk = row.bottom and row.key in bottom_before
    progress(0.85, "投诉、值班、满意率趋势 / complaints, duty windows, trend")
    report = MonthAppraisal(
        ratings=rating_integrity(conn, start, end, settings),
        month=start,
        windows=windows,
        staff=staff,
        attendance=findings,
        follow_ups=follow_ups(conn, FollowUp.opened_on.between(start, end)),
        as_of=as_of,
        hall=current[Group.HALL][0].tickets,
        duty=duty,
        complaints=complaint_statistics(conn, start, end, as_of),
        inspections=inspections(conn, start, end),
        notices=notices(conn, start, end),
        notice_failures=failures,
        notice_criticisms=criticised,
        trend=monthly_satisfaction(conn, start.replace(month=1), end, settings),
        appointments=appointment_figures(conn, start, end),
    )
    progress(1.0, "完成 / done")
    return report


def year_ranking(
    conn: Connection,
    year: int,
    settings: AppraisalSettings,
    as_of: dt.date,
    *,
    progress: Progress = no_progress,
) -> YearRanking:
    """Clerks over a year; any of the eight grounds cancels 评先 (取消评先资格)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    findings = attendance_findings(conn, start, end, settings.hours, as_of)
    rows = appraise_groups(
        conn,
        start,
        end,
        (Group.STAFF, Group.HALL),
        settings,
        as_of,
        progress=_part(progress, 0.0, 0.8),
        findings=findings,
    )
    staff = rows[Group.STAFF]
    grounds = disqualifications(conn, start, end, findings, settings)
    for row in staff:
        if grounds.get(row.key):
            row.excluded = summary(grounds[row.key])
    pick_top(staff, settings.excellence_count)
    progress(0.9, "满意率趋势 / satisfaction by month")
    trend = monthly_satisfaction(conn, start, end, settings)
    progress(1.0, "完成 / done")
    return YearRanking(year, staff, grounds, rows[Group.HALL][0].tickets, trend, findings, as_of)
