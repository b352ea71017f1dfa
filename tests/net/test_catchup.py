"""A client that loses its link catches up on reconnect: no call missed, none shown twice."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.net import server as server_module
from app.queue import QueueEngine
from tests.net.conftest import WAIT_MS, Connect, ok

BURST = 15


def _burst(qtbot: QtBot, connect: Connect, engine: QueueEngine, drop_at: int) -> Any:
    """Counter 1 calls and finishes BURST tickets back to back over the network; the display's
    link is cut (socket aborted) right after it hears event number `drop_at` of the burst,
    while the rest of the burst is still on its way."""
    for _ in range(BURST):
        engine.issue_ticket("A")
    display = connect("display")
    first_seq = engine.last_seq()
    heard: list[dict[str, Any]] = []
    links: list[bool] = []

    def on_event(event: dict[str, Any]) -> None:
        heard.append(event)
        if len(heard) == drop_at:
            display._socket.abort()

    display.event_received.connect(on_event)
    display.connected_changed.connect(links.append)
    counter = connect("counter", window=1)
    ok(qtbot, counter, "sign_in")
    replies: list[Any] = []
    for _ in range(BURST):
        counter.request("call_next", {}, replies.append, replies.append)
        counter.request("finish", {"outcome": "done"}, replies.append, replies.append)
    qtbot.waitUntil(lambda: len(replies) == 2 * BURST, timeout=WAIT_MS)
    qtbot.waitUntil(
        lambda: display.is_connected and display.last_seq == engine.last_seq(), timeout=WAIT_MS
    )
    assert links == [False, True], "the link went down once and came back"
    return display, heard, first_seq


def test_dropped_link_mid_burst_catches_up_without_gap_or_repeat(
    qtbot: QtBot, connect: Connect, engine: QueueEngine
) -> None:
    _, heard, first_seq = _burst(qtbot, connect, engine, drop_at=BURST)
    expected = [e.seq for e in engine.events_after(first_seq)]
    assert [e["seq"] for e in heard] == expected
    calls = [e["data"]["number"] for e in heard if e["kind"] == "ticket_called"]
    assert calls == [f"A{n:03d}" for n in range(1, BURST + 1)]


def test_a_client_too_far_behind_gets_a_snapshot_instead(
    qtbot: QtBot, connect: Connect, engine: QueueEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server_module, "MAX_CATCHUP", 3)
    snapshots: list[dict[str, Any]] = []
    _, heard, _ = _burst_with_snapshots(qtbot, connect, engine, snapshots)
    assert len(snapshots) == 2, "one at the first connect, one after the long absence"
    after = snapshots[-1]
    assert after["seq"] == engine.last_seq()
    assert after["recent_calls"][0]["number"] == f"A{BURST:03d}"
    seqs = [e["seq"] for e in heard]
    assert seqs == sorted(set(seqs)) and all(s <= after["seq"] for s in seqs)


def _burst_with_snapshots(
    qtbot: QtBot, connect: Connect, engine: QueueEngine, snapshots: list[dict[str, Any]]
) -> Any:
    original = connect

    def connect_and_watch(role: str, **kw: Any) -> Any:
        client = original(role, wait=False, **kw)
        if role == "display":
            client.snapshot_received.connect(snapshots.append)
        qtbot.waitUntil(lambda: client.is_connected, timeout=WAIT_MS)
        return client

    return _burst(qtbot, connect_and_watch, engine, drop_at=2)
