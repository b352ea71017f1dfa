"""The counter screen shows the signed-in clerk's photo, fetched from a real hall server
(over real sockets: the photo is the largest reply a screen gets)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtGui import QColor, QImage
from sqlalchemy import update

from app.composition import build_hall
from app.config import Config, Tokens
from app.hall.table import build_table
from app.models import Staff
from app.net.client import HallClient
from app.net.server import HallServer
from app.queue import QueueEngine
from app.ui.counter_screen import CounterScreen

TOKEN = "display-token-0001"


@pytest.fixture
def server(qtbot: Any, engine: QueueEngine) -> Iterator[HallServer]:
    hall = build_hall(engine, Config(tokens=Tokens({}, {"screen1": TOKEN}, {})))
    hub = HallServer(hall, build_table(check_results=True))
    hub.listen("127.0.0.1", 0)
    yield hub
    hub.close()


def _png(color: str) -> bytes:
    image = QImage(24, 32, QImage.Format.Format_RGB32)
    image.fill(QColor(color))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def test_the_clerks_photo_follows_who_is_signed_in(
    qtbot: Any, server: HallServer, engine: QueueEngine
) -> None:
    with engine.db.write() as conn:
        conn.execute(update(Staff).where(Staff.staff_no == "1001").values(photo=_png("red")))
    client = HallClient(
        f"ws://127.0.0.1:{server.port}", "display", {"token": TOKEN, "machine": "screen1"}
    )
    screen = CounterScreen(client, 1)
    qtbot.addWidget(screen)
    client.open()
    qtbot.waitUntil(lambda: client.is_connected)
    engine.sign_in(1, "1001")
    qtbot.waitUntil(lambda: screen._photo is not None, timeout=5000)
    assert screen._photo is not None
    assert screen._photo.toImage().pixelColor(5, 5) == QColor("red")
    engine.sign_out(1)
    engine.sign_in(1, "1009")  # the B clerk has no photo: the surname disc stands in
    qtbot.waitUntil(lambda: screen.state.get("staff_no") == "1009")
    qtbot.wait(300)
    assert screen._photo is None
    client.close()
