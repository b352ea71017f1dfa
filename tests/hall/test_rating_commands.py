"""Ratings through the table: a counter records the rating of a case finished at its own
window, once, with everything its keypad said; the server's bus keypad is asked only for such
a case (the rules are app.queue.ratings's, called by the commands)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.hall.caller import Role
from app.models import Rating
from app.queue import QueueEngine
from tests.hall.conftest import Act, written

C = Role.COUNTER


def finished(engine: QueueEngine, window: int = 1, service: str = "A") -> int:
    engine.issue_ticket(service)
    engine.sign_in(window, f"{1000 + window}")
    ticket = engine.call_next(window)
    engine.finish(window, "done")
    return ticket.id


def ratings(engine: QueueEngine, ticket_id: int) -> list[Any]:
    with engine.db.read() as conn:
        return list(conn.execute(select(Rating).where(Rating.ticket_id == ticket_id)).all())


def test_a_rating_is_stored_with_all_its_keypad_said(act: Act, engine: QueueEngine) -> None:
    ticket = finished(engine)
    stored = act.run(C, "record_rating", ticket_id=ticket, level=2, scale=3, device="COM3",
                     device_address=7, keypad_session=41, raw_frame="AA 55 07")  # fmt: skip
    assert (stored["ticket_id"], stored["window_no"], stored["level"], stored["scale"]) == (
        ticket, 1, 2, 3,
    )  # fmt: skip
    [row] = ratings(engine, ticket)
    assert (row.level, row.scale, row.device, row.device_address) == (2, 3, "COM3", 7)
    assert (row.keypad_session, row.raw_frame) == (41, "AA 55 07")


def test_no_key_in_time_is_stored_as_not_rated(act: Act, engine: QueueEngine) -> None:
    ticket = finished(engine)
    assert act.run(C, "record_rating", ticket_id=ticket)["level"] is None
    assert [r.level for r in ratings(engine, ticket)] == [None]


def test_a_level_above_the_scale_is_refused(act: Act, engine: QueueEngine) -> None:
    ticket = finished(engine)
    assert act.refused(C, "record_rating", ticket_id=ticket, level=4, scale=3).code == (
        "bad_ticket_state"
    )
    assert ratings(engine, ticket) == []


def test_only_a_finished_case_of_this_window_is_rated_and_only_once(
    act: Act, engine: QueueEngine
) -> None:
    other = finished(engine, window=2)
    engine.issue_ticket("A")
    engine.sign_in(1, "1001")
    called = engine.call_next(1)
    before = written(engine)
    assert act.refused(C, "record_rating", ticket_id=other, level=1).code == "forbidden"
    assert act.refused(C, "record_rating", ticket_id=called.id, level=5).code == (
        "bad_ticket_state"
    )
    assert written(engine) == before
    engine.finish(1, "done")
    act.run(C, "record_rating", ticket_id=called.id, level=5)
    assert act.refused(C, "record_rating", ticket_id=called.id, level=1).code == (
        "bad_ticket_state"
    )
    assert [r.level for r in ratings(engine, called.id)] == [5]
    assert act.refused(C, "record_rating", ticket_id=999_999, level=5).code == "unknown_ticket"


def test_request_rating_without_a_keypad_bus_is_not_available(
    act: Act, engine: QueueEngine
) -> None:
    ticket = finished(engine)
    assert act.refused(C, "request_rating", ticket_id=ticket).code == "not_available"
