"""How right were the estimates of a day (for the daily report): the one printed on each
ticket at issue, and the latest one it was given before its first call."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, func, insert, select

from app.models import Event, Ticket, WaitEstimate
from app.queue.forecast import Outlook

# A ticket's real wait runs from issue to its first call (a recall or a later call after a
# no-show or transfer does not count); the tickets row keeps only the latest call, which
# stands in where the events say nothing (records imported without their events).
_FIRST_CALL = func.coalesce(
    select(func.min(Event.at))
    .where(Event.ticket_id == Ticket.id, Event.kind == "ticket_called")
    .scalar_subquery(),
    Ticket.called_at,
)
_DAY = (
    select(
        Ticket.issued_at,
        Ticket.predicted_wait_s,
        WaitEstimate.estimated_at,
        WaitEstimate.wait_s,
        _FIRST_CALL,
    )
    .outerjoin(WaitEstimate, WaitEstimate.ticket_id == Ticket.id)
    .where(Ticket.day == bindparam("day"))
)


@dataclass(frozen=True)
class PredictionAccuracy:
    """Estimated against real waits of the tickets that were called; seconds."""

    tickets: int
    mean_abs_error_s: float | None
    bias_s: float | None  # estimate − real: negative when visitors waited longer than told
    within_5min: float | None  # share of tickets called within ±5 minutes of the estimate


@dataclass(frozen=True)
class EstimateAccuracy:
    """A day's estimates: as printed at issue, and the latest before the first call."""

    at_issue: PredictionAccuracy
    latest: PredictionAccuracy


@dataclass(frozen=True)
class LatestEstimate:
    """A ticket's estimate, made at `at`, as it stood when the ticket was first called."""

    ticket_id: int
    at: dt.datetime
    outlook: Outlook


def _accuracy(errors: list[float]) -> PredictionAccuracy:
    if not errors:
        return PredictionAccuracy(0, None, None, None)
    n = len(errors)
    return PredictionAccuracy(
        tickets=n,
        mean_abs_error_s=sum(abs(e) for e in errors) / n,
        bias_s=sum(errors) / n,
        within_5min=sum(1 for e in errors if abs(e) <= 300) / n,
    )


def estimate_accuracy(conn: Connection, day: dt.date) -> EstimateAccuracy:
    """Both accuracies for the tickets of `day` that were called. An estimate made at a moment
    is judged by the call time it foretold (that moment plus the wait) against the real one."""
    at_issue: list[float] = []
    latest: list[float] = []
    for issued_at, predicted, estimated_at, wait_s, first_call in conn.execute(_DAY, {"day": day}):
        if first_call is None:
            continue
        if predicted is not None:
            at_issue.append(predicted - (first_call - issued_at).total_seconds())
        if estimated_at is not None and wait_s is not None and estimated_at <= first_call:
            latest.append(wait_s - (first_call - estimated_at).total_seconds())
        elif predicted is not None:  # called before any later estimate: the printed one
            latest.append(at_issue[-1])
    return EstimateAccuracy(_accuracy(at_issue), _accuracy(latest))


def prediction_accuracy(conn: Connection, day: dt.date) -> PredictionAccuracy:
    """The accuracy of the estimates printed at issue."""
    return estimate_accuracy(conn, day).at_issue


def store_latest(conn: Connection, rows: Iterable[LatestEstimate]) -> int:
    """Keep each ticket's first recorded latest estimate (a ticket called again keeps the one
    before its first call); returns how many were new."""
    fresh = {row.ticket_id: row for row in rows if row.outlook.wait_s is not None}
    if not fresh:
        return 0
    known = set(
        conn.scalars(select(WaitEstimate.ticket_id).where(WaitEstimate.ticket_id.in_(fresh)))
    )
    values = [
        {
            "ticket_id": row.ticket_id,
            "estimated_at": row.at,
            "wait_s": row.outlook.wait_s,
            "low_s": row.outlook.low_s,
            "high_s": row.outlook.high_s,
        }
        for tid, row in fresh.items()
        if tid not in known
    ]
    if values:
        conn.execute(insert(WaitEstimate), values)
    return len(values)
