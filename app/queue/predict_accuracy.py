"""How right were the estimates printed on today's tickets (for the daily report)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, func, select

from app.models import Event, Ticket

# A ticket's real wait runs from issue to its first call (a recall or a later call after a
# no-show or transfer does not count); the tickets row keeps only the latest call.
_FIRST_CALLS = (
    select(Ticket.issued_at, Ticket.predicted_wait_s, func.min(Event.at))
    .join(Event, Event.ticket_id == Ticket.id)
    .where(
        Ticket.day == bindparam("day"),
        Ticket.predicted_wait_s.is_not(None),
        Event.kind == "ticket_called",
    )
    .group_by(Ticket.id)
)


@dataclass(frozen=True)
class PredictionAccuracy:
    """Estimated against real waits of the tickets that were called; seconds."""

    tickets: int
    mean_abs_error_s: float | None
    bias_s: float | None  # estimate − real: negative when visitors waited longer than told
    within_5min: float | None  # share of tickets called within ±5 minutes of the estimate


def prediction_accuracy(conn: Connection, day: dt.date) -> PredictionAccuracy:
    errors = []
    for issued_at, predicted, first_call in conn.execute(_FIRST_CALLS, {"day": day}):
        if first_call is None or predicted is None:
            continue
        errors.append(predicted - (first_call - issued_at).total_seconds())
    if not errors:
        return PredictionAccuracy(0, None, None, None)
    n = len(errors)
    return PredictionAccuracy(
        tickets=n,
        mean_abs_error_s=sum(abs(e) for e in errors) / n,
        bias_s=sum(errors) / n,
        within_5min=sum(1 for e in errors if abs(e) <= 300) / n,
    )
