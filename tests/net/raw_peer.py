"""A bare QWebSocket that sends whatever a test gives it and records what comes back. The
server's challenge (sent first on every connection) is kept as ``nonce``, not in
``received``; ``hello`` proves a credential's token against it as the real client does."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QUrl
from PySide6.QtWebSockets import QWebSocket
from pytestqt.qtbot import QtBot

from app.net.protocol import proven

WAIT_MS = 5000


class RawPeer:
    def __init__(self, qtbot: QtBot, port: int) -> None:
        self.qtbot = qtbot
        self.url = QUrl(f"ws://127.0.0.1:{port}")
        self.received: list[dict[str, Any]] = []
        self.nonce = ""
        self.closed = False
        self.socket = QWebSocket()
        self.socket.textMessageReceived.connect(self._on_text)
        self.socket.disconnected.connect(self._on_closed)
        self.open()

    def _on_text(self, text: str) -> None:
        message = json.loads(text)
        if message.get("type") == "challenge":
            self.nonce = message["nonce"]
        else:
            self.received.append(message)

    def _on_closed(self) -> None:
        self.closed = True

    def open(self) -> None:
        self.closed = False
        self.received.clear()
        self.nonce = ""
        with self.qtbot.waitSignal(self.socket.connected, timeout=WAIT_MS):
            self.socket.open(self.url)
        self.qtbot.waitUntil(lambda: bool(self.nonce), timeout=WAIT_MS)

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
        proof = proven(credential, self.nonce, role)
        message = {"v": 1, "type": "hello", "id": 1, "role": role, "credential": proof}
        return self.exchange(message)

    def close(self) -> None:
        self.socket.abort()
