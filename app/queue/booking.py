"""Booking, moving and cancelling appointments, each inside one engine transaction.

A booking takes the lowest free place (1..capacity) of its slot; the unique (service, slot,
place) key makes a concurrent booking of the same last place lose its race and be retried by
the engine, which then finds the slot full. A cancelled booking gives its place back.
Bookings are logged as hall events without the visitor's name, phone or check-in code (every
screen hears the events). The phone is kept whole for the hall's own use and masked in every
view that leaves this module.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update

from app.models import Appointment, Outcome, Service, Ticket, TicketState, ticket_number
from app.queue.appointment_views import (
    CANCELLED,
    AppointmentView,
    checked_visitor,
    new_code,
    normal_code,
    view_by_id,
)
from app.queue.booking_errors import (
    AppointmentClosed,
    AppointmentNotFound,
    ExternalIdConflict,
    ReturnVisitRefused,
    SlotFull,
)
from app.queue.settings import AppointmentRules
from app.queue.slots import BOOKED, checked_slot, rule_of
from app.queue.store import Tx, window_by_number


def _free_place(tx: Tx, rule: Any, start: dt.datetime) -> int:
    taken = set(
        tx.conn.scalars(
            select(Appointment.place).where(
                Appointment.service_id == rule.service_id,
                Appointment.slot_start == start,
                Appointment.place.is_not(None),
            )
        )
    )
    for place in range(1, rule.capacity + 1):
        if place not in taken:
            return place
    raise SlotFull(rule.service_code, rule.service_name, f"{start:%Y-%m-%d %H:%M}")


def _unique_code(conn: Connection) -> str:
    for _ in range(20):
        code = new_code()
        if conn.scalar(select(Appointment.id).where(Appointment.code == code)) is None:
            return code
    raise RuntimeError("no free appointment code after 20 tries")  # 23^6: never in practice


@dataclass(frozen=True)
class Booking:
    """What a booking asks for; `by` is who booked it (staff number, platform, file)."""

    service: str
    slot_start: dt.datetime
    name: str
    phone: str
    source: str
    by: str
    external_id: str | None = None
    origin_ticket_id: int | None = None
    note: str = ""


def book(tx: Tx, rules: AppointmentRules, booking: Booking) -> AppointmentView:
    """A new appointment in a free place of the slot; SlotUnavailable, SlotFull, BadVisitor."""
    rule = rule_of(tx.conn, booking.service)
    name, phone = checked_visitor(booking.name, booking.phone)
    start, end = checked_slot(tx.conn, rule, booking.slot_start, rules, tx.now)
    place = _free_place(tx, rule, start)
    code = _unique_code(tx.conn)
    result = tx.conn.execute(
        insert(Appointment).values(
            code=code,
            service_id=rule.service_id,
            slot_start=start,
            slot_end=end,
            visitor=name,
            phone=phone,
            status=BOOKED,
            place=place,
            source=booking.source,
            external_id=booking.external_id,
            booked_at=tx.now,
            booked_by=booking.by,
            origin_ticket_id=booking.origin_ticket_id,
            note=booking.note.strip()[:200],
        )
    )
    appointment_id = int(result.inserted_primary_key[0])  # type: ignore[index]
    tx.log(
        "appointment_booked",
        appointment=appointment_id,
        service=rule.service_code,
        slot=start.isoformat(),
        source=booking.source,
        by=booking.by,
    )
    return view_by_id(tx.conn, appointment_id, tx.now)


def _open(tx: Tx, code: str) -> Any:
    appointment = tx.conn.execute(
        select(Appointment).where(Appointment.code == normal_code(code))
    ).first()
    if appointment is None:
        raise AppointmentNotFound(code)
    if appointment.status == CANCELLED:
        raise AppointmentClosed(f"预约 {code} 已取消", f"appointment {code} is cancelled", "code")
    if appointment.ticket_id is not None:
        raise AppointmentClosed(
            f"预约 {code} 已签到取号，不能再改", f"appointment {code} is checked in", "code"
        )
    return appointment


def move(
    tx: Tx, rules: AppointmentRules, code: str, slot_start: dt.datetime, by: str
) -> AppointmentView:
    """The same appointment (same code) in another slot of its service."""
    appointment = _open(tx, code)
    service = tx.conn.scalar(select(Service.code).where(Service.id == appointment.service_id))
    rule = rule_of(tx.conn, str(service))
    start, end = checked_slot(tx.conn, rule, slot_start, rules, tx.now)
    if start == appointment.slot_start:
        return view_by_id(tx.conn, appointment.id, tx.now)
    place = _free_place(tx, rule, start)
    tx.conn.execute(
        update(Appointment)
        .where(Appointment.id == appointment.id)
        .values(slot_start=start, slot_end=end, place=place)
    )
    tx.log(
        "appointment_moved",
        appointment=appointment.id,
        service=rule.service_code,
        slot=start.isoformat(),
        was=appointment.slot_start.isoformat(),
        by=by,
    )
    return view_by_id(tx.conn, appointment.id, tx.now)


def cancel(tx: Tx, code: str, by: str, reason: str = "") -> AppointmentView:
    """Cancel a booking that is not checked in; its place is free again."""
    appointment = _open(tx, code)
    return _cancel(tx, appointment, by, reason)


def _cancel(tx: Tx, appointment: Any, by: str, reason: str) -> AppointmentView:
    tx.conn.execute(
        update(Appointment)
        .where(Appointment.id == appointment.id)
        .values(status=CANCELLED, place=None, cancelled_at=tx.now)
    )
    tx.log(
        "appointment_cancelled",
        appointment=appointment.id,
        slot=appointment.slot_start.isoformat(),
        by=by,
        reason=reason.strip()[:200],
    )
    return view_by_id(tx.conn, appointment.id, tx.now)


def cancel_external(tx: Tx, external_id: str, by: str) -> tuple[AppointmentView, bool]:
    """Cancel the platform's booking by its id; (view, changed). Cancelling twice is no
    change; a checked-in one is AppointmentClosed."""
    appointment = tx.conn.execute(
        select(Appointment).where(Appointment.external_id == external_id)
    ).first()
    if appointment is None:
        raise AppointmentNotFound(external_id, "external_id")
    if appointment.status == CANCELLED:
        return view_by_id(tx.conn, appointment.id, tx.now), False
    if appointment.ticket_id is not None:
        raise AppointmentClosed(
            f"预约 {external_id} 已签到取号，不能取消",
            f"appointment {external_id} is checked in and cannot be cancelled",
            "external_id",
        )
    return _cancel(tx, appointment, by, "online"), True


def push(tx: Tx, rules: AppointmentRules, booking: Booking) -> tuple[AppointmentView, bool]:
    """A booking with the platform's id, idempotent: (view, created). The same id again with
    the same service, slot, name and phone is the booking made before; with anything else it
    is ExternalIdConflict."""
    assert booking.external_id
    found = tx.conn.execute(
        select(Appointment, Service.code.label("service_code"))
        .join(Service, Service.id == Appointment.service_id)
        .where(Appointment.external_id == booking.external_id)
    ).first()
    if found is None:
        return book(tx, rules, booking), True
    service = found.service_code
    name, phone = checked_visitor(booking.name, booking.phone)
    same = (
        service == booking.service.strip().upper()
        and found.slot_start == booking.slot_start
        and found.visitor == name
        and found.phone == phone
        and found.status != CANCELLED
    )
    if not same:
        raise ExternalIdConflict(
            f"external_id {booking.external_id} 已用于另一个预约（或已取消）",
            f"external_id {booking.external_id} was used before for a different "
            "(or cancelled) booking",
            "external_id",
        )
    return view_by_id(tx.conn, found.id, tx.now), False


def return_visit(
    tx: Tx,
    rules: AppointmentRules,
    window_no: int,
    slot_start: dt.datetime,
    name: str,
    phone: str,
    by: str,
) -> AppointmentView:
    """The return visit of the 材料不齐 case this window has just finished (its last finished
    case today), in that case's service; one per case."""
    last = tx.conn.execute(
        select(Ticket.id, Ticket.outcome, Ticket.prefix, Ticket.number, Service.code)
        .join(Service, Service.id == Ticket.service_id)
        .where(
            Ticket.day == tx.day,
            Ticket.state == TicketState.FINISHED.value,
            Ticket.window_id == _window_id(tx, window_no),
        )
        .order_by(Ticket.finished_at.desc(), Ticket.id.desc())
        .limit(1)
    ).first()
    if last is None or last.outcome != Outcome.INCOMPLETE.value:
        raise ReturnVisitRefused(
            "只能为本窗口刚办结的「材料不齐」件预约回访",
            "a counter books a return visit only for the incomplete case it has just finished",
        )
    number = ticket_number(last.prefix, last.number)
    taken = tx.conn.scalar(
        select(Appointment.code).where(
            Appointment.origin_ticket_id == last.id, Appointment.status == BOOKED
        )
    )
    if taken is not None:
        raise ReturnVisitRefused(
            f"{number} 已预约回访（预约码 {taken}）；改期请到服务台",
            f"{number} has a return visit booked already ({taken}); the front desk moves it",
        )
    booking = Booking(
        service=last.code,
        slot_start=slot_start,
        name=name,
        phone=phone,
        source="counter",
        by=by,
        origin_ticket_id=last.id,
        note=f"{number} 材料不齐回访",
    )
    return book(tx, rules, booking)


def _window_id(tx: Tx, window_no: int) -> int:
    return window_by_number(tx.sql, window_no).id
