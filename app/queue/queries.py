"""Read-only views of the hall: waiting lists, people ahead, window states, service loads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, case, func, select

from app.models import (
    IN_SERVICE,
    Event,
    Service,
    Ticket,
    TicketState,
    Window,
    WindowService,
)
from app.queue.settings import QueueSettings
from app.queue.store import (
    TICKET_COLUMNS,
    closed_reason,
    issued_count,
    open_pause,
    open_session,
    service_by_code,
    ticket_in_service,
    ticket_view,
    ticket_views,
    window_by_number,
)
from app.queue.views import HallEvent, ServiceLoad, TicketView, WindowState


def waiting_for_service(conn: Connection, day: dt.date, code: str) -> list[TicketView]:
    service = service_by_code(conn, code)
    return ticket_views(
        conn,
        TICKET_COLUMNS.where(
            Ticket.day == day,
            Ticket.state == TicketState.WAITING.value,
            Ticket.service_id == service.id,
            Ticket.target_window_id.is_(None),
        ).order_by(Ticket.priority.desc(), Ticket.queue_at, Ticket.id),
    )


def waiting_for_window(conn: Connection, day: dt.date, number: int) -> list[TicketView]:
    """Tickets this window may call, in the order call-next would take them."""
    window = window_by_number(conn, number)
    rank = (
        select(WindowService.rank)
        .where(WindowService.window_id == window.id, WindowService.service_id == Ticket.service_id)
        .scalar_subquery()
    )
    sent_here = Ticket.target_window_id == window.id
    query = TICKET_COLUMNS.where(
        Ticket.day == day,
        Ticket.state == TicketState.WAITING.value,
        sent_here | (Ticket.target_window_id.is_(None) & rank.is_not(None)),
    ).order_by(
        Ticket.priority.desc(),
        case((sent_here, 0), else_=1),
        rank,
        Ticket.queue_at,
        Ticket.id,
    )
    return ticket_views(conn, query)


def window_state(conn: Connection, day: dt.date, number: int) -> WindowState:
    window = window_by_number(conn, number)
    session = open_session(conn, window.id, day)
    pause = open_pause(conn, session.id) if session else None
    current = ticket_in_service(conn, window.id)
    held = ticket_views(
        conn,
        TICKET_COLUMNS.where(
            Ticket.window_id == window.id,
            Ticket.day == day,
            Ticket.state == TicketState.HELD.value,
        ).order_by(Ticket.id),
    )
    codes = conn.scalars(
        select(Service.code)
        .join(WindowService, WindowService.service_id == Service.id)
        .where(WindowService.window_id == window.id)
        .order_by(WindowService.rank)
    )
    return WindowState(
        number=window.number,
        name=window.name,
        signed_in=session is not None,
        staff_no=session.staff_no if session else None,
        staff_name=session.name if session else None,
        paused=pause is not None,
        pause_reason=pause.reason if pause else None,
        pause_note=pause.note if pause else "",
        current=ticket_view(conn, current.id) if current else None,
        held=tuple(held),
        service_codes=tuple(codes),
    )


def hall_state(conn: Connection, day: dt.date) -> list[WindowState]:
    numbers = conn.scalars(
        select(Window.number).where(Window.active.is_(True)).order_by(Window.number)
    )
    return [window_state(conn, day, number) for number in numbers]


def service_loads(conn: Connection, now: dt.datetime, settings: QueueSettings) -> list[ServiceLoad]:
    day = now.date()
    waiting = dict(
        conn.execute(
            select(Ticket.service_id, func.count())
            .where(
                Ticket.day == day,
                Ticket.state == TicketState.WAITING.value,
            )
            .group_by(Ticket.service_id)
        ).all()
    )
    loads = []
    for service in conn.execute(
        select(Service).where(Service.active.is_(True)).order_by(Service.sort_order, Service.code)
    ):
        issued = issued_count(conn, day, service.code)
        reason = closed_reason(
            conn, service, now, hours=settings.enforce_hours, calendar=settings.enforce_calendar
        )
        if reason is None and service.daily_cap is not None and issued >= service.daily_cap:
            reason = ("今日号已取完", "all of today's tickets are taken")
        loads.append(
            ServiceLoad(
                code=service.code,
                name=service.name,
                group_name=service.group_name,
                waiting=int(waiting.get(service.id, 0)),
                issued_today=issued,
                open=reason is None,
                closed_reason=reason[0] if reason else "",
                estimated_wait_s=None,
                promised_minutes=int(service.promised_minutes),
            )
        )
    return loads


def in_service_count(conn: Connection) -> int:
    return int(
        conn.scalar(
            select(func.count())
            .select_from(Ticket)
            .where(Ticket.state.in_([s.value for s in IN_SERVICE]))
        )
        or 0
    )


def events_after(conn: Connection, seq: int, limit: int = 1000) -> list[HallEvent]:
    rows = conn.execute(
        select(Event.id, Event.at, Event.kind, Event.ticket_id, Event.window_id, Event.data)
        .where(Event.id > seq)
        .order_by(Event.id)
        .limit(limit)
    )
    return [HallEvent(r.id, r.at, r.kind, r.ticket_id, r.window_id, dict(r.data)) for r in rows]


def last_seq(conn: Connection) -> int:
    return int(conn.scalar(select(func.max(Event.id))) or 0)


CALL_KINDS = ("ticket_called", "ticket_recalled", "ticket_called_back")
RECENT_CALLS = 20


def recent_calls(conn: Connection, day: dt.date, limit: int = RECENT_CALLS) -> list[dict[str, Any]]:
    """The day's last calls, newest first, as the lobby display lists them."""
    rows = conn.execute(
        select(Event.at, Event.data)
        .where(Event.kind.in_(CALL_KINDS), Event.at >= dt.datetime.combine(day, dt.time()))
        .order_by(Event.id.desc())
        .limit(limit)
    ).all()
    return [
        {
            "number": row.data.get("number"),
            "window": row.data.get("window"),
            "window_name": row.data.get("window_name", ""),
            "at": row.at.isoformat(),
        }
        for row in rows
    ]
