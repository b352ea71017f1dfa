"""A bare QWebSocket that sends whatever a test gives it and records what comes back."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtWebSockets import QWebSocket
from pytestqt.qtbot import QtBot

WAIT_MS = 5000


class RawPeer:
    def __init__(self, qtbot: QtBot, port: int) -> None:
        self.qtbot = qtbot
        self.url = QUrl(f"ws://127.0.0.1:{port}")
        self.received: list[dict[str, Any]] = []
        self.closed = False
        self.socket = QWebSocket()
        self.socket.textMessageReceived.connect(lambda text: self.received.append(json.loads(text)))
        self.socket.disconnected.connect(self._on_closed)
        self.open()

    def _on_closed(self) -> None:
        self.closed = True

    def open(self) -> None:
        self.closed = False
        self.received.clear()
        with self.qtbot.waitSignal(self.socket.connected, timeout=WAIT_MS):
            self.socket.open(self.url)

    def send(self, message: Any) -> None:
        text = message if isinstance(message, str) else json.dumps(message)
        self.socket.sendTextMessage(text)

    def exchange(self, message: Any) -> dict[str, Any] | None:
        """Send one message; the server's first answer, or None when it closed the link."""
        before = len(self.received)
        self.send(message)
        self.qtbot.waitUntil(lambda: len(self.received) > before or self.closed, timeout=WAIT_MS)
        return self.received[before] if len(self.received) > before else None

    def hello(self, role: str, credential: dict[str, Any]) -> dict[str, Any] | None:
        message = {"v": 1, "type": "hello", "id": 1, "role": role, "credential": credential}
        return self.exchange(message)

    def close(self) -> None:
        self.socket.abort()
