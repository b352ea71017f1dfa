"""Per window or clerk counts of follow-ups, complaints, inspections and pauses (SQL)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, case, func, or_, select

from app.appraisal.expressions import seconds_between
from app.appraisal.metrics import Group
from app.models import (
    Complaint,
    ComplaintKind,
    DutyInspection,
    FollowUp,
    FollowUpStatus,
    Pause,
    StaffSession,
)


@dataclass(frozen=True)
class FollowUpCounts:
    total: int = 0
    closed: int = 0
    open: int = 0
    overdue: int = 0  # open past the deadline, or closed after it


@dataclass(frozen=True)
class ComplaintCounts:
    total: int = 0  # every register entry (咨询/建议/投诉)
    complaints: int = 0  # kind 投诉
    substantiated: int = 0  # 有效投诉


@dataclass(frozen=True)
class InspectionCounts:
    records: int = 0
    criticism: int = 0  # 通报批评


@dataclass(frozen=True)
class PauseTotals:
    count: int = 0
    seconds: int = 0
    by_reason: dict[str, int] = field(default_factory=dict)  # reason → seconds


def _sum(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _day_range(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return dt.datetime.combine(start, dt.time()), dt.datetime.combine(
        end + dt.timedelta(days=1), dt.time()
    )


def follow_up_counts(
    conn: Connection, start: dt.date, end: dt.date, group: Group, as_of: dt.date
) -> dict[int, FollowUpCounts]:
    """Follow-ups opened in the period; overdue as seen on `as_of`."""
    key = (FollowUp.window_id if group is Group.WINDOW else FollowUp.staff_id).label("key")
    is_open = FollowUp.status != FollowUpStatus.CLOSED.value
    late = or_(
        and_(is_open, FollowUp.deadline < as_of),
        and_(~is_open, func.date(FollowUp.closed_at) > func.date(FollowUp.deadline)),
    )
    query = (
        select(
            key,
            func.count(),
            _sum(~is_open),
            _sum(is_open),
            _sum(late),
        )
        .where(FollowUp.opened_on.between(start, end), key.is_not(None))
        .group_by(key)
    )
    return {int(k): FollowUpCounts(t, c, o, od) for k, t, c, o, od in conn.execute(query)}


def complaint_counts(
    conn: Connection, start: dt.date, end: dt.date, group: Group
) -> dict[int, ComplaintCounts]:
    key = (Complaint.window_id if group is Group.WINDOW else Complaint.staff_id).label("key")
    low, high = _day_range(start, end)
    query = (
        select(
            key,
            func.count(),
            _sum(Complaint.kind == ComplaintKind.COMPLAINT.value),
            _sum(Complaint.substantiated.is_(True)),
        )
        .where(Complaint.received_at >= low, Complaint.received_at < high, key.is_not(None))
        .group_by(key)
    )
    return {int(k): ComplaintCounts(t, c, s) for k, t, c, s in conn.execute(query)}


def inspection_counts(
    conn: Connection, start: dt.date, end: dt.date, group: Group
) -> dict[int, InspectionCounts]:
    key = (DutyInspection.window_id if group is Group.WINDOW else DutyInspection.staff_id).label(
        "key"
    )
    query = (
        select(key, func.count(), _sum(DutyInspection.criticism.is_(True)))
        .where(DutyInspection.day.between(start, end), key.is_not(None))
        .group_by(key)
    )
    return {int(k): InspectionCounts(r, c) for k, r, c in conn.execute(query)}


def pause_seconds(conn: Connection) -> Any:
    """A pause's length; a pause left open ends with its session's sign-out."""
    end = func.coalesce(Pause.ended_at, StaffSession.signed_out_at)
    return seconds_between(conn, end, Pause.started_at)


def pause_totals(
    conn: Connection, start: dt.date, end: dt.date, group: Group
) -> dict[int, PauseTotals]:
    key = (Pause.window_id if group is Group.WINDOW else StaffSession.staff_id).label("key")
    seconds = pause_seconds(conn)
    query = (
        select(key, Pause.reason, func.count(), func.coalesce(func.sum(seconds), 0))
        .select_from(Pause)
        .join(StaffSession, StaffSession.id == Pause.session_id)
        .where(StaffSession.day.between(start, end))
        .group_by(key, Pause.reason)
    )
    result: dict[int, PauseTotals] = {}
    for k, reason, n, secs in conn.execute(query):
        old = result.get(int(k), PauseTotals())
        result[int(k)] = PauseTotals(
            old.count + n, old.seconds + int(secs), old.by_reason | {reason: int(secs)}
        )
    return result
