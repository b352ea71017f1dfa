"""The figures of one day for the 日报, all aggregated in SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, and_, case, func, select
from sqlalchemy.orm import aliased

from app.appraisal.expressions import hour_of, is_bad, latest_rating_id, seconds_between
from app.appraisal.metrics import Group, TicketMetrics, ticket_metrics
from app.appraisal.ratings import Distribution, distribution
from app.appraisal.scoring import Progress, no_progress
from app.appraisal.settings import AppraisalSettings
from app.models import FollowUp, Rating, Service, Staff, Ticket, TicketState, Window

OVERDUE_LIST_LIMIT = 200
_R = aliased(Rating)


@dataclass(frozen=True)
class BadRating:
    number: str
    window_no: int
    staff: str
    level_label: str
    at: dt.datetime
    deadline: dt.date | None  # of its follow-up


@dataclass(frozen=True)
class OverdueCase:
    number: str
    service: str
    window_no: int | None
    handle_min: float
    promised_min: int


@dataclass(frozen=True)
class PredictionAccuracy:
    """Predicted wait (tickets.predicted_wait_s) against the real wait (called − issued)."""

    count: int
    mae_s: float
    bias_s: float  # positive: the prediction was too long
    within_5min: float  # share with |error| ≤ 5 minutes


@dataclass(frozen=True)
class DailySummary:
    day: dt.date
    hall: TicketMetrics
    services: list[tuple[str, str, TicketMetrics]]  # code, name, figures
    windows: list[tuple[int, TicketMetrics]]  # window number, figures
    hourly: list[tuple[int, int]]  # hour, tickets issued in it
    ratings: Distribution
    bad_ratings: list[BadRating]
    overdue_cases: list[OverdueCase]
    prediction: PredictionAccuracy | None


def hourly_arrivals(conn: Connection, day: dt.date) -> list[tuple[int, int]]:
    hour = hour_of(conn, Ticket.issued_at).label("hour")
    rows = conn.execute(
        select(hour, func.count()).where(Ticket.day == day).group_by(hour).order_by(hour)
    )
    return [(int(h), int(n)) for h, n in rows]


def prediction_accuracy(
    conn: Connection, start: dt.date, end: dt.date
) -> PredictionAccuracy | None:
    wait = seconds_between(conn, Ticket.called_at, Ticket.issued_at)
    error = Ticket.predicted_wait_s - wait
    row = conn.execute(
        select(
            func.count(),
            func.avg(func.abs(error)),
            func.avg(error),
            func.sum(case((func.abs(error) <= 300, 1), else_=0)),
        ).where(
            Ticket.day.between(start, end),
            Ticket.predicted_wait_s.is_not(None),
            Ticket.called_at.is_not(None),
        )
    ).one()
    count = int(row[0] or 0)
    if not count:
        return None
    return PredictionAccuracy(count, float(row[1]), float(row[2]), int(row[3] or 0) / count)


def bad_ratings(conn: Connection, day: dt.date, settings: AppraisalSettings) -> list[BadRating]:
    rows = conn.execute(
        select(
            Ticket.prefix,
            Ticket.number,
            Window.number.label("window_no"),
            Staff.name,
            _R.level,
            _R.scale,
            _R.at,
            FollowUp.deadline,
        )
        .select_from(Ticket)
        .join(_R, _R.id == latest_rating_id(Ticket.id))
        .join(Window, Window.id == _R.window_id)
        .outerjoin(Staff, Staff.id == _R.staff_id)
        .outerjoin(FollowUp, FollowUp.ticket_id == Ticket.id)
        .where(Ticket.day == day, is_bad(settings, _R.level, _R.scale))
        .order_by(_R.at)
    )
    return [
        BadRating(
            f"{r.prefix}{r.number:03d}",
            r.window_no,
            r.name or "",
            settings.scale(r.scale).label(r.level),
            r.at,
            r.deadline,
        )
        for r in rows
    ]


def overdue_cases(conn: Connection, day: dt.date) -> list[OverdueCase]:
    """Cases finished after their service's promised time (超时办结), longest first."""
    handle = seconds_between(
        conn, Ticket.finished_at, func.coalesce(Ticket.started_at, Ticket.called_at)
    )
    rows = conn.execute(
        select(
            Ticket.prefix,
            Ticket.number,
            Service.name,
            Window.number.label("window_no"),
            handle.label("handle_s"),
            Service.promised_minutes,
        )
        .join(Service, Service.id == Ticket.service_id)
        .outerjoin(Window, Window.id == Ticket.window_id)
        .where(
            and_(
                Ticket.day == day,
                Ticket.state == TicketState.FINISHED.value,
                handle > Service.promised_minutes * 60,
            )
        )
        .order_by(handle.desc(), Ticket.id)
        .limit(OVERDUE_LIST_LIMIT)
    )
    return [
        OverdueCase(
            f"{r.prefix}{r.number:03d}", r.name, r.window_no, r.handle_s / 60, r.promised_minutes
        )
        for r in rows
    ]


def daily_summary(
    conn: Connection,
    day: dt.date,
    settings: AppraisalSettings,
    *,
    progress: Progress = no_progress,
) -> DailySummary:
    progress(0.05, "全厅统计 / hall totals")
    hall = ticket_metrics(conn, day, day, Group.HALL, settings).get(0) or TicketMetrics(0)
    progress(0.2, "按事项统计 / per service")
    per_service = ticket_metrics(conn, day, day, Group.SERVICE, settings)
    services = [
        (code, name, per_service[sid])
        for sid, code, name in conn.execute(
            select(Service.id, Service.code, Service.name).order_by(Service.sort_order, Service.id)
        )
        if sid in per_service
    ]
    progress(0.4, "按窗口统计 / per window")
    per_window = ticket_metrics(conn, day, day, Group.WINDOW, settings)
    windows = [
        (number, per_window[wid])
        for wid, number in conn.execute(select(Window.id, Window.number).order_by(Window.number))
        if wid in per_window
    ]
    progress(0.6, "评价与超时 / ratings and overdue cases")
    summary = DailySummary(
        day=day,
        hall=hall,
        services=services,
        windows=windows,
        hourly=hourly_arrivals(conn, day),
        ratings=distribution(conn, day, day),
        bad_ratings=bad_ratings(conn, day, settings),
        overdue_cases=overdue_cases(conn, day),
        prediction=prediction_accuracy(conn, day, day),
    )
    progress(0.7, "统计完成 / figures ready")
    return summary
