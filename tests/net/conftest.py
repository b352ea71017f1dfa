"""A real hall server on 127.0.0.1 (free port) over a real SQLite file; real QWebSocket clients."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.config import Config
from app.hall.context import Hall, build_hall
from app.hall.table import build_table
from app.net.client import HallClient
from app.net.server import HallServer
from app.queue import QueueEngine
from tests.net.lan_secrets import LAN_SECRETS
from tests.tokens import (
    ADMIN_TOKEN,
    COUNTER_TOKENS,
    DISPLAY_TOKEN,
    EVALUATOR_TOKENS,
    KIOSK_TOKEN,
    RELAXED,
    TOKENS,
)

__all__ = ["ADMIN_TOKEN", "COUNTER_TOKENS", "DISPLAY_TOKEN", "EVALUATOR_TOKENS", "KIOSK_TOKEN",
           "RELAXED", "TOKENS"]  # fmt: skip
WAIT_MS = 5000


# the demo clerks' password is short: looked for as it would be logged, in a message or dict
SECRETS = (KIOSK_TOKEN, DISPLAY_TOKEN, ADMIN_TOKEN, *COUNTER_TOKENS.values(),
           *EVALUATOR_TOKENS.values(), "admin123", '"123456"', "'123456'",
           *LAN_SECRETS)  # fmt: skip


@pytest.fixture(autouse=True)
def no_secret_in_the_log(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Whatever a net test does, no token or password reaches a log line (tracebacks included)."""
    caplog.set_level(logging.DEBUG)
    yield caplog
    records = caplog.get_records("setup") + caplog.get_records("call")
    text = "\n".join(logging.Formatter().format(r) for r in records)
    assert [s for s in SECRETS if s in text] == [], "a secret reached the log"


@pytest.fixture
def hall_config() -> Config:
    return Config(
        hall_name="测试大厅",
        notice="测试通知",
        tokens=TOKENS,
        max_message_bytes=4096,
        limits=RELAXED,
    )


@pytest.fixture
def hall(engine: QueueEngine, hall_config: Config) -> Hall:
    """The hall context the commands run in, on the test's engine."""
    return build_hall(engine, hall_config)


@pytest.fixture
def server(qtbot: QtBot, hall: Hall) -> Iterator[HallServer]:
    """The real server over the real command table; every reply checked against its type."""
    hub = HallServer(hall, build_table(check_results=True))
    hub.listen("127.0.0.1", 0)
    yield hub
    hub.close()


Connect = Callable[..., HallClient]


@pytest.fixture
def connect(qtbot: QtBot, server: HallServer) -> Iterator[Connect]:
    """connect(role, **credential) → an opened, logged-in client (closed after the test)."""
    made: list[HallClient] = []

    def make(role: str, *, wait: bool = True, url: str | None = None, **cred: Any) -> HallClient:
        client = HallClient(url or f"ws://127.0.0.1:{server.port}", role, credential(role, **cred))
        made.append(client)
        client.open()
        if wait:
            qtbot.waitUntil(lambda: client.is_connected, timeout=WAIT_MS)
        return client

    yield make
    for client in made:
        client.close()


def credential(role: str, **given: Any) -> dict[str, Any]:
    if role == "kiosk":
        return {"token": KIOSK_TOKEN, **given}
    if role == "display":
        return {"token": DISPLAY_TOKEN, **given}
    if role == "counter":
        window = given.get("window", 1)
        base = {"token": COUNTER_TOKENS[window], "window": window, "staff_no": "1001"}
        return {**base, "password": "123456", **given}
    if role == "evaluator":
        window = given.get("window", 1)
        return {"token": EVALUATOR_TOKENS[window], "window": window, **given}
    return {"token": ADMIN_TOKEN, "staff_no": "admin", "password": "admin123", **given}


def call(qtbot: QtBot, client: HallClient, op: str, **args: Any) -> tuple[bool, Any]:
    """One request over the wire; (True, result) or (False, error dict)."""
    box: list[tuple[bool, Any]] = []
    client.request(op, args, lambda r: box.append((True, r)), lambda e: box.append((False, e)))
    qtbot.waitUntil(lambda: bool(box), timeout=WAIT_MS)
    return box[0]


def ok(qtbot: QtBot, client: HallClient, op: str, **args: Any) -> Any:
    done, value = call(qtbot, client, op, **args)
    assert done, value
    return value


def refused(qtbot: QtBot, client: HallClient, op: str, **args: Any) -> str:
    done, value = call(qtbot, client, op, **args)
    assert not done, value
    assert value["zh"] and value["en"]
    return str(value["code"])
