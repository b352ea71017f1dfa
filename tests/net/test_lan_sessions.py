"""One live workstation session per window (a second login takes over, the first is told and
stops, audited); an open rating session's token reaches only the window's own devices."""

# ruff: noqa: F811  (the fixtures of tests/net/lan.py, imported by name)
from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.models import AuditLog
from app.net.server import HallServer
from app.queue import QueueEngine
from tests.net.conftest import ok
from tests.net.lan import (  # noqa: F401 (fixtures)
    Connect,
    identity,
    lan_connect,
    lan_hall,
    limits,
    wss,
)


def test_a_second_login_at_a_window_takes_over_and_the_first_is_told(
    qtbot: QtBot, wss: HallServer, lan_connect: Connect, engine: QueueEngine
) -> None:
    first = lan_connect("counter", window=1)
    told: list[dict[str, Any]] = []
    first.auth_failed.connect(told.append)
    second = lan_connect("counter", window=1, staff_no="1009")
    qtbot.waitUntil(lambda: bool(told), timeout=5000)
    notice = told[0]
    assert notice["code"] == "session_taken_over"
    assert "另一处登录" in notice["zh"] and "1009" in notice["en"]
    qtbot.waitUntil(lambda: not first.is_connected, timeout=5000)
    qtbot.wait(600)  # the first does not come back to take the window again
    assert second.is_connected and not first.is_connected
    live = [p.caller for p in wss._peers.values() if p.caller is not None]
    assert [(c.window, c.staff_no) for c in live] == [(1, "1009")]
    with engine.db.read() as conn:
        row = conn.execute(
            select(AuditLog.actor, AuditLog.target, AuditLog.after).where(
                AuditLog.action == "session_takeover"
            )
        ).one()
    assert (row.actor, row.target) == ("1009", "window:1")
    assert (row.after["old_staff_no"], row.after["new_staff_no"]) == ("1001", "1009")
    other = lan_connect("counter", window=2)  # another window is not touched
    assert second.is_connected and other.is_connected


def events_of(client: Any, kind: str) -> list[dict[str, Any]]:
    box: list[dict[str, Any]] = []
    client.event_received.connect(lambda e: box.append(e) if e["kind"] == kind else None)
    return box


def test_a_rating_sessions_token_reaches_only_its_windows_devices(
    qtbot: QtBot, lan_connect: Connect
) -> None:
    clerk = lan_connect("counter", window=1)
    tablet = lan_connect("evaluator", window=1)
    others = {
        "display": lan_connect("display"),
        "kiosk": lan_connect("kiosk"),
        "tablet 2": lan_connect("evaluator", window=2),
        "console": lan_connect("admin"),
    }
    seen = {name: events_of(c, "rating_requested") for name, c in others.items()}
    # another window's desk does not hear of this window's rating at all (app.hall.audience)
    counter_2 = events_of(lan_connect("counter", window=2), "rating_requested")
    own = {"counter": events_of(clerk, "rating_requested"),
           "tablet": events_of(tablet, "rating_requested")}  # fmt: skip
    ok(qtbot, others["kiosk"], "issue_ticket", service="A")
    ok(qtbot, clerk, "sign_in")
    ok(qtbot, clerk, "call_next")
    ok(qtbot, clerk, "start")
    ok(qtbot, clerk, "finish", outcome="done")
    everyone = [*seen.values(), *own.values()]
    qtbot.waitUntil(lambda: all(len(box) == 1 for box in everyone), timeout=5000)
    token = own["counter"][0]["data"]["session"]
    assert isinstance(token, int) and own["tablet"][0]["data"]["session"] == token
    assert counter_2 == []
    for name, box in seen.items():
        data = box[0]["data"]
        assert "session" not in data, name
        assert data["window"] == 1 and data["number"] == own["counter"][0]["data"]["number"]
    # the console's event log read back: without the token too
    log = ok(qtbot, others["console"], "events_after", seq=0)
    asked = [e for e in log if e["kind"] == "rating_requested"]
    assert asked and all("session" not in e["data"] for e in asked)


@pytest.mark.parametrize("role", ["display", "kiosk"])
def test_catch_up_after_a_reconnect_hides_the_token_too(
    qtbot: QtBot, lan_connect: Connect, wss: HallServer, role: str
) -> None:
    clerk = lan_connect("counter", window=1)
    watcher = lan_connect(role)
    ok(qtbot, watcher if role == "kiosk" else lan_connect("kiosk"), "issue_ticket", service="A")
    for op in ("sign_in", "call_next", "start"):
        ok(qtbot, clerk, op)
    seq = watcher.last_seq
    watcher.close()
    ok(qtbot, clerk, "finish", outcome="done")
    box = events_of(watcher, "rating_requested")
    watcher.last_seq = seq
    watcher.open()  # catches up from seq: the events it missed
    qtbot.waitUntil(lambda: len(box) == 1, timeout=5000)
    assert "session" not in box[0]["data"]
