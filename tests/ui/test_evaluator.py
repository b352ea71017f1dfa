"""The tablet evaluator (平板评价器) against the real server and command table (through the
loopback of tests/ui/table_client.py), driven by real clicks on its buttons: the clerk's
identity while idle, 满意, 不满意 with reasons, the timeout (未评价), a token for another
window refused and logged. What the server stored is read back from the database."""

from __future__ import annotations

import base64
from dataclasses import replace
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import select, update

from app.models import Rating, RatingPath, Staff
from app.queue import ManualClock, QueueEngine
from app.ui.evaluator import IDLE, RATING, REASONS, THANKS, EvaluatorScreen
from tests.ui.conftest import ClientFactory
from tests.ui.table_client import EVALUATOR_TOKENS, TableClient
from tests.ui.test_counter_screen_photo import _png

pytestmark = pytest.mark.timeout(60)


def evaluator_for(
    qtbot: Any,
    make_client: ClientFactory,
    clock: ManualClock,
    window: int = 1,
    size: tuple[int, int] = (1280, 800),
) -> EvaluatorScreen:
    screen = EvaluatorScreen(make_client("evaluator", window=window), window, now=clock.now,
                             thanks_ms=300)  # fmt: skip
    qtbot.addWidget(screen)
    screen.resize(*size)
    screen.show()
    qtbot.waitExposed(screen)
    qtbot.waitUntil(lambda: len(screen.level_buttons) == 5 and screen.state.get("window") == window)
    return screen


def photo_colour(screen: EvaluatorScreen) -> QColor:
    shown = screen.idle.photo.pixmap().toImage()
    return shown.pixelColor(shown.width() // 2, shown.height() // 2)


def tap(widget: QWidget) -> None:
    """A visitor's touch: a real click at the middle of the widget, through the window."""
    assert widget.isVisible() and widget.isEnabled(), widget
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_in(field: QWidget, text: str) -> None:
    """Text as an on-screen keyboard (pinyin) commits it: an input method event."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(field, event)


def finish_a_case(engine: QueueEngine, window: int = 1, staff_no: str = "1001") -> int:
    if engine.window_state(window).staff_no != staff_no:
        engine.sign_in(window, staff_no)
    ticket = engine.issue_ticket("A" if window in (1, 2) else "B").ticket
    engine.call_next(window)
    engine.start(window)
    engine.finish(window, "done")
    return ticket.id


def stored(engine: QueueEngine, ticket_id: int) -> list[tuple[Any, ...]]:
    with engine.db.read() as conn:
        rows = conn.execute(
            select(Rating.level, Rating.path, Rating.reasons).where(Rating.ticket_id == ticket_id)
        ).all()
    return [tuple(row) for row in rows]


def anomalies(engine: QueueEngine) -> list[dict[str, Any]]:
    return [e.data for e in engine.events_after(0) if e.kind == "rating_anomaly"]


def sent(screen: EvaluatorScreen, op: str) -> list[dict[str, Any]]:
    client = screen.client
    assert isinstance(client, TableClient)
    return [args for name, args in client.sent if name == op]


def test_idle_shows_the_clerk_signed_in_and_a_welcome_when_nobody_is(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    """工作人员身份公开: photo, name, 工号, title and the window's services, following sign-in."""
    with engine.db.write() as conn:
        conn.execute(update(Staff).where(Staff.staff_no == "1001").values(photo=_png("red")))
    screen = evaluator_for(qtbot, make_client, clock)
    idle = screen.idle
    assert screen.pages.currentIndex() == IDLE
    assert not idle.welcome.isHidden() and idle.card.isHidden()
    engine.sign_in(1, "1001")
    qtbot.waitUntil(lambda: idle.name.text() == "王芳")
    assert not idle.card.isHidden() and idle.welcome.isHidden()
    assert idle.staff_no.text() == "Staff number: 1001" and idle.title.text() == "科员"
    assert "社保" in idle.services.text() and "综合咨询" in idle.services.text()
    assert "Window 1" in screen.window_title.text()
    qtbot.waitUntil(lambda: screen._photo is not None)
    assert photo_colour(screen) == QColor("red")
    console = make_client("admin")  # a new photo and title, saved at the console
    photo = base64.b64encode(_png("green")).decode()
    console.request("staff_save", {"staff_no": "1001", "data": {"photo": photo, "title": "副科长"}})
    qtbot.waitUntil(lambda: idle.title.text() == "副科长")
    qtbot.waitUntil(lambda: photo_colour(screen) == QColor("green"))
    engine.sign_out(1)
    qtbot.waitUntil(lambda: not idle.welcome.isHidden())
    assert idle.card.isHidden() and idle.welcome.text() == "Welcome"


def test_satisfied_by_a_tap_is_stored_from_the_tablet_then_thanks_then_idle(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    screen = evaluator_for(qtbot, make_client, clock)
    ticket = finish_a_case(engine)
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == RATING)
    assert screen.case.text() == "Your number: A001"
    assert screen.countdown.text() in ("15 s left", "14 s left")
    assert [b.name.text() for b in screen.level_buttons.values()] == [
        "Very satisfied", "Satisfied", "Fairly satisfied", "Dissatisfied", "Very dissatisfied"
    ]  # fmt: skip
    clock.advance(seconds=3)  # a person's time to read and touch
    tap(screen.level_buttons[4])
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == THANKS)
    assert stored(engine, ticket) == [(4, "tablet", None)]
    assert sent(screen, "evaluator_rate") == [
        {"session": engine.rating_session(ticket).session, "level": 4, "reasons": []}  # type: ignore[union-attr]
    ]
    assert anomalies(engine) == []
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == IDLE)
    assert engine.open_rating_session(1) is None


