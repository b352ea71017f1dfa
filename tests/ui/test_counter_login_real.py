"""The clerk's login against a real hall server, as a window PC on the LAN does it (real
sockets: what is tested is that refused logins over the network leave no stuck client)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from app.composition import build_hall
from app.config import Config, Limits, Tokens
from app.hall.table import build_table
from app.net.client import HallClient
from app.net.server import HallServer
from app.queue import QueueEngine
from app.ui.counter import ClerkWorkstation

TOKEN = "counter-token-0002"


@pytest.fixture
def server(qtbot: Any, engine: QueueEngine) -> Iterator[HallServer]:
    # refused again and again on purpose: no back-off in the way (tests/net/test_lan_logins.py)
    relaxed = Limits(login_backoff_after=100)
    hall = build_hall(engine, Config(tokens=Tokens({}, {}, {2: TOKEN}), limits=relaxed))
    hub = HallServer(hall, build_table(check_results=True))
    hub.listen("127.0.0.1", 0)
    yield hub
    hub.close()


def test_a_refused_login_over_the_network_leaves_the_station_usable(
    qtbot: Any, server: HallServer
) -> None:
    made: list[HallClient] = []

    def connect(staff_no: str, password: str) -> HallClient:
        # No parent, as on a window PC: the station alone keeps the client alive.
        credential = {"token": TOKEN, "window": 2, "staff_no": staff_no, "password": password}
        client = HallClient(f"ws://127.0.0.1:{server.port}", "counter", credential)
        made.append(client)
        return client

    station = ClerkWorkstation(2, connect)
    qtbot.addWidget(station)
    for _ in range(3):  # refused again and again: no crash, no stuck state
        station.login.staff_no.setText("1002")
        station.login.password.setText("wrong")
        station.login.button.click()
        qtbot.waitUntil(lambda: station.login.button.isEnabled() and station.client is None)
        assert station.desk is None and station.login.message.text()
        made.clear()  # drop the test's own references too
        qtbot.wait(50)
    station.login.password.setText("123456")
    station.login.button.click()
    qtbot.waitUntil(lambda: station.desk is not None, timeout=10_000)
    station.log_out()
