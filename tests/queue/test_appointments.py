"""Booking, moving and cancelling appointments through the engine: slots from the rule within
the hall hours and the calendar, capacity held by places, closed days, codes, idempotent
intake, the counter's return visit. Every refusal writes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from appointment_helpers import (
    MONDAY,
    TUESDAY,
    at,
    book_slot,
    booking,
    cancel_code,
    day_slots,
    move_to,
    push_slot,
    set_rule,
)
from hall_records import refused
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from app.models import Appointment, Database, Event, HallSetting, Holiday
from app.queue import ManualClock, QueueEngine
from app.queue.appointment_views import CODE_ALPHABET, mask_phone
from app.queue.booking import cancel_external, return_visit
from app.queue.booking_errors import (
    AppointmentClosed,
    BadVisitor,
    ExternalIdConflict,
    ReturnVisitRefused,
    SlotFull,
    SlotUnavailable,
)

SATURDAY, SUNDAY = MONDAY + dt.timedelta(days=5), MONDAY + dt.timedelta(days=6)


def starts(engine: QueueEngine, service: str, day: dt.date) -> list[str]:
    return [f"{s.start:%H:%M}" for s in day_slots(engine, service, day)]


def test_slots_follow_the_rule_within_the_hours_and_leave_out_lunch(engine: QueueEngine) -> None:
    """B: 30-minute slots; the service takes tickets 08:30–17:00, the hall closes 17:30 and
    lunch is 12:00–13:30."""
    found = starts(engine, "B", TUESDAY)
    assert found[:3] == ["08:30", "09:00", "09:30"]
    assert "11:30" in found and "12:00" not in found and "13:00" not in found
    assert found[-1] == "16:30" and "13:30" in found
    assert len(found) == 7 + 7
    assert {s.capacity for s in day_slots(engine, "B", TUESDAY)} == {2}
    set_rule(engine, "B", 45, 1)
    assert starts(engine, "B", TUESDAY)[:3] == ["08:30", "09:15", "10:00"]


def test_the_admins_hall_hours_bound_the_slots(engine: QueueEngine, db: Database) -> None:
    with db.write() as conn:
        for key, value in (("open_at", "09:00"), ("close_at", "16:00")):
            conn.execute(insert(HallSetting).values(key=key, value=value, updated_at=MONDAY))
    found = starts(engine, "B", TUESDAY)
    assert found[0] == "09:00" and found[-1] == "15:30"


def test_no_slot_on_a_closed_day_in_the_past_or_beyond_the_horizon(
    engine: QueueEngine, db: Database, clock: ManualClock
) -> None:
    with db.write() as conn:
        conn.execute(insert(Holiday).values(day=TUESDAY, name="调休假", is_workday=False))
        conn.execute(insert(Holiday).values(day=SUNDAY, name="调休上班", is_workday=True))
    assert starts(engine, "B", TUESDAY) == []  # a holiday
    assert starts(engine, "B", SATURDAY) == []  # a weekend
    assert starts(engine, "B", SUNDAY)[0] == "08:30"  # a make-up working day
    assert starts(engine, "B", MONDAY)[0] == "09:30"  # today at 09:00: 09:00 has begun
    far = MONDAY + dt.timedelta(days=engine.settings.appointments.horizon_days + 1)
    assert starts(engine, "B", far) == []
    assert starts(engine, "C", TUESDAY) == []  # C takes no appointments


def test_a_booking_holds_a_place_until_the_slot_is_full(engine: QueueEngine, db: Database) -> None:
    first = book_slot(engine, booking("B", at(TUESDAY, "09:00")))
    second = book_slot(engine, booking("B", at(TUESDAY, "09:00"), name="李四"))
    assert first.code != second.code
    assert {first.status, second.status} == {"booked"}
    assert first.phone == "138****5678" and first.visitor == "张三"
    slot = next(s for s in day_slots(engine, "B", TUESDAY) if s.start == at(TUESDAY, "09:00"))
    assert (slot.booked, slot.free) == (2, 0)
    exc = refused(db, SlotFull, lambda: book_slot(engine, booking("B", at(TUESDAY, "09:00"))))
    assert "已约满" in exc.zh and exc.field == "slot_start"  # type: ignore[attr-defined]
    assert book_slot(engine, booking("B", at(TUESDAY, "09:30"))).status == "booked"


def test_cancelling_gives_the_place_back_and_cannot_be_undone(
    engine: QueueEngine, db: Database
) -> None:
    first = book_slot(engine, booking("B", at(TUESDAY, "10:00")))
    book_slot(engine, booking("B", at(TUESDAY, "10:00")))
    assert cancel_code(engine, first.code).status == "cancelled"
    again = book_slot(engine, booking("B", at(TUESDAY, "10:00"), name="王五"))
    assert again.status == "booked"
    refused(db, AppointmentClosed, lambda: cancel_code(engine, first.code))
    refused(db, AppointmentClosed, lambda: move_to(engine, first.code, at(TUESDAY, "11:00")))


def test_moving_keeps_the_code_and_a_full_slot_refuses_the_move(
    engine: QueueEngine, db: Database
) -> None:
    mine = book_slot(engine, booking("B", at(TUESDAY, "09:00")))
    moved = move_to(engine, mine.code.lower(), at(TUESDAY, "14:00"))
    assert (moved.code, moved.slot_start) == (mine.code, at(TUESDAY, "14:00"))
    assert moved.slot_end == at(TUESDAY, "14:30")
    nine = next(s for s in day_slots(engine, "B", TUESDAY) if s.start == at(TUESDAY, "09:00"))
    assert nine.booked == 0  # its old place is free
    for name in ("甲", "乙"):
        book_slot(engine, booking("B", at(TUESDAY, "15:00"), name=name))
    refused(db, SlotFull, lambda: move_to(engine, mine.code, at(TUESDAY, "15:00")))


@pytest.mark.parametrize(
    ("when", "said"),
    [
        (at(MONDAY, "08:30"), "已过"),
        (at(SATURDAY, "09:00"), "不是工作日"),
        (at(TUESDAY, "09:10"), "不是 B 不动产登记 的预约时段"),
        (at(TUESDAY, "12:30"), "不是 B 不动产登记 的预约时段"),
        (at(TUESDAY, "17:00"), "不是 B 不动产登记 的预约时段"),
        (at(MONDAY + dt.timedelta(days=30), "09:00"), "天内的时段"),
    ],
)
def test_a_slot_that_is_not_offered_cannot_be_booked(
    engine: QueueEngine, db: Database, when: dt.datetime, said: str
) -> None:
    exc = refused(db, SlotUnavailable, lambda: book_slot(engine, booking("B", when)))
    assert said in exc.zh and exc.field == "slot_start"  # type: ignore[attr-defined]


def test_a_service_without_appointments_and_a_bad_visitor_are_refused(
    engine: QueueEngine, db: Database
) -> None:
    exc = refused(db, SlotUnavailable, lambda: book_slot(engine, booking("C")))
    assert exc.field == "service"  # type: ignore[attr-defined]
    for wanted, field in (
        (booking(name="  "), "name"),
        (booking(phone="12345"), "phone"),
        (booking(phone="138-1234-5678x"), "phone"),
    ):
        error = refused(db, BadVisitor, lambda w=wanted: book_slot(engine, w))
        assert error.field == field  # type: ignore[attr-defined]
    assert book_slot(engine, booking(phone=" 138 1234-5678 ")).phone == "138****5678"


def test_codes_can_be_read_out_and_events_carry_no_personal_data(engine: QueueEngine) -> None:
    made = [book_slot(engine, booking("A", at(TUESDAY, "09:00"), name=f"访客{i}")) for i in (1, 2)]
    for view in made:
        assert len(view.code) == 6 and set(view.code) <= set(CODE_ALPHABET)
    assert not set(CODE_ALPHABET) & set("0O1IL2Z5S8BUV")
    with engine.db.read() as conn:
        logged = conn.scalars(select(Event.data).where(Event.kind == "appointment_booked")).all()
    assert len(logged) == 2
    text = repr(logged)
    assert "访客" not in text and "13812345678" not in text and made[0].code not in text


def test_the_database_refuses_two_bookings_in_one_place(engine: QueueEngine, db: Database) -> None:
    """The guard against a race on the last place: (service, slot, place) is unique."""
    mine = book_slot(engine, booking("B", at(TUESDAY, "09:00")))
    with pytest.raises(IntegrityError), db.write() as conn:
        row = conn.execute(select(Appointment).where(Appointment.code == mine.code)).first()
        assert row is not None
        conn.execute(
            insert(Appointment).values(
                code="XXXXXX",
                service_id=row.service_id,
                slot_start=row.slot_start,
                slot_end=row.slot_end,
                place=row.place,
            )
        )


def test_the_same_external_id_twice_is_one_appointment(engine: QueueEngine, db: Database) -> None:
    first, created = push_slot(engine, booking(external_id="gov-001", source="online"))
    again, created_again = push_slot(engine, booking(external_id="gov-001", source="online"))
    assert created and not created_again and again.code == first.code
    with db.read() as conn:
        assert conn.scalar(select(func.count()).select_from(Appointment)) == 1
    other = booking(start=at(TUESDAY, "10:00"), external_id="gov-001", source="online")
    refused(db, ExternalIdConflict, lambda: push_slot(engine, other))
    view, changed = engine.run(lambda tx: cancel_external(tx, "gov-001", "online"))
    assert (view.status, changed) == ("cancelled", True)
    _, changed = engine.run(lambda tx: cancel_external(tx, "gov-001", "online"))
    assert not changed
    refused(db, ExternalIdConflict, lambda: push_slot(engine, booking(external_id="gov-001")))


def test_a_counter_books_the_return_visit_of_the_incomplete_case_it_just_finished(
    engine: QueueEngine, db: Database, clock: ManualClock
) -> None:
    rules = engine.settings.appointments
    engine.sign_in(3, "1003")
    engine.issue_ticket("B")
    engine.call_next(3)
    engine.finish(3, "incomplete", missing=["不动产权证书原件"])

    def book_return(start: dt.datetime) -> object:
        return engine.run(
            lambda tx: return_visit(tx, rules, 3, start, "赵六", "13900001111", "1003")
        )

    visit = book_return(at(TUESDAY, "09:30"))
    assert visit.origin_number == "B001" and visit.source == "counter"  # type: ignore[attr-defined]
    refused(db, ReturnVisitRefused, lambda: book_return(at(TUESDAY, "10:00")))
    engine.issue_ticket("B")
    engine.call_next(3)
    engine.finish(3, "done")
    exc = refused(db, ReturnVisitRefused, lambda: book_return(at(TUESDAY, "10:00")))
    assert "材料不齐" in exc.zh
    refused(db, ReturnVisitRefused, lambda: engine.run(
        lambda tx: return_visit(tx, rules, 4, at(TUESDAY, "10:00"), "赵六", "13900001111", "1004")
    ))  # fmt: skip


def test_a_phone_is_masked() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("02088886666") == "020****6666"
    assert mask_phone("88886666") == "****6666"
    assert mask_phone("123") == "***"
