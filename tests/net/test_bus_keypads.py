"""Keypads on an RS-485 bus attached to the server: a real HallServer on 127.0.0.1, real
counter clients, a simulated two-keypad bus on a real TCP port (socket://) polled by the
server's driver, keys answered through the engine on the server's thread (handed over by the
composition root's Poster (app.runtime.poster), as in `python -m app server` and the one-PC hall).

Since issue 12 the server owns the rating session: when a case finishes at a bus window the
server starts that window's keypad on the session's token by itself; the key answers the
session (path "bus"); no key by the deadline is 未评价 (the server's tick: engine.expire_ratings);
a key for a session that is no longer open is logged as a rating anomaly, never stored."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from app.config import ConfigError
from app.config_file import default_text
from app.config_reader import parse_config
from app.devices.keypad import DriverTiming
from app.devices.keypad.simulator import KeypadSimulator
from app.hall.context import Hall
from app.hall.keypad_bus import BusKeypads
from app.models import Rating, Window
from app.net.client import HallClient
from app.queue import ManualClock, QueueEngine
from app.runtime.poster import Poster
from tests.hall.frames import anomalies
from tests.net.conftest import Connect, ok, refused

FAST = DriverTiming(
    reply_timeout=0.3, retries=3, backoff_first=0.1, backoff_cap=0.4, poll_interval=0.05
)
WAIT_MS = 10_000
ADDRESSES = {1: 1, 2: 2}  # window → keypad address on the bus


@pytest.fixture
def sim() -> Iterator[KeypadSimulator]:
    with KeypadSimulator.on_tcp(addresses=list(ADDRESSES.values()), push=False) as simulator:
        yield simulator


@pytest.fixture
def bus(
    qtbot: QtBot, hall: Hall, engine: QueueEngine, sim: KeypadSimulator
) -> Iterator[BusKeypads]:
    with engine.db.write() as conn:
        for window, address in ADDRESSES.items():
            conn.execute(
                update(Window)
                .where(Window.number == window)
                .values(keypad_url="bus", keypad_address=address)
            )
    poster = Poster()
    keypads = BusKeypads(hall, sim.url, poster.post, timing=FAST).start()
    hall.keypad_bus = keypads
    yield keypads
    keypads.stop()
    hall.keypad_bus = None


def finished_ticket(qtbot: QtBot, counter: HallClient, engine: QueueEngine, service: str) -> int:
    engine.issue_ticket(service)
    ok(qtbot, counter, "sign_in")
    ticket = ok(qtbot, counter, "call_next")
    ok(qtbot, counter, "finish", outcome="done")
    return int(ticket["id"])


def token_of(engine: QueueEngine, ticket_id: int) -> int:
    session = engine.rating_session(ticket_id)
    assert session is not None
    return session.session


def stored(engine: QueueEngine, ticket_id: int) -> Any:
    with engine.db.read() as conn:
        return conn.execute(select(Rating).where(Rating.ticket_id == ticket_id)).first()


def wait_stored(qtbot: QtBot, engine: QueueEngine, ticket_id: int) -> Any:
    qtbot.waitUntil(lambda: stored(engine, ticket_id) is not None, timeout=WAIT_MS)
    with engine.db.read() as conn:
        rows = conn.execute(select(Rating).where(Rating.ticket_id == ticket_id)).all()
    assert len(rows) == 1
    return rows[0]


def test_the_server_starts_each_windows_keypad_on_its_session_and_stores_the_key(
    qtbot: QtBot,
    connect: Connect,
    engine: QueueEngine,
    clock: ManualClock,
    bus: BusKeypads,
    sim: KeypadSimulator,
) -> None:
    one = connect("counter", window=1)
    two = connect("counter", window=2, staff_no="1002")
    first = finished_ticket(qtbot, one, engine, "A")
    second = finished_ticket(qtbot, two, engine, "A")
    # nobody asked: the finish opened each session, and the server started its keypad
    assert sim.wait_session(1) == token_of(engine, first)
    assert sim.wait_session(2) == token_of(engine, second)
    clock.advance(seconds=3)
    assert sim.press(2, address=2) and sim.press(5, address=1)

    row_one, row_two = wait_stored(qtbot, engine, first), wait_stored(qtbot, engine, second)
    assert (row_one.level, row_one.device_address, row_one.device) == (5, 1, sim.url)
    assert (row_two.level, row_two.device_address, row_two.device) == (2, 2, sim.url)
    assert (row_one.path, row_two.path) == ("bus", "bus")
    assert row_one.keypad_session == token_of(engine, first)
    assert row_two.keypad_session == token_of(engine, second)
    assert row_one.raw_frame.startswith("AA 55 01") and row_two.raw_frame.startswith("AA 55 02")
    assert engine.ticket(first).window_no == 1 and engine.ticket(second).window_no == 2
    # rated once (一次一评): the session is closed, so there is nothing to ask for again
    assert refused(qtbot, one, "request_rating", ticket_id=first) == "bad_ticket_state"
    assert anomalies(engine) == []


def test_a_ticket_not_finished_yet_starts_no_rating_session(
    qtbot: QtBot, connect: Connect, engine: QueueEngine, bus: BusKeypads, sim: KeypadSimulator
) -> None:
    """The 'finished' check of bus ratings (a fault planted there passed every test before)."""
    one = connect("counter", window=1)
    engine.issue_ticket("A")
    ok(qtbot, one, "sign_in")
    ticket = ok(qtbot, one, "call_next")
    assert refused(qtbot, one, "request_rating", ticket_id=ticket["id"]) == "bad_ticket_state"
    ok(qtbot, one, "start")
    assert refused(qtbot, one, "request_rating", ticket_id=ticket["id"]) == "bad_ticket_state"
    assert sim.keypads[1].session is None and stored(engine, ticket["id"]) is None


def test_the_keypads_own_timeout_stores_nothing_the_servers_deadline_stores_not_rated(
    qtbot: QtBot,
    connect: Connect,
    engine: QueueEngine,
    clock: ManualClock,
    bus: BusKeypads,
    sim: KeypadSimulator,
) -> None:
    counter = connect("counter", window=1)
    ticket = finished_ticket(qtbot, counter, engine, "A")
    token = sim.wait_session(1)
    left = 2
    clock.advance(seconds=engine.settings.rating_timeout_s - left)
    # asked again with 2 s left: the keypad is restarted on the same token for 2 s
    assert ok(qtbot, counter, "request_rating", ticket_id=ticket)["session"] == token
    qtbot.wait(int((left + 1.5) * 1000))  # the keypad gives up, on its own clock
    assert not sim.press(5, address=1)  # a key after the keypad's timeout goes nowhere
    session = engine.rating_session(ticket)
    assert session is not None and session.open and stored(engine, ticket) is None
    clock.advance(seconds=left + 1)
    [closed] = engine.expire_ratings()  # what the composition's tick does every second
    assert closed.ticket_id == ticket and closed.level is None
    row = stored(engine, ticket)
    assert (row.level, row.path, row.device, row.raw_frame) == (None, "none", "", "")
    assert anomalies(engine) == []


def test_a_key_for_a_session_the_server_has_closed_is_logged_not_stored(
    qtbot: QtBot,
    connect: Connect,
    engine: QueueEngine,
    clock: ManualClock,
    bus: BusKeypads,
    sim: KeypadSimulator,
) -> None:
    counter = connect("counter", window=1)
    ticket = finished_ticket(qtbot, counter, engine, "A")
    sim.wait_session(1)
    clock.advance(seconds=engine.settings.rating_timeout_s + 1)
    engine.expire_ratings()  # 未评价 at the server's deadline; the keypad still waits
    assert sim.press(4, address=1)
    qtbot.waitUntil(lambda: bool(anomalies(engine)), timeout=WAIT_MS)
    assert anomalies(engine) == [("closed_session", 1, "bus")]
    assert wait_stored(qtbot, engine, ticket).level is None


def test_a_counter_cannot_request_a_rating_for_another_windows_ticket(
    qtbot: QtBot, connect: Connect, engine: QueueEngine, bus: BusKeypads, sim: KeypadSimulator
) -> None:
    two = connect("counter", window=2, staff_no="1002")
    ticket = finished_ticket(qtbot, two, engine, "A")
    one = connect("counter", window=1)
    assert refused(qtbot, one, "request_rating", ticket_id=ticket) == "forbidden"
    assert sim.wait_session(2) == token_of(engine, ticket)  # its own window's keypad
    assert sim.keypads[1].session is None and stored(engine, ticket) is None


def test_a_window_off_the_bus_is_shown_its_session_and_no_bus_keypad_starts(
    qtbot: QtBot, connect: Connect, engine: QueueEngine, bus: BusKeypads, sim: KeypadSimulator
) -> None:
    """Window 3's keypad is on the clerk's PC (or it has a tablet): the desk shows the
    session, its own keypad echoes the token; the server's bus is not asked."""
    three = connect("counter", window=3, staff_no="1003")
    ticket = finished_ticket(qtbot, three, engine, "B")
    shown = ok(qtbot, three, "request_rating", ticket_id=ticket)
    assert (shown["window"], shown["session"], shown["open"]) == (3, token_of(engine, ticket), True)
    qtbot.wait(300)  # a few polls
    assert all(kp.session is None for kp in sim.keypads.values())


