"""Issuing tickets at the kiosk: numbering, caps, hours, priority and appointment check-in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, and_, func, insert, or_, select, update

from app.models import Appointment, PrintState, Service, Ticket, TicketState
from app.queue import errors
from app.queue.settings import QueueSettings
from app.queue.store import Tx, closed_reason, issued_count, service_by_code, ticket_view
from app.queue.views import IssuedTicket, TicketView

# Estimates the wait of a just-issued ticket (seconds) from the live state.
Estimator = Callable[[Connection, TicketView, dt.datetime], int | None]


def people_ahead(conn: Connection, ticket: TicketView | Any) -> int:
    """Waiting tickets of the same service that will be called before this one."""
    service_id = conn.scalar(select(Ticket.service_id).where(Ticket.id == ticket.id))
    earlier = or_(
        Ticket.queue_at < ticket.queue_at,
        and_(Ticket.queue_at == ticket.queue_at, Ticket.id < ticket.id),
    )
    same_class = Ticket.priority.is_(bool(ticket.priority))
    ahead = (
        and_(same_class, earlier) if ticket.priority else or_(Ticket.priority.is_(True), earlier)
    )
    count = conn.scalar(
        select(func.count())
        .select_from(Ticket)
        .where(
            Ticket.day == ticket.day,
            Ticket.state == TicketState.WAITING.value,
            Ticket.service_id == service_id,
            Ticket.target_window_id.is_(None),
            ahead,
        )
    )
    return int(count or 0)


def issue(
    tx: Tx,
    settings: QueueSettings,
    estimator: Estimator | None,
    service_code: str,
    *,
    priority: bool = False,
    kiosk: str = "",
    queue_at: dt.datetime | None = None,
    appointment_id: int | None = None,
) -> IssuedTicket:
    service = service_by_code(tx.conn, service_code)
    reason = closed_reason(
        tx.conn, service, tx.now, hours=settings.enforce_hours, calendar=settings.enforce_calendar
    )
    if reason:
        raise errors.ServiceClosed(f"{service.name}：{reason[0]}", f"{service.code}: {reason[1]}")
    issued = issued_count(tx.conn, tx.day, service.code)
    if service.daily_cap is not None and issued >= service.daily_cap and appointment_id is None:
        raise errors.DailyCapReached(
            f"{service.name}今日号已取完（每日限 {service.daily_cap} 个），请改日再来或网上预约",
            f"{service.code}: today's {service.daily_cap} tickets are all taken",
        )
    ticket_id = tx.conn.execute(
        insert(Ticket).values(
            day=tx.day,
            prefix=service.code,
            number=issued + 1,
            service_id=service.id,
            priority=priority,
            state=TicketState.WAITING.value,
            issued_at=tx.now,
            queue_at=queue_at or tx.now,
            recalls=0,
            outcome_note="",
            print_state=PrintState.PENDING.value,
            kiosk=kiosk,
        )
    ).inserted_primary_key
    assert ticket_id is not None
    view = ticket_view(tx.conn, ticket_id[0])
    ahead = people_ahead(tx.conn, view)
    estimate = estimator(tx.conn, view, tx.now) if estimator else None
    if estimate is not None:
        tx.conn.execute(
            update(Ticket).where(Ticket.id == view.id).values(predicted_wait_s=estimate)
        )
    tx.log(
        "ticket_issued",
        ticket_id=view.id,
        number=view.number,
        service=view.service_code,
        priority=priority,
        appointment=appointment_id,
        ahead=ahead,
        estimate_s=estimate,
    )
    if estimate is not None:
        view = ticket_view(tx.conn, view.id)
    return IssuedTicket(view, ahead, estimate)


def check_in(
    tx: Tx, settings: QueueSettings, estimator: Estimator | None, code: str, kiosk: str
) -> IssuedTicket:
    """An appointment's ticket: it queues as if it arrived at its slot, if on time."""
    row = tx.conn.execute(
        select(Appointment).where(Appointment.code == code.strip().upper())
    ).first()
    if row is None:
        raise errors.AppointmentInvalid(
            f"预约码 {code} 不存在，请核对", f"appointment code {code} not found"
        )
    if row.ticket_id is not None:
        raise errors.AppointmentInvalid(
            f"预约码 {code} 已取过号", f"appointment {code} is already checked in"
        )
    if row.slot_start.date() != tx.day:
        raise errors.AppointmentInvalid(
            f"该预约为 {row.slot_start:%Y-%m-%d}，不是今天",
            f"appointment {code} is for {row.slot_start:%Y-%m-%d}, not today",
        )
    # On time (up to the slot's end): queued at the slot's start. Late: queued from now.
    queue_at = row.slot_start if tx.now <= row.slot_end else tx.now
    service_code = tx.conn.scalar(select(Service.code).where(Service.id == row.service_id))
    issued = issue(
        tx,
        settings,
        estimator,
        str(service_code),
        kiosk=kiosk,
        queue_at=queue_at,
        appointment_id=row.id,
    )
    tx.conn.execute(
        update(Appointment).where(Appointment.id == row.id).values(ticket_id=issued.ticket.id)
    )
    return issued
