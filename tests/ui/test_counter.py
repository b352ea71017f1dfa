"""The clerk workstation: login, F-keys send the right commands, a full case with the rating
of the keypad on this PC (a simulated keypad on a real TCP port, read by the real driver; its
key frame relayed to the server), refusals shown, the overdue warning; the clerk never enters
a rating. The desk talks to the real server and command table through the loopback
(tests/ui/table_client.py: it can cut the link), and the tests check what the server did,
not only what was sent."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget
from sqlalchemy import select

from app.devices.keypad.driver import KeypadDriver
from app.devices.keypad.simulator import KeypadSimulator
from app.models import Rating
from app.net.server import HallServer
from app.queue import ManualClock, QueueEngine
from app.ui.counter import ClerkWorkstation
from app.ui.counter_desk import ClerkDesk
from app.ui.keypad_bridge import KeypadDriverAdapter
from app.ui.widgets import ConnectionBanner
from tests.ui.conftest import ClientFactory
from tests.ui.table_client import TableClient, credential


@pytest.fixture
def pc_keypad() -> Iterator[tuple[KeypadSimulator, KeypadDriverAdapter]]:
    """The keypad on the clerk's PC, as `python -m app counter` drives it: window 1's keypad
    (address 1, as the demo hall's window 1 has it) on its own port."""
    with KeypadSimulator.on_tcp(addresses=[1]) as simulator:
        driver = KeypadDriver(simulator.url, [1])
        driver.start()
        try:
            yield simulator, KeypadDriverAdapter(driver, 1)
        finally:
            driver.stop()


def stored_ratings(engine: QueueEngine) -> list[tuple[Any, ...]]:
    columns = (Rating.ticket_id, Rating.level, Rating.path, Rating.keypad_session)
    with engine.db.read() as conn:
        rows = conn.execute(select(*columns, Rating.raw_frame)).all()
    return [tuple(row) for row in rows]


def desk_for(
    qtbot: Any, make_client: ClientFactory, clock: ManualClock, keypad: Any = None, window: int = 1
) -> ClerkDesk:
    client = make_client("counter", window=window, staff_no=f"100{window}")
    desk = ClerkDesk(client, window, keypad, now=clock.now)
    qtbot.addWidget(desk)
    desk.resize(1280, 800)
    desk.show()
    qtbot.waitExposed(desk)
    desk.activateWindow()
    desk.setFocus()
    qtbot.waitUntil(lambda: desk.state.get("number") == window)
    return desk


def press(qtbot: Any, desk: ClerkDesk, key: Qt.Key | str) -> None:
    """A key as the clerk presses it; a button's shortcut clicks it (animated, ~100 ms)."""
    qtbot.keyClick(desk.focusWidget() or desk, key)


def button(parent: QWidget, text: str) -> QPushButton:
    return next(b for b in parent.findChildren(QPushButton) if b.text() == text)


def test_a_wrong_password_is_refused_and_the_right_one_opens_the_desk(
    qtbot: Any, hall_server: HallServer, clock: ManualClock
) -> None:
    def connect(staff_no: str, password: str) -> TableClient:
        given = {"window": 2, "staff_no": staff_no, "password": password}
        return TableClient(hall_server, "counter", credential("counter", **given))

    station = ClerkWorkstation(2, connect, now=clock.now)
    qtbot.addWidget(station)
    station.login.staff_no.setText("1002")
    station.login.password.setText("wrong")
    station.login.button.click()
    qtbot.waitUntil(lambda: station.login.message.text() != "")
    assert station.login.message.text() == "wrong staff number or password"  # the server's
    assert station.desk is None and station.login.button.isEnabled()
    station.login.password.setText("123456")
    station.login.button.click()
    qtbot.waitUntil(lambda: station.desk is not None)
    assert station.pages.currentWidget() is station.desk
    station.desk.logout.click()
    assert station.desk is None and station.pages.currentWidget() is station.login


def test_a_full_case_by_function_keys_ends_with_the_keypads_rating(
    qtbot: Any,
    make_client: ClientFactory,
    engine: QueueEngine,
    clock: ManualClock,
    pc_keypad: tuple[KeypadSimulator, KeypadDriverAdapter],
) -> None:
    """After finish the server asks for the rating; the keypad on this PC is started on the
    session's token, and its key frame goes to the server untouched (stored as relayed)."""
    simulator, keypad = pc_keypad
    desk = desk_for(qtbot, make_client, clock, keypad)
    engine.issue_ticket("A")
    press(qtbot, desk, Qt.Key.Key_F10)  # sign in
    qtbot.waitUntil(lambda: desk.state.get("signed_in"))
    qtbot.waitUntil(lambda: desk.waiting.count() == 1)
    press(qtbot, desk, Qt.Key.Key_F1)  # call next
    qtbot.waitUntil(lambda: desk.number.text() == "A001")
    press(qtbot, desk, Qt.Key.Key_F2)  # recall
    qtbot.waitUntil(lambda: engine.ticket(1).recalls == 1)
    press(qtbot, desk, Qt.Key.Key_F5)  # start
    qtbot.waitUntil(lambda: (desk.state.get("current") or {}).get("state") == "serving")
    press(qtbot, desk, Qt.Key.Key_F4)  # finish…
    qtbot.waitUntil(lambda: desk.action_stack.currentWidget() is desk.finish_panel)
    press(qtbot, desk, "1")  # …办结
    qtbot.waitUntil(lambda: desk.rating.text() == "Please ask the visitor to rate A001…")
    assert desk.rating_ticket == 1 and not desk.buttons["call_next"].isEnabled()
    session = engine.rating_session(1)
    assert session is not None and session.open
    qtbot.waitUntil(lambda: simulator.keypads[1].session == session.session, timeout=5000)
    clock.advance(seconds=3)  # the visitor reads the keypad and presses
    assert simulator.press(5, 1)
    qtbot.waitUntil(lambda: "Very satisfied" in desk.rating.text(), timeout=5000)
    ops = [
        op
        for op in desk.client.ops()  # type: ignore[attr-defined]
        if op not in ("window_state", "waiting", "my_today", "snapshot")
    ]
    assert ops == ["sign_in", "call_next", "recall", "start", "finish", "relay_keypad_frame"]
    frame = desk.client.args_of("relay_keypad_frame")["frame"]  # type: ignore[attr-defined]
    assert stored_ratings(engine) == [(1, 5, "relayed", session.session, frame.lower())]
    assert desk.rating_ticket is None
    qtbot.waitUntil(lambda: "1 served" in desk.today.text() and "(1 rated)" in desk.today.text())
    assert "satisfaction 100%" in desk.today.text()
    assert [e for e in engine.events_after(0) if e.kind == "rating_anomaly"] == []


def test_no_key_on_the_keypad_is_recorded_as_not_rated_at_the_servers_deadline(
    qtbot: Any,
    make_client: ClientFactory,
    engine: QueueEngine,
    clock: ManualClock,
    pc_keypad: tuple[KeypadSimulator, KeypadDriverAdapter],
) -> None:
    simulator, keypad = pc_keypad
    desk = desk_for(qtbot, make_client, clock, keypad)
    engine.sign_in(1, "1001")
    engine.issue_ticket("A")
    engine.call_next(1)
    desk.refresh()
    qtbot.waitUntil(lambda: desk.buttons["finish"].isEnabled())
    desk.buttons["finish"].click()
    desk.finish_panel.buttons["consult"].click()
    qtbot.waitUntil(lambda: simulator.keypads[1].session is not None, timeout=5000)
    clock.advance(seconds=16)
    assert len(engine.expire_ratings()) == 1  # the server's 1 s tick
    qtbot.waitUntil(lambda: "Not rated" in desk.rating.text())
    assert simulator.press(4, 1)  # a late key: the keypad still had it open, but…
    qtbot.waitUntil(lambda: "relay_keypad_frame" in desk.client.ops(), timeout=5000)  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: desk.message.text().startswith("the rating session is closed"))
    assert [row[1:3] for row in stored_ratings(engine)] == [(None, "none")]  # …it goes nowhere
    late = [e.data for e in engine.events_after(0) if e.kind == "rating_anomaly"]
    assert [(a["anomaly"], a["path"]) for a in late] == [("closed_session", "relayed")]