def test_a_server_without_a_bus_shows_the_session_for_the_desks_own_keypad(
    qtbot: QtBot, connect: Connect, engine: QueueEngine
) -> None:
    counter = connect("counter", window=1)
    ticket = finished_ticket(qtbot, counter, engine, "A")
    shown = ok(qtbot, counter, "request_rating", ticket_id=ticket)
    assert (shown["ticket_id"], shown["session"]) == (ticket, token_of(engine, ticket))


def logged_statuses(engine: QueueEngine) -> set[tuple[int, bool]]:
    events = engine.events_after(0, 1000)
    return {(e.data["window"], e.data["online"]) for e in events if e.kind == "keypad_status"}


def test_an_unplugged_bus_is_published_offline_then_online_again(
    qtbot: QtBot, connect: Connect, engine: QueueEngine, bus: BusKeypads, sim: KeypadSimulator
) -> None:
    qtbot.waitUntil(lambda: {(1, True), (2, True)} <= logged_statuses(engine), timeout=WAIT_MS)
    display = connect("display")
    statuses: list[tuple[int, bool]] = []
    display.event_received.connect(
        lambda e: (
            statuses.append((e["data"]["window"], e["data"]["online"]))
            if e["kind"] == "keypad_status"
            else None
        )
    )
    sim.unplug()
    qtbot.waitUntil(lambda: {(1, False), (2, False)} <= set(statuses), timeout=WAIT_MS)
    seen = len(statuses)
    sim.replug()
    qtbot.waitUntil(lambda: {(1, True), (2, True)} <= set(statuses[seen:]), timeout=WAIT_MS)


