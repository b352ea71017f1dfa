"""The counter screen follows its window: calls, pause, sign-in; other windows leave it alone."""

from __future__ import annotations

from typing import Any

from app.queue import QueueEngine
from app.ui.counter_screen import CounterScreen
from tests.ui.conftest import ClientFactory


def build(qtbot: Any, make_client: ClientFactory, window: int = 2) -> CounterScreen:
    screen = CounterScreen(make_client("display"), window)
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.request_state()
    return screen


def test_sign_in_shows_the_clerk_and_services(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine
) -> None:
    screen = build(qtbot, make_client)
    assert screen.paused
    engine.sign_in(2, "1002")
    qtbot.waitUntil(lambda: screen.staff_name.text() == "李娜")
    assert "1002" in screen.staff_no.text()
    qtbot.waitUntil(lambda: "社保医保" in screen.services.text())
    assert "住房公积金" in screen.services.text()


def test_a_pause_shows_service_paused_and_a_resume_clears_it(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine
) -> None:
    engine.sign_in(2, "1002")
    screen = build(qtbot, make_client)
    qtbot.waitUntil(lambda: not screen.paused)
    engine.pause(2, "lunch")
    qtbot.waitUntil(lambda: screen.paused)
    assert screen.ticket.text() == "Service paused"
    engine.resume(2)
    qtbot.waitUntil(lambda: not screen.paused)


def test_a_call_at_this_window_shows_its_number_and_other_windows_do_not(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine
) -> None:
    engine.sign_in(2, "1002")
    engine.sign_in(1, "1001")
    screen = build(qtbot, make_client)
    engine.issue_ticket("A")
    engine.issue_ticket("A")
    engine.call_next(1)
    engine.call_next(2)
    qtbot.waitUntil(lambda: screen.ticket.text() == "A002")
    engine.finish(1, "done")
    qtbot.wait(50)
    assert screen.ticket.text() == "A002"