def test_without_a_keypad_no_rating_is_ever_sent(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    """The window's keypad is on the server's bus or it has a tablet: the desk only shows."""
    desk = desk_for(qtbot, make_client, clock, keypad=None)
    engine.sign_in(1, "1001")
    engine.issue_ticket("A")
    engine.call_next(1)
    desk.refresh()
    qtbot.waitUntil(lambda: desk.buttons["finish"].isEnabled())
    desk.act("finish")
    desk.finish_panel.choose("done")
    qtbot.waitUntil(lambda: "rate A001" in desk.rating.text())
    clock.advance(seconds=16)
    engine.expire_ratings()
    qtbot.waitUntil(lambda: "Not rated" in desk.rating.text())
    assert not {"record_rating", "relay_keypad_frame", "request_rating"} & set(desk.client.ops())  # type: ignore[attr-defined]
    assert not any("rat" in b.text().lower() for b in desk.findChildren(QPushButton))


def test_a_key_pressed_while_the_link_is_down_is_relayed_after_the_reconnect(
    qtbot: Any,
    make_client: ClientFactory,
    engine: QueueEngine,
    clock: ManualClock,
    pc_keypad: tuple[KeypadSimulator, KeypadDriverAdapter],
) -> None:
    """The session is still open when the link is back: the visitor's key still counts."""
    simulator, keypad = pc_keypad
    desk = desk_for(qtbot, make_client, clock, keypad)
    engine.sign_in(1, "1001")
    engine.issue_ticket("A")
    engine.call_next(1)
    desk.refresh()
    qtbot.waitUntil(lambda: desk.buttons["finish"].isEnabled())
    desk.act("finish")
    desk.finish_panel.choose("done")
    qtbot.waitUntil(lambda: simulator.keypads[1].session is not None, timeout=5000)
    desk.client.drop()  # type: ignore[attr-defined]
    clock.advance(seconds=3)
    assert simulator.press(2, 1)
    qtbot.waitUntil(lambda: desk.ratings.unsent_frame is not None, timeout=5000)
    assert stored_ratings(engine) == []
    desk.client.restore()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: "Dissatisfied" in desk.rating.text(), timeout=10_000)
    assert [row[1:3] for row in stored_ratings(engine)] == [(2, "relayed")]
    assert desk.client.ops().count("relay_keypad_frame") == 2  # type: ignore[attr-defined]


