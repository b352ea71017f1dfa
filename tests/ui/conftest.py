"""UI fixtures: stand-in hall clients on a real engine, a recording voice backend, languages."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget

from app.queue import QueueEngine
from app.ui.i18n import install_translator
from app.ui.voice import Announcement, Backend
from tests.ui.fake_client import FakeHallClient

ClientFactory = Callable[..., FakeHallClient]


@pytest.fixture
def make_client(engine: QueueEngine, qtbot: Any) -> Iterator[ClientFactory]:
    """Builds connected stand-in clients; `make_client("counter", window=1, staff_no="1001")`."""
    made: list[FakeHallClient] = []

    def make(role: str, *, connect: bool = True, **credential: Any) -> FakeHallClient:
        if role == "counter":
            credential.setdefault("password", "123456")
        client = FakeHallClient(engine, role, credential)
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
