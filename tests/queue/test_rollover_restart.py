"""The next working day starts afresh; a restart in the middle of the day changes nothing."""

from __future__ import annotations

import datetime as dt

from hall_records import refused, snapshot

from app.models import Database, TicketState
from app.queue import ManualClock, QueueEngine, errors


def test_the_next_day_restarts_numbers_and_leaves_yesterday_behind(
    engine: QueueEngine, db: Database, clock: ManualClock
) -> None:
    for _ in range(3):
        engine.issue_ticket("A")
    engine.sign_in(1, "1001")
    engine.call_next(1)  # A001 is left in service overnight
    clock.set(dt.datetime(2026, 11, 24, 8, 40))  # Tuesday
    assert engine.issue_ticket("A").ticket.number == "A001"
    assert [t.number for t in engine.waiting(service="A")] == ["A001"]
    assert not engine.window_state(1).signed_in
    engine.sign_in(1, "1001")
    state = engine.window_state(1)
    assert state.current is not None and state.current.day == dt.date(2026, 11, 23)
    exc = refused(db, errors.WindowBusy, lambda: engine.call_next(1))
    assert "A001" in exc.zh
    closed = engine.finish(1, "done")
    assert closed.day == dt.date(2026, 11, 23) and closed.state is TicketState.FINISHED
    today = engine.call_next(1)
    assert (today.number, today.day) == ("A001", dt.date(2026, 11, 24))
    engine.finish(1, "done")
    refused(db, errors.NoneWaiting, lambda: engine.call_next(1))  # A002, A003 stay yesterday's
    refused(db, errors.UnknownTicket, lambda: engine.call_number(1, "A003"))


def test_numbers_restart_after_a_weekend(engine: QueueEngine, clock: ManualClock) -> None:
    clock.set(dt.datetime(2026, 11, 27, 16, 0))  # Friday
    assert [engine.issue_ticket("D").ticket.number for _ in range(2)] == ["D001", "D002"]
    clock.set(dt.datetime(2026, 11, 30, 8, 30))  # Monday
    assert engine.issue_ticket("D").ticket.number == "D001"


def test_a_restart_mid_day_continues_exactly(
    engine: QueueEngine, db: Database, clock: ManualClock
) -> None:
    for code in "AACCFAB":
        clock.advance(seconds=30)
        engine.issue_ticket(code, priority=code == "B")
    for window in (1, 2, 3, 5):
        engine.sign_in(window, str(1000 + window))
    engine.call_next(1)  # called
    engine.call_next(2)
    engine.start(2)  # serving
    engine.call_next(3)
    engine.hold(3)  # held
    engine.pause(5, "meeting")
    before_state = engine.hall_state()
    before_waiting = {code: engine.waiting(service=code) for code in "ABCF"}
    before_windows = {n: engine.waiting(window=n) for n in (1, 2, 5, 8)}
    before_rows = snapshot(db)

    restarted = QueueEngine(Database(db.url), clock=clock)  # a new process's engine
    db.dispose()
    try:
        assert restarted.hall_state() == before_state
        assert {code: restarted.waiting(service=code) for code in "ABCF"} == before_waiting
        assert {n: restarted.waiting(window=n) for n in (1, 2, 5, 8)} == before_windows
        assert snapshot(restarted.db) == before_rows
        assert restarted.window_state(1).current.state is TicketState.CALLED  # type: ignore[union-attr]
        assert restarted.window_state(2).current.state is TicketState.SERVING  # type: ignore[union-attr]
        assert restarted.window_state(5).paused
        assert restarted.issue_ticket("A").ticket.number == "A004"
        assert restarted.issue_ticket("B").ticket.number == "B002"
        assert restarted.recall(1).recalls == 1
        assert restarted.finish(2, "done").state is TicketState.FINISHED
        assert restarted.call_back(3, "B001").state is TicketState.CALLED
        refused(restarted.db, errors.WindowPaused, lambda: restarted.call_next(5))
    finally:
        restarted.db.dispose()
