"""Ticket figures per window, clerk or service, computed in SQL (GROUP BY, window functions)."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, case, func, literal, select
from sqlalchemy.orm import aliased
from sqlalchemy.sql.elements import ColumnElement

from app.appraisal.expressions import is_bad, is_good, latest_rating_id, seconds_between
from app.appraisal.settings import AppraisalSettings
from app.models import Rating, Service, Ticket, TicketState

_R = aliased(Rating)


class Group(enum.StrEnum):
    WINDOW = "window"
    STAFF = "staff"
    SERVICE = "service"
    HALL = "hall"  # everything together, key 0


@dataclass(frozen=True)
class TimeStats:
    """Average, 90th percentile (nearest rank: the ⌈0.9·n⌉-th smallest) and maximum, seconds."""

    count: int = 0
    avg_s: float | None = None
    p90_s: int | None = None
    max_s: int | None = None


@dataclass
class TicketMetrics:
    key: int
    issued: int = 0
    finished: int = 0
    no_show: int = 0
    wait: TimeStats = field(default_factory=TimeStats)  # called_at − issued_at
    handle: TimeStats = field(default_factory=TimeStats)  # finished_at − started_at
    within_promised: int = 0  # finished within the service's 限时办结 minutes
    overdue: int = 0  # finished after it
    within_wait_target: int = 0  # called within the hall's waiting target
    rated: int = 0  # effective rating with a level
    not_rated: int = 0  # 未评价 stored (no key pressed)
    good: int = 0  # 非常满意 + 满意
    bad: int = 0  # 差评

    @property
    def satisfaction(self) -> float | None:
        return self.good / self.rated if self.rated else None

    @property
    def coverage(self) -> float | None:
        return min(1.0, self.rated / self.finished) if self.finished else None

    @property
    def promised_share(self) -> float | None:
        timed = self.within_promised + self.overdue
        return self.within_promised / timed if timed else None

    @property
    def wait_share(self) -> float | None:
        return self.within_wait_target / self.wait.count if self.wait.count else None


def group_column(group: Group) -> Any:
    return {
        Group.WINDOW: Ticket.window_id,
        Group.STAFF: Ticket.staff_id,
        Group.SERVICE: Ticket.service_id,
        Group.HALL: literal(0),
    }[group]


def _flag(condition: Any) -> Any:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def ticket_metrics(
    conn: Connection,
    start: dt.date,
    end: dt.date,
    group: Group,
    settings: AppraisalSettings,
    *,
    percentiles: bool = True,
) -> dict[int, TicketMetrics]:
    """Figures for the tickets of the days start..end (inclusive), one entry per group key."""
    key = group_column(group).label("key")
    wait = seconds_between(conn, Ticket.called_at, Ticket.issued_at)
    handle = seconds_between(
        conn, Ticket.finished_at, func.coalesce(Ticket.started_at, Ticket.called_at)
    )
    finished = Ticket.state == TicketState.FINISHED.value
    timed = and_(finished, Ticket.finished_at.is_not(None))
    promised_s = Service.promised_minutes * 60
    target_s = settings.wait_target_minutes * 60
    in_period = Ticket.day.between(start, end)
    query = (
        select(
            key,
            func.count().label("issued"),
            _flag(finished).label("finished"),
            _flag(Ticket.state == TicketState.NO_SHOW.value).label("no_show"),
            func.count(wait).label("wait_n"),
            func.avg(wait).label("wait_avg"),
            func.max(wait).label("wait_max"),
            _flag(wait <= target_s).label("wait_ok"),
            func.count(case((timed, handle))).label("handle_n"),
            func.avg(case((timed, handle))).label("handle_avg"),
            func.max(case((timed, handle))).label("handle_max"),
            _flag(and_(timed, handle <= promised_s)).label("in_time"),
            _flag(and_(timed, handle > promised_s)).label("late"),
            _flag(and_(finished, _R.level.is_not(None))).label("rated"),
            _flag(and_(finished, _R.id.is_not(None), _R.level.is_(None))).label("not_rated"),
            _flag(and_(finished, is_good(settings, _R.level, _R.scale))).label("good"),
            _flag(and_(finished, is_bad(settings, _R.level, _R.scale))).label("bad"),
        )
        .select_from(Ticket)
        .join(Service, Service.id == Ticket.service_id)
        .outerjoin(_R, _R.id == latest_rating_id(Ticket.id))
        .where(in_period)
        .group_by(key)
    )
    if group in (Group.WINDOW, Group.STAFF):
        query = query.where(group_column(group).is_not(None))
    result: dict[int, TicketMetrics] = {}
    for row in conn.execute(query):
        result[int(row.key)] = TicketMetrics(
            key=int(row.key),
            issued=row.issued,
            finished=row.finished,
            no_show=row.no_show,
            wait=TimeStats(row.wait_n, _float(row.wait_avg), None, row.wait_max),
            handle=TimeStats(row.handle_n, _float(row.handle_avg), None, row.handle_max),
            within_promised=row.in_time,
            overdue=row.late,
            within_wait_target=row.wait_ok,
            rated=row.rated,
            not_rated=row.not_rated,
            good=row.good,
            bad=row.bad,
        )
    if percentiles and result:
        base: ColumnElement[bool] = Ticket.day.between(start, end)
        if group in (Group.WINDOW, Group.STAFF):
            base = and_(base, group_column(group).is_not(None))
        waits = p90(conn, group_column(group), wait, and_(base, Ticket.called_at.is_not(None)))
        handles = p90(conn, group_column(group), handle, and_(base, timed))
        for k, m in result.items():
            m.wait = TimeStats(m.wait.count, m.wait.avg_s, waits.get(k), m.wait.max_s)
            m.handle = TimeStats(m.handle.count, m.handle.avg_s, handles.get(k), m.handle.max_s)
    return result


def p90(conn: Connection, key: Any, value: Any, where: Any) -> dict[int, int]:
    """The 90th percentile of `value` per `key` by nearest rank, with SQL window functions."""
    values = select(key.label("k"), value.label("v")).where(where).subquery()
    ranked = select(
        values.c.k,
        values.c.v,
        func.row_number().over(partition_by=values.c.k, order_by=values.c.v).label("rn"),
        func.count().over(partition_by=values.c.k).label("n"),
    ).subquery()
    target = (9 * ranked.c.n + 9) // 10  # integer ⌈0.9·n⌉ on both SQLite and PostgreSQL
    query = (
        select(ranked.c.k, func.max(case((ranked.c.rn == target, ranked.c.v))))
        .where(ranked.c.rn == target)
        .group_by(ranked.c.k)
    )
    return {int(k): int(v) for k, v in conn.execute(query) if v is not None}


def _float(value: Any) -> float | None:
    return None if value is None else float(value)
