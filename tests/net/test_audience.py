"""Who hears what over the real server: a window's counter hears its own window's events and
the queue changes of the others, not their starts, finishes, pauses or ratings; displays hear
everything; a counter catching up after a dropped link gets the same narrowing."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot

from app.net.client import HallClient
from app.net.server import BATCH_MS, HallServer
from app.queue import QueueEngine
from tests.net.conftest import WAIT_MS, Connect, credential, ok
from tests.net.raw_peer import RawPeer

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
    qtbot.wait(BATCH_MS + 200)  # anything the server sent counter 2 has arrived by now
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


def test_what_may_wait_comes_batched_and_every_client_gets_its_events_in_seq_order(
    qtbot: QtBot, connect: Connect, server: HallServer, engine: QueueEngine
) -> None:
    """Tickets issued wait for a display's next message: the call that follows them goes out
    at once, with them before it (a call is announced at once); counter 2 gets the tickets and
    window 1's call together, after the batch delay; its own events go out at once, with what
    was waiting before them (seq order on the wire)."""
    one = connect("counter", window=1)
    ok(qtbot, one, "sign_in")
    two, screen = RawPeer(qtbot, server.port), RawPeer(qtbot, server.port)
    assert (two.hello("counter", credential("counter", window=2, staff_no="1002")) or {})["ok"]
    assert (screen.hello("display", credential("display")) or {})["ok"]
    first = engine.last_seq()
    for _ in range(3):
        engine.issue_ticket("A")
    ok(qtbot, one, "call_next")
    qtbot.waitUntil(lambda: "ticket_called" in kinds(screen.received), timeout=WAIT_MS)
    assert pushed(screen.received) == [("events", ["ticket_issued"] * 3 + ["ticket_called"])]
    qtbot.waitUntil(lambda: len(events_of(two.received)) == 4, timeout=WAIT_MS)
    assert batched(two.received) == ["ticket_issued"] * 3 + ["ticket_called"]

    since = len(two.received)
    engine.issue_ticket("A")  # waits for the batch …
    two.exchange({"v": 1, "type": "request", "id": 2, "op": "sign_in", "args": {}})
    two.exchange({"v": 1, "type": "request", "id": 3, "op": "call_next", "args": {}})
    qtbot.waitUntil(lambda: "ticket_called" in kinds(two.received[since:]), timeout=WAIT_MS)
    # … and goes out before the window's own events, which do not wait
    assert pushed(two.received[since:]) == [
        ("events", ["ticket_issued", "window_signed_in"]),
        ("event", ["ticket_called"]),
    ]
    seqs = [e["seq"] for e in events_of(two.received)]
    assert seqs == sorted(seqs) and seqs[0] > first


def test_a_display_gets_a_call_at_once_and_the_rest_of_a_case_batched(
    qtbot: QtBot, connect: Connect, server: HallServer, engine: QueueEngine
) -> None:
    """The lobby screen acts on calls only: window 1's start and finish (and the rating
    request) come to it in a batch; its recall comes at once."""
    engine.issue_ticket("A")
    one = connect("counter", window=1)
    ok(qtbot, one, "sign_in")
    ok(qtbot, one, "call_next")
    screen = RawPeer(qtbot, server.port)
    assert (screen.hello("display", credential("display")) or {})["ok"]
    ok(qtbot, one, "start")
    ok(qtbot, one, "finish", outcome="done")
    qtbot.waitUntil(lambda: len(events_of(screen.received)) == 3, timeout=WAIT_MS)
    assert batched(screen.received) == ["ticket_started", "ticket_finished", "rating_requested"]
    since = len(screen.received)
    engine.issue_ticket("A")
    ok(qtbot, one, "call_next")
    ok(qtbot, one, "recall")
    qtbot.waitUntil(lambda: "ticket_recalled" in kinds(screen.received), timeout=WAIT_MS)
    assert pushed(screen.received[since:]) == [
        ("events", ["ticket_issued", "ticket_called"]),
        ("event", ["ticket_recalled"]),
    ]


def events_of(received: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The events in what a raw peer received, in the order they came (batches unpacked)."""
    found: list[dict[str, Any]] = []
    for message in received:
        if message["type"] == "event":
            found.append(message["event"])
        elif message["type"] == "events":
            found.extend(message["events"])
    return found


def kinds(received: list[dict[str, Any]]) -> list[str]:
    return [e["kind"] for e in events_of(received)]


def batched(received: list[dict[str, Any]]) -> list[str]:
    """The kinds of the events a raw peer received, each of them having come in a batch."""
    assert {kind for kind, _ in pushed(received)} == {"events"}
    return kinds(received)


def pushed(received: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    """The event messages a raw peer received: their type and the kinds of their events."""
    return [(m["type"], kinds([m])) for m in received if m["type"] in ("event", "events")]
