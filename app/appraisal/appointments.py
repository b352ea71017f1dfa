"""Appointment figures for the daily and month reports: how many were booked (and where),
checked in on time or late, not come at all, cancelled; and how long the on-time ones waited
after their slot began before they were called (the fair queue's promise)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from app.models import Appointment, Ticket


@dataclass(frozen=True)
class AppointmentFigures:
    booked: int = 0  # slots in the period, not cancelled
    cancelled: int = 0
    checked_in: int = 0  # on time or late
    late: int = 0  # checked in after the late limit: queued as a walk-in
    no_show: int = 0  # booked, never checked in
    called: int = 0  # on-time ones called (the wait figures are theirs)
    wait_avg_s: float | None = None  # called − slot start (0 when called before the slot)
    wait_max_s: float | None = None
    by_source: dict[str, int] = field(default_factory=dict)  # console, counter, online, import

    @property
    def show_rate(self) -> float | None:
        return self.checked_in / self.booked if self.booked else None


def appointment_figures(conn: Connection, first: dt.date, last: dt.date) -> AppointmentFigures:
    """The figures of the appointments whose slot falls on first..last."""
    rows = conn.execute(
        select(
            Appointment.status,
            Appointment.source,
            Appointment.ticket_id,
            Appointment.on_time,
            Appointment.slot_start,
            Ticket.called_at,
        )
        .outerjoin(Ticket, Ticket.id == Appointment.ticket_id)
        .where(
            Appointment.slot_start >= dt.datetime.combine(first, dt.time()),
            Appointment.slot_start < dt.datetime.combine(last + dt.timedelta(days=1), dt.time()),
        )
    ).all()
    kept = [r for r in rows if r.status != "cancelled"]
    waits = [
        max(0.0, (r.called_at - r.slot_start).total_seconds())
        for r in kept
        if r.ticket_id is not None and r.on_time and r.called_at is not None
    ]
    sources: dict[str, int] = {}
    for r in kept:
        sources[r.source or "other"] = sources.get(r.source or "other", 0) + 1
    return AppointmentFigures(
        booked=len(kept),
        cancelled=len(rows) - len(kept),
        checked_in=sum(1 for r in kept if r.ticket_id is not None),
        late=sum(1 for r in kept if r.ticket_id is not None and not r.on_time),
        no_show=sum(1 for r in kept if r.ticket_id is None),
        called=len(waits),
        wait_avg_s=sum(waits) / len(waits) if waits else None,
        wait_max_s=max(waits) if waits else None,
        by_source=dict(sorted(sources.items())),
    )
