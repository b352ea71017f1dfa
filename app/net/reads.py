"""Read-only views the clients ask for that the engine does not offer as such.

(The display's recent calls, a clerk's figures for today. They read the database only; they
could move to app/queue/queries.py.)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import and_, select

from app.appraisal.settings import DEFAULT_SETTINGS
from app.models import Event, Rating, Ticket, TicketState
from app.queue import QueueEngine

CALL_KINDS = ("ticket_called", "ticket_recalled", "ticket_called_back")
RECENT_CALLS = 20


def recent_calls(engine: QueueEngine, limit: int = RECENT_CALLS) -> list[dict[str, Any]]:
    midnight = dt.datetime.combine(engine.clock.now().date(), dt.time())
    with engine.db.read() as conn:
        rows = conn.execute(
            select(Event.at, Event.data)
            .where(Event.kind.in_(CALL_KINDS), Event.at >= midnight)
            .order_by(Event.id.desc())
            .limit(limit)
        ).all()
    return [
        {
            "number": row.data.get("number"),
            "window": row.data.get("window"),
            "window_name": row.data.get("window_name", ""),
            "at": row.at.isoformat(),
        }
        for row in rows
    ]


def my_today(engine: QueueEngine, staff_id: int) -> dict[str, Any]:
    """A clerk's figures for today: cases finished, mean handling time, satisfaction."""
    day = engine.clock.now().date()
    mine = and_(
        Ticket.staff_id == staff_id,
        Ticket.day == day,
        Ticket.state == TicketState.FINISHED.value,
    )
    with engine.db.read() as conn:
        tickets = conn.execute(select(Ticket.started_at, Ticket.finished_at).where(mine)).all()
        levels = conn.execute(
            select(Rating.level, Rating.scale)
            .join(Ticket, Ticket.id == Rating.ticket_id)
            .where(mine, Rating.corrects_id.is_(None), Rating.level.is_not(None))
        ).all()
    spans = [
        (t.finished_at - t.started_at).total_seconds()
        for t in tickets
        if t.started_at and t.finished_at
    ]
    # The appraisal's own rule: (非常满意 + 满意) / rated on the national scale.
    satisfied = sum(1 for r in levels if r.level >= DEFAULT_SETTINGS.scale(r.scale).good_min)
    return {
        "served": len(tickets),
        "avg_handling_s": round(sum(spans) / len(spans)) if spans else None,
        "satisfaction_rate": round(satisfied / len(levels), 4) if levels else None,
        "rated": len(levels),
    }
