"""Ticket figures per window, clerk or service, computed in SQL (GROUP BY, window functions)."""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, and_, case, func, select

from app.appraisal.expressions import is_bad, is_good
from app.appraisal.facts import nearest_rank_p90, period_facts
from app.appraisal.settings import AppraisalSettings


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


_COLUMNS = {
    Group.WINDOW: "window_id",
    Group.STAFF: "staff_id",
    Group.SERVICE: "service_id",
}


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
    return ticket_metrics_by(conn, start, end, (group,), settings, percentiles=percentiles)[group]


def ticket_metrics_by(
    conn: Connection,
    start: dt.date,
    end: dt.date,
    groups: tuple[Group, ...],
    settings: AppraisalSettings,
    *,
    percentiles: bool | tuple[Group, ...] = True,
) -> dict[Group, dict[int, TicketMetrics]]:
    """Figures for several groupings at once from one scan of the period's tickets: the sums
    are grouped by window, clerk and service together, then added up per grouping (exact for
    counts, sums and maxima); the 90th percentiles come from the facts table's indexes, for
    every grouping (True), none (False) or the groupings named.
    """
    with period_facts(conn, start, end, detail=False) as facts:
        return metrics_from_facts(conn, facts, groups, settings, percentiles)


def metrics_from_facts(
    conn: Connection,
    facts: Any,
    groups: tuple[Group, ...],
    settings: AppraisalSettings,
    percentiles: bool | tuple[Group, ...],
) -> dict[Group, dict[int, TicketMetrics]]:
    f = facts.c
    target_s = settings.wait_target_minutes * 60
    timed = f.handle.is_not(None)
    keys = [f.window_id, f.staff_id, f.service_id]
    query = select(
        *keys,
        func.count().label("issued"),
        func.sum(f.finished).label("finished"),
        func.sum(f.no_show).label("no_show"),
        func.count(f.wait).label("wait_n"),
        func.coalesce(func.sum(f.wait), 0).label("wait_sum"),
        func.max(f.wait).label("wait_max"),
        _flag(f.wait <= target_s).label("wait_ok"),
        func.count(f.handle).label("handle_n"),
        func.coalesce(func.sum(f.handle), 0).label("handle_sum"),
        func.max(f.handle).label("handle_max"),
        _flag(and_(timed, f.handle <= f.promised)).label("in_time"),
        _flag(and_(timed, f.handle > f.promised)).label("late"),
        _flag(f.level.is_not(None)).label("rated"),
        _flag(and_(f.rating_id.is_not(None), f.level.is_(None))).label("not_rated"),
        _flag(is_good(settings, f.level, f.scale)).label("good"),
        _flag(is_bad(settings, f.level, f.scale)).label("bad"),
    ).group_by(*keys)
    sums: dict[Group, dict[int, dict[str, Any]]] = {g: {} for g in groups}
    for row in conn.execute(query).mappings():
        for group in groups:
            key = 0 if group is Group.HALL else row[_COLUMNS[group]]
            if key is None:
                continue
            _add(sums[group].setdefault(int(key), {}), row)
    result = {g: {k: _metrics(k, v) for k, v in sums[g].items()} for g in groups}
    if percentiles is False:
        return result
    for group in groups if percentiles is True else percentiles:
        column = None if group is Group.HALL else _COLUMNS[group]
        waits = nearest_rank_p90(conn, facts, column, "wait")
        handles = nearest_rank_p90(conn, facts, column, "handle")
        for key, m in result[group].items():
            m.wait = TimeStats(m.wait.count, m.wait.avg_s, waits.get(key), m.wait.max_s)
            m.handle = TimeStats(m.handle.count, m.handle.avg_s, handles.get(key), m.handle.max_s)
    return result


_MAXIMA = ("wait_max", "handle_max")


def _add(total: dict[str, Any], row: Any) -> None:
    for name, value in row.items():
        if name in _COLUMNS.values():
            continue
        if name in _MAXIMA:
            if value is not None and (total.get(name) is None or value > total[name]):
                total[name] = value
            total.setdefault(name, None)
        else:
            total[name] = total.get(name, 0) + int(value or 0)


def _metrics(key: int, t: dict[str, Any]) -> TicketMetrics:
    def avg(total: str, count: str) -> float | None:
        return t[total] / t[count] if t[count] else None

    return TicketMetrics(
        key=key,
        issued=t["issued"],
        finished=t["finished"],
        no_show=t["no_show"],
        wait=TimeStats(t["wait_n"], avg("wait_sum", "wait_n"), None, t["wait_max"]),
        handle=TimeStats(t["handle_n"], avg("handle_sum", "handle_n"), None, t["handle_max"]),
        within_promised=t["in_time"],
        overdue=t["late"],
        within_wait_target=t["wait_ok"],
        rated=t["rated"],
        not_rated=t["not_rated"],
        good=t["good"],
        bad=t["bad"],
    )


@dataclass(frozen=True)
class ClerkDay:
    """A clerk's own figures for one day, as the workstation shows them."""

    served: int
    avg_handling_s: int | None
    satisfaction_rate: float | None  # the appraisal's rule: (非常满意 + 满意) / rated
    rated: int


def clerk_day(
    conn: Connection, staff_id: int, day: dt.date, settings: AppraisalSettings
) -> ClerkDay:
    m = ticket_metrics(conn, day, day, Group.STAFF, settings, percentiles=False).get(staff_id)
    if m is None:
        return ClerkDay(0, None, None, 0)
    avg = m.handle.avg_s
    rate = m.satisfaction
    return ClerkDay(
        m.finished,
        None if avg is None else round(avg),
        None if rate is None else round(rate, 4),
        m.rated,
    )