def test_the_counter_learns_the_stored_rating_even_across_a_reconnect(
    qtbot: QtBot,
    connect: Connect,
    engine: QueueEngine,
    clock: ManualClock,
    bus: BusKeypads,
    sim: KeypadSimulator,
) -> None:
    """The workstation only shows the result: the rating_recorded event, which a counter that
    was offline meanwhile gets by catch-up."""
    counter = connect("counter", window=1)
    heard: list[dict[str, Any]] = []
    counter.event_received.connect(heard.append)
    ticket = finished_ticket(qtbot, counter, engine, "A")
    sim.wait_session(1)
    counter.close()
    clock.advance(seconds=3)
    assert sim.press(4, address=1)
    assert wait_stored(qtbot, engine, ticket).level == 4
    counter.open()
    qtbot.waitUntil(lambda: any(e["kind"] == "rating_recorded" for e in heard), timeout=WAIT_MS)
    [recorded] = [e for e in heard if e["kind"] == "rating_recorded"]
    assert recorded["ticket_id"] == ticket
    assert (recorded["data"]["level"], recorded["data"]["path"]) == (4, "bus")


def test_the_config_names_the_servers_keypad_bus() -> None:
    assert parse_config(default_text()).keypad_bus == ""
    text = '[devices]\nkeypad_bus = "socket://10.0.0.5:4001"\n'
    assert parse_config(text).keypad_bus == "socket://10.0.0.5:4001"
    with pytest.raises(ConfigError, match=r"devices\.keypad_bus"):
        parse_config("[devices]\nkeypad_bus = 4001\n")
