"""The kiosk issues tickets, prints them, shows closed services and returns home when idle;
on the real server and command table through the loopback (tests/ui/table_client.py)."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from app.models import Appointment, Database, Service
from app.net.server import HallServer
from app.queue import ManualClock, QueueEngine
from app.ui.admin.console import AdminConsole
from app.ui.admin.ops_tabs import TicketsTab
from app.ui.kiosk import KioskScreen
from tests.ui.conftest import ClientFactory
from tests.ui.table_client import TableClient, credential


class FakePrinter:
    """Records slips; fails when told to; runs on whatever thread calls it."""

    def __init__(self, fail: bool = False) -> None:
        self.fail = fail
        self.slips: list[Any] = []
        self.threads: list[str] = []

    def print_ticket(self, slip: Any) -> None:
        self.threads.append(threading.current_thread().name)
        if self.fail:
            raise OSError("paper out")
        self.slips.append(slip)


def build(qtbot: Any, make_client: ClientFactory, printer: Any = None) -> KioskScreen:
    kiosk = KioskScreen(make_client("kiosk"), printer)
    qtbot.addWidget(kiosk)
    kiosk.resize(1280, 1024)
    qtbot.waitUntil(lambda: len(kiosk.buttons) == 6)
    return kiosk


def test_a_touch_takes_a_ticket_shows_it_big_and_prints_it_off_the_gui_thread(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine
) -> None:
    engine.issue_ticket("B")
    printer = FakePrinter()
    kiosk = build(qtbot, make_client, printer)
    kiosk.buttons["B"].click()
    qtbot.waitUntil(lambda: kiosk.ticket_page.number.text() == "B002")
    assert kiosk.pages.currentWidget() is kiosk.ticket_page
    assert "1" in kiosk.ticket_page.ahead.text()
    qtbot.waitUntil(lambda: engine.ticket(2).print_state == "printed")
    assert kiosk.client.args_of("set_print_state") == {"ticket_id": 2, "state": "printed"}  # type: ignore[attr-defined]
    assert printer.slips[0]["number"] == "B002"
    assert printer.threads == ["ticket-printer"]


def test_a_print_failure_is_told_on_screen_and_marked_failed(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine
) -> None:
    kiosk = build(qtbot, make_client, FakePrinter(fail=True))
    kiosk.buttons["A"].click()
    qtbot.waitUntil(lambda: "A001" in kiosk.ticket_page.print_state.text())
    qtbot.waitUntil(lambda: engine.ticket(1).print_state == "failed")
    assert kiosk.client.args_of("set_print_state") == {"ticket_id": 1, "state": "failed"}  # type: ignore[attr-defined]


def test_the_green_channel_takes_a_priority_ticket_and_then_switches_off(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine
) -> None:
    kiosk = build(qtbot, make_client, FakePrinter())
    kiosk.green.click()
    kiosk.buttons["C"].click()
    qtbot.waitUntil(lambda: kiosk.last_issued is not None)
    assert engine.waiting(service="C")[0].priority
    assert not kiosk.green.isChecked()


def test_a_double_tap_takes_one_ticket(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine
) -> None:
    kiosk = build(qtbot, make_client, FakePrinter())
    kiosk.buttons["D"].click()
    kiosk.buttons["D"].click()
    qtbot.waitUntil(lambda: kiosk.last_issued is not None)
    qtbot.wait(30)
    assert len(engine.waiting(service="D")) == 1


def test_closed_services_are_disabled_with_their_reason(
    qtbot: Any, make_client: ClientFactory, clock: ManualClock
) -> None:
    clock.advance(hours=9)  # 18:00, after every service's last ticket
    kiosk = build(qtbot, make_client)
    assert not kiosk.buttons["A"].isEnabled()
    assert "08:30" in kiosk.buttons["A"].detail.text()


def test_an_appointment_code_checks_in_from_the_keypad(
    qtbot: Any, make_client: ClientFactory, db: Database, clock: ManualClock
) -> None:
    with db.write() as conn:
        service = conn.scalar(select(Service.id).where(Service.code == "E"))
        start = clock.now() + dt.timedelta(minutes=10)
        conn.execute(
            insert(Appointment).values(
                code="7K2",
                service_id=service,
                slot_start=start,
                slot_end=start + dt.timedelta(minutes=30),
                visitor="",
            )
        )
    kiosk = build(qtbot, make_client, FakePrinter())
    kiosk.check_in.click()
    assert kiosk.pages.currentWidget() is kiosk.check_in_page
    keys = {b.text(): b for b in kiosk.check_in_page.findChildren(type(kiosk.check_in))}
    for key in "7K2":
        keys[key].click()
    assert kiosk.code.text() == "7K2"
    kiosk.code_ok.click()
    qtbot.waitUntil(lambda: kiosk.ticket_page.number.text() == "E001")


def test_an_unknown_code_is_refused_with_a_message(qtbot: Any, make_client: ClientFactory) -> None:
    kiosk = build(qtbot, make_client)
    kiosk.show_check_in()
    qtbot.keyClicks(kiosk.code, "NOPE\r")
    qtbot.waitUntil(lambda: "NOPE" in kiosk.message.text())
    assert kiosk.pages.currentWidget() is kiosk.check_in_page


def test_the_kiosk_returns_to_the_start_when_left_alone(
    qtbot: Any, make_client: ClientFactory
) -> None:
    kiosk = build(qtbot, make_client)
    kiosk.idle.setInterval(50)
    kiosk.show_check_in()
    kiosk.code.setText("12")
    qtbot.waitUntil(lambda: kiosk.pages.currentWidget() is kiosk.start_page)
    assert kiosk.code.text() == ""


def test_a_kiosk_without_a_printer_shows_the_number_and_marks_nothing(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine
) -> None:
    kiosk = build(qtbot, make_client, printer=None)
    kiosk.buttons["F"].click()
    qtbot.waitUntil(lambda: "F001" in kiosk.ticket_page.print_state.text())
    qtbot.wait(50)
    assert "set_print_state" not in kiosk.client.ops()  # type: ignore[attr-defined]
    assert engine.ticket(1).print_state == "pending"


def test_a_slip_that_failed_is_listed_on_the_console_until_handed_over(
    qtbot: Any,
    make_client: ClientFactory,
    hall_server: HallServer,
    engine: QueueEngine,
    clock: ManualClock,
    tmp_path: Path,
) -> None:
    """The kiosk's printer failed: the console lists the ticket as failed; "Mark handed
    over" records it printed (both screens on the one server)."""
    kiosk = build(qtbot, make_client, FakePrinter(fail=True))
    kiosk.buttons["A"].click()
    qtbot.waitUntil(lambda: "A001" in kiosk.ticket_page.print_state.text())

    def connect(staff_no: str, password: str) -> TableClient:
        login = credential("admin", staff_no=staff_no, password=password)
        return TableClient(hall_server, "admin", login)

    console = AdminConsole(connect, reports_folder=tmp_path, now=clock.now)
    qtbot.addWidget(console)
    console.login.staff_no.setText("admin")
    console.login.password.setText("admin123")
    console.login.button.click()
    qtbot.waitUntil(lambda: console.tabs is not None)
    tickets = console.show_tab("tickets")
    assert isinstance(tickets, TicketsTab)
    qtbot.waitUntil(lambda: tickets.table.rowCount() == 1)
    row = tickets.table.rows[0]
    assert (row["number"], row["print_state"], row["kiosk"]) == ("A001", "failed", "kiosk1")
    tickets.table.selectRow(0)
    tickets.mark_selected()
    qtbot.waitUntil(lambda: tickets.table.rowCount() == 0)
    assert engine.ticket(1).print_state == "printed"
    console.close()
