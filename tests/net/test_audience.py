"""Who hears what over the real server: a window's counter hears its own window's events and
the queue changes of the others, not their starts, finishes, pauses or ratings; displays hear
everything; a counter catching up after a dropped link gets the same narrowing."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from app.net.client import HallClient
from app.queue import QueueEngine
from tests.net.conftest import WAIT_MS, Connect, ok

# what window 1 does: the kinds of its events in order
WINDOW_1 = ["window_signed_in", "ticket_called", "ticket_started", "ticket_finished",
            "rating_requested", "window_paused"]  # fmt: skip
OTHERS_HEAR = ["ticket_called"]  # the queue change among them (tickets issued come from kiosks)


def listen(client: HallClient) -> list[dict[str, Any]]:
    heard: list[dict[str, Any]] = []
    client.event_received.connect(heard.append)
    return heard


def window_1_works(qtbot: QtBot, connect: Connect, engine: QueueEngine) -> None:
    engine.issue_ticket("A")
    one = connect("counter", window=1)
    ok(qtbot, one, "sign_in")
    ok(qtbot, one, "call_next")
    ok(qtbot, one, "start")
    ok(qtbot, one, "finish", outcome="done")
    ok(qtbot, one, "pause", reason="lunch")


def of_window_1(heard: list[dict[str, Any]]) -> list[str]:
    return [e["kind"] for e in heard if (e.get("data") or {}).get("window") == 1]


def test_a_counter_hears_the_other_windows_queue_changes_only(
    qtbot: QtBot, connect: Connect, engine: QueueEngine
) -> None:
    display = connect("display")
    two = connect("counter", window=2, staff_no="1002")
    on_display, on_two = listen(display), listen(two)
    window_1_works(qtbot, connect, engine)
    last = engine.last_seq()
    qtbot.waitUntil(lambda: display.last_seq == last, timeout=WAIT_MS)
    qtbot.wait(200)  # anything the server sent counter 2 has arrived by now
    assert of_window_1(on_display) == WINDOW_1
    assert of_window_1(on_two) == OTHERS_HEAR
    assert any(e["kind"] == "ticket_issued" for e in on_two)  # a kiosk's ticket: every desk


def test_a_counter_catching_up_gets_the_same_narrowing(
    qtbot: QtBot, connect: Connect, engine: QueueEngine
) -> None:
    two = connect("counter", window=2, staff_no="1002")
    seen = two.last_seq
    two.close()
    window_1_works(qtbot, connect, engine)
    again = connect("counter", window=2, staff_no="1002", wait=False)
    again.last_seq = seen
    heard = listen(again)
    qtbot.waitUntil(lambda: again.is_connected, timeout=WAIT_MS)
    qtbot.wait(300)
    assert of_window_1(heard) == OTHERS_HEAR
