"""The clerk's desk from the keyboard alone, keys counted: every form takes its keys however it
was opened (by F-key or by a click), its text field takes typing only where the choice needs
words or when the clerk moves there with Tab; what the server did is checked in the database."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from sqlalchemy import select

from app.models import OneTimeNotice, Ticket
from app.queue import ManualClock, QueueEngine
from app.ui.counter_desk import ClerkDesk
from app.ui.counter_transfer import window_for
from tests.ui.conftest import ClientFactory
from tests.ui.test_counter import desk_for


class Keyboard:
    """Presses keys on whatever has the focus in the desk's window, as a clerk does, and
    counts them (a chord such as Ctrl+Enter is one keystroke; typed text counts per
    character)."""

    def __init__(self, qtbot: Any, desk: ClerkDesk) -> None:
        self.qtbot, self.desk, self.count = qtbot, desk, 0

    def press(self, key: Qt.Key | str, modifier: Qt.KeyboardModifier | None = None) -> None:
        target = self.desk.focusWidget() or self.desk
        if modifier is None:
            self.qtbot.keyClick(target, key)
        else:
            self.qtbot.keyClick(target, key, modifier)
        self.count += 1

    def type(self, text: str) -> None:
        target = self.desk.focusWidget()
        assert isinstance(target, (QLineEdit, QPlainTextEdit)), f"typing into {target}"
        self.qtbot.keyClicks(target, text)
        self.count += len(text)


def ready(qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock) -> Any:
    desk = desk_for(qtbot, make_client, clock)
    engine.sign_in(1, "1001")
    desk.refresh()
    qtbot.waitUntil(lambda: desk.state.get("signed_in"))
    return desk


def outcome(engine: QueueEngine, ticket: int) -> tuple[str | None, str]:
    view = engine.ticket(ticket)
    with engine.db.read() as conn:
        note = conn.scalar(select(Ticket.outcome_note).where(Ticket.id == ticket))
    return view.outcome, str(note or "")


def test_a_full_case_takes_four_keys_f1_f5_f4_and_1(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    desk = ready(qtbot, make_client, engine, clock)
    engine.issue_ticket("A")
    qtbot.waitUntil(lambda: desk.buttons["call_next"].isEnabled() and desk.waiting.count() == 1)
    keys = Keyboard(qtbot, desk)
    keys.press(Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: desk.number.text() == "A001" and desk.buttons["start"].isEnabled())
    keys.press(Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: engine.ticket(1).state == "serving")
    keys.press(Qt.Key.Key_F4)
    keys.press("1")
    qtbot.waitUntil(lambda: engine.ticket(1).state == "finished")
    assert outcome(engine, 1) == ("done", "")
    assert keys.count == 4
    print(f"keystrokes for a full case (call, start, finish 办结): {keys.count}")


def test_materials_incomplete_with_its_list_from_the_keyboard(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    """F1, F5, F4, 2, the materials one per line (Enter between), Ctrl+Enter: the case ends
    with its 一次性告知单."""
    desk = ready(qtbot, make_client, engine, clock)
    engine.issue_ticket("A")
    qtbot.waitUntil(lambda: desk.buttons["call_next"].isEnabled() and desk.waiting.count() == 1)
    keys = Keyboard(qtbot, desk)
    keys.press(Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: desk.buttons["start"].isEnabled())
    keys.press(Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: engine.ticket(1).state == "serving")
    keys.press(Qt.Key.Key_F4)
    keys.press("2")
    assert desk.focusWidget() is desk.finish_panel.missing
    keys.type("ID card")
    keys.press(Qt.Key.Key_Return)
    keys.type("household book")
    keys.press(Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: engine.ticket(1).state == "finished")
    with engine.db.read() as conn:
        items = conn.scalar(select(OneTimeNotice.items))
    assert engine.ticket(1).outcome == "incomplete" and items == ["ID card", "household book"]
    typed = len("ID card") + len("household book")
    assert keys.count - typed == 6  # F1 F5 F4 2, Enter between the two, Ctrl+Enter
    print(f"keystrokes for a 材料不齐 case with two materials: {keys.count - typed} + the text")


def test_clicking_finish_then_pressing_1_finishes_the_case(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    """The mouse and the keyboard mixed: the click leaves no text field with the focus."""
    desk = ready(qtbot, make_client, engine, clock)
    engine.issue_ticket("A")
    engine.call_next(1)
    desk.refresh()
    qtbot.waitUntil(lambda: desk.buttons["finish"].isEnabled())
    qtbot.mouseClick(desk.buttons["finish"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: desk.action_stack.currentWidget() is desk.finish_panel)
    assert not isinstance(desk.focusWidget(), (QLineEdit, QPlainTextEdit))
    Keyboard(qtbot, desk).press("1")
    qtbot.waitUntil(lambda: engine.ticket(1).state == "finished")
    assert outcome(engine, 1) == ("done", "")


def test_not_accepted_takes_its_reason_then_enter(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    desk = ready(qtbot, make_client, engine, clock)
    engine.issue_ticket("A")
    engine.call_next(1)
    desk.refresh()
    qtbot.waitUntil(lambda: desk.buttons["finish"].isEnabled())
    keys = Keyboard(qtbot, desk)
    keys.press(Qt.Key.Key_F4)
    keys.press("3")
    assert desk.focusWidget() is desk.finish_panel.note
    keys.press(Qt.Key.Key_Return)  # no reason yet: nothing is sent
    assert "finish" not in desk.client.ops()  # type: ignore[attr-defined]
    keys.type("out of scope 1")  # digits are words here
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: engine.ticket(1).state == "finished")
    assert outcome(engine, 1) == ("rejected", "out of scope 1")


def test_tab_reaches_the_optional_note_and_enter_comes_back_to_the_outcomes(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    desk = ready(qtbot, make_client, engine, clock)
    engine.issue_ticket("F")
    engine.call_next(1)
    desk.refresh()
    qtbot.waitUntil(lambda: desk.buttons["finish"].isEnabled())
    keys = Keyboard(qtbot, desk)
    keys.press(Qt.Key.Key_F4)
    keys.press(Qt.Key.Key_Tab)
    assert desk.focusWidget() is desk.finish_panel.note
    keys.type("told 4 steps")
    keys.press(Qt.Key.Key_Return)
    assert desk.focusWidget() is desk.finish_panel
    keys.press("4")
    qtbot.waitUntil(lambda: engine.ticket(1).state == "finished")
    assert outcome(engine, 1) == ("consult", "told 4 steps")


def test_transfer_by_a_windows_number_and_pause_for_another_reason(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    desk = ready(qtbot, make_client, engine, clock)
    engine.issue_ticket("A")
    engine.call_next(1)
    desk.refresh()
    qtbot.waitUntil(lambda: desk.buttons["transfer"].isEnabled())
    qtbot.waitUntil(lambda: len(desk.transfer_panel.window_buttons) == 7)
    keys = Keyboard(qtbot, desk)
    keys.press(Qt.Key.Key_F7)
    keys.press("5")  # windows 2–8: one digit names window 5
    qtbot.waitUntil(lambda: engine.ticket(1).target_window_no == 5)
    assert desk.client.args_of("transfer") == {"to_window": 5, "note": ""}  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: desk.buttons["pause"].isEnabled())
    keys.press(Qt.Key.Key_F9)
    keys.press("6")  # other: the reason is asked
    keys.type("fire drill")
    keys.press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: desk.state.get("paused"))
    assert (desk.state.get("pause_reason"), desk.state.get("pause_note")) == (
        "other",
        "fire drill",
    )


def test_a_windows_number_goes_at_once_only_when_no_other_starts_with_it() -> None:
    numbers = [1, 2, 3, 10, 12]
    assert window_for("2", numbers, confirmed=False) == 2
    assert window_for("1", numbers, confirmed=False) is None
    assert window_for("1", numbers, confirmed=True) == 1
    assert window_for("12", numbers, confirmed=False) == 12
    assert window_for("4", numbers, confirmed=True) is None


def test_the_header_shows_no_empty_brackets_before_sign_in(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    desk = desk_for(qtbot, make_client, clock)
    assert "（）" not in desk.clerk.text() and "( )" not in desk.clerk.text()
    assert desk.clerk.text() in ("王芳（1001）", "王芳", "")
    engine.sign_in(1, "1001")
    desk.refresh()
    qtbot.waitUntil(lambda: desk.clerk.text() == "王芳（1001）")
