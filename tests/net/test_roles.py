"""Each role may do its own commands only; a counter acts on its own window only."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from app.net.server import HallServer
from app.queue import QueueEngine
from tests.net.conftest import WAIT_MS, Connect, call, ok, refused


def test_a_display_may_read_but_not_call(qtbot: QtBot, connect: Connect) -> None:
    display = connect("display")
    assert refused(qtbot, display, "call_next") == "forbidden"
    assert refused(qtbot, display, "issue_ticket", service="A") == "forbidden"
    assert ok(qtbot, display, "snapshot")["hall_name"] == "测试大厅"
    assert display.is_connected


def test_a_kiosk_issues_tickets_but_cannot_call_or_sign_in(qtbot: QtBot, connect: Connect) -> None:
    kiosk = connect("kiosk")
    issued = ok(qtbot, kiosk, "issue_ticket", service="A")
    assert issued["ticket"]["number"] == "A001"
    assert refused(qtbot, kiosk, "call_next") == "forbidden"
    assert refused(qtbot, kiosk, "sign_in") == "forbidden"
    assert refused(qtbot, kiosk, "record_rating", ticket_id=1, level=5) == "forbidden"


def test_a_counter_acts_on_its_login_window_and_may_not_name_one(
    qtbot: QtBot, connect: Connect, engine: QueueEngine
) -> None:
    """Issue 11: a counter sending `window` in args (it used to be ignored) is now refused with
    bad_request naming the field; the window is always the login's."""
    engine.issue_ticket("A")
    counter = connect("counter", window=1)
    done, error = call(qtbot, counter, "sign_in", window=2)
    assert not done and (error["code"], error["field"]) == ("bad_request", "window")
    done, error = call(qtbot, counter, "call_next", window=2)
    assert not done and (error["code"], error["field"]) == ("bad_request", "window")
    assert not engine.window_state(1).signed_in and not engine.window_state(2).signed_in
    ok(qtbot, counter, "sign_in")
    called = ok(qtbot, counter, "call_next")
    assert called["window_no"] == 1
    assert engine.window_state(2).current is None
    assert refused(qtbot, counter, "issue_ticket", service="A") == "forbidden"


def test_a_counter_cannot_rate_a_ticket_of_another_window(
    qtbot: QtBot, connect: Connect, engine: QueueEngine
) -> None:
    engine.issue_ticket("A")
    engine.sign_in(2, "1002")
    ticket = engine.call_next(2)
    engine.finish(2, "done")
    counter = connect("counter", window=1)
    code = refused(qtbot, counter, "record_rating", ticket_id=ticket.id, level=1)
    assert code == "forbidden"
    assert engine.events_after(0)[-1].kind == "ticket_finished"


def test_a_counter_token_used_for_another_window_is_refused(
    qtbot: QtBot, connect: Connect, server: HallServer
) -> None:
    stolen = connect("counter", window=2, token="counter-token-0001", wait=False)
    with qtbot.waitSignal(stolen.auth_failed, timeout=WAIT_MS) as refusal:
        pass
    assert refusal.args[0]["code"] == "auth_failed"
    assert "2" in refusal.args[0]["en"]
    assert not stolen.is_connected
    qtbot.waitUntil(lambda: server.peer_count == 0, timeout=WAIT_MS)


def test_a_wrong_password_is_refused_and_not_retried(qtbot: QtBot, connect: Connect) -> None:
    clerk = connect("counter", window=1, password="wrong", wait=False)
    with qtbot.waitSignal(clerk.auth_failed, timeout=WAIT_MS) as refusal:
        pass
    assert refusal.args[0]["code"] == "auth_failed"
    assert not clerk.is_connected


def test_only_admin_staff_may_open_the_admin_console(qtbot: QtBot, connect: Connect) -> None:
    clerk = connect("admin", staff_no="1001", password="123456", wait=False)
    with qtbot.waitSignal(clerk.auth_failed, timeout=WAIT_MS):
        pass
    admin = connect("admin")
    assert len(ok(qtbot, admin, "hall_state")) == 8
    assert refused(qtbot, admin, "call_next") == "forbidden"


def test_a_request_while_offline_fails_at_once_with_offline(qtbot: QtBot, connect: Connect) -> None:
    kiosk = connect("kiosk")
    kiosk.close()
    assert refused(qtbot, kiosk, "service_loads") == "offline"


def test_device_status_is_published_once_per_change_with_a_seq(
    qtbot: QtBot, connect: Connect, engine: QueueEngine
) -> None:
    display = connect("display")
    counter = connect("counter", window=3, staff_no="1003")
    heard: list[dict] = []
    display.event_received.connect(heard.append)
    for online in (False, False, True):
        ok(qtbot, counter, "device_status", online=online)
    qtbot.waitUntil(lambda: len(heard) == 2, timeout=WAIT_MS)
    assert [(e["kind"], e["data"]) for e in heard] == [
        ("keypad_status", {"window": 3, "online": False}),
        ("keypad_status", {"window": 3, "online": True}),
    ]
    assert heard[-1]["seq"] == engine.last_seq()
