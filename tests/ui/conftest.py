"""UI fixtures: the screens' hall clients on the real server and command table (through an
in-process loopback, tests/ui/table_client.py), a recording voice backend, languages."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

from app.composition import build_hall
from app.hall.context import Hall
from app.hall.table import build_table
from app.net.server import HallServer
from app.queue import QueueEngine
from app.ui.i18n import install_translator
from app.ui.voice import Announcement, Backend
from tests.ui.table_client import HALL_CONFIG, TableClient, credential

ClientFactory = Callable[..., TableClient]


@pytest.fixture
def hall(engine: QueueEngine) -> Hall:
    """The hall context the commands run in, on the test's engine (as the composition root
    builds it)."""
    return build_hall(engine, HALL_CONFIG)


@pytest.fixture(autouse=True)
def _no_errors_logged(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Whatever a screen shows, a command that failed inside the server (an internal error,
    a reply not of its declared type) or a screen's callback that raised fails the test."""
    yield
    failures = [
        f"{r.name}: {r.getMessage()}"
        for r in caplog.get_records("call")
        if r.name.startswith("app.") and r.levelno >= logging.ERROR
    ]
    assert failures == [], "an error was logged"


@pytest.fixture
def hall_server(hall: Hall) -> Iterator[HallServer]:
    """The real server over the real command table, every reply checked against its declared
    type. Not listening: the screens reach it through the loopback."""
    server = HallServer(hall, build_table(check_results=True))
    yield server
    server.close()


@pytest.fixture
def make_client(hall_server: HallServer, qtbot: Any) -> Iterator[ClientFactory]:
    """Builds logged-in clients: `make_client("counter", window=1, staff_no="1001")`
    (password 123456 unless given); `connect=False` leaves it unopened."""
    made: list[TableClient] = []

    def make(role: str, *, connect: bool = True, **given: Any) -> TableClient:
        client = TableClient(hall_server, role, credential(role, **given))
        made.append(client)
        if connect:
            client.open()
            qtbot.waitUntil(lambda: client.is_connected)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def zh(qapp: QApplication) -> Iterator[None]:
    """The Simplified Chinese translation, as in production."""
    translator = install_translator(qapp, "zh_CN")
    yield
    if translator is not None:
        qapp.removeTranslator(translator)


class RecordingBackend(Backend):
    """Plays nothing; logs when each item starts and ends; finishes after `ms`."""

    name = "recording"

    def __init__(self, ms: int = 20) -> None:
        super().__init__()
        self.ms = ms
        self.log: list[tuple[str, Announcement]] = []
        self.playing = 0
        self.most_at_once = 0

    def play(self, item: Announcement, done: Callable[[], None]) -> None:
        self.log.append(("start", item))
        self.playing += 1
        self.most_at_once = max(self.most_at_once, self.playing)

        def finish() -> None:
            self.playing -= 1
            self.log.append(("end", item))
            done()

        QTimer.singleShot(self.ms, finish)


SHOTS = Path(os.environ.get("HALLQUEUE_SCREENSHOTS", Path(__file__).parents[2] / "screenshots"))


def screenshot(widget: QWidget, name: str) -> QImage:
    """Saves the widget as screenshots/<name>.png (git-ignored) and returns the image."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    pixmap = widget.grab()
    pixmap.save(str(SHOTS / f"{name}.png"))
    return pixmap.toImage()


def colour_spread(image: QImage) -> tuple[int, float]:
    """Distinct colours (sampled) and the share of pixels unlike the top-left one."""
    background = image.pixel(0, 0)
    colours: set[int] = set()
    other = total = 0
    for y in range(0, image.height(), 3):
        for x in range(0, image.width(), 3):
            pixel = image.pixel(x, y)
            colours.add(pixel)
            other += pixel != background
            total += 1
    return len(colours), other / max(1, total)
