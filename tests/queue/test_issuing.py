"""Issuing tickets: numbering, priority, hours, calendar, daily caps, appointment check-in."""

from __future__ import annotations

import datetime as dt

import pytest
from hall_records import refused
from sqlalchemy import insert, select, update

from app.models import Appointment, Database, Holiday, Service, Ticket, TicketState
from app.queue import ManualClock, QueueEngine, errors

MONDAY = dt.date(2026, 11, 23)


def _set_service(db: Database, code: str, **values: object) -> None:
    with db.write() as conn:
        conn.execute(update(Service).where(Service.code == code).values(**values))


def _appointment(
    db: Database, code: str, service: str, start: dt.datetime, minutes: int = 30
) -> None:
    with db.write() as conn:
        service_id = conn.scalar(select(Service.id).where(Service.code == service))
        conn.execute(
            insert(Appointment).values(
                code=code,
                service_id=service_id,
                slot_start=start,
                slot_end=start + dt.timedelta(minutes=minutes),
                visitor="张三",
            )
        )


def test_a_new_ticket_waits_with_its_place_and_the_people_ahead(engine: QueueEngine) -> None:
    first = engine.issue_ticket("A", kiosk="K1")
    second = engine.issue_ticket("a")
    assert first.ticket.state is TicketState.WAITING
    assert first.ticket.service_code == "A" and first.ticket.service_name == "社保医保"
    assert first.ticket.issued_at == first.ticket.queue_at == dt.datetime(2026, 11, 23, 9)
    assert (first.people_ahead, second.people_ahead) == (0, 1)
    assert second.ticket.number == "A002"
    assert engine.people_ahead(first.ticket.id) == 0
    assert engine.people_ahead(second.ticket.id) == 1


def test_a_priority_ticket_goes_ahead_of_ordinary_ones(engine: QueueEngine) -> None:
    ordinary = engine.issue_ticket("A")
    green = engine.issue_ticket("A", priority=True)
    assert green.ticket.priority and green.ticket.number == "A002"
    assert green.people_ahead == 0
    assert engine.people_ahead(ordinary.ticket.id) == 1
    later = engine.issue_ticket("A")
    assert later.people_ahead == 2


def test_issuing_writes_one_event_with_the_number(engine: QueueEngine) -> None:
    issued = engine.issue_ticket("B", priority=True)
    [event] = engine.events_after(0)
    assert event.kind == "ticket_issued" and event.ticket_id == issued.ticket.id
    assert event.data["number"] == "B001" and event.data["priority"] is True
    assert engine.last_seq() == event.seq


def test_listeners_hear_each_event_after_commit(engine: QueueEngine, db: Database) -> None:
    heard: list[tuple[str, int]] = []

    def listener(event: object) -> None:
        with db.read() as conn:  # the row is already committed and visible to others
            count = conn.scalar(select(Ticket.id).order_by(Ticket.id.desc()).limit(1))
        heard.append((event.kind, int(count or 0)))  # type: ignore[attr-defined]

    def broken(_event: object) -> None:
        raise RuntimeError("a broken listener")

    engine.subscribe(broken)
    engine.subscribe(listener)
    issued = engine.issue_ticket("A")
    assert heard == [("ticket_issued", issued.ticket.id)]


def test_an_unknown_service_is_refused(engine: QueueEngine, db: Database) -> None:
    exc = refused(db, errors.UnknownService, lambda: engine.issue_ticket("Z"))
    assert "Z" in exc.zh and exc.code == "unknown_service"


def test_a_suspended_service_is_refused(engine: QueueEngine, db: Database) -> None:
    _set_service(db, "B", active=False)
    exc = refused(db, errors.ServiceClosed, lambda: engine.issue_ticket("B"))
    assert "停办" in exc.zh


@pytest.mark.parametrize("moment", [dt.time(8, 29, 59), dt.time(17, 0), dt.time(20, 15)])
def test_tickets_outside_the_service_hours_are_refused(
    engine: QueueEngine, db: Database, clock: ManualClock, moment: dt.time
) -> None:
    clock.set(dt.datetime.combine(MONDAY, moment))
    exc = refused(db, errors.ServiceClosed, lambda: engine.issue_ticket("A"))
    assert "08:30–17:00" in exc.zh and "08:30–17:00" in exc.en


