"""The check-in rules against a clock: the early window, the late limit (beyond it the ticket
queues as a walk-in), and the fair queue (an on-time appointment is called at its slot, ahead
of later walk-ins, but at most `in_a_row` of them in a row while a walk-in waits)."""

from __future__ import annotations

import pytest
from appointment_helpers import MONDAY, at, book_slot, booking, cancel_code, set_rule
from hall_records import refused
from sqlalchemy import select

from app.models import Appointment, Database
from app.queue import ManualClock, QueueEngine, errors
from app.queue.appointment_views import find
from app.queue.booking_errors import CheckInTooEarly
from app.queue.settings import AppointmentRules, QueueSettings

TEN = at(MONDAY, "10:00")


def engine_with(db: Database, clock: ManualClock, **rules: int) -> QueueEngine:
    return QueueEngine(
        db, clock=clock, settings=QueueSettings(appointments=AppointmentRules(**rules))
    )


def appointment_at_ten(engine: QueueEngine, name: str = "张三") -> str:
    return book_slot(engine, booking("B", TEN, name=name)).code


def on_time(engine: QueueEngine, code: str) -> bool | None:
    with engine.db.read() as conn:
        return conn.scalar(select(Appointment.on_time).where(Appointment.code == code))


def test_check_in_opens_thirty_minutes_before_the_slot(
    engine: QueueEngine, db: Database, clock: ManualClock
) -> None:
    code = appointment_at_ten(engine)
    clock.set(at(MONDAY, "09:29"))
    exc = refused(db, CheckInTooEarly, lambda: engine.check_in(code))
    assert "09:30" in exc.zh and "10:00" in exc.zh
    clock.set(at(MONDAY, "09:30"))
    issued = engine.check_in(code)
    assert issued.ticket.queue_at == TEN and issued.ticket.issued_at == at(MONDAY, "09:30")
    assert on_time(engine, code) is True


@pytest.mark.parametrize(
    ("arrives", "queued", "late"),
    [("10:15", "10:00", False), ("10:16", "10:16", True), ("11:30", "11:30", True)],
)
def test_beyond_the_late_limit_the_ticket_queues_as_a_walk_in(
    engine: QueueEngine, clock: ManualClock, arrives: str, queued: str, late: bool
) -> None:
    code = appointment_at_ten(engine)
    clock.set(at(MONDAY, arrives))
    issued = engine.check_in(code)
    assert issued.ticket.queue_at == at(MONDAY, queued)
    assert on_time(engine, code) is (not late)
    with engine.db.read() as conn:
        assert find(conn, code, clock.now()).status == ("late" if late else "checked_in")


def test_the_window_and_the_limit_come_from_the_settings(db: Database, clock: ManualClock) -> None:
    engine = engine_with(db, clock, early_minutes=10, late_minutes=5)
    early, late = appointment_at_ten(engine, "甲"), appointment_at_ten(engine, "乙")
    clock.set(at(MONDAY, "09:49"))
    refused(db, CheckInTooEarly, lambda: engine.check_in(early))
    clock.set(at(MONDAY, "09:50"))
    assert engine.check_in(early).ticket.queue_at == TEN
    clock.set(at(MONDAY, "10:06"))
    assert engine.check_in(late).ticket.queue_at == at(MONDAY, "10:06")


def test_a_cancelled_appointment_cannot_check_in(
    engine: QueueEngine, db: Database, clock: ManualClock
) -> None:
    code = appointment_at_ten(engine)
    cancel_code(engine, code)
    clock.set(at(MONDAY, "09:50"))
    exc = refused(db, errors.AppointmentInvalid, lambda: engine.check_in(code))
    assert "已取消" in exc.zh


def _burst(engine: QueueEngine, clock: ManualClock) -> dict[str, str]:
    """W0 walks in at 09:50; A1–A5 (all slot 10:00) check in at 09:55; W1, W2 walk in at
    10:01. Returns ticket number → label."""
    set_rule(engine, "B", 30, 10)
    codes = [appointment_at_ten(engine, f"预约{i}") for i in range(1, 6)]
    labels = {}
    clock.set(at(MONDAY, "09:50"))
    labels[engine.issue_ticket("B").ticket.number] = "W0"
    clock.set(at(MONDAY, "09:55"))
    for i, code in enumerate(codes, 1):
        labels[engine.check_in(code).ticket.number] = f"A{i}"
    clock.set(at(MONDAY, "10:01"))
    for i in (1, 2):
        labels[engine.issue_ticket("B").ticket.number] = f"W{i}"
    engine.sign_in(3, "1003")
    clock.set(at(MONDAY, "10:05"))
    return labels


def _called(engine: QueueEngine, labels: dict[str, str]) -> list[str]:
    order = []
    while engine.waiting(window=3):
        order.append(labels[engine.call_next(3).number])
        engine.finish(3, "done")
    return order


@pytest.mark.parametrize(
    ("in_a_row", "expected"),
    [
        (2, ["W0", "A1", "A2", "W1", "A3", "A4", "W2", "A5"]),
        (3, ["W0", "A1", "A2", "A3", "W1", "A4", "A5", "W2"]),
        (0, ["W0", "A1", "A2", "A3", "A4", "A5", "W1", "W2"]),  # no cap
    ],
)
def test_a_burst_of_appointments_cannot_starve_the_walk_ins(
    db: Database, clock: ManualClock, in_a_row: int, expected: list[str]
) -> None:
    """On-time appointments go ahead of the walk-ins who came after their slot began (not of
    W0, who came before it), at most `in_a_row` in a row while a walk-in waits."""
    engine = engine_with(db, clock, in_a_row=in_a_row)
    labels = _burst(engine, clock)
    listed = [labels[t.number] for t in engine.waiting(window=3)]
    assert listed == expected  # the window's list shows the order it will call
    assert [labels[t.number] for t in engine.waiting(service="B")] == expected
    assert _called(engine, labels) == expected


def test_a_late_appointment_queues_and_counts_as_a_walk_in(
    db: Database, clock: ManualClock
) -> None:
    engine = engine_with(db, clock, in_a_row=1)
    set_rule(engine, "B", 30, 10)
    first, second, late = (appointment_at_ten(engine, n) for n in ("甲", "乙", "丙"))
    clock.set(at(MONDAY, "09:55"))
    labels = {engine.check_in(first).ticket.number: "A1"}
    labels[engine.check_in(second).ticket.number] = "A2"
    clock.set(at(MONDAY, "10:20"))  # past the late limit
    labels[engine.check_in(late).ticket.number] = "L"
    engine.sign_in(3, "1003")
    assert _called(engine, labels) == ["A1", "L", "A2"]


def test_priority_still_goes_first(db: Database, clock: ManualClock) -> None:
    engine = engine_with(db, clock, in_a_row=1)
    code = appointment_at_ten(engine)
    clock.set(at(MONDAY, "09:55"))
    labels = {engine.check_in(code).ticket.number: "A"}
    clock.set(at(MONDAY, "10:02"))
    labels[engine.issue_ticket("B").ticket.number] = "W"
    labels[engine.issue_ticket("B", priority=True).ticket.number] = "P"
    engine.sign_in(3, "1003")
    assert _called(engine, labels) == ["P", "A", "W"]