def test_the_desk_asks_in_chinese_and_shows_the_result(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock, zh: None
) -> None:
    desk = desk_for(qtbot, make_client, clock)
    engine.sign_in(1, "1001")
    engine.issue_ticket("A")
    engine.call_next(1)
    engine.finish(1, "done")
    qtbot.waitUntil(lambda: desk.rating.text() == "请邀请群众对 A001 进行评价…")
    clock.advance(seconds=16)
    engine.expire_ratings()
    qtbot.waitUntil(lambda: desk.rating.text() == "评价结果：未评价")


def test_not_accepted_needs_a_reason_before_it_is_sent(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    desk = desk_for(qtbot, make_client, clock)
    engine.sign_in(1, "1001")
    engine.issue_ticket("A")
    engine.call_next(1)
    desk.refresh()
    qtbot.waitUntil(lambda: desk.buttons["finish"].isEnabled())
    desk.act("finish")
    desk.finish_panel.buttons["rejected"].click()
    assert "finish" not in desk.client.ops()  # type: ignore[attr-defined]
    desk.finish_panel.note.setText("不属于本中心受理范围")
    desk.finish_panel.buttons["rejected"].click()
    qtbot.waitUntil(lambda: engine.ticket(1).outcome == "rejected")


@pytest.mark.parametrize(
    ("key", "op", "state"),
    [(Qt.Key.Key_F3, "no_show", "no_show"), (Qt.Key.Key_F6, "hold", "held")],
)
def test_function_keys_on_a_called_ticket_do_their_command(
    qtbot: Any,
    make_client: ClientFactory,
    engine: QueueEngine,
    clock: ManualClock,
    key: Qt.Key,
    op: str,
    state: str,
) -> None:
    """F3 marks the visitor absent (过号); F6 parks the ticket, listed as held at the desk."""
    desk = desk_for(qtbot, make_client, clock)
    engine.sign_in(1, "1001")
    engine.issue_ticket("A")
    engine.call_next(1)
    desk.refresh()
    qtbot.waitUntil(lambda: desk.buttons["recall"].isEnabled())
    press(qtbot, desk, key)
    qtbot.waitUntil(lambda: op in desk.client.ops())  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: desk.state.get("current") is None)
    assert engine.ticket(1).state == state
    assert ("A001" in desk.held.text()) is (op == "hold")


