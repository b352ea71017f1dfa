"""A rating on the server's bus keypad: the server starts the keypad by itself when the case
finishes, stores the key (path "bus"), and the desk only shows it: it sends no rating request
of any kind.

The hall is app.composition.HallSystem (as `python -m app server` builds it, keypad bus
included) on the test's database, with a simulated keypad on a real TCP port; the desk's
client reaches that system's server through the loopback of tests/ui/table_client.py, so
the requests it sent can be listed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from app.composition import HallSystem
from app.devices.keypad.simulator import KeypadSimulator
from app.models import Database, Rating, Window, sqlite_url
from app.queue import ManualClock
from app.ui.counter_desk import ClerkDesk
from tests.ui.table_client import HALL_CONFIG, TableClient, credential

pytestmark = pytest.mark.timeout(60)
WAIT = 10_000


@pytest.fixture
def sim() -> Iterator[KeypadSimulator]:
    with KeypadSimulator.on_tcp(addresses=[1], push=False) as simulator:
        yield simulator


@pytest.fixture
def system(
    qapp: Any, db_path: Path, clock: ManualClock, sim: KeypadSimulator
) -> Iterator[HallSystem]:
    """The server side with window 1's keypad at address 1 on the server's bus."""
    db = Database(sqlite_url(db_path))
    with db.write() as conn:
        conn.execute(
            update(Window).where(Window.number == 1).values(keypad_url="bus", keypad_address=1)
        )
    db.dispose()
    config = replace(HALL_CONFIG, keypad_bus=sim.url)
    built = HallSystem(config, sqlite_url(db_path), clock=clock, jobs=False, check_results=True)
    built.start()
    yield built
    built.stop()


def test_a_rating_on_the_servers_bus_keypad_is_stored_and_shown_and_the_desk_sends_nothing(
    qtbot: Any, system: HallSystem, sim: KeypadSimulator, clock: ManualClock
) -> None:
    assert system.server is not None
    client = TableClient(system.server, "counter", credential("counter", window=1))
    desk = ClerkDesk(client, 1, None, now=clock.now)  # no keypad on the PC: it is on the bus
    qtbot.addWidget(desk)
    client.open()
    qtbot.waitUntil(lambda: desk.state.get("number") == 1)
    engine = system.engine
    engine.sign_in(1, "1001")
    engine.issue_ticket("A")
    engine.call_next(1)
    desk.refresh()
    qtbot.waitUntil(lambda: desk.buttons["finish"].isEnabled())
    desk.act("finish")
    desk.finish_panel.choose("done")
    qtbot.waitUntil(lambda: engine.rating_session(1) is not None)
    session = engine.rating_session(1)
    assert session is not None
    qtbot.waitUntil(lambda: sim.keypads[1].session == session.session, timeout=WAIT)
    assert desk.rating_ticket == 1 and not desk.buttons["call_next"].isEnabled()
    clock.advance(seconds=3)
    assert sim.press(4, 1)
    qtbot.waitUntil(lambda: "Satisfied" in desk.rating.text(), timeout=WAIT)
    qtbot.waitUntil(lambda: desk.rating_ticket is None)
    assert not {"record_rating", "relay_keypad_frame", "request_rating"} & set(client.ops())
    with engine.db.read() as conn:
        stored = conn.execute(select(Rating.ticket_id, Rating.level, Rating.path)).all()
    assert [tuple(row) for row in stored] == [(1, 4, "bus")]
    qtbot.waitUntil(lambda: "(1 rated)" in desk.today.text())
    client.close()
