"""Monthly 红旗窗口 with its exclusions and the 约谈 flag; the yearly clerk ranking (评先)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Connection

from app.appraisal.attendance import Finding, attendance_findings
from app.appraisal.followups import FollowUpView, follow_ups
from app.appraisal.metrics import Group
from app.appraisal.scoring import AppraisalRow, Progress, appraise, appraise_groups, no_progress
from app.appraisal.settings import AppraisalSettings
from app.models import FollowUp


@dataclass(frozen=True)
class MonthAppraisal:
    month: dt.date  # first day
    windows: list[AppraisalRow]  # ranked, best first
    staff: list[AppraisalRow]
    attendance: list[Finding] = field(default_factory=list)
    follow_ups: list[FollowUpView] = field(default_factory=list)  # opened this month
    as_of: dt.date | None = None  # the day overdue follow-ups were judged on

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

    @property
    def excellent(self) -> list[AppraisalRow]:
        return [r for r in self.staff if r.red_flag]


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def previous_month(month: dt.date) -> dt.date:
    return (month.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def window_exclusion(row: AppraisalRow) -> str:
    reasons = []
    if row.complaints.substantiated:
        reasons.append(f"有效投诉 {row.complaints.substantiated} 件")
    if row.inspections.criticism:
        reasons.append(f"值班窗口通报批评 {row.inspections.criticism} 次")
    return "；".join(reasons)


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


def month_appraisal(
    conn: Connection,
    month: dt.date,
    settings: AppraisalSettings,
    as_of: dt.date,
    *,
    progress: Progress = no_progress,
) -> MonthAppraisal:
    """Windows and clerks of one month, with 红旗窗口, the bottom windows and 约谈 flags."""
    start, end = month_bounds(month)

    def part(low: float, high: float, prefix: str) -> Progress:
        return lambda f, m: progress(low + (high - low) * f, f"{prefix}{m}")

    findings = attendance_findings(conn, start, end, settings.hours, as_of)
    current = appraise_groups(
        conn,
        start,
        end,
        (Group.WINDOW, Group.STAFF),
        settings,
        as_of,
        progress=part(0.0, 0.75, ""),
        findings=findings,
    )
    windows, staff = current[Group.WINDOW], current[Group.STAFF]
    for row in windows:
        row.excluded = window_exclusion(row)
    bottom = bottom_keys(windows, settings.bottom_count)
    pick_top(windows, settings.red_flag_count, frozenset(bottom))
    prev_start, prev_end = month_bounds(previous_month(month))
    earlier = appraise(
        conn,
        prev_start,
        prev_end,
        Group.WINDOW,
        settings,
        as_of,
        percentiles=False,
        progress=part(0.75, 1.0, "上月窗口："),
    )
    bottom_before = bottom_keys(earlier, settings.bottom_count)
    for row in windows:
        row.bottom = row.key in bottom
        row.talk = row.bottom and row.key in bottom_before
    progress(1.0, "完成 / done")
    opened = follow_ups(conn, FollowUp.opened_on.between(start, end))
    return MonthAppraisal(start, windows, staff, findings, opened, as_of)


def year_ranking(
    conn: Connection,
    year: int,
    settings: AppraisalSettings,
    as_of: dt.date,
    *,
    progress: Progress = no_progress,
) -> YearRanking:
    """Clerks over a year; a substantiated complaint against a clerk cancels 评先 (取消评先)."""
    staff = appraise(
        conn,
        dt.date(year, 1, 1),
        dt.date(year, 12, 31),
        Group.STAFF,
        settings,
        as_of,
        progress=progress,
    )
    for row in staff:
        if row.complaints.substantiated:
            row.excluded = f"取消评先：有效投诉 {row.complaints.substantiated} 件"
    pick_top(staff, settings.excellence_count)
    return YearRanking(year, staff)
