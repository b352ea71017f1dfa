"""The figures of one day for the 日报, all aggregated in SQL."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, Table, func, select

from app.appraisal.appointments import AppointmentFigures, appointment_figures
from app.appraisal.expressions import is_bad
from app.appraisal.facts import period_facts
from app.appraisal.metrics import Group, TicketMetrics, metrics_from_facts
from app.appraisal.rating_paths import RatingIntegrity, rating_integrity
from app.appraisal.ratings import Distribution
from app.appraisal.scoring import Progress, no_progress
from app.appraisal.settings import AppraisalSettings
from app.models import FollowUp, Rating, Service, Staff, Ticket, Window, ticket_number
from app.queue.predict_accuracy import EstimateAccuracy, estimate_accuracy

OVERDUE_LIST_LIMIT = 200


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
class DailySummary:
    day: dt.date
    hall: TicketMetrics
    services: list[tuple[str, str, TicketMetrics]]  # code, name, figures
    windows: list[tuple[int, TicketMetrics]]  # window number, figures
    hourly: list[tuple[int, int]]  # hour, tickets issued in it
    ratings: Distribution
    bad_ratings: list[BadRating]
    overdue_cases: list[OverdueCase]
    prediction: EstimateAccuracy | None  # at issue and latest before the call (None: none)
    integrity: RatingIntegrity | None = None  # device paths and anomalies of the day
    appointments: AppointmentFigures | None = None  # 预约情况


def hourly_arrivals(conn: Connection, facts: Table) -> list[tuple[int, int]]:
    f = facts.c
    rows = conn.execute(select(f.hour, func.count()).group_by(f.hour).order_by(f.hour))
    return [(int(h), int(n)) for h, n in rows]


def prediction_accuracy(conn: Connection, day: dt.date) -> EstimateAccuracy | None:
    """The day's wait estimates against the real waits (the predictor's one measure of it),
    or None when no called ticket had an estimate."""
    found = estimate_accuracy(conn, day)
    return found if found.at_issue.tickets or found.latest.tickets else None


def rating_distribution(conn: Connection, facts: Table) -> Distribution:
    """Finished tickets by the rating in force."""
    f = facts.c
    query = select(f.scale, f.level, func.count()).where(f.finished == 1).group_by(f.scale, f.level)
    levels: dict[tuple[int, int], int] = {}
    not_rated = no_rating = 0
    for scale, level, count in conn.execute(query):
        if scale is None:
            no_rating += count
        elif level is None:
            not_rated += count
        else:
            levels[(scale, level)] = count
    return Distribution(levels, not_rated, no_rating)


def bad_ratings(conn: Connection, facts: Table, settings: AppraisalSettings) -> list[BadRating]:
    f = facts.c
    rows = conn.execute(
        select(
            Ticket.prefix,
            Ticket.number,
            Window.number.label("window_no"),
            Staff.name,
            f.level,
            f.scale,
            Rating.at,
            FollowUp.deadline,
        )
        .select_from(facts)
        .join(Ticket, Ticket.id == f.ticket_id)
        .join(Rating, Rating.id == f.rating_id)
        .join(Window, Window.id == Rating.window_id)
        .outerjoin(Staff, Staff.id == Rating.staff_id)
        .outerjoin(FollowUp, FollowUp.ticket_id == f.ticket_id)
        .where(is_bad(settings, f.level, f.scale))
        .order_by(Rating.at, Rating.id)
    )
    return [
        BadRating(
            ticket_number(r.prefix, r.number),
            r.window_no,
            r.name or "",
            settings.scale(r.scale).label(r.level),
            r.at,
            r.deadline,
        )
        for r in rows
    ]


def overdue_cases(conn: Connection, facts: Table) -> list[OverdueCase]:
    """Cases finished after their service's promised time (超时办结), longest first."""
    f = facts.c
    rows = conn.execute(
        select(
            Ticket.prefix,
            Ticket.number,
            Service.name,
            Window.number.label("window_no"),
            f.handle,
            Service.promised_minutes,
        )
        .select_from(facts)
        .join(Ticket, Ticket.id == f.ticket_id)
        .join(Service, Service.id == f.service_id)
        .outerjoin(Window, Window.id == f.window_id)
        .where(f.handle > f.promised)
        .order_by(f.handle.desc(), f.ticket_id)
        .limit(OVERDUE_LIST_LIMIT)
    )
    return [
        OverdueCase(
            ticket_number(r.prefix, r.number),
            r.name,
            r.window_no,
            r.handle / 60,
            r.promised_minutes,
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
    """Everything the 日报 shows, from one temporary table of the day's tickets."""
    progress(0.0, "整理当日办件 / collecting the day's tickets")
    with period_facts(conn, day, day) as facts:
        progress(0.3, "统计办件 / counting cases")
        figures = metrics_from_facts(
            conn, facts, (Group.HALL, Group.SERVICE, Group.WINDOW), settings, True
        )
        hall = figures[Group.HALL].get(0) or TicketMetrics(0)
        per_service, per_window = figures[Group.SERVICE], figures[Group.WINDOW]
        services = [
            (code, name, per_service[sid])
            for sid, code, name in conn.execute(
                select(Service.id, Service.code, Service.name).order_by(
                    Service.sort_order, Service.id
                )
            )
            if sid in per_service
        ]
        windows = [
            (number, per_window[wid])
            for wid, number in conn.execute(
                select(Window.id, Window.number).order_by(Window.number)
            )
            if wid in per_window
        ]
        progress(0.7, "评价与超时 / ratings and overdue cases")
        summary = DailySummary(
            day=day,
            hall=hall,
            services=services,
            windows=windows,
            hourly=hourly_arrivals(conn, facts),
            ratings=rating_distribution(conn, facts),
            bad_ratings=bad_ratings(conn, facts, settings),
            overdue_cases=overdue_cases(conn, facts),
            prediction=prediction_accuracy(conn, day),
            integrity=rating_integrity(conn, day, day, settings),
            appointments=appointment_figures(conn, day, day),
        )
    progress(1.0, "统计完成 / figures ready")
    return summary
