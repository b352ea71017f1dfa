"""Calling from a window: the order of the queue, recall, no-show, hold, transfer, finish."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from hall_records import refused
from sqlalchemy import update

from app.models import Database, Service, TicketState
from app.queue import ManualClock, QueueEngine, QueueSettings, errors

Open = Callable[..., None]


def _issue(engine: QueueEngine, clock: ManualClock, codes: str, **kw: bool) -> list[str]:
    numbers = []
    for code in codes:
        clock.advance(seconds=10)
        numbers.append(engine.issue_ticket(code, **kw).ticket.number)
    return numbers


def _drain(engine: QueueEngine, window: int) -> list[str]:
    """Call and finish until the window has no one left to call."""
    called = []
    while True:
        try:
            called.append(engine.call_next(window).number)
        except errors.NoneWaiting:
            return called
        engine.finish(window, "done")


# The order of the queue


def test_fifo_within_a_service(engine: QueueEngine, clock: ManualClock, open_window: Open) -> None:
    _issue(engine, clock, "AAA")
    open_window(1)
    assert _drain(engine, 1) == ["A001", "A002", "A003"]


def test_a_window_serves_its_services_in_priority_order(
    engine: QueueEngine, clock: ManualClock, open_window: Open
) -> None:
    _issue(engine, clock, "FAFA")  # window 1 serves A first, then F
    open_window(1)
    assert _drain(engine, 1) == ["A001", "A002", "F001", "F002"]


def test_priority_tickets_come_first_across_the_windows_services(
    engine: QueueEngine, clock: ManualClock, open_window: Open
) -> None:
    _issue(engine, clock, "AA")
    _issue(engine, clock, "F", priority=True)
    _issue(engine, clock, "A", priority=True)
    open_window(1)
    assert _drain(engine, 1) == ["A003", "F001", "A001", "A002"]


def test_a_window_never_calls_a_service_it_does_not_serve(
    engine: QueueEngine, clock: ManualClock, db: Database, open_window: Open
) -> None:
    _issue(engine, clock, "B")
    open_window(1)
    exc = refused(db, errors.NoneWaiting, lambda: engine.call_next(1))
    assert "1 号窗口" in exc.zh


def test_waiting_list_of_a_window_is_in_call_order(engine: QueueEngine, clock: ManualClock) -> None:
    _issue(engine, clock, "FA")
    _issue(engine, clock, "F", priority=True)
    _issue(engine, clock, "BA")
    assert [t.number for t in engine.waiting(window=1)] == ["F002", "A001", "A002", "F001"]
    assert [t.number for t in engine.waiting(service="F")] == ["F002", "F001"]
    with pytest.raises(ValueError):
        engine.waiting()


def test_yesterdays_waiting_tickets_are_not_called_today(
    engine: QueueEngine, clock: ManualClock, open_window: Open
) -> None:
    _issue(engine, clock, "AA")
    clock.set(dt.datetime(2026, 11, 24, 9, 0))
    open_window(1)
    _issue(engine, clock, "A")
    assert _drain(engine, 1) == ["A001"]
    assert engine.waiting(service="A") == []


# Refusals of calling


def test_calling_at_an_unknown_window_is_refused(engine: QueueEngine, db: Database) -> None:
    engine.issue_ticket("A")
    exc = refused(db, errors.UnknownWindow, lambda: engine.call_next(99))
    assert "99" in exc.zh and exc.code == "unknown_window"


def test_calling_before_signing_in_is_refused(engine: QueueEngine, db: Database) -> None:
    engine.issue_ticket("A")
    exc = refused(db, errors.WindowNotOpen, lambda: engine.call_next(1))
    assert "签到" in exc.zh


def test_calling_while_paused_is_refused(
    engine: QueueEngine, db: Database, open_window: Open
) -> None:
    engine.issue_ticket("A")
    open_window(1)
    engine.pause(1, "lunch")
    refused(db, errors.WindowPaused, lambda: engine.call_next(1))
    refused(db, errors.WindowPaused, lambda: engine.call_number(1, "A001"))


def test_calling_while_busy_is_refused(
    engine: QueueEngine, db: Database, clock: ManualClock, open_window: Open
) -> None:
    _issue(engine, clock, "AA")
    open_window(1)
    engine.call_next(1)
    exc = refused(db, errors.WindowBusy, lambda: engine.call_next(1))
    assert "A001" in exc.zh and "A001" in exc.en
    engine.start(1)
    refused(db, errors.WindowBusy, lambda: engine.call_next(1))
    refused(db, errors.WindowBusy, lambda: engine.call_number(1, "A002"))


def test_calling_with_no_one_waiting_is_refused(
    engine: QueueEngine, db: Database, open_window: Open
) -> None:
    open_window(1)
    refused(db, errors.NoneWaiting, lambda: engine.call_next(1))


# Call a given number


def test_a_given_waiting_number_can_be_called_out_of_turn(
    engine: QueueEngine, clock: ManualClock, open_window: Open
) -> None:
    _issue(engine, clock, "AAA")
    open_window(2)
    called = engine.call_number(2, "a3")
    assert called.number == "A003" and called.window_no == 2
    engine.finish(2, "done")
    assert _drain(engine, 2) == ["A001", "A002"]


def test_a_no_show_can_be_called_by_number(
    engine: QueueEngine, clock: ManualClock, open_window: Open
) -> None:
    _issue(engine, clock, "AA")
    open_window(1)
    engine.call_next(1)
    engine.no_show(1)
    engine.call_next(1)
    engine.finish(1, "done")
    called = engine.call_number(1, "A001")
    assert called.state is TicketState.CALLED and called.recalls == 0


@pytest.mark.parametrize("number", ["A009", "Z001", "001", "A", "A1234567", ""])
def test_calling_a_number_that_is_not_here_is_refused(
    engine: QueueEngine, db: Database, open_window: Open, number: str
) -> None:
    engine.issue_ticket("A")
    open_window(1)
    refused(db, errors.UnknownTicket, lambda: engine.call_number(1, number))


def test_calling_a_finished_number_is_refused(
    engine: QueueEngine, db: Database, open_window: Open
) -> None:
    engine.issue_ticket("A")
    open_window(1, 2)
    engine.call_next(1)
    refused(db, errors.BadTicketState, lambda: engine.call_number(2, "A001"))
    engine.finish(1, "done")
    exc = refused(db, errors.BadTicketState, lambda: engine.call_number(2, "A001"))
    assert "已办结" in exc.zh


# Recall


def test_recall_counts_up_to_the_cap(engine: QueueEngine, db: Database, open_window: Open) -> None:
    engine.issue_ticket("A")
    open_window(1)
    engine.call_next(1)
    assert [engine.recall(1).recalls for _ in range(3)] == [1, 2, 3]
    exc = refused(db, errors.RecallLimit, lambda: engine.recall(1))
    assert "3" in exc.zh and "过号" in exc.zh
    assert [e.kind for e in engine.events_after(0)].count("ticket_recalled") == 3


def test_the_recall_cap_is_a_setting(db: Database, clock: ManualClock) -> None:
    engine = QueueEngine(db, clock=clock, settings=QueueSettings(recall_cap=1))
    engine.issue_ticket("A")
    engine.sign_in(1, "1001")
    engine.call_next(1)
    engine.recall(1)
    refused(db, errors.RecallLimit, lambda: engine.recall(1))


def test_recall_with_nothing_called_or_once_serving_is_refused(
    engine: QueueEngine, db: Database, open_window: Open
) -> None:
    engine.issue_ticket("A")
    open_window(1)
    refused(db, errors.NoTicketInService, lambda: engine.recall(1))
    engine.call_next(1)
    engine.start(1)
    refused(db, errors.BadTicketState, lambda: engine.recall(1))


# No-show and reactivate


def test_a_reactivated_no_show_goes_to_the_back_of_the_queue(
    engine: QueueEngine, clock: ManualClock, open_window: Open
) -> None:
    _issue(engine, clock, "AAA")
    open_window(1)
    engine.call_next(1)
    gone = engine.no_show(1)
    assert gone.state is TicketState.NO_SHOW
    clock.advance(minutes=5)
    back = engine.reactivate("A001")
    assert back.state is TicketState.WAITING and back.queue_at == clock.now()
    assert back.window_no is None
    assert [t.number for t in engine.waiting(service="A")] == ["A002", "A003", "A001"]


def test_no_show_refusals(engine: QueueEngine, db: Database, open_window: Open) -> None:
    engine.issue_ticket("A")
    open_window(1)
    refused(db, errors.NoTicketInService, lambda: engine.no_show(1))
    engine.call_next(1)
    engine.start(1)
    refused(db, errors.BadTicketState, lambda: engine.no_show(1))
    refused(db, errors.BadTicketState, lambda: engine.reactivate("A001"))
    refused(db, errors.UnknownTicket, lambda: engine.reactivate("A404"))


# Hold and call back


def test_a_held_ticket_is_called_back_at_its_window(
    engine: QueueEngine, clock: ManualClock, open_window: Open
) -> None:
    _issue(engine, clock, "AA")
    open_window(1)
    engine.call_next(1)
    engine.start(1)
    held = engine.hold(1)
    assert held.state is TicketState.HELD and held.window_no == 1
    state = engine.window_state(1)
    assert state.current is None and [t.number for t in state.held] == ["A001"]
    engine.call_next(1)  # the window serves someone else meanwhile
    engine.finish(1, "done")
    back = engine.call_back(1, "A001")
    assert back.state is TicketState.CALLED and back.window_no == 1
    assert engine.window_state(1).held == ()


def test_call_back_refusals(
    engine: QueueEngine, clock: ManualClock, db: Database, open_window: Open
) -> None:
    _issue(engine, clock, "AA")
    open_window(1, 2)
    refused(db, errors.NoTicketInService, lambda: engine.hold(1))
    engine.call_next(1)
    engine.hold(1)
    refused(db, errors.BadTicketState, lambda: engine.call_back(2, "A001"))
    refused(db, errors.BadTicketState, lambda: engine.call_back(1, "A002"))
    engine.call_next(1)
    refused(db, errors.WindowBusy, lambda: engine.call_back(1, "A001"))
    assert engine.waiting(service="A") == []  # a held ticket is not in the queue


# Transfer


def test_a_transfer_to_a_service_keeps_number_and_place(
    engine: QueueEngine, clock: ManualClock, open_window: Open
) -> None:
    _issue(engine, clock, "A")
    _issue(engine, clock, "CC")
    open_window(1, 5)
    first = engine.call_next(1)
    engine.start(1)
    clock.advance(minutes=3)
    moved = engine.transfer(1, to_service="C", note="公积金提取")
    assert moved.number == "A001" and moved.service_code == "C"
    assert moved.state is TicketState.WAITING and moved.queue_at == first.queue_at
    assert moved.window_no is None and moved.called_at is None and moved.started_at is None
    assert [t.number for t in engine.waiting(service="C")] == ["A001", "C001", "C002"]
    assert engine.call_next(5).number == "A001"  # window 5 serves C first
    event = engine.events_after(0)[-2]
    assert event.kind == "ticket_transferred" and event.data["to_service"] == "C"


def test_a_transfer_to_a_window_is_called_only_there(
    engine: QueueEngine, clock: ManualClock, db: Database, open_window: Open
) -> None:
    _issue(engine, clock, "AA")
    open_window(1, 2, 3)
    engine.call_next(1)
    moved = engine.transfer(1, to_window=3)
    assert moved.target_window_no == 3 and moved.state is TicketState.WAITING
    assert engine.call_next(2).number == "A002"  # window 2 does not get it
    engine.finish(2, "done")
    refused(db, errors.NoneWaiting, lambda: engine.call_next(2))
    assert [t.number for t in engine.waiting(window=3)] == ["A001"]
    assert engine.waiting(service="A") == []
    called = engine.call_next(3)  # window 3 serves only B, yet gets the ticket sent to it
    assert called.number == "A001" and called.target_window_no is None


def test_a_ticket_sent_to_a_window_comes_before_its_own_services(
    engine: QueueEngine, clock: ManualClock, open_window: Open
) -> None:
    _issue(engine, clock, "BA")
    open_window(1, 3)
    engine.call_next(1)
    engine.transfer(1, to_window=3)
    assert engine.call_next(3).number == "A001"


def test_transfer_refusals(
    engine: QueueEngine, clock: ManualClock, db: Database, open_window: Open
) -> None:
    _issue(engine, clock, "A")
    open_window(1)
    refused(db, errors.NoTicketInService, lambda: engine.transfer(1, to_service="C"))
    engine.call_next(1)
    refused(db, errors.UnknownService, lambda: engine.transfer(1, to_service="Q"))
    refused(db, errors.UnknownWindow, lambda: engine.transfer(1, to_window=42))
    refused(db, errors.BadTicketState, lambda: engine.transfer(1, to_window=1))
    refused(db, errors.BadTicketState, lambda: engine.transfer(1))
    refused(db, errors.BadTicketState, lambda: engine.transfer(1, to_service="C", to_window=2))


def test_a_transfer_to_a_suspended_service_is_refused(
    engine: QueueEngine, db: Database, open_window: Open
) -> None:
    engine.issue_ticket("A")
    open_window(1)
    engine.call_next(1)
    with db.write() as conn:
        conn.execute(update(Service).where(Service.code == "C").values(active=False))
    exc = refused(db, errors.ServiceClosed, lambda: engine.transfer(1, to_service="C"))
    assert "停办" in exc.zh


def test_a_transfer_to_a_service_out_of_hours_is_refused(
    engine: QueueEngine, db: Database, clock: ManualClock, open_window: Open
) -> None:
    engine.issue_ticket("A")
    open_window(1)
    engine.call_next(1)
    with db.write() as conn:
        conn.execute(update(Service).where(Service.code == "C").values(close_at=dt.time(9, 30)))
    clock.set(dt.datetime(2026, 11, 23, 9, 45))
    refused(db, errors.ServiceClosed, lambda: engine.transfer(1, to_service="C"))
    assert engine.window_state(1).current is not None


# Start and finish


@pytest.mark.parametrize("outcome", ["done", "incomplete", "consult"])
def test_finish_records_each_outcome(
    engine: QueueEngine, clock: ManualClock, open_window: Open, outcome: str
) -> None:
    engine.issue_ticket("A")
    open_window(1)
    engine.call_next(1)
    clock.advance(minutes=4)
    done = engine.finish(1, outcome, "身份证复印件" if outcome == "incomplete" else "")
    assert done.state is TicketState.FINISHED and done.outcome == outcome
    assert done.started_at == done.called_at  # never started: timed from the call
    assert engine.window_state(1).current is None


def test_a_rejection_needs_a_reason(engine: QueueEngine, db: Database, open_window: Open) -> None:
    engine.issue_ticket("A")
    open_window(1)
    engine.call_next(1)
    refused(db, errors.ReasonRequired, lambda: engine.finish(1, "rejected", "  "))
    assert engine.finish(1, "rejected", "不属于本中心受理范围").outcome == "rejected"


def test_finish_refusals(engine: QueueEngine, db: Database, open_window: Open) -> None:
    open_window(1)
    exc = refused(db, errors.NoTicketInService, lambda: engine.finish(1, "done"))
    assert "没有正在办理" in exc.zh
    refused(db, errors.BadTicketState, lambda: engine.finish(1, "partly"))
    refused(db, errors.UnknownWindow, lambda: engine.finish(77, "done"))


def test_start_is_idempotent_and_sets_the_handling_start(
    engine: QueueEngine, clock: ManualClock, db: Database, open_window: Open
) -> None:
    engine.issue_ticket("A")
    open_window(1)
    refused(db, errors.NoTicketInService, lambda: engine.start(1))
    engine.call_next(1)
    clock.advance(minutes=2)
    first = engine.start(1)
    seq = engine.last_seq()
    clock.advance(minutes=2)
    again = engine.start(1)
    assert first.state is TicketState.SERVING and again.started_at == first.started_at
    assert engine.last_seq() == seq


def test_unknown_ticket_ids_are_refused_by_queries(engine: QueueEngine) -> None:
    with pytest.raises(errors.UnknownTicket):
        engine.ticket(12345)
    with pytest.raises(errors.UnknownTicket):
        engine.people_ahead(12345)


def test_priority_tickets_come_before_an_ordinary_ticket_sent_to_the_window(
    engine: QueueEngine, clock: ManualClock, open_window: Open
) -> None:
    _issue(engine, clock, "A")
    open_window(1, 3)
    engine.call_next(1)
    engine.transfer(1, to_window=3)  # A001, ordinary, sent to window 3
    _issue(engine, clock, "BB")
    _issue(engine, clock, "B", priority=True)
    assert [t.number for t in engine.waiting(window=3)] == ["B003", "A001", "B001", "B002"]
    assert _drain(engine, 3) == ["B003", "A001", "B001", "B002"]
