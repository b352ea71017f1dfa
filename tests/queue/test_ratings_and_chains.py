"""Ratings (一次一评, append-only) and the keyed MAC chains over ratings and events."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hall_records import refused
from sqlalchemy import select, text

from app.models import Database, Event, Rating
from app.models.chain import EVENTS, GENESIS, RATINGS, Chain, row_fields, seal
from app.queue import ManualClock, QueueEngine, errors
from app.queue.ratings import append_rating

Open = Callable[..., None]


def _finished(engine: QueueEngine, clock: ManualClock, window: int, code: str) -> int:
    ticket = engine.issue_ticket(code).ticket.id
    engine.call_next(window)
    clock.advance(minutes=3)
    engine.finish(window, "done")
    return ticket


def _chain_breaks(db: Database, rows: list[Any], chain: Chain) -> list[int]:
    """Ids of rows whose stored MAC is not the one recomputed with the hall's key."""
    previous, broken = GENESIS, []
    for row in rows:
        if seal(db.mac_key, chain, previous, row_fields(row._mapping, chain.fields)) != row.hash:
            broken.append(row.id)
        previous = row.hash
    return broken


def _rows(db: Database, table: Any) -> list[Any]:
    with db.read() as conn:
        return list(conn.execute(select(table).order_by(table.id)))


def test_a_finished_ticket_is_rated_once(
    engine: QueueEngine, db: Database, clock: ManualClock, open_window: Open
) -> None:
    open_window(1)
    ticket = _finished(engine, clock, 1, "A")
    rating = engine.record_rating(ticket, 4, device="serial:///dev/ttyUSB0", device_address=1)
    assert (rating.number, rating.window_no, rating.level, rating.scale) == ("A001", 1, 4, 5)
    exc = refused(db, errors.BadTicketState, lambda: engine.record_rating(ticket, 5))
    assert "一次一评" in exc.zh
    [row] = _rows(db, Rating)
    assert row.level == 4 and row.staff_id is not None and row.device_address == 1


def test_no_rating_is_stored_as_null(
    engine: QueueEngine, db: Database, clock: ManualClock, open_window: Open
) -> None:
    open_window(1)
    ticket = _finished(engine, clock, 1, "A")
    assert engine.record_rating(ticket, None).level is None
    with db.read() as conn:
        assert conn.execute(text("SELECT level IS NULL FROM ratings")).scalar() in (1, True)


def test_a_ticket_not_finished_cannot_be_rated(
    engine: QueueEngine, db: Database, open_window: Open
) -> None:
    ticket = engine.issue_ticket("A").ticket.id
    refused(db, errors.BadTicketState, lambda: engine.record_rating(ticket, 5))
    open_window(1)
    engine.call_next(1)
    exc = refused(db, errors.BadTicketState, lambda: engine.record_rating(ticket, 5))
    assert "尚未办结" in exc.zh
    refused(db, errors.UnknownTicket, lambda: engine.record_rating(99999, 5))


@pytest.mark.parametrize(("level", "scale"), [(0, 5), (6, 5), (-1, 5), (4, 3)])
def test_a_level_outside_the_scale_is_refused(
    engine: QueueEngine,
    db: Database,
    clock: ManualClock,
    open_window: Open,
    level: int,
    scale: int,
) -> None:
    open_window(1)
    ticket = _finished(engine, clock, 1, "A")
    rate = lambda: engine.record_rating(ticket, level, scale=scale)  # noqa: E731
    exc = refused(db, errors.BadTicketState, rate)
    assert str(level) in exc.zh


def test_the_rating_chain_recomputes_and_shows_an_edit(
    engine: QueueEngine, db: Database, clock: ManualClock, open_window: Open
) -> None:
    open_window(1, 2)
    tickets = [_finished(engine, clock, 1 + i % 2, "A") for i in range(4)]
    for ticket, level in zip(tickets, [5, None, 3, 1], strict=True):
        engine.record_rating(ticket, level, raw_frame="aa55", keypad_session=7)
    with db.write() as conn:  # a correction is a new row naming the old one
        first = conn.scalar(select(Rating.id).order_by(Rating.id).limit(1))
        append_rating(
            conn,
            ticket_id=tickets[0],
            window_id=1,
            level=4,
            at=clock.now(),
            corrects_id=first,
            corrected_by="admin",
            reason="误按",
        )
    rows = _rows(db, Rating)
    assert len(rows) == 5 and _chain_breaks(db, rows, RATINGS) == []
    with db.write() as conn:
        conn.execute(text("UPDATE ratings SET level = 5 WHERE id = :id"), {"id": rows[2].id})
    assert _chain_breaks(db, _rows(db, Rating), RATINGS) == [rows[2].id]


def test_the_event_chain_recomputes_over_every_kind_of_command(
    engine: QueueEngine, db: Database, clock: ManualClock, open_window: Open
) -> None:
    open_window(1, 5)
    engine.issue_ticket("A", priority=True)
    engine.issue_ticket("C")
    engine.call_next(1)
    engine.recall(1)
    engine.start(1)
    engine.hold(1)
    engine.call_back(1, "A001")
    engine.transfer(1, to_service="C", note="转公积金")
    engine.call_next(5)
    engine.no_show(5)
    engine.reactivate("A001")
    engine.pause(1, "other", "培训")
    engine.resume(1)
    clock.advance(minutes=1)
    ticket = engine.call_next(5).id
    engine.finish(5, "consult")
    engine.record_rating(ticket, 5)
    engine.sign_out(1)
    rows = _rows(db, Event)
    assert len(rows) == engine.last_seq() == 19
    assert [r.id for r in rows] == list(range(1, 20))
    assert _chain_breaks(db, rows, EVENTS) == []
    with db.write() as conn:
        conn.execute(text("DELETE FROM events WHERE id = 7"))
    assert _chain_breaks(db, _rows(db, Event), EVENTS) == [8]


def test_events_after_pages_through_the_log(engine: QueueEngine) -> None:
    for code in "ABCDEF":
        engine.issue_ticket(code)
    page = engine.events_after(2, limit=3)
    assert [e.seq for e in page] == [3, 4, 5]
    assert [e.data["service"] for e in page] == ["C", "D", "E"]
    assert engine.events_after(6) == []
