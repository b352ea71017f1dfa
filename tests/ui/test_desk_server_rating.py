"""A rating the server's bus keypad already stored: the desk shows it and sends no
record_rating of its own."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from app.queue import ManualClock, QueueEngine
from app.ui.counter_desk import ClerkDesk
from tests.ui.conftest import ClientFactory


class RecordedKeypad:
    """Like ServerKeypad: the result comes back marked as stored by the server."""

    def start_rating(self, ticket: dict[str, Any], on_result: Callable[[Any], None]) -> None:
        result = {"ticket_id": ticket["id"], "level": 4, "end": "key", "recorded": True}
        threading.Timer(0.01, on_result, args=(result,)).start()


def test_a_server_recorded_rating_is_shown_but_not_sent_again(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    client = make_client("counter", window=1, staff_no="1001")
    desk = ClerkDesk(client, 1, RecordedKeypad(), now=clock.now)
    qtbot.addWidget(desk)
    qtbot.waitUntil(lambda: desk.state.get("number") == 1)
    engine.sign_in(1, "1001")
    engine.issue_ticket("A")
    engine.call_next(1)
    desk.refresh()
    qtbot.waitUntil(lambda: desk.buttons["finish"].isEnabled())
    desk.act("finish")
    desk.finish_panel.choose("done")
    qtbot.waitUntil(lambda: "Satisfied" in desk.rating.text())
    qtbot.waitUntil(lambda: desk.rating_ticket is None)
    assert "finish" in client.ops()  # type: ignore[attr-defined]
    assert "record_rating" not in client.ops()  # type: ignore[attr-defined]
