"""Writes the server adds to the hall's records: non-queue events and the admin audit log.

Non-queue events (keypad_status, printer_status, config_changed) go into the same append-only,
hash-chained events table as the engine's, through the engine's own ``Tx.log``; so they get
the next hall sequence number and a reconnecting client catches up on them like on a call.
The server process is the only writer of the hall database, and it runs every write on its
one thread, so sequence numbers are published in the order they were committed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from app.models.audit import append_audit
from app.queue import QueueEngine
from app.queue.store import Tx, window_by_number
from app.queue.views import HallEvent


def log_hall_event(
    engine: QueueEngine, kind: str, *, window: int | None = None, **data: Any
) -> HallEvent:
    """Append one non-queue event (committed before it is returned)."""
    tx = Tx(conn=None, now=engine.clock.now(), events=[])  # type: ignore[arg-type]
    with engine.db.write() as conn:
        tx.conn = conn
        window_id = window_by_number(conn, window).id if window is not None else None
        if window is not None:
            data = {"window": window, **data}
        event = tx.log(kind, window_id=window_id, **data)
    return event


def write_audit(
    engine: QueueEngine,
    *,
    actor: str,
    action: str,
    target: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
) -> int:
    """Record one admin change (who, what, before, after); returns the audit row id."""
    with engine.db.write() as conn:
        now = at or engine.clock.now()
        return append_audit(
            conn, at=now, actor=actor, action=action, target=target, before=before, after=after
        )
