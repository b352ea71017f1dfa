"""The screens' side of the LAN's protections: the workstation's and the console's login ask
for a new password when the server requires one; a workstation whose window was logged in to
elsewhere returns to its login page saying so; the number field takes a scanned ticket QR and
shows the refusal of a forged one; the console lists login locks and unlocks one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from app.hall.context import Hall
from app.models import AuditLog, Staff, staff_config
from app.net.server import HallServer
from app.queue import ManualClock, QueueEngine
from app.ui.admin.console import AdminConsole
from app.ui.admin.locks_tab import LocksTab
from app.ui.counter import ClerkWorkstation
from tests.ui.conftest import ClientFactory
from tests.ui.table_client import TableClient, credential

SET_BY_ADMIN = "Set-By-Admin-1"
CHOSEN = "Chosen-By-Me-2"


@pytest.fixture
def stations() -> Iterator[list[ClerkWorkstation]]:
    made: list[ClerkWorkstation] = []
    yield made
    for station in made:
        station.log_out()  # its client closed: it does not go on reconnecting


def station_for(
    qtbot: Any, hall_server: HallServer, clock: ManualClock, made: list[ClerkWorkstation]
) -> ClerkWorkstation:
    def connect(staff_no: str, password: str, **more: str) -> TableClient:
        given = {"window": 2, "staff_no": staff_no, "password": password, **more}
        return TableClient(hall_server, "counter", credential("counter", **given))

    station = ClerkWorkstation(2, connect, now=clock.now)
    made.append(station)
    qtbot.addWidget(station)
    station.resize(1280, 800)
    station.show()
    return station


def test_the_workstation_asks_for_a_new_password_when_the_server_requires_one(
    qtbot: Any,
    hall_server: HallServer,
    clock: ManualClock,
    engine: QueueEngine,
    stations: list[ClerkWorkstation],
) -> None:
    with engine.db.write() as conn:
        staff_config.reset_password(conn, "1002", SET_BY_ADMIN)
    station = station_for(qtbot, hall_server, clock, stations)
    fields = station.login.new_password
    assert not fields.asked
    station.login.staff_no.setText("1002")
    station.login.password.setText(SET_BY_ADMIN)
    station.login.button.click()
    qtbot.waitUntil(lambda: fields.asked)
    assert station.desk is None and "new one" in station.login.message.text()
    fields.first.setText(CHOSEN)
    fields.again.setText(CHOSEN + "x")
    station.login.button.click()
    assert "differ" in station.login.message.text() and station.login.button.isEnabled()
    fields.again.setText(CHOSEN)
    station.login.button.click()
    qtbot.waitUntil(lambda: station.desk is not None)
    assert not fields.asked and fields.first.text() == ""
    with engine.db.read() as conn:
        assert not conn.scalar(select(Staff.must_change_password).where(Staff.staff_no == "1002"))


def test_a_workstation_whose_window_is_taken_over_returns_to_its_login_and_says_why(
    qtbot: Any,
    hall_server: HallServer,
    clock: ManualClock,
    make_client: ClientFactory,
    stations: list[ClerkWorkstation],
) -> None:
    station = station_for(qtbot, hall_server, clock, stations)
    station.login.staff_no.setText("1002")
    station.login.password.setText("123456")
    station.login.button.click()
    qtbot.waitUntil(lambda: station.desk is not None)
    make_client("counter", window=2, staff_no="1010")
    qtbot.waitUntil(lambda: station.desk is None)
    assert station.pages.currentWidget() is station.login
    assert "logged in to elsewhere" in station.login.message.text()
    assert "1010" in station.login.message.text()


def test_the_number_field_takes_a_scanned_ticket_and_shows_a_forged_ones_refusal(
    qtbot: Any,
    hall_server: HallServer,
    clock: ManualClock,
    make_client: ClientFactory,
    stations: list[ClerkWorkstation],
) -> None:
    kiosk = make_client("kiosk")
    box: list[Any] = []
    kiosk.request("issue_ticket", {"service": "B"}, box.append)
    qtbot.waitUntil(lambda: bool(box))
    issued = box[0]["ticket"]
    code = f"HQ1:{issued['id']}:{issued['day'].replace('-', '')}:{issued['number']}"
    station = station_for(qtbot, hall_server, clock, stations)
    station.login.staff_no.setText("1003")
    station.login.password.setText("123456")
    station.login.button.click()
    qtbot.waitUntil(lambda: station.desk is not None)
    desk = station.desk
    assert desk is not None
    client = station.client
    assert isinstance(client, TableClient)
    client.request("sign_in", {})
    panel = desk.number_panel
    panel.number.setText(f"{code}:00000000")  # forged: the scanner types it and Enter
    panel.number.returnPressed.emit()
    qtbot.waitUntil(lambda: "invalid ticket QR code" in desk.message.text())
    assert client.args_of("call_number") == {"code": f"{code}:00000000"}
    panel.number.setText(f"{code}:{box[0]['check']}")
    panel.number.returnPressed.emit()
    qtbot.waitUntil(lambda: (desk.state.get("current") or {}).get("number") == issued["number"])


def test_the_console_lists_login_locks_and_unlocks_one(
    qtbot: Any, hall: Hall, make_client: ClientFactory, engine: QueueEngine
) -> None:
    from app.ui.admin.common import Api

    for _ in range(5):
        hall.login_guard.failed("1004", "10.1.2.3")
    api = Api(make_client("admin"))
    tab = LocksTab(api)
    qtbot.addWidget(tab)
    tab.start()
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1)
    assert tab.table.item(0, 1).text() == "1004"
    tab.table.selectRow(0)
    tab.unlock()
    qtbot.waitUntil(lambda: tab.table.rowCount() == 0)
    with engine.db.read() as conn:
        actions = conn.execute(select(AuditLog.action, AuditLog.target)).all()
    assert ("login_unlock", "staff:1004") in [tuple(a) for a in actions]
    assert AdminConsole  # the console shows this tab as 登录锁定 (see test_admin.py's tabs)