def test_the_first_and_last_minute_of_the_hours_are_open(
    engine: QueueEngine, clock: ManualClock
) -> None:
    clock.set(dt.datetime.combine(MONDAY, dt.time(8, 30)))
    assert engine.issue_ticket("A").ticket.number == "A001"
    clock.set(dt.datetime.combine(MONDAY, dt.time(16, 59, 59)))
    assert engine.issue_ticket("A").ticket.number == "A002"


def test_a_service_with_its_own_hours_is_judged_by_them(
    engine: QueueEngine, db: Database, clock: ManualClock
) -> None:
    _set_service(db, "E", open_at=dt.time(14, 0), close_at=dt.time(16, 0))
    refused(db, errors.ServiceClosed, lambda: engine.issue_ticket("E"))
    clock.set(dt.datetime.combine(MONDAY, dt.time(14, 30)))
    assert engine.issue_ticket("E").ticket.number == "E001"


def test_tickets_on_a_weekend_are_refused(
    engine: QueueEngine, db: Database, clock: ManualClock
) -> None:
    clock.set(dt.datetime(2026, 11, 28, 10, 0))  # Saturday
    exc = refused(db, errors.ServiceClosed, lambda: engine.issue_ticket("A"))
    assert "工作日" in exc.zh and "working day" in exc.en


def test_tickets_on_a_public_holiday_are_refused(
    engine: QueueEngine, db: Database, clock: ManualClock
) -> None:
    with db.write() as conn:
        conn.execute(insert(Holiday).values(day=MONDAY, name="假日", is_workday=False))
    refused(db, errors.ServiceClosed, lambda: engine.issue_ticket("A"))


def test_a_make_up_working_day_on_a_weekend_takes_tickets(
    engine: QueueEngine, db: Database, clock: ManualClock
) -> None:
    sunday = dt.date(2026, 11, 29)
    with db.write() as conn:
        conn.execute(insert(Holiday).values(day=sunday, name="调休上班", is_workday=True))
    clock.set(dt.datetime.combine(sunday, dt.time(9, 0)))
    assert engine.issue_ticket("A").ticket.number == "A001"


def test_hours_and_calendar_can_be_switched_off(db: Database, clock: ManualClock) -> None:
    from app.queue import QueueSettings

    clock.set(dt.datetime(2026, 11, 28, 22, 0))  # Saturday night
    lenient = QueueEngine(
        db, clock=clock, settings=QueueSettings(enforce_hours=False, enforce_calendar=False)
    )
    assert lenient.issue_ticket("A").ticket.number == "A001"


def test_the_daily_cap_refuses_the_ticket_after_the_last(engine: QueueEngine, db: Database) -> None:
    _set_service(db, "B", daily_cap=2)
    engine.issue_ticket("B")
    engine.issue_ticket("B")
    exc = refused(db, errors.DailyCapReached, lambda: engine.issue_ticket("B"))
    assert "2" in exc.zh and "取完" in exc.zh
    assert engine.issue_ticket("A").ticket.number == "A001"  # other services unaffected


def test_numbers_restart_each_day_and_history_is_kept(
    engine: QueueEngine, db: Database, clock: ManualClock
) -> None:
    engine.issue_ticket("A")
    engine.issue_ticket("A")
    clock.set(dt.datetime(2026, 11, 24, 9, 0))
    assert engine.issue_ticket("A").ticket.number == "A001"
    with db.read() as conn:
        days = conn.execute(select(Ticket.day, Ticket.number).order_by(Ticket.id)).all()
    assert [(d.isoformat(), n) for d, n in days] == [
        ("2026-11-23", 1),
        ("2026-11-23", 2),
        ("2026-11-24", 1),
    ]


def test_an_appointment_on_time_queues_from_its_slot_start(
    engine: QueueEngine, db: Database, clock: ManualClock
) -> None:
    _appointment(db, "YY0001", "B", dt.datetime(2026, 11, 23, 9, 30))
    clock.set(dt.datetime(2026, 11, 23, 9, 20))
    walk_in = engine.issue_ticket("B")
    clock.set(dt.datetime(2026, 11, 23, 9, 45))
    issued = engine.check_in(" yy0001 ")
    assert issued.ticket.queue_at == dt.datetime(2026, 11, 23, 9, 30)
    assert issued.ticket.issued_at == dt.datetime(2026, 11, 23, 9, 45)
    assert issued.people_ahead == 1
    assert engine.issue_ticket("B").people_ahead == 2
    assert walk_in.ticket.number == "B001" and issued.ticket.number == "B002"
    with db.read() as conn:
        linked = conn.scalar(select(Appointment.ticket_id).where(Appointment.code == "YY0001"))
    assert linked == issued.ticket.id


