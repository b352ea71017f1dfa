"""Calling at a clerk's window: call the next ticket, call a given number, recall, call back
a held ticket; and the lookups the window's other commands share (the window ready to call,
the ticket it serves, today's ticket by its number)."""

from __future__ import annotations

from typing import NamedTuple

from app.models import TicketState
from app.queue import errors, fair
from app.queue.settings import AppointmentRules, QueueSettings
from app.queue.store import (
    CurrentRow,
    SessionRow,
    Tx,
    WindowRow,
    open_pause,
    open_session,
    parse_number,
    ticket_in_service,
    ticket_view,
    window_by_number,
    window_service_ids,
)
from app.queue.views import TicketView, display_number

IN_A_ROW = AppointmentRules.in_a_row


def signed_in_window(tx: Tx, number: int) -> tuple[WindowRow, SessionRow]:
    """The window and its clerk's session today; WindowNotOpen when nobody is signed in."""
    window = window_by_number(tx.sql, number)
    session = open_session(tx.sql, window.id, tx.day)
    if session is None:
        raise errors.WindowNotOpen(number)
    return window, session


def check_free(tx: Tx, window: WindowRow, number: int) -> None:
    """WindowBusy while the window still has a ticket called or in service."""
    current = ticket_in_service(tx.sql, window.id)
    if current is not None:
        raise errors.WindowBusy(number, display_number(current.prefix, current.number))


def ready_window(tx: Tx, number: int) -> tuple[WindowRow, SessionRow]:
    """The window and its clerk's session, if it may call: signed in, not paused, free."""
    window, session = signed_in_window(tx, number)
    if open_pause(tx.sql, session.id) is not None:
        raise errors.WindowPaused(number)
    check_free(tx, window, number)
    return window, session


def window_serving(tx: Tx, number: int) -> tuple[WindowRow, CurrentRow]:
    """The window and the ticket it is serving now."""
    window = window_by_number(tx.sql, number)
    current = ticket_in_service(tx.sql, window.id)
    if current is None:
        raise errors.NoTicketInService(number)
    return window, current


def _claim(
    tx: Tx, ticket_id: int, from_states: list[str], window: WindowRow, staff_id: int
) -> None:
    """Give a ticket to a window; another writer claiming it first is a Conflict (retried)."""
    marks = ", ".join("?" for _ in from_states)
    claimed = tx.sql.run(
        "UPDATE tickets SET state = ?, window_id = ?, staff_id = ?, target_window_id = NULL,"
        f" called_at = ?, started_at = NULL, recalls = 0 WHERE id = ? AND state IN ({marks})",
        TicketState.CALLED.value,
        window.id,
        staff_id,
        tx.now,
        ticket_id,
        *from_states,
    )
    if claimed != 1:
        raise errors.Conflict(f"ticket {ticket_id} was claimed by another window")


# The first waiting ticket of one queue, by place (queue_at, then id): an index range scan
# of ix_tickets_waiting that stops at the first row; tickets sent to a window are found by
# ix_tickets_target_window (on SQLite the unary + keeps the planner off the day's index).
_FIRST_SENT = (
    "SELECT id FROM tickets WHERE target_window_id = ? AND state = 'waiting' AND {day} = ?"
    " AND priority = ? ORDER BY queue_at, id LIMIT 1"
)
_FIRST_SENT_SQL = {True: _FIRST_SENT.format(day="+day"), False: _FIRST_SENT.format(day="day")}
_FIRST_OF_SERVICE = (
    "SELECT id FROM tickets WHERE day = ? AND state = 'waiting' AND service_id = ?"
    " AND priority = ? AND target_window_id IS NULL ORDER BY queue_at, id LIMIT 1"
)


