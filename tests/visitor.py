"""The visitor at a window's device, for tests and simulations: answers the rating session
the server opened when the case finished (through the engine, as a device's answer goes)."""

from __future__ import annotations

from typing import Any

from app.models import RatingPath
from app.queue import QueueEngine
from app.queue.ratings import RatingView


def rate(
    engine: QueueEngine,
    ticket_id: int,
    level: int | None,
    *,
    path: RatingPath = RatingPath.BUS,
    **device: Any,
) -> RatingView:
    """Press `level` on the window's device; None lets the session run out (未评价)."""
    session = engine.rating_session(ticket_id)
    assert session is not None and session.open, f"no open rating session for {ticket_id}"
    if level is None:
        engine.clock.advance(seconds=session.timeout_s + 1)  # type: ignore[attr-defined]
        [closed] = [r for r in engine.expire_ratings() if r.ticket_id == ticket_id]
        return closed
    return engine.answer_rating(
        session.session, window=session.window, level=level, path=path, **device
    )
