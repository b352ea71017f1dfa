"""Clerks at windows: sign-in and sign-out rules, pauses with reasons, the hall's state."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hall_records import refused
from sqlalchemy import update

from app.models import Database, Service, Staff
from app.queue import ManualClock, QueueEngine, errors

Open = Callable[..., None]


def test_sign_in_opens_the_window_with_the_clerks_name(engine: QueueEngine) -> None:
    state = engine.sign_in(1, "1001")
    assert state.signed_in and state.staff_no == "1001" and state.staff_name == "王芳"
    assert not state.paused and state.current is None
    assert state.service_codes == ("A", "F")
    assert engine.events_after(0)[-1].data["staff_no"] == "1001"


def test_signing_in_twice_at_the_same_window_is_harmless(engine: QueueEngine) -> None:
    engine.sign_in(1, "1001")
    seq = engine.last_seq()
    assert engine.sign_in(1, "1001").signed_in
    assert engine.last_seq() == seq


def test_sign_in_refusals(engine: QueueEngine, db: Database) -> None:
    refused(db, errors.UnknownStaff, lambda: engine.sign_in(1, "9999"))
    refused(db, errors.UnknownWindow, lambda: engine.sign_in(40, "1001"))
    engine.sign_in(1, "1001")
    exc = refused(db, errors.SessionError, lambda: engine.sign_in(1, "1002"))
    assert "王芳" in exc.zh and "1001" in exc.en
    exc = refused(db, errors.SessionError, lambda: engine.sign_in(2, "1001"))
    assert "其他窗口" in exc.zh


def test_an_inactive_clerk_cannot_sign_in(engine: QueueEngine, db: Database) -> None:
    with db.write() as conn:
        conn.execute(update(Staff).where(Staff.staff_no == "1003").values(active=False))
    refused(db, errors.UnknownStaff, lambda: engine.sign_in(3, "1003"))


def test_sign_out_closes_the_window_and_its_pause(
    engine: QueueEngine, db: Database, open_window: Open
) -> None:
    engine.issue_ticket("A")
    open_window(1)
    engine.pause(1, "meeting")
    state = engine.sign_out(1)
    assert not state.signed_in and not state.paused
    refused(db, errors.WindowNotOpen, lambda: engine.call_next(1))
    refused(db, errors.WindowNotOpen, lambda: engine.sign_out(1))
    assert engine.sign_in(1, "1002").staff_no == "1002"  # another clerk takes over
    assert engine.sign_in(2, "1001").staff_no == "1001"  # and the first may work elsewhere


def test_sign_out_while_serving_is_refused(
    engine: QueueEngine, db: Database, open_window: Open
) -> None:
    engine.issue_ticket("A")
    open_window(1)
    engine.call_next(1)
    refused(db, errors.WindowBusy, lambda: engine.sign_out(1))


def test_yesterdays_open_session_does_not_block_today(
    engine: QueueEngine, clock: ManualClock
) -> None:
    engine.sign_in(1, "1001")
    clock.set(dt.datetime(2026, 11, 24, 8, 45))
    assert not engine.window_state(1).signed_in
    assert engine.sign_in(1, "1002").signed_in
    assert engine.sign_in(2, "1001").signed_in


@pytest.mark.parametrize("reason", ["lunch", "meeting", "business", "break"])
def test_pause_and_resume_with_a_reason(
    engine: QueueEngine, clock: ManualClock, open_window: Open, reason: str
) -> None:
    open_window(4)
    state = engine.pause(4, reason)
    assert state.paused and state.pause_reason == reason
    clock.advance(minutes=12)
    assert not engine.resume(4).paused
    resumed = engine.events_after(0)[-1]
    assert resumed.kind == "window_resumed" and resumed.data["paused_s"] == 720


def test_pause_for_another_reason_needs_a_note(
    engine: QueueEngine, db: Database, open_window: Open
) -> None:
    open_window(4)
    exc = refused(db, errors.ReasonRequired, lambda: engine.pause(4, "other"))
    assert "原因" in exc.zh
    refused(db, errors.ReasonRequired, lambda: engine.pause(4, "other", "   "))
    refused(db, errors.ReasonRequired, lambda: engine.pause(4, "nap"))
    state = engine.pause(4, "other", " 系统故障 ")
    assert state.pause_reason == "other" and state.pause_note == "系统故障"


def test_pause_refusals(engine: QueueEngine, db: Database, open_window: Open) -> None:
    engine.issue_ticket("A")
    refused(db, errors.WindowNotOpen, lambda: engine.pause(1, "lunch"))
    refused(db, errors.WindowNotOpen, lambda: engine.resume(1))
    open_window(1)
    refused(db, errors.SessionError, lambda: engine.resume(1))
    engine.call_next(1)
    refused(db, errors.WindowBusy, lambda: engine.pause(1, "lunch"))
    engine.finish(1, "done")
    engine.pause(1, "lunch")
    refused(db, errors.WindowPaused, lambda: engine.pause(1, "meeting"))
    refused(db, errors.UnknownWindow, lambda: engine.pause(0, "lunch"))


def test_the_hall_state_lists_every_active_window(
    engine: QueueEngine, db: Database, open_window: Open
) -> None:
    engine.issue_ticket("A")
    open_window(1, 2)
    engine.call_next(2)
    engine.pause(1, "break")
    states = {s.number: s for s in engine.hall_state()}
    assert sorted(states) == list(range(1, 9))
    assert states[1].paused and states[2].current is not None
    assert states[2].current.number == "A001" and not states[3].signed_in


def test_an_inactive_window_is_unknown(engine: QueueEngine, db: Database) -> None:
    from app.models import Window

    with db.write() as conn:
        conn.execute(update(Window).where(Window.number == 8).values(active=False))
    refused(db, errors.UnknownWindow, lambda: engine.sign_in(8, "1008"))
    assert [s.number for s in engine.hall_state()] == list(range(1, 8))


def test_service_loads_tell_the_kiosk_what_is_open(
    engine: QueueEngine, db: Database, clock: ManualClock
) -> None:
    with db.write() as conn:
        conn.execute(update(Service).where(Service.code == "B").values(daily_cap=1))
        conn.execute(update(Service).where(Service.code == "E").values(active=False))
    engine.issue_ticket("A")
    engine.issue_ticket("A")
    engine.issue_ticket("B")
    loads = {load.code: load for load in engine.service_loads()}
    assert "E" not in loads
    assert (loads["A"].waiting, loads["A"].issued_today, loads["A"].open) == (2, 2, True)
    assert not loads["B"].open and "取完" in loads["B"].closed_reason
    clock.set(dt.datetime(2026, 11, 23, 18, 0))
    assert not any(load.open for load in engine.service_loads())