def test_an_appointment_checked_in_early_keeps_the_place_of_its_slot(
    engine: QueueEngine, db: Database, clock: ManualClock
) -> None:
    _appointment(db, "YY0002", "B", dt.datetime(2026, 11, 23, 10, 0))
    clock.set(dt.datetime(2026, 11, 23, 9, 40))  # within the early window (30 min)
    early = engine.check_in("YY0002")
    later_walk_in = engine.issue_ticket("B")
    assert early.ticket.queue_at == dt.datetime(2026, 11, 23, 10, 0)
    assert later_walk_in.people_ahead == 0  # the appointment's place is at 10:00


def test_a_late_appointment_queues_from_now(
    engine: QueueEngine, db: Database, clock: ManualClock
) -> None:
    _appointment(db, "YY0003", "B", dt.datetime(2026, 11, 23, 9, 0), minutes=30)
    clock.set(dt.datetime(2026, 11, 23, 9, 31))
    issued = engine.check_in("YY0003")
    assert issued.ticket.queue_at == dt.datetime(2026, 11, 23, 9, 31)


def test_an_appointment_is_not_bound_by_the_daily_cap(engine: QueueEngine, db: Database) -> None:
    _set_service(db, "B", daily_cap=1)
    engine.issue_ticket("B")
    _appointment(db, "YY0004", "B", dt.datetime(2026, 11, 23, 9, 0))
    assert engine.check_in("YY0004").ticket.number == "B002"


def test_an_appointment_for_another_day_is_refused(engine: QueueEngine, db: Database) -> None:
    _appointment(db, "YY0005", "B", dt.datetime(2026, 11, 24, 9, 0))
    exc = refused(db, errors.AppointmentInvalid, lambda: engine.check_in("YY0005"))
    assert "2026-11-24" in exc.zh and "not today" in exc.en


def test_an_appointment_cannot_be_checked_in_twice(engine: QueueEngine, db: Database) -> None:
    _appointment(db, "YY0006", "B", dt.datetime(2026, 11, 23, 9, 0))
    engine.check_in("YY0006")
    exc = refused(db, errors.AppointmentInvalid, lambda: engine.check_in("YY0006"))
    assert "已取过号" in exc.zh


def test_an_unknown_appointment_code_is_refused(engine: QueueEngine, db: Database) -> None:
    exc = refused(db, errors.AppointmentInvalid, lambda: engine.check_in("NOPE42"))
    assert "不存在" in exc.zh and "NOPE42" in exc.en


def test_an_appointment_for_a_closed_day_is_refused_whole(
    engine: QueueEngine, db: Database, clock: ManualClock
) -> None:
    _appointment(db, "YY0007", "B", dt.datetime(2026, 11, 23, 18, 0))
    clock.set(dt.datetime(2026, 11, 23, 18, 0))
    refused(db, errors.ServiceClosed, lambda: engine.check_in("YY0007"))


def test_the_estimate_is_stored_with_the_ticket_told_in_its_event_and_shown_at_the_kiosk(
    db: Database, clock: ManualClock
) -> None:
    """One forecast answers the slip, the ticket row, the ticket_issued event and the kiosk."""
    from app.queue.predict import PredictorConfig, make_estimator

    exact = PredictorConfig(
        replays=0,
        future_arrivals=False,
        walk_prior_s=0.0,
        turnaround_prior_s=0.0,
        no_show_prior=0.0,
        prior_weight=0.0,
    )
    engine = QueueEngine(db, clock=clock, estimator=make_estimator(exact, background=False))
    engine.sign_in(5, "1005")  # C first (8 promised minutes), then A
    engine.issue_ticket("C")
    kiosk = {load.code: load.estimated_wait_s for load in engine.service_loads()}
    issued = engine.issue_ticket("C")
    assert issued.estimated_wait_s == kiosk["C"] == 480
    assert issued.ticket.predicted_wait_s == 480
    assert engine.ticket(issued.ticket.id).predicted_wait_s == 480
    assert engine.events_after(0)[-1].data["estimate_s"] == 480