def test_dissatisfied_with_two_reasons_and_a_note_is_stored_with_them(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    screen = evaluator_for(qtbot, make_client, clock)
    ticket = finish_a_case(engine)
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == RATING)
    clock.advance(seconds=2)
    tap(screen.level_buttons[2])
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == REASONS)
    page = screen.reasons
    assert page.chosen.text() == "Your rating: Dissatisfied"
    toggles = {t.code: t for t in page.toggles}
    assert list(toggles) == ["attitude", "efficiency", "materials", "environment", "other"]
    assert page.note.isHidden()
    tap(toggles["efficiency"])
    tap(toggles["other"])
    assert toggles["efficiency"].isChecked() and toggles["other"].text().startswith("√")
    qtbot.waitUntil(page.note.isVisible)
    tap(page.note)
    type_in(page.note, "等候太久")
    assert stored(engine, ticket) == []  # nothing is sent before the confirm button
    tap(page.confirm)
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == THANKS)
    assert stored(engine, ticket) == [
        (2, "tablet", {"codes": ["efficiency", "other"], "note": "等候太久"})
    ]
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == IDLE)


def test_back_from_the_reasons_lets_the_visitor_choose_again(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    screen = evaluator_for(qtbot, make_client, clock)
    ticket = finish_a_case(engine)
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == RATING)
    clock.advance(seconds=2)
    tap(screen.level_buttons[1])
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == REASONS)
    tap(screen.reasons.toggles[0])
    tap(screen.reasons.back)
    assert screen.pages.currentIndex() == RATING
    tap(screen.level_buttons[5])
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == THANKS)
    assert stored(engine, ticket) == [(5, "tablet", None)]


def test_the_timeout_closes_the_session_as_not_rated_and_the_tablet_goes_idle(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    """The server's deadline passes (its 1 s tick: expire_ratings); the tablet sends nothing."""
    screen = evaluator_for(qtbot, make_client, clock)
    ticket = finish_a_case(engine)
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == RATING)
    qtbot.waitUntil(lambda: screen.state.get("staff_no") == "1001")  # the sign-in's refresh
    clock.advance(seconds=16)
    assert len(engine.expire_ratings()) == 1
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == IDLE)
    assert stored(engine, ticket) == [(None, "none", None)]
    assert sent(screen, "evaluator_rate") == []


