"""Every screen at the sizes halls use, on a real X server: the kiosk upright (1080×1920) and
lying (1920×1080), the clerk's workstation at 1366×768 and 1920×1080, the counter screen on a
small second monitor (1280×800, 1024×600), the lobby display on 1920×1080 and 3840×2160 TVs,
the console at 1920×1080 and 1366×768; and all of it again with High-DPI scaling at 150% and
200% (a child run with QT_SCALE_FACTOR). At each size the screen fits (its layout's minimum
is not larger), no button or one-line label is cut, the console's tables and tabs do not
scroll sideways, and the X server's picture is saved in build/screenshots/."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QLabel,
    QPushButton,
    QTabWidget,
    QWidget,
)

from app.config import Config
from app.embedded_hall import EmbeddedHall
from app.ui.admin.console import AdminConsole
from app.ui.admin.language import use_language
from app.ui.counter import ClerkWorkstation
from app.ui.counter_screen import CounterScreen
from app.ui.display import LobbyDisplay
from app.ui.kiosk import KioskScreen
from tests.e2e.conftest import SHOTS, STEP_S, grab

pytestmark = pytest.mark.timeout(240)
WAIT = STEP_S * 1000
SCALE = float(os.environ.get("QT_SCALE_FACTOR") or 1)
SUFFIX = "" if SCALE == 1 else f"_at{round(SCALE * 100)}pct"


@pytest.fixture
def hall(qapp: QApplication, tmp_path: Path) -> Iterator[EmbeddedHall]:
    """The one-PC hall on 127.0.0.1 with a morning in it: clerks at windows 1–4, tickets
    waiting, two called, one being served, window 4 paused."""
    use_language(qapp, "zh_CN")
    built = EmbeddedHall(Config(), data_dir=tmp_path)
    built.start()
    engine = built.engine
    for window, staff in ((1, "1001"), (2, "1002"), (3, "1003"), (4, "1004")):
        engine.sign_in(window, staff)
    for code in "AAABBCDDAEFA":
        engine.issue_ticket(code)
    engine.call_next(1)
    engine.start(1)
    engine.call_next(3)
    engine.pause(4, "meeting", "")
    yield built
    built.stop()
    use_language(qapp, "en")


def fits(widget: QWidget) -> list[str]:
    """What does not fit at the widget's size: its layout's minimum, a button's or a one-line
    label's text, a tab bar, a table or list scrolling sideways."""
    problems = []
    least = widget.minimumSizeHint()
    if least.width() > widget.width() or least.height() > widget.height():
        problems.append(f"needs at least {least.width()}×{least.height()}")
    for child in widget.findChildren(QWidget):
        if not child.isVisible():
            continue
        name = f"{type(child).__name__} {getattr(child, 'text', lambda: '')()!r}"
        if isinstance(child, QPushButton) and child.text() and child.layout() is None:
            if child.sizeHint().width() > child.width() + 1:
                problems.append(f"{name} cut: {child.sizeHint().width()} > {child.width()}")
        elif isinstance(child, QLabel) and child.text() and not child.wordWrap():
            if "<" not in child.text() and child.minimumSizeHint().width() > child.width() + 1:
                problems.append(f"{name} cut: {child.minimumSizeHint().width()} > {child.width()}")
        elif isinstance(child, QTabWidget):
            if child.tabBar().sizeHint().width() > child.width():
                problems.append(f"{name}: the tabs do not fit")
        elif isinstance(child, QAbstractScrollArea) and child.horizontalScrollBar().isVisible():
            problems.append(f"{name} scrolls sideways")
    return problems


def shown(qtbot: Any, widget: QWidget, width: int, height: int, name: str) -> list[str]:
    """The widget at a logical size on the X screen; its picture saved; what does not fit."""
    widget.setGeometry(0, 0, width, height)
    widget.show()
    qtbot.waitExposed(widget)
    qtbot.waitUntil(lambda: (widget.width(), widget.height()) == (width, height), timeout=WAIT)
    qtbot.wait(250)  # fonts follow the new size; the layout settles
    image = grab(widget, f"size_{name}_{width}x{height}{SUFFIX}")
    assert image.width() == round(width * SCALE) and image.height() == round(height * SCALE)
    return [f"{name} {width}×{height}: {p}" for p in fits(widget)]


