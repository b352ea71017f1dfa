"""The kiosk issues tickets, prints them, shows closed services and returns home when idle."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

from sqlalchemy import insert, select

from app.models import Appointment, Database, Service
from app.queue import ManualClock, QueueEngine
from app.ui.kiosk import KioskScreen
from tests.ui.conftest import ClientFactory


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
    qtbot.waitUntil(
        lambda: ("set_print_state", {"ticket_id": 2, "state": "printed"}) in kiosk.client.sent
    )  # type: ignore[attr-defined]
    assert printer.slips[0]["number"] == "B002"
    assert printer.threads == ["ticket-printer"]


def test_a_print_failure_is_told_on_screen_and_marked_failed(
    qtbot: Any, make_client: ClientFactory
) -> None:
    kiosk = build(qtbot, make_client, FakePrinter(fail=True))
    kiosk.buttons["A"].click()
    qtbot.waitUntil(
        lambda: ("set_print_state", {"ticket_id": 1, "state": "failed"}) in kiosk.client.sent
    )  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: "A001" in kiosk.ticket_page.print_state.text())


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
    qtbot: Any, make_client: ClientFactory
) -> None:
    kiosk = build(qtbot, make_client, printer=None)
    kiosk.buttons["F"].click()
    qtbot.waitUntil(lambda: "F001" in kiosk.ticket_page.print_state.text())
    assert "set_print_state" not in kiosk.client.ops()  # type: ignore[attr-defined]
