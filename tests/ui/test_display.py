"""The lobby display reacts to calls, counts the waiting, and announces each call in order."""

from __future__ import annotations

from typing import Any

from app.queue import QueueEngine
from app.ui.display import LobbyDisplay
from app.ui.voice import AnnouncementQueue
from tests.ui.conftest import ClientFactory, RecordingBackend


def build(qtbot: Any, make_client: ClientFactory) -> tuple[LobbyDisplay, RecordingBackend]:
    backend = RecordingBackend()
    display = LobbyDisplay(make_client("display"), AnnouncementQueue(backend, gap_ms=5))
    qtbot.addWidget(display)
    display.resize(1920, 1080)
    qtbot.waitUntil(lambda: len(display.services) == 6)  # the snapshot it asked for
    return display, backend


def test_a_call_shows_large_flashes_and_is_announced(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine
) -> None:
    display, backend = build(qtbot, make_client)
    engine.issue_ticket("A")
    engine.sign_in(3, "1003")
    engine.issue_ticket("B")
    engine.call_next(3)
    qtbot.waitUntil(lambda: "B001" in display.latest_number.text())
    assert "3" in display.latest_window.text()
    assert display.flashing
    assert display.recent_labels[0][0].text() == "B001"
    qtbot.waitUntil(lambda: len(backend.log) == 2)
    assert [(what, item.number, item.window) for what, item in backend.log] == [
        ("start", "B001", 3),
        ("end", "B001", 3),
    ]


def test_waiting_counts_follow_new_tickets(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine
) -> None:
    display, _ = build(qtbot, make_client)
    engine.issue_ticket("C")
    engine.issue_ticket("C")
    qtbot.waitUntil(
        lambda: any(s["code"] == "C" and s["waiting"] == 2 for s in display.services), timeout=3000
    )


def test_a_recall_is_announced_again_and_listed_once_at_the_top(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine
) -> None:
    display, backend = build(qtbot, make_client)
    engine.sign_in(1, "1001")
    engine.sign_in(2, "1002")
    engine.issue_ticket("A")
    engine.issue_ticket("A")
    engine.call_next(1)
    engine.call_next(2)
    engine.recall(1)
    qtbot.waitUntil(lambda: len(backend.log) == 6, timeout=3000)
    started = [(item.number, item.recall) for what, item in backend.log if what == "start"]
    assert started == [("A001", False), ("A002", False), ("A001", True)]
    assert [number.text() for number, _ in display.recent_labels[:3]] == ["A001", "A002", ""]
