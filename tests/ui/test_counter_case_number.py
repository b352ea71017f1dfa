"""The 办件编号 on the desk's finish panel: scanned (a scanner types it and presses Enter) or
typed, it goes with the 办结 and the case's rating carries it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import select

from app.models import Rating, RatingPath, Ticket
from app.queue import ManualClock, QueueEngine
from tests.ui.conftest import ClientFactory
from tests.ui.test_counter import desk_for


def test_a_scanned_case_number_goes_with_the_finish_and_the_rating(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    desk = desk_for(qtbot, make_client, clock)
    engine.sign_in(1, "1001")
    engine.issue_ticket("A")
    engine.call_next(1)
    desk.refresh()
    qtbot.waitUntil(lambda: desk.buttons["finish"].isEnabled())
    desk.act("finish")
    panel = desk.finish_panel
    panel.case_no.setFocus()
    qtbot.keyClicks(panel.case_no, "370102202611230001")  # the scanner types the code…
    qtbot.keyClick(panel.case_no, Qt.Key.Key_Return)  # …and presses Enter: nothing finishes
    assert "finish" not in desk.client.ops()  # type: ignore[attr-defined]
    panel.choose("done")
    qtbot.waitUntil(lambda: "finish" in desk.client.ops())  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: engine.rating_session(1) is not None)
    session = engine.rating_session(1)
    assert session is not None
    clock.advance(seconds=3)
    engine.answer_rating(session.session, window=1, level=5, path=RatingPath.TABLET)
    with engine.db.read() as conn:
        assert conn.scalar(select(Ticket.case_no)) == "370102202611230001"
        assert conn.scalar(select(Rating.case_no)) == "370102202611230001"
    panel.reset()
    assert panel.case_no.text() == ""


def test_without_a_case_number_the_finish_sends_none(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    desk = desk_for(qtbot, make_client, clock)
    engine.sign_in(1, "1001")
    engine.issue_ticket("A")
    engine.call_next(1)
    desk.refresh()
    qtbot.waitUntil(lambda: desk.buttons["finish"].isEnabled())
    desk.act("finish")
    desk.finish_panel.choose("done")
    qtbot.waitUntil(lambda: engine.rating_session(1) is not None)
    with engine.db.read() as conn:
        assert conn.scalar(select(Ticket.case_no)) is None
