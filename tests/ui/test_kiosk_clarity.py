"""The kiosk tells a visitor what to expect: a service no window serves says so (or when it is
served again) instead of a figure, a service taking no tickets says why, and the wait reads
the same on the button and on the ticket."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import update

from app.models import Service
from app.queue import ManualClock, QueueEngine
from app.queue.predict import make_estimator
from app.ui.kiosk_pages import ServiceButton, TicketPage
from app.ui.wait_words import wait_words
from tests.ui.conftest import ClientFactory
from tests.ui.test_kiosk import FakePrinter, build


def test_a_service_no_window_serves_says_so_on_its_button_and_on_the_ticket(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine
) -> None:
    kiosk = build(qtbot, make_client, FakePrinter())
    qtbot.waitUntil(lambda: "No window serves this now" in kiosk.buttons["A"].detail.text())
    assert kiosk.buttons["A"].isEnabled()  # a ticket may still be taken
    engine.sign_in(1, "1001")  # window 1 serves A and F: the kiosk hears of it
    qtbot.waitUntil(lambda: "No window" not in kiosk.buttons["A"].detail.text())
    assert "No window serves this now" in kiosk.buttons["B"].detail.text()
    kiosk.buttons["B"].click()
    qtbot.waitUntil(lambda: kiosk.ticket_page.number.text() == "B001")
    assert kiosk.ticket_page.ahead.text() == "0 people ahead of you  ·  No window serves this now"


def test_at_lunch_the_button_says_when_the_service_is_served_again(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    clock.set(dt.datetime(2026, 11, 23, 12, 5))
    engine.sign_in(3, "1003")  # window 3: B only
    engine.pause(3, "lunch", "")
    kiosk = build(qtbot, make_client, FakePrinter())
    qtbot.waitUntil(lambda: "13:30" in kiosk.buttons["B"].detail.text())
    assert kiosk.buttons["B"].detail.text() == "0 waiting\nLunch break: served again from 13:30"


def test_a_service_past_its_cap_or_its_hours_says_why(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock, zh: None
) -> None:
    with engine.db.write() as conn:
        conn.execute(update(Service).where(Service.code == "E").values(daily_cap=1))
    engine.issue_ticket("E")
    kiosk = build(qtbot, make_client, FakePrinter())
    qtbot.waitUntil(lambda: not kiosk.buttons["E"].isEnabled())
    assert kiosk.buttons["E"].detail.text() == "暂停取号：今日号已取完"


def test_a_service_past_its_hours_says_when_it_takes_tickets(
    qtbot: Any, make_client: ClientFactory, clock: ManualClock, zh: None
) -> None:
    clock.set(dt.datetime(2026, 11, 23, 18, 0))
    kiosk = build(qtbot, make_client, FakePrinter())
    assert not kiosk.buttons["A"].isEnabled()
    assert kiosk.buttons["A"].detail.text() == "暂停取号：该事项取号时间为 08:30–17:00"


def test_the_estimate_reads_the_same_on_the_button_and_on_the_ticket(qtbot: Any) -> None:
    estimate = {"estimated_wait_s": 1500}
    load = {"code": "A", "name": "社保医保", "waiting": 3, "open": True, **estimate}
    issued = {"ticket": {"number": "A004", "service_name": "社保医保"}, "people_ahead": 3}
    button, page = ServiceButton(load), TicketPage()
    qtbot.addWidget(button)
    qtbot.addWidget(page)
    page.show_ticket(issued | estimate)
    words = wait_words(estimate)
    assert words == "about 25 min"
    assert button.detail.text() == f"3 waiting\n{words}"
    assert page.ahead.text() == f"3 people ahead of you  ·  {words}"
    no_window = {"reason": "no_window", "opens_at": None}
    button.update_load(load, no_window)
    page.show_ticket(issued | estimate, no_window)
    assert button.detail.text().endswith("No window serves this now")
    assert page.ahead.text().endswith("No window serves this now")


def test_the_wait_words_read_only_the_fields_that_are_there() -> None:
    assert wait_words({}) == ""
    assert wait_words({"estimated_wait_s": None}) == ""
    assert wait_words({"estimated_wait_s": 120}) == "less than 5 min"
    assert wait_words({"estimated_wait_s": 4000}) == "about 1 h 10 min"
    before = {"reason": "before_hours", "opens_at": "08:30"}
    assert wait_words({"estimated_wait_s": 600}, before) == "Served from 08:30"


def test_a_kiosk_on_a_hall_with_the_predictor_shows_its_figure_on_button_and_ticket(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine
) -> None:
    engine.use_estimator(make_estimator(background=False))
    engine.sign_in(1, "1001")
    for _ in range(4):
        engine.issue_ticket("A")
    kiosk = build(qtbot, make_client, FakePrinter())
    qtbot.waitUntil(lambda: "about" in kiosk.buttons["A"].detail.text())
    shown = kiosk.buttons["A"].detail.text().split("\n")[1]
    kiosk.buttons["A"].click()
    qtbot.waitUntil(lambda: kiosk.ticket_page.number.text() == "A005")
    issued = kiosk.last_issued or {}
    assert kiosk.ticket_page.ahead.text().endswith(wait_words(issued))
    assert wait_words(issued).startswith("about") and shown.startswith("about")
