"""Appointments as staff see them (the phone masked), the visitor's details checked, and the
codes people read out. Read-only: the writes are in booking.py."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import aliased

from app.models import Appointment, Service, Ticket, ticket_number
from app.queue.booking_errors import AppointmentNotFound, BadVisitor
from app.queue.slots import BOOKED

CANCELLED = "cancelled"
SOURCES = ("console", "counter", "online", "import", "demo")
# Read out over the phone and typed at the kiosk: no 0/O, 1/I/L, 2/Z, 5/S, 8/B, U/V.
CODE_ALPHABET = "34679ACDEFGHJKMNPQRTWXY"
CODE_LENGTH = 6
MAX_NAME = 32
_PHONE = re.compile(r"^\+?\d{7,15}$")
_SEPARATORS = re.compile(r"[\s\-－—]+")
_Origin = aliased(Ticket)


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normal_code(text: str) -> str:
    """What a visitor typed or said, as stored: no spaces or dashes, upper case."""
    return _SEPARATORS.sub("", text).upper()


def normal_phone(text: str) -> str:
    return _SEPARATORS.sub("", text).replace("(", "").replace(")", "")


def mask_phone(phone: str) -> str:
    """138****5678: the first three and last four digits of a mobile number; of a shorter one
    the last four only."""
    if len(phone) >= 11:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    if len(phone) > 4:
        return "*" * (len(phone) - 4) + phone[-4:]
    return "*" * len(phone)


def checked_visitor(name: str, phone: str) -> tuple[str, str]:
    """(name, phone) as stored; BadVisitor naming the field that is wrong."""
    name = " ".join(name.split())
    if not 1 <= len(name) <= MAX_NAME:
        raise BadVisitor(
            f"请填写预约人姓名（1–{MAX_NAME} 个字）",
            f"the visitor's name must be 1–{MAX_NAME} characters",
            "name",
        )
    phone = normal_phone(phone)
    if not _PHONE.match(phone):
        raise BadVisitor(
            "联系电话应为 7–15 位数字（如 13812345678）",
            "the phone must be 7–15 digits (e.g. 13812345678)",
            "phone",
        )
    return name, phone


@dataclass(frozen=True)
class AppointmentView:
    """An appointment as staff see it: the phone masked."""

    id: int
    code: str
    service_code: str
    service_name: str
    slot_start: dt.datetime
    slot_end: dt.datetime
    visitor: str
    phone: str  # masked
    status: str  # booked, checked_in, late, no_show, cancelled
    source: str
    external_id: str | None
    ticket_number: str | None
    origin_number: str | None  # the 材料不齐 case it is a return visit for
    booked_at: dt.datetime | None
    booked_by: str
    checked_in_at: dt.datetime | None
    note: str


def status_of(row: Any, now: dt.datetime) -> str:
    if row.status == CANCELLED:
        return CANCELLED
    if row.ticket_id is not None:
        return "checked_in" if row.on_time else "late"
    if row.slot_start.date() < now.date():
        return "no_show"
    return BOOKED


_VIEW = (
    select(
        *Appointment.__table__.c,
        Service.code.label("service_code"),
        Service.name.label("service_name"),
        Ticket.prefix.label("t_prefix"),
        Ticket.number.label("t_number"),
        _Origin.prefix.label("o_prefix"),
        _Origin.number.label("o_number"),
    )
    .join(Service, Service.id == Appointment.service_id)
    .outerjoin(Ticket, Ticket.id == Appointment.ticket_id)
    .outerjoin(_Origin, _Origin.id == Appointment.origin_ticket_id)
)


def _view(row: Any, now: dt.datetime) -> AppointmentView:
    a = row
    return AppointmentView(
        id=a.id,
        code=a.code,
        service_code=row.service_code,
        service_name=row.service_name,
        slot_start=a.slot_start,
        slot_end=a.slot_end,
        visitor=a.visitor,
        phone=mask_phone(a.phone),
        status=status_of(a, now),
        source=a.source,
        external_id=a.external_id,
        ticket_number=ticket_number(row.t_prefix, row.t_number) if row.t_prefix else None,
        origin_number=ticket_number(row.o_prefix, row.o_number) if row.o_prefix else None,
        booked_at=a.booked_at,
        booked_by=a.booked_by,
        checked_in_at=a.checked_in_at,
        note=a.note,
    )


def view_by_id(conn: Connection, appointment_id: int, now: dt.datetime) -> AppointmentView:
    row = conn.execute(_VIEW.where(Appointment.id == appointment_id)).first()
    if row is None:
        raise AppointmentNotFound(str(appointment_id), "id")
    return _view(row, now)


def find(conn: Connection, code: str, now: dt.datetime) -> AppointmentView:
    row = conn.execute(_VIEW.where(Appointment.code == normal_code(code))).first()
    if row is None:
        raise AppointmentNotFound(code)
    return _view(row, now)


def find_external(conn: Connection, external_id: str, now: dt.datetime) -> AppointmentView:
    row = conn.execute(_VIEW.where(Appointment.external_id == external_id)).first()
    if row is None:
        raise AppointmentNotFound(external_id, "external_id")
    return _view(row, now)


def list_day(
    conn: Connection, day: dt.date, now: dt.datetime, service: str | None = None
) -> list[AppointmentView]:
    """A day's appointments by slot, cancelled ones included."""
    query = _VIEW.where(
        Appointment.slot_start >= dt.datetime.combine(day, dt.time()),
        Appointment.slot_start < dt.datetime.combine(day + dt.timedelta(days=1), dt.time()),
    )
    if service:
        query = query.where(Service.code == service.strip().upper())
    rows = conn.execute(query.order_by(Appointment.slot_start, Appointment.id))
    return [_view(row, now) for row in rows]
