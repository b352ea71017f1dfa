"""End-to-end tests on a real X server (Xvfb in CI: scripts/test runs them with
QT_QPA_PLATFORM=xcb), driven by real input events: xdotool moves the pointer and clicks, and
presses keys through the XTEST extension, so every event comes from the X server into Qt's
xcb event loop as a person's would. What happened is read from the screen (the text shown
by visible widgets, and the X framebuffer saved as screenshots) or from the database file.

Screenshots go to build/screenshots/ (HALLQUEUE_SCREENSHOTS overrides; git-ignored, kept by
CI as artefacts)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).parents[2]
SHOTS = Path(os.environ.get("HALLQUEUE_SCREENSHOTS") or ROOT / "build" / "screenshots")
REAL_X = os.environ.get("QT_QPA_PLATFORM") == "xcb" and bool(os.environ.get("DISPLAY"))
XDOTOOL = shutil.which("xdotool")
STEP_S = 10  # the longest any one step may take before the test fails


def pytest_collection_modifyitems(config: Any, items: list[Any]) -> None:
    reason = "needs a real X server (QT_QPA_PLATFORM=xcb, DISPLAY) and xdotool"
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/") and not (REAL_X and XDOTOOL):
            item.add_marker(pytest.mark.skip(reason=reason))


class Person:
    """A person at the hall's screens: clicks and keys through the X server, counted."""

    def __init__(self, qtbot: Any) -> None:
        self.qtbot = qtbot
        self.keystrokes = 0

    def xdotool(self, *args: str) -> None:
        assert XDOTOOL is not None
        subprocess.run([XDOTOOL, *args], check=True, timeout=10, capture_output=True)

    def at(self, window: QWidget) -> None:
        """Give the window the keyboard (no window manager: the X input focus)."""
        top = window.window()
        self.xdotool("windowfocus", "--sync", str(int(top.winId())))
        self.qtbot.waitUntil(lambda: QApplication.activeWindow() is top, timeout=STEP_S * 1000)

    def click(self, widget: QWidget) -> None:
        """The pointer to the middle of the widget as the X server has it, and a click."""
        self.qtbot.waitUntil(widget.isVisible, timeout=STEP_S * 1000)
        point = physical(widget, widget.rect().center())
        self.xdotool("mousemove", "--sync", str(point.x()), str(point.y()))
        self.xdotool("click", "1")
        self.qtbot.wait(50)

    def key(self, *names: str) -> None:
        """Keys in xdotool's names (F1, Return, ctrl+Return, 1); one keystroke each."""
        for name in names:
            self.xdotool("key", name)
            self.keystrokes += 1
            self.qtbot.wait(30)

    def type(self, text: str) -> None:
        self.xdotool("type", "--delay", "30", text)
        self.keystrokes += len(text)
        self.qtbot.wait(30)


def physical(widget: QWidget, point: QPoint) -> QPoint:
    """A widget's point in the X server's pixels (Qt's are logical; High-DPI scales them)."""
    ratio = widget.devicePixelRatioF()
    where = widget.mapToGlobal(point)
    return QPoint(round(where.x() * ratio), round(where.y() * ratio))


def grab(widget: QWidget, name: str) -> QImage:
    """The window as the X server shows it (its framebuffer, not a re-rendering), saved as
    build/screenshots/<name>.png."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    top = widget.window()
    QApplication.processEvents()
    screen = top.screen() or QGuiApplication.primaryScreen()
    frame = top.frameGeometry()
    pixmap = screen.grabWindow(0, frame.x(), frame.y(), frame.width(), frame.height())
    pixmap.save(str(SHOTS / f"{name}.png"))
    return pixmap.toImage()


def wait_for(condition: Any, what: str, timeout_s: float = STEP_S) -> None:
    """Poll a condition that does not need the event loop (a database file)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        QApplication.processEvents()
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"not within {timeout_s} s: {what}")


@pytest.fixture
def person(qtbot: Any) -> Iterator[Person]:
    yield Person(qtbot)
