"""One ticket as its visitor follows it on the phone: its own number and service, how many
are ahead (issuing.people_ahead), the window it is called to, and the estimated wait. Nothing
about any other visitor.

The estimate is the predictor's: the ticket's own prediction made when it was issued
(tickets.predicted_wait_s), counted down, but never more than the wait of a ticket taken now
for the same service (the kiosk's estimate from engine.service_loads(); this ticket is ahead
of that one); once its own prediction has run out, that service estimate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection

from app.models import TicketState
from app.queue.issuing import people_ahead
from app.queue.store import Raw, ticket_view


@dataclass(frozen=True)
class TicketStatus:
    ticket_id: int
    day: dt.date
    number: str
    service_code: str
    service_name: str
    state: str  # waiting, called, serving, held, no_show, finished
    priority: bool
    ahead: int | None  # while waiting
    window_no: int | None  # called, serving or held there; or the window it was sent to
    window_name: str
    outcome: str | None
    issued_at: dt.datetime
    predicted_wait_s: int | None


def ticket_status(conn: Connection, ticket_id: int) -> TicketStatus:
    sql = Raw(conn)
    view = ticket_view(sql, ticket_id)
    waiting = view.state is TicketState.WAITING
    window = view.window_no if view.window_no is not None else view.target_window_no
    name = sql.value("SELECT name FROM windows WHERE number = ?", window) if window else None
    return TicketStatus(
        ticket_id=int(view.id),
        day=view.day,
        number=view.number,
        service_code=view.service_code,
        service_name=view.service_name,
        state=view.state.value,
        priority=view.priority,
        ahead=people_ahead(sql, view) if waiting else None,
        window_no=window if (not waiting or view.target_window_no) else None,
        window_name=str(name or ""),
        outcome=view.outcome,
        issued_at=view.issued_at,
        predicted_wait_s=view.predicted_wait_s,
    )


def wait_estimate(status: TicketStatus, now: dt.datetime, service_wait_s: int | None) -> int | None:
    """Seconds still to wait (see the module's note); None without an estimate or when the
    ticket is not waiting."""
    if status.state != TicketState.WAITING.value:
        return None
    if status.predicted_wait_s is not None:
        left = status.predicted_wait_s - int((now - status.issued_at).total_seconds())
        if left > 0:
            return left if service_wait_s is None else min(left, service_wait_s)
    return service_wait_s