def test_hold_then_call_back_and_transfer_to_another_service(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    desk = desk_for(qtbot, make_client, clock)
    engine.sign_in(1, "1001")
    engine.issue_ticket("A")
    engine.call_next(1)
    desk.refresh()
    qtbot.waitUntil(lambda: desk.buttons["hold"].isEnabled())
    press(qtbot, desk, Qt.Key.Key_F6)  # hold
    qtbot.waitUntil(lambda: desk.buttons["number"].isEnabled())
    press(qtbot, desk, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: desk.action_stack.currentWidget() is desk.number_panel)
    assert desk.number_panel.number.text() == "A001"  # the held number is offered
    press(qtbot, desk, Qt.Key.Key_Return)  # held here: called back
    qtbot.waitUntil(lambda: desk.number.text() == "A001")
    assert "call_back" in desk.client.ops()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: len(desk.transfer_panel.service_buttons) == 6)
    press(qtbot, desk, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: desk.action_stack.currentWidget() is desk.transfer_panel)
    press(qtbot, desk, "C")  # C 住房公积金
    qtbot.waitUntil(lambda: engine.ticket(1).service_code == "C")
    assert desk.client.args_of("transfer") == {"to_service": "C", "note": ""}  # type: ignore[attr-defined]


def test_pause_with_a_reason_and_resume_with_f9(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    desk = desk_for(qtbot, make_client, clock)
    engine.sign_in(1, "1001")
    desk.refresh()
    qtbot.waitUntil(lambda: desk.buttons["pause"].isEnabled())
    press(qtbot, desk, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: desk.action_stack.currentWidget() is desk.pause_panel)
    press(qtbot, desk, "1")  # lunch
    qtbot.waitUntil(lambda: desk.state.get("paused"))
    assert not desk.buttons["call_next"].isEnabled()
    press(qtbot, desk, Qt.Key.Key_F9)
    qtbot.waitUntil(lambda: not desk.state.get("paused"))


def test_a_refusal_is_shown_and_the_overdue_warning_appears(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    desk = desk_for(qtbot, make_client, clock)
    engine.sign_in(1, "1001")
    desk.refresh()
    qtbot.waitUntil(lambda: desk.buttons["call_next"].isEnabled())
    desk.act("call_next")
    qtbot.waitUntil(lambda: "no one is waiting" in desk.message.text())
    engine.issue_ticket("A")
    engine.call_next(1)
    engine.start(1)
    desk.refresh()
    # 社保医保 (A) promises 10 minutes in the demo hall (a service's own 限时办结).
    qtbot.waitUntil(lambda: "promised 10 min" in desk.timer.text())
    clock.advance(minutes=9)
    desk._show_timer()
    assert "Over" not in desk.timer.text()
    clock.advance(minutes=2)
    desk._show_timer()
    assert "Over the promised time" in desk.timer.text()


def test_a_lost_link_shows_the_banner_disables_the_buttons_and_recovers(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    desk = desk_for(qtbot, make_client, clock)
    engine.sign_in(1, "1001")
    desk.refresh()
    qtbot.waitUntil(lambda: desk.buttons["pause"].isEnabled())
    banner = desk.findChild(ConnectionBanner)
    assert banner is not None and banner.isHidden()
    desk.client.drop()  # type: ignore[attr-defined]
    assert not banner.isHidden()
    assert not any(button.isEnabled() for button in desk.buttons.values())
    engine.pause(1, "meeting")  # happens while this desk is cut off
    qtbot.wait(300)  # the client keeps trying while the link is down
    assert not banner.isHidden() and not desk.client.is_connected
    desk.client.restore()  # type: ignore[attr-defined]
    qtbot.waitUntil(banner.isHidden)  # reconnected by the client's own retry
    qtbot.waitUntil(lambda: desk.state.get("paused") is True)


def test_a_change_of_the_windows_services_refreshes_its_waiting_list(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    """The console saves window 1's services; the desk hears config_changed and reloads."""

    def listed(number: str) -> bool:
        return any(number in desk.waiting.item(i).text() for i in range(desk.waiting.count()))

    desk = desk_for(qtbot, make_client, clock)
    engine.issue_ticket("C")  # window 1 serves A and F: C001 is not on its list...
    engine.issue_ticket("A")
    desk.refresh()
    qtbot.waitUntil(lambda: listed("A001"))
    qtbot.wait(400)  # the refreshes the two tickets' events asked for are done
    assert not listed("C001")
    console = make_client("admin")
    console.request("window_save", {"number": 1, "data": {"services": ["A", "F", "C"]}})
    qtbot.waitUntil(lambda: listed("C001"))  # ...until the change reaches the desk


def test_todays_figures_count_finished_cases_only(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    """The desk shows the server's my_today: a case still at the window is not served yet."""
    desk = desk_for(qtbot, make_client, clock)
    engine.sign_in(1, "1001")
    engine.issue_ticket("A")
    engine.issue_ticket("A")
    engine.call_next(1)
    engine.start(1)
    clock.advance(minutes=4)
    engine.finish(1, "done")
    engine.call_next(1)
    engine.start(1)
    clock.advance(minutes=7)
    desk.refresh()
    qtbot.waitUntil(lambda: desk.number.text() == "A002")
    qtbot.waitUntil(lambda: "1 served" in desk.today.text())
    assert "average 04:00" in desk.today.text() and "(0 rated)" in desk.today.text()


def test_another_windows_call_rereads_only_the_waiting_list(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    """Window 2 calling a ticket changes only window 1's waiting list, and the desk asks for
    that alone (in a hall of hundreds of windows every desk hears every call); its own
    window's events re-read its state and its day as well."""

    def listed(number: str) -> bool:
        return any(number in desk.waiting.item(i).text() for i in range(desk.waiting.count()))

    desk = desk_for(qtbot, make_client, clock)
    client = desk.client
    assert isinstance(client, TableClient)
    engine.issue_ticket("A")
    engine.issue_ticket("A")
    engine.sign_in(2, "1002")
    qtbot.waitUntil(lambda: listed("A001") and listed("A002"))
    qtbot.wait(600)  # the refreshes those events asked for are done
    before = len(client.sent)
    engine.call_next(2)
    qtbot.waitUntil(lambda: not listed("A001"))
    qtbot.wait(400)
    assert client.ops()[before:] == ["waiting"]
    before = len(client.sent)
    engine.sign_in(1, "1001")
    qtbot.waitUntil(lambda: len(client.sent) >= before + 3)
    assert sorted(client.ops()[before:]) == ["my_today", "waiting", "window_state"]
