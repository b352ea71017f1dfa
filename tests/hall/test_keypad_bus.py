"""The server's keypad bus without its serial line: which windows take part, what a keypad's
finished session stores (a key answers the server's rating session, with the path "bus"; a
keypad's own timeout, cancel or replacement stores nothing: the server closes the session as
未评价 at its deadline), and whose state a keypad's online change is (the driver's callbacks
are run here at once, as the composition root's Poster runs them on the hall's thread)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select, update

from app.devices.keypad import RatingEnd, RatingResult
from app.hall.caller import Role
from app.hall.context import Hall
from app.hall.keypad_bus import BusKeypads, bus_windows
from app.models import Rating, Window
from app.queue import ManualClock, QueueEngine
from app.queue.rating_sessions import SessionView
from tests.hall.conftest import Act
from tests.hall.frames import anomalies

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


@pytest.fixture
def asked(bus: BusKeypads, monkeypatch: pytest.MonkeyPatch) -> list[SessionView]:
    """The sessions the bus starts its keypads on (its driver is never started here)."""
    sessions: list[SessionView] = []
    original = bus.ask

    def ask(session: SessionView) -> None:
        sessions.append(session)
        original(session)

    monkeypatch.setattr(bus, "ask", ask)
    return sessions


def test_the_bus_serves_active_windows_whose_keypad_url_is_bus(engine: QueueEngine) -> None:
    set_keypad(engine, 1, "bus", 1)
    set_keypad(engine, 2, " Bus ", 2)
    set_keypad(engine, 3, "COM3", 3)
    set_keypad(engine, 4, "bus", 4, active=False)
    set_keypad(engine, 6, "bus", 2)  # address 2 is window 2's: window 6 gets no keypad
    assert bus_windows(engine) == {1: 1, 2: 2}


def test_a_bus_serves_exactly_its_windows(bus: BusKeypads) -> None:
    assert bus.serves(1) and bus.serves(2) and not bus.serves(3)


def finished(engine: QueueEngine, window: int = 1, service: str = "A") -> tuple[int, int]:
    """(ticket id, rating session token) of a case the window has just finished."""
    engine.issue_ticket(service)
    engine.sign_in(window, f"{1000 + window}")
    ticket = engine.call_next(window)
    engine.finish(window, "done")
    session = engine.rating_session(ticket.id)
    assert session is not None
    return ticket.id, session.session


def result(
    ticket_id: int, session: int, end: RatingEnd, level: int | None = None, address: int = 1
) -> RatingResult:
    frame = f"AA 55 {address:02X}" if end is RatingEnd.KEY else ""
    return RatingResult(ticket_id, level, end, URL, address, session, frame)


def stored(engine: QueueEngine, ticket_id: int) -> list[tuple[int | None, str | None]]:
    with engine.db.read() as conn:
        rows = conn.execute(select(Rating.level, Rating.path).where(Rating.ticket_id == ticket_id))
        return [(level, path) for level, path in rows]


def test_a_key_answers_the_session_a_keypads_own_end_stores_nothing(
    bus: BusKeypads, engine: QueueEngine, clock: ManualClock
) -> None:
    ticket, token = finished(engine)
    clock.advance(seconds=3)
    for end in (RatingEnd.CANCELLED, RatingEnd.REPLACED, RatingEnd.TIMEOUT):
        bus.on_finished(result(ticket, token, end, 5))
    assert stored(engine, ticket) == []
    session = engine.rating_session(ticket)
    assert session is not None and session.open
    bus.on_finished(result(ticket, token, RatingEnd.KEY, 4))
    assert stored(engine, ticket) == [(4, "bus")]
    with engine.db.read() as conn:
        row = conn.execute(select(Rating).where(Rating.ticket_id == ticket)).one()
    assert (row.device, row.device_address, row.keypad_session, row.raw_frame) == (
        URL, 1, token, "AA 55 01",
    )  # fmt: skip
    assert anomalies(engine) == []


def test_the_server_closes_a_session_no_key_answered_as_not_rated(
    bus: BusKeypads, engine: QueueEngine, clock: ManualClock
) -> None:
    ticket, token = finished(engine)
    bus.on_finished(result(ticket, token, RatingEnd.TIMEOUT))  # the keypad gave up
    clock.advance(seconds=engine.settings.rating_timeout_s + 1)
    engine.expire_ratings()
    assert stored(engine, ticket) == [(None, "none")]
    bus.on_finished(result(ticket, token, RatingEnd.KEY, 5))  # too late: logged only
    assert stored(engine, ticket) == [(None, "none")]
    assert anomalies(engine) == [("closed_session", 1, "bus")]


def test_a_second_key_another_windows_or_a_stale_session_is_logged_not_stored(
    bus: BusKeypads, engine: QueueEngine, clock: ManualClock
) -> None:
    ticket, token = finished(engine)
    theirs, their_token = finished(engine, window=2)
    clock.advance(seconds=3)
    bus.on_finished(result(ticket, token, RatingEnd.KEY, 4))
    bus.on_finished(result(ticket, token, RatingEnd.KEY, 1))  # a second key: 一次一评
    bus.on_finished(result(theirs, their_token, RatingEnd.KEY, 1, address=1))  # window 2's
    bus.on_stray(1, token ^ 0x77)  # a key for a session the driver does not know
    bus.on_finished(result(theirs, their_token, RatingEnd.KEY, 3, address=9))  # off the bus
    assert stored(engine, ticket) == [(4, "bus")] and stored(engine, theirs) == []
    assert anomalies(engine) == [
        ("closed_session", 1, "bus"), ("other_window", 1, "bus"), ("unknown_session", 1, "bus"),
    ]  # fmt: skip
    bus.on_finished(result(theirs, their_token, RatingEnd.KEY, 3, address=2))
    assert stored(engine, theirs) == [(3, "bus")]


def test_a_finished_case_at_a_bus_window_starts_its_keypad_on_the_sessions_token(
    bus: BusKeypads, engine: QueueEngine, asked: list[SessionView]
) -> None:
    ticket, token = finished(engine)
    finished(engine, window=3, service="B")  # off the bus: not asked
    assert [(s.ticket_id, s.session, s.window) for s in asked] == [(ticket, token, 1)]


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


def test_request_rating_asks_a_bus_keypad_again_a_window_off_the_bus_is_only_shown(
    bus: BusKeypads, hall: Hall, act: Act, engine: QueueEngine, asked: list[SessionView]
) -> None:
    """The desk's request_rating starts the bus keypad again for an open session; at a window
    off the bus it only shows the session (the desk's own keypad echoes its token)."""
    hall.keypad_bus = bus
    ticket, token = finished(engine)
    off, off_token = finished(engine, window=3, service="B")
    asked.clear()
    assert act.run(Role.COUNTER, "request_rating", ticket_id=ticket)["session"] == token
    assert act.run(Role.COUNTER, "request_rating", at=3, ticket_id=off)["session"] == off_token
    assert [(s.ticket_id, s.window) for s in asked] == [(ticket, 1)]
    engine.issue_ticket("B")
    waiting = engine.call_next(3)  # not finished: no session, whatever the window
    refusal = act.refused(Role.COUNTER, "request_rating", at=3, ticket_id=waiting.id)
    assert refusal.code == "bad_ticket_state" and len(asked) == 1
