"""The server's keypad bus without its serial line: which windows take part, what a finished
session stores, and whose state a keypad's online change is (the driver's callbacks are run
here at once, as the composition root's Poster runs them on the hall's thread)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select, update

from app.devices.keypad import RatingEnd, RatingResult
from app.hall.caller import Role
from app.hall.context import Hall
from app.hall.keypad_bus import BusKeypads, bus_windows
from app.models import Rating, Window
from app.queue import QueueEngine
from tests.hall.conftest import Act

URL = "socket://127.0.0.1:9"  # never opened: the driver is not started


def set_keypad(
    engine: QueueEngine, window: int, url: str, address: int, active: bool = True
) -> None:
    with engine.db.write() as conn:
        conn.execute(
            update(Window)
            .where(Window.number == window)
            .values(keypad_url=url, keypad_address=address, active=active)
        )


@pytest.fixture
def bus(hall: Hall, engine: QueueEngine) -> Iterator[BusKeypads]:
    set_keypad(engine, 1, "bus", 1)
    set_keypad(engine, 2, " BUS ", 2)
    keypads = BusKeypads(hall, URL, lambda work: work())
    yield keypads
    keypads.stop()


def test_the_bus_serves_active_windows_whose_keypad_url_is_bus(engine: QueueEngine) -> None:
    set_keypad(engine, 1, "bus", 1)
    set_keypad(engine, 2, " Bus ", 2)
    set_keypad(engine, 3, "COM3", 3)
    set_keypad(engine, 4, "bus", 4, active=False)
    set_keypad(engine, 6, "bus", 2)  # address 2 is window 2's: window 6 gets no keypad
    assert bus_windows(engine) == {1: 1, 2: 2}


def test_a_bus_serves_exactly_its_windows(bus: BusKeypads) -> None:
    assert bus.serves(1) and bus.serves(2) and not bus.serves(3)


def finished(engine: QueueEngine) -> int:
    engine.issue_ticket("A")
    engine.sign_in(1, "1001")
    ticket = engine.call_next(1)
    engine.finish(1, "done")
    return ticket.id


def result(ticket_id: int, end: RatingEnd, level: int | None = None) -> RatingResult:
    frame = "AA 55 01" if end is RatingEnd.KEY else ""
    return RatingResult(ticket_id, level, end, URL, 1, 17, frame)


def levels(engine: QueueEngine, ticket_id: int) -> list[int | None]:
    with engine.db.read() as conn:
        return list(conn.scalars(select(Rating.level).where(Rating.ticket_id == ticket_id)))


def test_a_key_and_a_timeout_are_stored_a_cancelled_or_replaced_session_is_not(
    bus: BusKeypads, engine: QueueEngine
) -> None:
    ticket = finished(engine)
    for end in (RatingEnd.CANCELLED, RatingEnd.REPLACED):
        bus.on_finished(result(ticket, end, 5))
    assert levels(engine, ticket) == []
    bus.on_finished(result(ticket, RatingEnd.TIMEOUT))
    assert levels(engine, ticket) == [None]
    second = finished(engine)
    bus.on_finished(result(second, RatingEnd.KEY, 4))
    assert levels(engine, second) == [4]
    bus.on_finished(result(second, RatingEnd.KEY, 1))  # refused by the rules: logged only
    assert levels(engine, second) == [4]


def test_a_keypads_state_is_its_own_windows(bus: BusKeypads, engine: QueueEngine) -> None:
    seq = engine.last_seq()
    bus.on_status(2, False)
    bus.on_status(2, False)
    bus.on_status(1, True)
    logged = [(e.kind, e.data) for e in engine.events_after(seq)]
    assert logged == [
        ("keypad_status", {"window": 2, "online": False}),
        ("keypad_status", {"window": 1, "online": True}),
    ]


def test_a_window_off_the_bus_is_told_not_available_whatever_the_ticket(
    bus: BusKeypads, hall: Hall, act: Act, engine: QueueEngine
) -> None:
    hall.keypad_bus = bus
    engine.issue_ticket("B")
    engine.sign_in(3, "1003")
    waiting = engine.call_next(3)  # not finished: the rules would refuse it too
    refusal = act.refused(Role.COUNTER, "request_rating", at=3, ticket_id=waiting.id)
    assert refusal.code == "not_available"