def test_every_screen_fits_the_sizes_halls_use(qtbot: Any, hall: EmbeddedHall) -> None:
    problems: list[str] = []
    client = hall.kiosk()
    kiosk = KioskScreen(client, None)
    qtbot.addWidget(kiosk)
    client.open()
    qtbot.waitUntil(lambda: len(kiosk.buttons) == 6, timeout=WAIT)
    for size in ((1080, 1920), (1920, 1080)):
        problems += shown(qtbot, kiosk, *size, "kiosk")
    kiosk.buttons["B"].click()
    qtbot.waitUntil(lambda: kiosk.ticket_page.number.text() == "B003", timeout=WAIT)
    problems += shown(qtbot, kiosk, 1080, 1920, "kiosk_ticket")
    kiosk.close()

    station = ClerkWorkstation(1, lambda no, password: hall.counter(1, no, password))
    qtbot.addWidget(station)
    station.login.staff_no.setText("1001")
    station.login.password.setText("123456")
    station.login.submit()
    qtbot.waitUntil(lambda: station.desk is not None, timeout=WAIT)
    desk = station.desk
    assert desk is not None
    qtbot.waitUntil(lambda: desk.number.text() == "A001", timeout=WAIT)
    for size in ((1366, 768), (1920, 1080)):
        problems += shown(qtbot, station, *size, "desk")
    desk.act("finish")
    problems += shown(qtbot, station, 1366, 768, "desk_finish")
    desk.finish_panel.choose("incomplete")
    problems += shown(qtbot, station, 1366, 768, "desk_finish_materials")
    desk.show_buttons()
    desk.act("transfer")
    problems += shown(qtbot, station, 1366, 768, "desk_transfer")
    desk.show_buttons()
    station.close()

    client = hall.display()
    screen = CounterScreen(client, 1)
    qtbot.addWidget(screen)
    client.open()
    qtbot.waitUntil(lambda: screen.ticket.text() == "A001", timeout=WAIT)
    for size in ((1280, 800), (1024, 600)):
        problems += shown(qtbot, screen, *size, "counter_screen")
    screen.close()

    client = hall.display()
    display = LobbyDisplay(client)
    qtbot.addWidget(display)
    client.open()
    qtbot.waitUntil(lambda: "B001" in display.latest_number.text(), timeout=WAIT)
    display._flash.stop()
    for size in ((1920, 1080), (3840, 2160)):
        if size[0] * SCALE <= 3840:  # the X screen is 3840×2160
            problems += shown(qtbot, display, *size, "display")
    display.close()

    console = AdminConsole(lambda no, password: hall.admin(no, password))
    qtbot.addWidget(console)
    console.login.staff_no.setText("admin")
    console.login.password.setText("admin123")
    console.login.submit()
    qtbot.waitUntil(lambda: console.tabs is not None, timeout=WAIT)
    dashboard = console.pages["dashboard"]
    qtbot.waitUntil(lambda: dashboard.tiles["waiting"].value.text() != "—", timeout=WAIT)  # type: ignore[attr-defined]
    for size in ((1920, 1080), (1366, 768)):
        console.show_tab("dashboard")
        problems += shown(qtbot, console, *size, "console_dashboard")
        console.show_tab("monitor")
        qtbot.waitUntil(lambda: console.pages["monitor"].windows.rowCount() == 8, timeout=WAIT)  # type: ignore[attr-defined]
        problems += shown(qtbot, console, *size, "console_monitor")
    console.close()
    assert problems == []


@pytest.mark.skipif(SCALE != 1, reason="the child run itself")
@pytest.mark.parametrize("scale", ["1.5", "2"])
def test_every_screen_fits_with_high_dpi_scaling(scale: str) -> None:
    """The same screens in a child run with QT_SCALE_FACTOR (150%, 200%)."""
    env = dict(os.environ, QT_SCALE_FACTOR=scale)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
         f"{__file__}::test_every_screen_fits_the_sizes_halls_use"],
        env=env, capture_output=True, text=True, timeout=200, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    suffix = f"_at{round(float(scale) * 100)}pct"
    assert (SHOTS / f"size_desk_1366x768{suffix}.png").exists()
