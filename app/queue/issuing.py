"""Issuing tickets at the kiosk: numbering, caps, hours, priority and appointment check-in."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, select, update

from app.models import Appointment, PrintState, Service, TicketId, TicketState, usual_workday
from app.queue import errors
from app.queue.appointment_views import CANCELLED, normal_code
from app.queue.booking_errors import CheckInTooEarly
from app.queue.forecast import Forecast, Outlook, WaitEstimates
from app.queue.settings import QueueSettings
from app.queue.store import Raw, ServiceRow, Tx, closed_reason, ticket_view
from app.queue.views import IssuedTicket, TicketView, display_number

# What the composition root hands the engine to estimate waits (predict.make_estimator()).
Estimator = WaitEstimates
# A place after every ticket already in the queue (ids only grow).
_LAST_PLACE = 2**62
NO_ESTIMATE = Outlook(None)  # no predictor


# Waiting tickets of a service ahead of a given place. Every column here is in the index
# ix_tickets_waiting (with the rowid), so the count never reads a table row. The tickets sent
# to a window (not in the service's own queue) are few: counted apart by their own index
# (target_window_id > 0 is a range it serves; on SQLite the unary + keeps the planner off the
# day's index), then taken off.
_AHEAD = (
    "SELECT count(*) FROM tickets WHERE {day} = ? AND state = 'waiting' AND {service} = ?"
    " AND (priority > ? OR (priority = ? AND (queue_at < ? OR (queue_at = ? AND id < ?))))"
)
_AHEAD_SQL = _AHEAD.format(day="day", service="service_id")
_AHEAD_SENT_SQL = {
    sqlite: _AHEAD.format(day=plus + "day", service=plus + "service_id")
    + " AND target_window_id > 0"
    for sqlite, plus in ((True, "+"), (False, ""))
}
_AHEAD_BOTH = {
    sqlite: f"SELECT ({_AHEAD_SQL}), ({sent})" for sqlite, sent in _AHEAD_SENT_SQL.items()
}
# The service, whether today is an exception in the calendar, and the last number given.
_SERVICE_TODAY = (
    "SELECT s.id, s.code, s.name, s.active, s.open_at, s.close_at, s.daily_cap,"
    " (SELECT h.is_workday FROM holidays h WHERE h.day = ?),"
    " (SELECT max(t.number) FROM tickets t WHERE t.day = ? AND t.prefix = s.code)"
    " FROM services s WHERE s.code = ?"
)


def people_ahead(
    conn: Connection | Raw, ticket: TicketView | Any, *, service_id: int | None = None
) -> int:
    """Waiting tickets of the same service that will be called before this one."""
    sql = conn if isinstance(conn, Raw) else Raw(conn)
    if service_id is None:
        service_id = sql.value("SELECT service_id FROM tickets WHERE id = ?", ticket.id)
    priority = bool(ticket.priority)
    params = (ticket.day, service_id, priority, priority, ticket.queue_at, ticket.queue_at)
    total, sent = sql.one(_AHEAD_BOTH[sql.sqlite], *params, ticket.id, *params, ticket.id)
    return int(total or 0) - int(sent or 0)


_INSERT_TICKET = (
    "INSERT INTO tickets (day, prefix, number, service_id, priority, state, issued_at,"
    " queue_at, recalls, outcome_note, print_state, kiosk, predicted_wait_s)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, '', ?, ?, ?)"
)


def issue(
    tx: Tx,
    settings: QueueSettings,
    forecast: Forecast | None,
    service_code: str,
    *,
    priority: bool = False,
    kiosk: str = "",
    queue_at: dt.datetime | None = None,
    appointment_id: int | None = None,
) -> IssuedTicket:
    sql = tx.sql
    row = sql.one(_SERVICE_TODAY, tx.day, tx.day, service_code.strip().upper())
    if row is None:
        raise errors.UnknownService(service_code)
    service = ServiceRow(
        row[0], row[1], row[2], bool(row[3]), sql.time(row[4]), sql.time(row[5]), row[6]
    )
    working = bool(row[7]) if row[7] is not None else usual_workday(tx.day)
    reason = closed_reason(
        sql,
        service,
        tx.now,
        hours=settings.enforce_hours,
        calendar=settings.enforce_calendar,
        working=working,
    )
    if reason:
        raise errors.ServiceClosed(f"{service.name}：{reason[0]}", f"{service.code}: {reason[1]}")
    issued = int(row[8] or 0)
    if service.daily_cap is not None and issued >= service.daily_cap and appointment_id is None:
        raise errors.DailyCapReached(
            f"{service.name}今日号已取完（每日限 {service.daily_cap} 个），请改日再来或网上预约",
            f"{service.code}: today's {service.daily_cap} tickets are all taken",
        )
    priority = bool(priority)
    queue_at = queue_at or tx.now
    view = TicketView(
        id=TicketId(_LAST_PLACE),
        day=tx.day,
        number=display_number(service.code, issued + 1),
        service_code=service.code,
        service_name=service.name,
        state=TicketState.WAITING,
        priority=priority,
        issued_at=tx.now,
        queue_at=queue_at,
        called_at=None,
        started_at=None,
        finished_at=None,
        window_no=None,
        target_window_no=None,
        recalls=0,
        outcome=None,
        predicted_wait_s=None,
        print_state=PrintState.PENDING.value,
    )
    # Its place is known before it is written; the estimate is a look-up in the forecast
    # made outside this transaction, and goes in with the ticket's own row.
    ahead = people_ahead(sql, view, service_id=service.id)
    outlook = forecast.new_ticket(service.id, priority, ahead, tx.now) if forecast else NO_ESTIMATE
    estimate = outlook.wait_s
    ticket_id = sql.insert(
        _INSERT_TICKET,
        tx.day,
        service.code,
        issued + 1,
        service.id,
        priority,
        TicketState.WAITING.value,
        tx.now,
        queue_at,
        PrintState.PENDING.value,
        kiosk,
        estimate,
    )
    view = replace(view, id=TicketId(ticket_id), predicted_wait_s=estimate)
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
    return IssuedTicket(view, ahead, estimate, outlook.low_s, outlook.high_s, outlook.reason)


def check_in(
    tx: Tx, settings: QueueSettings, forecast: Forecast | None, code: str, kiosk: str
) -> IssuedTicket:
    """An appointment's ticket. Check-in opens `early_minutes` before the slot. Up to
    `late_minutes` after the slot's start the ticket queues as if it came at the slot (on
    time); later it queues from now, as a walk-in (late)."""
    row = tx.conn.execute(select(Appointment).where(Appointment.code == normal_code(code))).first()
    if row is None:
        raise errors.AppointmentInvalid(
            f"预约码 {code} 不存在，请核对", f"appointment code {code} not found"
        )
    if row.status == CANCELLED:
        raise errors.AppointmentInvalid(
            f"预约码 {code} 已取消", f"appointment {code} was cancelled"
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
    rules = settings.appointments
    opens = row.slot_start - dt.timedelta(minutes=rules.early_minutes)
    if tx.now < opens:
        raise CheckInTooEarly(
            f"预约时段为 {row.slot_start:%H:%M}，请于 {opens:%H:%M} 后签到取号",
            f"the slot is at {row.slot_start:%H:%M}: check in from {opens:%H:%M}",
        )
    on_time = tx.now <= row.slot_start + dt.timedelta(minutes=rules.late_minutes)
    queue_at = row.slot_start if on_time else tx.now
    service_code = tx.conn.scalar(select(Service.code).where(Service.id == row.service_id))
    issued = issue(
        tx,
        settings,
        forecast,
        str(service_code),
        kiosk=kiosk,
        queue_at=queue_at,
        appointment_id=row.id,
    )
    tx.conn.execute(
        update(Appointment)
        .where(Appointment.id == row.id)
        .values(ticket_id=issued.ticket.id, checked_in_at=tx.now, on_time=on_time)
    )
    return issued


def set_print_state(tx: Tx, ticket_id: int, state: str) -> TicketView:
    """Record whether a ticket's slip came out of the printer; a failed one can be reprinted."""
    try:
        code = PrintState(state)
    except ValueError:
        raise errors.BadTicketState(
            f"打印状态无效：{state}", f"unknown print state: {state}"
        ) from None
    view = ticket_view(tx.sql, ticket_id)
    tx.sql.run("UPDATE tickets SET print_state = ? WHERE id = ?", code.value, ticket_id)
    tx.log("ticket_print_state", ticket_id=ticket_id, number=view.number, state=code.value)
    return replace(view, print_state=code.value)
