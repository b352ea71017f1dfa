"""The permission matrix over a real server: every command × every role a login gives (and a
connection that has not logged in), each request sent over a real WebSocket on 127.0.0.1. The
server refuses exactly the commands not declared for the caller's role."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.hall.caller import Role
from app.hall.table import build_table
from app.net.client import HallClient
from app.net.server import HallServer
from app.queue import QueueEngine
from tests.hall.people import add_supervisor, hello_of
from tests.net.conftest import WAIT_MS
from tests.net.raw_peer import RawPeer

TABLE = build_table()


def replies(qtbot: QtBot, client: HallClient, names: list[str]) -> dict[str, dict[str, Any]]:
    """Every command sent at once with no args; name → its error (None when it ran)."""
    box: dict[str, Any] = {}
    for name in names:
        client.request(
            name,
            {},
            lambda result, n=name: box.setdefault(n, None),
            lambda error, n=name: box.setdefault(n, error),
        )
    qtbot.waitUntil(lambda: len(box) == len(names), timeout=WAIT_MS * 4)
    return box


@pytest.mark.parametrize("role", [r for r in Role if r is not Role.NONE], ids=str)
def test_a_logged_in_role_is_refused_exactly_the_commands_not_declared_for_it(
    role: Role, qtbot: QtBot, server: HallServer, engine: QueueEngine
) -> None:
    add_supervisor(engine.db)
    hello = hello_of(role)
    assert hello is not None
    client = HallClient(f"ws://127.0.0.1:{server.port}", *hello)
    client.open()
    try:
        qtbot.waitUntil(lambda: client.is_connected, timeout=WAIT_MS)
        answers = replies(qtbot, client, [entry.name for entry in TABLE])
    finally:
        client.close()
    refused = {name for name, error in answers.items() if error and error["code"] == "forbidden"}
    declared = {entry.name for entry in TABLE if role in entry.roles}
    assert refused == {entry.name for entry in TABLE} - declared
    assert declared, f"{role} may do nothing at all"


def test_a_connection_that_has_not_said_hello_may_do_nothing(
    qtbot: QtBot, server: HallServer, engine: QueueEngine
) -> None:
    """Role.NONE: every command is refused not_authenticated, and nothing is written."""
    seq = engine.last_seq()
    peer = RawPeer(qtbot, server.port)
    try:
        codes = {
            entry.name: (peer.exchange({"v": 1, "type": "request", "id": n, "op": entry.name,
                                        "args": {}}) or {}).get("error", {}).get("code")
            for n, entry in enumerate(TABLE, start=1)
        }  # fmt: skip
    finally:
        peer.close()
    assert set(codes.values()) == {"not_authenticated"}
    assert engine.last_seq() == seq
