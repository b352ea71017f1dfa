"""Shared by the appointment tests: booking through the engine, one transaction each."""

from __future__ import annotations

import datetime as dt

from app.queue import QueueEngine
from app.queue.appointment_views import AppointmentView
from app.queue.booking import Booking, book, cancel, move, push
from app.queue.slots import Slot, save_rule, slots

MONDAY = dt.date(2026, 11, 23)
TUESDAY = MONDAY + dt.timedelta(days=1)


def at(day: dt.date, hhmm: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.fromisoformat(hhmm))


def booking(
    service: str = "B",
    start: dt.datetime | None = None,
    *,
    name: str = "张三",
    phone: str = "13812345678",
    source: str = "console",
    external_id: str | None = None,
) -> Booking:
    return Booking(
        service=service,
        slot_start=start or at(TUESDAY, "09:00"),
        name=name,
        phone=phone,
        source=source,
        by="admin",
        external_id=external_id,
    )


def book_slot(engine: QueueEngine, wanted: Booking) -> AppointmentView:
    return engine.run(lambda tx: book(tx, engine.settings.appointments, wanted))


def push_slot(engine: QueueEngine, wanted: Booking) -> tuple[AppointmentView, bool]:
    return engine.run(lambda tx: push(tx, engine.settings.appointments, wanted))


def move_to(engine: QueueEngine, code: str, start: dt.datetime) -> AppointmentView:
    return engine.run(lambda tx: move(tx, engine.settings.appointments, code, start, "admin"))


def cancel_code(engine: QueueEngine, code: str) -> AppointmentView:
    return engine.run(lambda tx: cancel(tx, code, "admin", "visitor phoned"))


def set_rule(engine: QueueEngine, service: str, minutes: int, places: int) -> None:
    engine.run(lambda tx: save_rule(tx.conn, service, minutes, places, True))


def day_slots(engine: QueueEngine, service: str, day: dt.date) -> list[Slot]:
    with engine.db.read() as conn:
        return slots(conn, service, day, 1, engine.settings.appointments, engine.clock.now())
