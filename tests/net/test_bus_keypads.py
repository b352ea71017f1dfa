"""Keypads on an RS-485 bus attached to the server: a real HallServer on 127.0.0.1, real
counter clients, a simulated two-keypad bus on a real TCP port (socket://) polled by the
server's driver, ratings stored through the engine on the server's thread (handed over by the
composition root's Poster, as in `python -m app server` and the one-PC hall)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select, update

from app.composition import Poster
from app.config import ConfigError, default_text, parse_config
from app.devices.keypad import DriverTiming
from app.devices.keypad.simulator import KeypadSimulator
from app.hall.context import Hall
from app.hall.keypad_bus import BusKeypads
from app.models import Rating, Window
from app.net.client import HallClient
from app.queue import QueueEngine
from app.ui.keypad_bridge import ServerKeypad, ServerKeypadError
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
    keypads = BusKeypads(hall, sim.url, poster.post, timeout_s=10.0, timing=FAST).start()
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


def stored(engine: QueueEngine, ticket_id: int) -> Any:
    with engine.db.read() as conn:
        return conn.execute(select(Rating).where(Rating.ticket_id == ticket_id)).first()


def wait_stored(qtbot: QtBot, engine: QueueEngine, ticket_id: int) -> Any:
    qtbot.waitUntil(lambda: stored(engine, ticket_id) is not None, timeout=WAIT_MS)
    with engine.db.read() as conn:
        rows = conn.execute(select(Rating).where(Rating.ticket_id == ticket_id)).all()
    assert len(rows) == 1
    return rows[0]


def test_two_windows_rate_on_their_own_bus_keypads(
    qtbot: QtBot, connect: Connect, engine: QueueEngine, bus: BusKeypads, sim: KeypadSimulator
) -> None:
    one = connect("counter", window=1)
    two = connect("counter", window=2, staff_no="1002")
    first = finished_ticket(qtbot, one, engine, "A")
    second = finished_ticket(qtbot, two, engine, "A")
    started_one = ok(qtbot, one, "request_rating", ticket_id=first)
    started_two = ok(qtbot, two, "request_rating", ticket_id=second)
    assert (started_one["window"], started_one["device_address"]) == (1, 1)
    assert (started_two["window"], started_two["device_address"]) == (2, 2)
    sim.wait_session(2)
    sim.wait_session(1)
    assert sim.press(2, address=2) and sim.press(5, address=1)

    row_one, row_two = wait_stored(qtbot, engine, first), wait_stored(qtbot, engine, second)
    assert (row_one.level, row_one.device_address, row_one.device) == (5, 1, sim.url)
    assert (row_two.level, row_two.device_address, row_two.device) == (2, 2, sim.url)
    assert row_one.keypad_session == started_one["keypad_session"]
    assert row_two.keypad_session == started_two["keypad_session"]
    assert row_one.raw_frame.startswith("AA 55 01") and row_two.raw_frame.startswith("AA 55 02")
    assert engine.ticket(first).window_no == 1 and engine.ticket(second).window_no == 2
    # rated once (一次一评): the rule of app.queue.ratings, so its own code since issue 11
    assert refused(qtbot, one, "request_rating", ticket_id=first) == "bad_ticket_state"


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


def test_no_key_in_time_stores_not_rated(
    qtbot: QtBot, connect: Connect, engine: QueueEngine, bus: BusKeypads, sim: KeypadSimulator
) -> None:
    bus.timeout_s = 1.0
    counter = connect("counter", window=1)
    ticket = finished_ticket(qtbot, counter, engine, "A")
    ok(qtbot, counter, "request_rating", ticket_id=ticket)
    sim.wait_session(1)
    row = wait_stored(qtbot, engine, ticket)
    assert row.level is None and row.device_address == 1 and row.raw_frame == ""


def test_a_counter_cannot_request_a_rating_for_another_windows_ticket(
    qtbot: QtBot, connect: Connect, engine: QueueEngine, bus: BusKeypads, sim: KeypadSimulator
) -> None:
    two = connect("counter", window=2, staff_no="1002")
    ticket = finished_ticket(qtbot, two, engine, "A")
    one = connect("counter", window=1)
    assert refused(qtbot, one, "request_rating", ticket_id=ticket) == "forbidden"
    assert sim.keypads[1].session is None and stored(engine, ticket) is None


def test_a_window_without_a_bus_keypad_is_told_not_available(
    qtbot: QtBot, connect: Connect, engine: QueueEngine, bus: BusKeypads
) -> None:
    three = connect("counter", window=3, staff_no="1003")
    ticket = finished_ticket(qtbot, three, engine, "B")
    assert refused(qtbot, three, "request_rating", ticket_id=ticket) == "not_available"


def test_a_server_without_a_bus_refuses_request_rating(
    qtbot: QtBot, connect: Connect, engine: QueueEngine
) -> None:
    counter = connect("counter", window=1)
    ticket = finished_ticket(qtbot, counter, engine, "A")
    assert refused(qtbot, counter, "request_rating", ticket_id=ticket) == "not_available"


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


def test_the_counters_server_keypad_reports_the_stored_rating(
    qtbot: QtBot, connect: Connect, engine: QueueEngine, bus: BusKeypads, sim: KeypadSimulator
) -> None:
    counter = connect("counter", window=1)
    ticket = finished_ticket(qtbot, counter, engine, "A")
    keypad = ServerKeypad(lambda: counter)
    results: list[Any] = []
    keypad.start_rating({"id": ticket}, results.append)
    qtbot.waitUntil(lambda: sim.keypads[1].session is not None, timeout=WAIT_MS)  # serves Qt
    sim.press(4, address=1)
    qtbot.waitUntil(lambda: bool(results), timeout=WAIT_MS)
    result = results[0]
    assert result["recorded"] is True
    assert (result["ticket_id"], result["level"], result["end"]) == (ticket, 4, "key")
    assert result["device_address"] == 1 and result["device"] == sim.url
    assert stored(engine, ticket).level == 4


def test_the_counters_server_keypad_reports_a_refusal(
    qtbot: QtBot, connect: Connect, engine: QueueEngine, bus: BusKeypads
) -> None:
    three = connect("counter", window=3, staff_no="1003")
    ticket = finished_ticket(qtbot, three, engine, "B")
    results: list[Any] = []
    ServerKeypad(lambda: three).start_rating({"id": ticket}, results.append)
    qtbot.waitUntil(lambda: bool(results), timeout=WAIT_MS)
    assert isinstance(results[0], ServerKeypadError)
    assert results[0].error["code"] == "not_available"


def test_the_config_names_the_servers_keypad_bus() -> None:
    assert parse_config(default_text()).keypad_bus == ""
    text = '[devices]\nkeypad_bus = "socket://10.0.0.5:4001"\n'
    assert parse_config(text).keypad_bus == "socket://10.0.0.5:4001"
    with pytest.raises(ConfigError, match=r"devices\.keypad_bus"):
        parse_config("[devices]\nkeypad_bus = 4001\n")
