"""Each screen renders with Chinese text (screenshots/ is git-ignored; look at them)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QWidget

from app.queue import ManualClock, QueueEngine
from app.ui.counter_desk import ClerkDesk
from app.ui.counter_screen import CounterScreen
from app.ui.display import LobbyDisplay
from app.ui.kiosk import KioskScreen
from tests.ui.conftest import ClientFactory, colour_spread, screenshot
from tests.ui.test_kiosk import FakePrinter


@pytest.fixture
def busy_hall(engine: QueueEngine, clock: ManualClock) -> QueueEngine:
    """A morning's hall: clerks at windows 1–4, tickets taken, a few calls made."""
    for window, staff in ((1, "1001"), (2, "1002"), (3, "1003"), (4, "1004")):
        engine.sign_in(window, staff)
    for code in "AAABBCDDAEFA":
        engine.issue_ticket(code)
    engine.issue_ticket("A", priority=True)
    for window in (1, 3, 2):
        engine.call_next(window)
        clock.advance(minutes=1)
    engine.start(1)
    engine.pause(4, "meeting")
    return engine


def show(qtbot: Any, widget: QWidget, width: int, height: int) -> None:
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)


def check(qtbot: Any, widget: QWidget, name: str) -> None:
    qtbot.wait(60)  # widgets added to a shown layout appear on the next turn of the loop
    image = screenshot(widget, name)
    colours, share = colour_spread(image)
    assert colours > 20, f"{name}: only {colours} colours; blank?"
    assert share > 0.05, f"{name}: almost all background"


def test_a_cjk_font_is_installed(qapp: Any) -> None:
    assert QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)


def test_lobby_display(
    qtbot: Any, make_client: ClientFactory, busy_hall: QueueEngine, clock: ManualClock, zh: None
) -> None:
    display = LobbyDisplay(make_client("display"), now=clock.now)
    show(qtbot, display, 1920, 1080)
    qtbot.waitUntil(lambda: "A001" in display.latest_number.text())
    qtbot.waitUntil(lambda: display.service_grid.count() == 6)
    display._flash.stop()
    check(qtbot, display, "lobby_display")


def test_counter_screen(
    qtbot: Any, make_client: ClientFactory, busy_hall: QueueEngine, zh: None
) -> None:
    screen = CounterScreen(make_client("display"), 1)
    show(qtbot, screen, 1280, 720)
    qtbot.waitUntil(lambda: screen.ticket.text() == "A006")
    check(qtbot, screen, "counter_screen")
    paused = CounterScreen(make_client("display"), 4)
    show(qtbot, paused, 1280, 720)
    qtbot.waitUntil(lambda: paused.ticket.text() == "暂停服务")
    check(qtbot, paused, "counter_screen_paused")


def test_kiosk(
    qtbot: Any, make_client: ClientFactory, busy_hall: QueueEngine, clock: ManualClock, zh: None
) -> None:
    kiosk = KioskScreen(make_client("kiosk"), FakePrinter(fail=True), now=clock.now)
    show(qtbot, kiosk, 1280, 1024)
    qtbot.waitUntil(lambda: len(kiosk.buttons) == 6)
    check(qtbot, kiosk, "kiosk_start")
    kiosk.show_check_in()
    check(qtbot, kiosk, "kiosk_check_in")
    kiosk.go_home()
    kiosk.buttons["B"].click()
    qtbot.waitUntil(lambda: "打印失败" in kiosk.ticket_page.print_state.text())
    check(qtbot, kiosk, "kiosk_ticket")


def test_clerk_desk(
    qtbot: Any, make_client: ClientFactory, busy_hall: QueueEngine, clock: ManualClock, zh: None
) -> None:
    clock.advance(minutes=12)
    desk = ClerkDesk(make_client("counter", window=1, staff_no="1001"), 1, now=clock.now)
    show(qtbot, desk, 1366, 768)
    qtbot.waitUntil(lambda: desk.waiting.count() > 0 and "今日" in desk.today.text())
    check(qtbot, desk, "clerk_desk")
    desk.act("finish")
    check(qtbot, desk, "clerk_desk_finish")


def test_clerk_login(qtbot: Any, make_client: ClientFactory, zh: None) -> None:
    from app.ui.counter import ClerkWorkstation

    station = ClerkWorkstation(1, lambda no, pw: make_client("counter", connect=False))
    show(qtbot, station, 1366, 768)
    check(qtbot, station, "clerk_login")