def test_at_its_own_countdown_the_tablet_goes_idle_and_a_late_tap_records_nothing(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    engine.settings = replace(engine.settings, rating_timeout_s=1)
    screen = evaluator_for(qtbot, make_client, clock)
    ticket = finish_a_case(engine)
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == RATING)
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == IDLE, timeout=3000)
    assert screen.level_buttons[5].isHidden() or not screen.level_buttons[5].isVisible()
    clock.advance(seconds=2)
    engine.expire_ratings()
    assert stored(engine, ticket) == [(None, "none", None)]
    assert sent(screen, "evaluator_rate") == []


def test_a_dissatisfied_visitor_still_choosing_near_the_deadline_is_not_lost(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    """The level pressed goes with the reasons chosen so far, before the server's deadline."""
    engine.settings = replace(engine.settings, rating_timeout_s=3)
    screen = evaluator_for(qtbot, make_client, clock)
    ticket = finish_a_case(engine)
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == RATING)
    clock.advance(seconds=1)
    tap(screen.level_buttons[1])
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == REASONS)
    tap(screen.reasons.toggles[0])  # 服务态度, and then nothing more
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == THANKS, timeout=3000)
    assert stored(engine, ticket) == [(1, "tablet", {"codes": ["attitude"], "note": ""})]


def test_an_open_session_at_start_up_is_shown_and_other_windows_are_ignored(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    ticket = finish_a_case(engine)
    clock.advance(seconds=5)
    screen = evaluator_for(qtbot, make_client, clock)
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == RATING)
    assert screen.countdown.text() in ("10 s left", "9 s left")
    tap(screen.level_buttons[3])
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == THANKS)
    assert stored(engine, ticket) == [(3, "tablet", None)]
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == IDLE)
    finish_a_case(engine, window=3, staff_no="1003")  # another window's case
    qtbot.wait(200)
    assert screen.pages.currentIndex() == IDLE


def test_a_tablet_token_used_for_another_window_is_refused_and_logged(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    client = make_client("evaluator", window=2, token=EVALUATOR_TOKENS[1], connect=False)
    screen = EvaluatorScreen(client, 2, now=clock.now)
    qtbot.addWidget(screen)
    refusals: list[dict[str, Any]] = []
    client.auth_failed.connect(refusals.append)
    client.open()
    qtbot.waitUntil(lambda: bool(refusals))
    assert refusals[0]["code"] == "auth_failed" and not client.is_connected
    assert screen.idle.refusal.text() == "this token is not the token of window 2's evaluator"
    assert anomalies(engine) == [
        {"window": 2, "anomaly": "wrong_window_token", "zh": "评价终端令牌不属于该窗口",
         "en": "an evaluator token for another window", "path": "tablet", "token_of": 1}
    ]  # fmt: skip
    finish_a_case(engine, window=2, staff_no="1002")  # it never hears of window 2's session
    qtbot.wait(200)
    assert screen.pages.currentIndex() == IDLE and not screen.level_buttons


def test_an_answer_from_another_device_of_the_window_ends_the_tablets_page(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    """一次一评: the window's bus keypad answered first; the tablet thanks and sends nothing."""
    screen = evaluator_for(qtbot, make_client, clock)
    ticket = finish_a_case(engine)
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == RATING)
    session = engine.rating_session(ticket)
    assert session is not None
    clock.advance(seconds=2)
    engine.answer_rating(session.session, window=1, level=5, path=RatingPath.BUS)
    qtbot.waitUntil(lambda: screen.pages.currentIndex() == THANKS)
    assert sent(screen, "evaluator_rate") == [] and stored(engine, ticket) == [(5, "bus", None)]
