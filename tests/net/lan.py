"""A hall server speaking wss:// on 127.0.0.1 with its own certificate (made as setup makes it),
real HallClients pinning its fingerprint, and a bare TLS peer for hand-made messages."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWebSockets import QWebSocket
from pytestqt.qtbot import QtBot

from app.config import Config, Limits, Tokens
from app.hall.context import Hall, build_hall
from app.hall.table import build_table
from app.models.server_cert import ServerIdentity, ensure_identity
from app.net.client import HallClient
from app.net.protocol import proven
from app.net.server import HallServer
from app.net.tls import client_configuration, server_configuration
from app.queue import QueueEngine
from tests.net.conftest import COUNTER_TOKENS, DISPLAY_TOKEN, KIOSK_TOKEN, WAIT_MS
from tests.net.lan_secrets import LAN_ADMIN_TOKEN

KIOSK2_TOKEN = "kiosk-token-0002"
EVALUATOR_TOKENS = {n: f"evaluator-token-{n:04d}" for n in range(1, 9)}
LAN_TOKENS = Tokens(
    {"kiosk1": KIOSK_TOKEN, "kiosk2": KIOSK2_TOKEN},
    {"lobby": DISPLAY_TOKEN},
    COUNTER_TOKENS,
    EVALUATOR_TOKENS,
    {"supervisor-pc": LAN_ADMIN_TOKEN},
)


def lan_config(**limits: int) -> Config:
    return Config(
        hall_name="测试大厅",
        notice="测试通知",
        tokens=LAN_TOKENS,
        max_message_bytes=1 << 16,
        limits=replace(Limits(), **limits),
    )


@pytest.fixture
def identity(tmp_path: Path) -> ServerIdentity:
    made, _ = ensure_identity(tmp_path / "hall-cert.pem", tmp_path / "hall-cert.key")
    return made


@pytest.fixture
def limits() -> dict[str, int]:
    """[limits] of the test's hall (a test module overrides this fixture)."""
    return {}


@pytest.fixture
def lan_hall(engine: QueueEngine, limits: dict[str, int]) -> Hall:
    return build_hall(engine, lan_config(**limits))


@pytest.fixture
def wss(qtbot: QtBot, lan_hall: Hall, identity: ServerIdentity) -> Iterator[HallServer]:
    """The real server, TLS on, every reply checked against its command's type."""
    hub = HallServer(lan_hall, build_table(check_results=True), tls=server_configuration(identity))
    hub.listen("127.0.0.1", 0)
    yield hub
    hub.close()


def lan_credential(role: str, **given: Any) -> dict[str, Any]:
    if role == "kiosk":
        return {"token": KIOSK_TOKEN, **given}
    if role == "display":
        return {"token": DISPLAY_TOKEN, **given}
    if role == "counter":
        window = given.get("window", 1)
        base = {"token": COUNTER_TOKENS[window], "window": window, "staff_no": f"{1000 + window}"}
        return {**base, "password": "123456", **given}
    if role == "evaluator":
        window = given.get("window", 1)
        return {"token": EVALUATOR_TOKENS[window], "window": window, **given}
    return {"token": LAN_ADMIN_TOKEN, "staff_no": "admin", "password": "admin123", **given}


Connect = Callable[..., HallClient]


@pytest.fixture
def lan_connect(qtbot: QtBot, wss: HallServer, identity: ServerIdentity) -> Iterator[Connect]:
    """lan_connect(role, wait=True, fingerprint=…, **credential) → an opened HallClient on
    wss:// pinning the server's fingerprint (closed after the test)."""
    made: list[HallClient] = []

    def make(
        role: str, *, wait: bool = True, fingerprint: str | None = None, **cred: Any
    ) -> HallClient:
        pin = identity.fingerprint if fingerprint is None else fingerprint
        url = f"wss://127.0.0.1:{wss.port}"
        client = HallClient(url, role, lan_credential(role, **cred), fingerprint=pin)
        made.append(client)
        client.open()
        if wait:
            qtbot.waitUntil(lambda: client.is_connected, timeout=WAIT_MS)
        return client

    yield make
    for client in made:
        client.close()


def refusal(qtbot: QtBot, client: HallClient) -> dict[str, Any]:
    """The refusal a client that may not log in reports (auth_failed), once it comes."""
    box: list[dict[str, Any]] = []
    client.auth_failed.connect(box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=WAIT_MS)
    return box[0]


class TlsPeer:
    """A bare QWebSocket over TLS: sends whatever a test gives it, keeps the challenge's
    nonce apart, records every other message."""

    def __init__(self, qtbot: QtBot, port: int) -> None:
        self.qtbot = qtbot
        self.received: list[dict[str, Any]] = []
        self.nonce = ""
        self.closed = False
        self.socket = QWebSocket()
        self.socket.setSslConfiguration(client_configuration())
        self.socket.textMessageReceived.connect(self._on_text)
        self.socket.disconnected.connect(self._on_closed)
        with qtbot.waitSignal(self.socket.connected, timeout=WAIT_MS):
            self.socket.open(QUrl(f"wss://127.0.0.1:{port}"))
        qtbot.waitUntil(lambda: bool(self.nonce), timeout=WAIT_MS)

    def _on_text(self, text: str) -> None:
        message = json.loads(text)
        if message.get("type") == "challenge":
            self.nonce = message["nonce"]
        else:
            self.received.append(message)

    def _on_closed(self) -> None:
        self.closed = True

    def exchange(self, message: dict[str, Any]) -> dict[str, Any] | None:
        """Send one message; the server's first answer, or None when it closed the link."""
        before = len(self.received)
        self.socket.sendTextMessage(json.dumps(message))
        self.qtbot.waitUntil(lambda: len(self.received) > before or self.closed, timeout=WAIT_MS)
        return self.received[before] if len(self.received) > before else None

    def ask(self, message: dict[str, Any]) -> dict[str, Any] | None:
        """Send a request; its reply (events in between are skipped), or None if closed."""
        before = len(self.received)

        def reply() -> dict[str, Any] | None:
            return next(
                (m for m in self.received[before:]
                 if m.get("type") in ("reply", "error") and m.get("id") == message["id"]),
                None,
            )  # fmt: skip

        self.socket.sendTextMessage(json.dumps(message))
        self.qtbot.waitUntil(lambda: reply() is not None or self.closed, timeout=WAIT_MS)
        return reply()

    def hello_message(self, role: str, credential: dict[str, Any]) -> dict[str, Any]:
        proof = proven(credential, self.nonce, role)
        return {"v": 1, "type": "hello", "id": 1, "role": role, "credential": proof}

    def timed_hello(self, role: str, credential: dict[str, Any]) -> tuple[float, Any]:
        """(seconds from sending the hello to its answer, the answer)."""
        message = self.hello_message(role, credential)
        began = time.perf_counter()
        answer = self.exchange(message)
        return time.perf_counter() - began, answer

    def close(self) -> None:
        self.socket.abort()
