"""Row access inside one engine transaction: lookups, ticket views, the event log."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, TypeAlias

from sqlalchemy import Connection, Row, Select, func, insert, select
from sqlalchemy.orm import aliased

from app.models import (
    IN_SERVICE,
    Event,
    Pause,
    Service,
    Staff,
    StaffSession,
    Ticket,
    TicketId,
    TicketState,
    Window,
)
from app.models.chain import EVENT_FIELDS, GENESIS, link_hash
from app.queue import errors
from app.queue.calendar import is_working_day
from app.queue.views import HallEvent, TicketView, display_number

AnyRow: TypeAlias = Row[*tuple[Any, ...]]
_TargetWindow = aliased(Window)

TICKET_COLUMNS: Select[Any] = (
    select(
        *Ticket.__table__.c,
        Service.code.label("service_code"),
        Service.name.label("service_name"),
        Window.number.label("window_no"),
        _TargetWindow.number.label("target_window_no"),
    )
    .join(Service, Service.id == Ticket.service_id)
    .outerjoin(Window, Window.id == Ticket.window_id)
    .outerjoin(_TargetWindow, _TargetWindow.id == Ticket.target_window_id)
)


def to_view(row: AnyRow) -> TicketView:
    t = row
    return TicketView(
        id=TicketId(t.id),
        day=t.day,
        number=display_number(t.prefix, t.number),
        service_code=row.service_code,
        service_name=row.service_name,
        state=TicketState(t.state),
        priority=bool(t.priority),
        issued_at=t.issued_at,
        queue_at=t.queue_at,
        called_at=t.called_at,
        started_at=t.started_at,
        finished_at=t.finished_at,
        window_no=row.window_no,
        target_window_no=row.target_window_no,
        recalls=t.recalls,
        outcome=t.outcome,
        predicted_wait_s=t.predicted_wait_s,
        print_state=t.print_state,
    )


def ticket_views(conn: Connection, query: Select[Any]) -> list[TicketView]:
    return [to_view(row) for row in conn.execute(query)]


def ticket_view(conn: Connection, ticket_id: int) -> TicketView:
    views = ticket_views(conn, TICKET_COLUMNS.where(Ticket.id == ticket_id))
    if not views:
        raise errors.UnknownTicket(ticket_id)
    return views[0]


def parse_number(text: str) -> tuple[str, int]:
    """'a12' or 'A012' → ('A', 12); raises UnknownTicket on anything else."""
    cleaned = text.strip().upper()
    prefix = cleaned.rstrip("0123456789")
    digits = cleaned[len(prefix) :]
    if not prefix or not digits or not prefix.isalpha() or len(digits) > 6:
        raise errors.UnknownTicket(text)
    return prefix, int(digits)


def service_by_code(conn: Connection, code: str) -> AnyRow:
    row = conn.execute(select(Service).where(Service.code == code.strip().upper())).first()
    if row is None:
        raise errors.UnknownService(code)
    return row


def window_by_number(conn: Connection, number: int) -> AnyRow:
    row = conn.execute(
        select(Window.id, Window.number, Window.name, Window.active).where(Window.number == number)
    ).first()
    if row is None or not row.active:
        raise errors.UnknownWindow(number)
    return row


def window_service_ids(conn: Connection, window_id: int) -> list[int]:
    from app.models import WindowService

    return list(
        conn.scalars(
            select(WindowService.service_id)
            .where(WindowService.window_id == window_id)
            .order_by(WindowService.rank)
        )
    )


def open_session(conn: Connection, window_id: int, day: dt.date) -> AnyRow | None:
    return conn.execute(
        select(StaffSession.id, StaffSession.staff_id, Staff.staff_no, Staff.name)
        .join(Staff, Staff.id == StaffSession.staff_id)
        .where(
            StaffSession.window_id == window_id,
            StaffSession.day == day,
            StaffSession.signed_out_at.is_(None),
        )
    ).first()


def open_pause(conn: Connection, session_id: int) -> AnyRow | None:
    return conn.execute(
        select(Pause.id, Pause.reason, Pause.note, Pause.started_at).where(
            Pause.session_id == session_id, Pause.ended_at.is_(None)
        )
    ).first()


def ticket_in_service(conn: Connection, window_id: int) -> AnyRow | None:
    """The window's current ticket, whatever day it was issued (a stale one must be closed)."""
    return conn.execute(
        select(Ticket.id, Ticket.prefix, Ticket.number, Ticket.state, Ticket.recalls).where(
            Ticket.window_id == window_id, Ticket.state.in_([s.value for s in IN_SERVICE])
        )
    ).first()


def closed_reason(
    conn: Connection, service: AnyRow, now: dt.datetime, *, hours: bool, calendar: bool
) -> tuple[str, str] | None:
    """Why a service takes no tickets now, in Chinese and English; None when it is open."""
    if not service.active:
        return ("该事项已停办", "this service is suspended")
    if calendar and not is_working_day(conn, now.date()):
        return ("今天不是工作日", "today is not a working day")
    if hours and not (service.open_at <= now.time() < service.close_at):
        span = f"{service.open_at:%H:%M}–{service.close_at:%H:%M}"
        return (f"该事项取号时间为 {span}", f"tickets for this service are issued {span}")
    return None


def issued_count(conn: Connection, day: dt.date, prefix: str) -> int:
    """Numbers handed out today for a prefix; numbers are contiguous so max == count."""
    value = conn.scalar(
        select(func.max(Ticket.number)).where(Ticket.day == day, Ticket.prefix == prefix)
    )
    return int(value or 0)


@dataclass
class Tx:
    """One engine transaction: the connection, the moment it runs, the events it logs."""

    conn: Connection
    now: dt.datetime
    events: list[HallEvent]

    @property
    def day(self) -> dt.date:
        return self.now.date()

    def log(
        self,
        kind: str,
        *,
        ticket_id: int | None = None,
        window_id: int | None = None,
        staff_id: int | None = None,
        **data: Any,
    ) -> HallEvent:
        previous = self.conn.scalar(select(Event.hash).order_by(Event.id.desc()).limit(1))
        fields = {
            "at": self.now,
            "kind": kind,
            "ticket_id": ticket_id,
            "window_id": window_id,
            "staff_id": staff_id,
            "data": data,
        }
        digest = link_hash(previous or GENESIS, {name: fields[name] for name in EVENT_FIELDS})
        seq = self.conn.execute(insert(Event).values(**fields, hash=digest)).inserted_primary_key
        assert seq is not None
        event = HallEvent(int(seq[0]), self.now, kind, ticket_id, window_id, data)
        self.events.append(event)
        return event
