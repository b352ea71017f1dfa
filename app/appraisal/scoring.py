"""The appraisal of each window or clerk over a period, and its weighted score."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Connection, func, select

from app.appraisal.attendance import Finding, FindingKind, attendance_findings, count_by
from app.appraisal.expressions import month_key
from app.appraisal.findings import (
    ComplaintCounts,
    FollowUpCounts,
    InspectionCounts,
    PauseTotals,
    complaint_counts,
    follow_up_counts,
    inspection_counts,
    pause_totals,
)
from app.appraisal.metrics import Group, TicketMetrics, ticket_metrics_by
from app.appraisal.settings import AppraisalSettings, ScoreWeights
from app.models import Staff, StaffSession, Window

Progress = Callable[[float, str], None]


def no_progress(_fraction: float, _message: str) -> None:
    return None


@dataclass
class AppraisalRow:
    key: int  # window id or staff id
    label: str  # "3号窗口" or "王芳（1001）"
    order: int  # window number or staff number, the last tie-break
    tickets: TicketMetrics
    follow_ups: FollowUpCounts = field(default_factory=FollowUpCounts)
    complaints: ComplaintCounts = field(default_factory=ComplaintCounts)
    inspections: InspectionCounts = field(default_factory=InspectionCounts)
    attendance: Counter[FindingKind] = field(default_factory=Counter)
    pauses: PauseTotals = field(default_factory=PauseTotals)
    months: int = 1  # months on duty in the period (with a sign-in), at least 1
    score: float | None = None  # None: nothing handled in the period, not ranked
    rank: int | None = None
    excluded: str = ""  # why it may not be 红旗窗口 / 评先 ("" when eligible)
    red_flag: bool = False
    bottom: bool = False
    talk: bool = False  # at the bottom this month and the month before (约谈)

    @property
    def attendance_total(self) -> int:
        return sum(self.attendance.values())

    def tie_key(self) -> tuple[float, float, int, int]:
        """Equal keys share a rank: score, then satisfaction, then cases, then fewer 差评."""
        return (
            round(self.score or 0.0, 2),
            round(self.tickets.satisfaction or 0.0, 4),
            self.tickets.finished,
            -self.tickets.bad,
        )


def points(row: AppraisalRow, busiest: int, weights: ScoreWeights) -> float:
    """The weighted shares, out of 100."""
    t = row.tickets
    return (
        weights.satisfaction * (t.satisfaction or 0.0)
        + weights.promised_time * (t.promised_share or 0.0)
        + weights.volume * (t.finished / busiest if busiest else 0.0)
        + weights.waiting * (t.wait_share if t.wait_share is not None else 1.0)
        + weights.coverage * (t.coverage or 0.0)
    )


def deductions(row: AppraisalRow, weights: ScoreWeights) -> float:
    """Points deducted per month on duty: a month's counts, a year's counts ÷ its months.

    A rate, not a sum: a year's findings do not pile up past the score (twelve months of a
    few findings each cost what one such month costs), and a clerk on duty for half the
    year is not favoured over one on duty all year.
    """
    absences = row.attendance.get(FindingKind.ABSENT, 0)
    total = (
        weights.per_substantiated_complaint * row.complaints.substantiated
        + weights.per_criticism * row.inspections.criticism
        + weights.per_overdue_follow_up * row.follow_ups.overdue
        + weights.per_absence * absences
        + weights.per_attendance_finding * (row.attendance_total - absences)
    )
    return total / max(row.months, 1)


def score(row: AppraisalRow, busiest: int, weights: ScoreWeights) -> float | None:
    """Weighted points out of 100 less deductions, never below 0; None if nothing finished."""
    if row.tickets.finished == 0:
        return None
    return round(max(points(row, busiest, weights) - deductions(row, weights), 0.0), 2)


def months_on_duty(conn: Connection, start: dt.date, end: dt.date, group: Group) -> dict[int, int]:
    """Distinct months with a sign-in, per window or clerk."""
    key = StaffSession.window_id if group is Group.WINDOW else StaffSession.staff_id
    month = month_key(conn, StaffSession.day)
    query = (
        select(key, func.count(func.distinct(month)))
        .where(StaffSession.day.between(start, end))
        .group_by(key)
    )
    return {int(k): int(n) for k, n in conn.execute(query)}


def _labels(conn: Connection, group: Group) -> dict[int, tuple[str, int]]:
    if group is Group.WINDOW:
        return {
            wid: (f"{number}号窗口", number)
            for wid, number in conn.execute(select(Window.id, Window.number))
        }
    return {
        sid: (f"{name}（{no}）", int(no) if no.isdigit() else sid)
        for sid, name, no in conn.execute(select(Staff.id, Staff.name, Staff.staff_no))
    }


def appraise(
    conn: Connection,
    start: dt.date,
    end: dt.date,
    group: Group,
    settings: AppraisalSettings,
    as_of: dt.date,
    *,
    percentiles: bool = True,
    progress: Progress = no_progress,
) -> list[AppraisalRow]:
    """Every window (or clerk) with tickets or findings in start..end, scored, best first."""
    return appraise_groups(
        conn, start, end, (group,), settings, as_of, percentiles=percentiles, progress=progress
    )[group]


def appraise_groups(
    conn: Connection,
    start: dt.date,
    end: dt.date,
    groups: tuple[Group, ...],
    settings: AppraisalSettings,
    as_of: dt.date,
    *,
    percentiles: bool = True,
    progress: Progress = no_progress,
    findings: list[Finding] | None = None,
) -> dict[Group, list[AppraisalRow]]:
    """Windows and/or clerks appraised together (one scan of the period's tickets); with
    Group.HALL also the hall's figures, as one unscored row (key 0, 全厅).

    `findings` are the period's attendance findings when the caller has them already.
    """
    if not set(groups) <= {Group.WINDOW, Group.STAFF, Group.HALL}:
        raise ValueError("appraise groups by window or staff (and the hall)")
    progress(0.0, "统计办件 / counting cases")
    # The hall's own 90th percentiles are not shown with an appraisal: not worth an index.
    ranked = tuple(g for g in groups if g is not Group.HALL) if percentiles else False
    tickets = ticket_metrics_by(conn, start, end, groups, settings, percentiles=ranked)
    progress(0.7, "统计回访、投诉、考勤 / follow-ups, complaints, attendance")
    if findings is None:
        findings = attendance_findings(conn, start, end, settings.hours, as_of)
    result: dict[Group, list[AppraisalRow]] = {}
    for group in groups:
        if group is Group.HALL:
            hall = tickets[group].get(0) or TicketMetrics(0)
            result[group] = [AppraisalRow(key=0, label="全厅", order=0, tickets=hall)]
            continue
        result[group] = _rows(conn, start, end, group, settings, as_of, tickets[group], findings)
    progress(1.0, "排名 / ranked")
    return result


def _rows(
    conn: Connection,
    start: dt.date,
    end: dt.date,
    group: Group,
    settings: AppraisalSettings,
    as_of: dt.date,
    tickets: dict[int, TicketMetrics],
    findings: list[Finding],
) -> list[AppraisalRow]:
    follow = follow_up_counts(conn, start, end, group, as_of)
    complaints = complaint_counts(conn, start, end, group)
    inspections = inspection_counts(conn, start, end, group)
    attendance = count_by(findings, group is Group.WINDOW)
    pauses = pause_totals(conn, start, end, group)
    months = months_on_duty(conn, start, end, group)
    labels = _labels(conn, group)
    keys = set(tickets) | set(follow) | set(complaints) | set(inspections) | set(attendance)
    rows = []
    for key in keys:
        label, order = labels.get(key, (str(key), key))
        rows.append(
            AppraisalRow(
                key=key,
                label=label,
                order=order,
                tickets=tickets.get(key) or TicketMetrics(key),
                follow_ups=follow.get(key, FollowUpCounts()),
                complaints=complaints.get(key, ComplaintCounts()),
                inspections=inspections.get(key, InspectionCounts()),
                attendance=attendance.get(key, Counter()),
                pauses=pauses.get(key, PauseTotals()),
                months=max(1, months.get(key, 1)),
            )
        )
    busiest = max((r.tickets.finished for r in rows), default=0)
    for row in rows:
        row.score = score(row, busiest, settings.weights)
    return rank(rows)


def rank(rows: list[AppraisalRow]) -> list[AppraisalRow]:
    """Best first; rows with equal tie keys share a rank (1, 2, 2, 4); unscored rows last."""
    scored = sorted(
        (r for r in rows if r.score is not None),
        key=lambda r: (tuple(-x for x in r.tie_key()), r.order),
    )
    previous: tuple[float, float, int, int] | None = None
    for position, row in enumerate(scored, start=1):
        key = row.tie_key()
        row.rank = position if key != previous else scored[position - 2].rank
        previous = key
    unscored = sorted((r for r in rows if r.score is None), key=lambda r: r.order)
    return scored + unscored