def _next_ticket_id(tx: Tx, window_id: int, in_a_row: int) -> int | None:
    """Priority tickets first; then tickets sent to this window; then by service rank; FIFO,
    with at most `in_a_row` on-time appointments in a row while a walk-in waits (fair.py)."""
    sql = tx.sql
    services = window_service_ids(sql, window_id)
    for priority in (True, False):
        found = sql.value(_FIRST_SENT_SQL[sql.sqlite], window_id, tx.day, priority)
        if found is not None:
            return int(found)
        for service_id in services:
            found = sql.value(_FIRST_OF_SERVICE, tx.day, service_id, priority)
            if found is not None:
                return fair.pick(sql, tx.day, service_id, priority, int(found), in_a_row)
    return None


def call_next(tx: Tx, window_no: int, in_a_row: int = IN_A_ROW) -> TicketView:
    window, session = ready_window(tx, window_no)
    ticket_id = _next_ticket_id(tx, window.id, in_a_row)
    if ticket_id is None:
        raise errors.NoneWaiting(window_no)
    _claim(tx, ticket_id, [TicketState.WAITING.value], window, session.staff_id)
    return _called(tx, "ticket_called", ticket_id, window, session.staff_id)


def _called(tx: Tx, kind: str, ticket_id: int, window: WindowRow, staff_id: int) -> TicketView:
    view = ticket_view(tx.sql, ticket_id)
    tx.log(
        kind,
        ticket_id=ticket_id,
        window_id=window.id,
        staff_id=staff_id,
        number=view.number,
        service=view.service_code,
        window=window.number,
        window_name=window.name,
        recalls=view.recalls,
    )
    return view


class DayTicket(NamedTuple):
    id: int
    state: str
    window_id: int | None


def today_ticket(tx: Tx, number: str) -> DayTicket:
    prefix, value = parse_number(number)
    row = tx.sql.one(
        "SELECT id, state, window_id FROM tickets WHERE day = ? AND prefix = ? AND number = ?",
        tx.day,
        prefix,
        value,
    )
    if row is None:
        raise errors.UnknownTicket(number)
    return DayTicket(row[0], row[1], row[2])


def call_number(tx: Tx, window_no: int, number: str) -> TicketView:
    """Call a given number: a waiting one, or a no-show who came back."""
    window, session = ready_window(tx, window_no)
    ticket = today_ticket(tx, number)
    allowed = [TicketState.WAITING.value, TicketState.NO_SHOW.value]
    if ticket.state not in allowed:
        raise errors.BadTicketState(
            f"{number} 当前状态为「{_STATE_ZH[ticket.state]}」，不能呼叫",
            f"{number} is {ticket.state}; it cannot be called",
        )
    _claim(tx, ticket.id, allowed, window, session.staff_id)
    return _called(tx, "ticket_called", ticket.id, window, session.staff_id)


def recall(tx: Tx, window_no: int, settings: QueueSettings) -> TicketView:
    window, current = window_serving(tx, window_no)
    number = display_number(current.prefix, current.number)
    if current.state != TicketState.CALLED.value:
        raise errors.BadTicketState(
            f"{number} 已在办理中，无需重呼", f"{number} is already being served"
        )
    if current.recalls >= settings.recall_cap:
        raise errors.RecallLimit(number, settings.recall_cap)
    tx.sql.run("UPDATE tickets SET recalls = recalls + 1 WHERE id = ?", current.id)
    return _called(tx, "ticket_recalled", current.id, window, current.staff_id or 0)


def call_back(tx: Tx, window_no: int, number: str) -> TicketView:
    window, session = ready_window(tx, window_no)
    ticket = today_ticket(tx, number)
    if ticket.state != TicketState.HELD.value or ticket.window_id != window.id:
        raise errors.BadTicketState(
            f"{number} 不是本窗口挂起的号", f"{number} is not held at window {window_no}"
        )
    _claim(tx, ticket.id, [TicketState.HELD.value], window, session.staff_id)
    return _called(tx, "ticket_called_back", ticket.id, window, session.staff_id)


_STATE_ZH = {
    TicketState.WAITING.value: "等候中",
    TicketState.CALLED.value: "已呼叫",
    TicketState.SERVING.value: "办理中",
    TicketState.HELD.value: "挂起",
    TicketState.NO_SHOW.value: "过号",
    TicketState.FINISHED.value: "已办结",
}
