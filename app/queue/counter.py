"""Commands from a clerk's window: sign-in, call, recall, no-show, hold, transfer, pause, finish."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, NamedTuple

from app.models import Outcome, PauseReason, TicketState
from app.queue import errors
from app.queue.settings import QueueSettings
from app.queue.store import (
    CurrentRow,
    SessionRow,
    Tx,
    WindowRow,
    closed_reason,
    open_pause,
    open_session,
    parse_number,
    service_by_code,
    ticket_in_service,
    ticket_view,
    window_by_number,
    window_service_ids,
)
from app.queue.views import TicketView, display_number

_WAITING = TicketState.WAITING.value


def _ready_window(tx: Tx, number: int) -> tuple[WindowRow, SessionRow]:
    """The window and its clerk's session, if it may call: signed in, not paused, free."""
    sql = tx.sql
    window = window_by_number(sql, number)
    session = open_session(sql, window.id, tx.day)
    if session is None:
        raise errors.WindowNotOpen(number)
    if open_pause(sql, session.id) is not None:
        raise errors.WindowPaused(number)
    current = ticket_in_service(sql, window.id)
    if current is not None:
        raise errors.WindowBusy(number, display_number(current.prefix, current.number))
    return window, session


def _serving(tx: Tx, number: int) -> tuple[WindowRow, CurrentRow]:
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


def _next_ticket_id(tx: Tx, window_id: int) -> int | None:
    """Priority tickets first; then tickets sent to this window; then by service rank; FIFO."""
    sql = tx.sql
    services = window_service_ids(sql, window_id)
    for priority in (True, False):
        found = sql.value(_FIRST_SENT_SQL[sql.sqlite], window_id, tx.day, priority)
        if found is not None:
            return int(found)
        for service_id in services:
            found = sql.value(_FIRST_OF_SERVICE, tx.day, service_id, priority)
            if found is not None:
                return int(found)
    return None


def sign_in(tx: Tx, window_no: int, staff_no: str) -> None:
    sql = tx.sql
    window = window_by_number(sql, window_no)
    staff = sql.one("SELECT id, name, active FROM staff WHERE staff_no = ?", staff_no)
    if staff is None or not staff[2]:
        raise errors.UnknownStaff(staff_no)
    staff_id, staff_name = staff[0], staff[1]
    taken = open_session(sql, window.id, tx.day)
    if taken is not None:
        if taken.staff_id == staff_id:
            return  # signing in twice is harmless
        raise errors.SessionError(
            f"{window_no} 号窗口已由 {taken.name}（{taken.staff_no}）签到，请其先签退",
            f"window {window_no} is signed in by {taken.staff_no}; they must sign out first",
        )
    elsewhere = sql.one(
        "SELECT window_id FROM staff_sessions"
        " WHERE staff_id = ? AND day = ? AND signed_out_at IS NULL",
        staff_id,
        tx.day,
    )
    if elsewhere is not None:
        raise errors.SessionError(
            f"{staff_name} 已在其他窗口签到，请先在原窗口签退",
            f"{staff_no} is signed in at another window; sign out there first",
        )
    sql.run(
        "INSERT INTO staff_sessions (staff_id, window_id, day, signed_in_at) VALUES (?, ?, ?, ?)",
        staff_id,
        window.id,
        tx.day,
        tx.now,
    )
    tx.log(
        "window_signed_in",
        window_id=window.id,
        staff_id=staff_id,
        window=window_no,
        staff_no=staff_no,
        staff_name=staff_name,
    )


def sign_out(tx: Tx, window_no: int) -> None:
    sql = tx.sql
    window = window_by_number(sql, window_no)
    session = open_session(sql, window.id, tx.day)
    if session is None:
        raise errors.WindowNotOpen(window_no)
    current = ticket_in_service(sql, window.id)
    if current is not None:
        raise errors.WindowBusy(window_no, display_number(current.prefix, current.number))
    pause = open_pause(sql, session.id)
    if pause is not None:
        sql.run("UPDATE pauses SET ended_at = ? WHERE id = ?", tx.now, pause.id)
    sql.run("UPDATE staff_sessions SET signed_out_at = ? WHERE id = ?", tx.now, session.id)
    tx.log("window_signed_out", window_id=window.id, staff_id=session.staff_id, window=window_no)


def call_next(tx: Tx, window_no: int) -> TicketView:
    window, session = _ready_window(tx, window_no)
    ticket_id = _next_ticket_id(tx, window.id)
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


class _DayTicket(NamedTuple):
    id: int
    state: str
    window_id: int | None


def _today_ticket(tx: Tx, number: str) -> _DayTicket:
    prefix, value = parse_number(number)
    row = tx.sql.one(
        "SELECT id, state, window_id FROM tickets WHERE day = ? AND prefix = ? AND number = ?",
        tx.day,
        prefix,
        value,
    )
    if row is None:
        raise errors.UnknownTicket(number)
    return _DayTicket(row[0], row[1], row[2])


def call_number(tx: Tx, window_no: int, number: str) -> TicketView:
    """Call a given number: a waiting one, or a no-show who came back."""
    window, session = _ready_window(tx, window_no)
    ticket = _today_ticket(tx, number)
    allowed = [TicketState.WAITING.value, TicketState.NO_SHOW.value]
    if ticket.state not in allowed:
        raise errors.BadTicketState(
            f"{number} 当前状态为「{_STATE_ZH[ticket.state]}」，不能呼叫",
            f"{number} is {ticket.state}; it cannot be called",
        )
    _claim(tx, ticket.id, allowed, window, session.staff_id)
    return _called(tx, "ticket_called", ticket.id, window, session.staff_id)


def recall(tx: Tx, window_no: int, settings: QueueSettings) -> TicketView:
    window, current = _serving(tx, window_no)
    number = display_number(current.prefix, current.number)
    if current.state != TicketState.CALLED.value:
        raise errors.BadTicketState(
            f"{number} 已在办理中，无需重呼", f"{number} is already being served"
        )
    if current.recalls >= settings.recall_cap:
        raise errors.RecallLimit(number, settings.recall_cap)
    tx.sql.run("UPDATE tickets SET recalls = recalls + 1 WHERE id = ?", current.id)
    return _called(tx, "ticket_recalled", current.id, window, current.staff_id or 0)


def _set(
    tx: Tx,
    current: CurrentRow,
    kind: str,
    window: WindowRow,
    logged: dict[str, Any] | None = None,
    **values: Any,
) -> TicketView:
    """Update the current ticket's columns (names from this module only) and log it, with
    `logged` added to the event's data."""
    assignments = ", ".join(f"{name} = ?" for name in values)
    tx.sql.run(f"UPDATE tickets SET {assignments} WHERE id = ?", *values.values(), current.id)
    view = ticket_view(tx.sql, current.id)
    tx.log(
        kind,
        ticket_id=current.id,
        window_id=window.id,
        staff_id=current.staff_id or 0,
        number=view.number,
        service=view.service_code,
        window=window.number,
        state=view.state.value,
        **(logged or {}),
    )
    return view


def start(tx: Tx, window_no: int) -> TicketView:
    """The visitor has arrived at the window: handling time starts."""
    window, current = _serving(tx, window_no)
    if current.state == TicketState.SERVING.value:
        return ticket_view(tx.sql, current.id)
    return _set(
        tx, current, "ticket_started", window, state=TicketState.SERVING.value, started_at=tx.now
    )


def no_show(tx: Tx, window_no: int) -> TicketView:
    window, current = _serving(tx, window_no)
    if current.state != TicketState.CALLED.value:
        raise errors.BadTicketState(
            "已开始办理的号不能作过号处理", "a ticket being served cannot be a no-show"
        )
    return _set(tx, current, "ticket_no_show", window, state=TicketState.NO_SHOW.value)


def reactivate(tx: Tx, number: str) -> TicketView:
    """A no-show visitor came back: the ticket queues again at the back of its service."""
    ticket = _today_ticket(tx, number)
    if ticket.state != TicketState.NO_SHOW.value:
        raise errors.BadTicketState(f"{number} 不是过号状态", f"{number} is not a no-show")
    tx.sql.run(
        "UPDATE tickets SET state = ?, queue_at = ?, window_id = NULL, staff_id = NULL"
        " WHERE id = ?",
        _WAITING,
        tx.now,
        ticket.id,
    )
    view = ticket_view(tx.sql, ticket.id)
    tx.log("ticket_reactivated", ticket_id=ticket.id, number=view.number, service=view.service_code)
    return view


def hold(tx: Tx, window_no: int) -> TicketView:
    """Park the current ticket at this window (挂起), e.g. while the visitor fetches a paper."""
    window, current = _serving(tx, window_no)
    return _set(tx, current, "ticket_held", window, state=TicketState.HELD.value)


def call_back(tx: Tx, window_no: int, number: str) -> TicketView:
    window, session = _ready_window(tx, window_no)
    ticket = _today_ticket(tx, number)
    if ticket.state != TicketState.HELD.value or ticket.window_id != window.id:
        raise errors.BadTicketState(
            f"{number} 不是本窗口挂起的号", f"{number} is not held at window {window_no}"
        )
    _claim(tx, ticket.id, [TicketState.HELD.value], window, session.staff_id)
    return _called(tx, "ticket_called_back", ticket.id, window, session.staff_id)


def transfer(
    tx: Tx,
    window_no: int,
    settings: QueueSettings,
    *,
    to_service: str | None = None,
    to_window: int | None = None,
    note: str = "",
) -> TicketView:
    """Send the current ticket on, keeping its number and its place by original issue time."""
    if (to_service is None) == (to_window is None):
        raise errors.BadTicketState(
            "请选择转往的事项或窗口（二选一）", "give either a service or a window to transfer to"
        )
    window, current = _serving(tx, window_no)
    sql = tx.sql
    target: dict[str, Any]
    if to_service is not None:
        service = service_by_code(sql, to_service)
        reason = closed_reason(
            sql,
            service,
            tx.now,
            hours=settings.enforce_hours,
            calendar=settings.enforce_calendar,
        )
        if reason:
            raise errors.ServiceClosed(
                f"{service.name}：{reason[0]}", f"{service.code}: {reason[1]}"
            )
        service_id, target_window_id = service.id, None
        target = {"to_service": service.code}
    else:
        assert to_window is not None
        if to_window == window_no:
            raise errors.BadTicketState("不能转给本窗口", "cannot transfer to the same window")
        service_id, target_window_id = None, window_by_number(sql, to_window).id
        target = {"to_window": to_window}
    sql.run(
        "UPDATE tickets SET state = ?, window_id = NULL, staff_id = NULL, called_at = NULL,"
        " started_at = NULL, recalls = 0, target_window_id = ?,"
        " service_id = coalesce(?, service_id) WHERE id = ?",
        _WAITING,
        target_window_id,
        service_id,
        current.id,
    )
    view = ticket_view(sql, current.id)
    tx.log(
        "ticket_transferred",
        ticket_id=current.id,
        window_id=window.id,
        staff_id=current.staff_id or 0,
        number=view.number,
        service=view.service_code,
        window=window_no,
        note=note,
        **target,
    )
    return view


def pause(tx: Tx, window_no: int, reason: str, note: str) -> None:
    try:
        code = PauseReason(reason)
    except ValueError:
        raise errors.ReasonRequired(
            f"暂停原因无效：{reason}", f"unknown pause reason: {reason}"
        ) from None
    if code is PauseReason.OTHER and not note.strip():
        raise errors.ReasonRequired("请填写暂停原因", "say why the window is paused")
    sql = tx.sql
    window = window_by_number(sql, window_no)
    session = open_session(sql, window.id, tx.day)
    if session is None:
        raise errors.WindowNotOpen(window_no)
    if open_pause(sql, session.id) is not None:
        raise errors.WindowPaused(window_no)
    current = ticket_in_service(sql, window.id)
    if current is not None:
        raise errors.WindowBusy(window_no, display_number(current.prefix, current.number))
    sql.run(
        "INSERT INTO pauses (session_id, window_id, reason, note, started_at)"
        " VALUES (?, ?, ?, ?, ?)",
        session.id,
        window.id,
        code.value,
        note.strip(),
        tx.now,
    )
    tx.log(
        "window_paused",
        window_id=window.id,
        staff_id=session.staff_id,
        window=window_no,
        reason=code.value,
        note=note.strip(),
    )


def resume(tx: Tx, window_no: int) -> None:
    sql = tx.sql
    window = window_by_number(sql, window_no)
    session = open_session(sql, window.id, tx.day)
    if session is None:
        raise errors.WindowNotOpen(window_no)
    pause = open_pause(sql, session.id)
    if pause is None:
        raise errors.SessionError(
            f"{window_no} 号窗口没有暂停", f"window {window_no} is not paused"
        )
    sql.run("UPDATE pauses SET ended_at = ? WHERE id = ?", tx.now, pause.id)
    tx.log(
        "window_resumed",
        window_id=window.id,
        staff_id=session.staff_id,
        window=window_no,
        paused_s=int((tx.now - pause.started_at).total_seconds()),
    )


_ITEM_SEPARATORS = re.compile(r"[\n；;]+")


def missing_materials(note: str, missing: Sequence[str] | None) -> list[str]:
    """The missing materials of a 材料不齐: `missing` if given, else the note's lines (or its
    parts between ；), blanks dropped."""
    items = list(missing) if missing is not None else _ITEM_SEPARATORS.split(note)
    return [item.strip() for item in items if item.strip()]


def finish(
    tx: Tx, window_no: int, outcome: str, note: str, missing: Sequence[str] | None = None
) -> TicketView:
    """办结 with its outcome. 不予受理 needs a reason; 材料不齐 needs the list of every missing
    material, kept as the case's 一次性告知单 (one_time_notices)."""
    try:
        code = Outcome(outcome)
    except ValueError:
        raise errors.BadTicketState(
            f"办理结果无效：{outcome}", f"unknown outcome: {outcome}"
        ) from None
    if code is Outcome.REJECTED and not note.strip():
        raise errors.ReasonRequired("不予受理须说明理由", "a rejection needs a reason")
    items = missing_materials(note, missing) if code is Outcome.INCOMPLETE else []
    if code is Outcome.INCOMPLETE and not items:
        raise errors.MaterialsListRequired()
    window, current = _serving(tx, window_no)
    view = _set(
        tx,
        current,
        "ticket_finished",
        window,
        {"missing": items} if items else None,
        state=TicketState.FINISHED.value,
        finished_at=tx.now,
        started_at=current.started_at or current.called_at,
        outcome=code.value,
        outcome_note=note.strip(),
    )
    if items:
        tx.sql.run(
            "INSERT INTO one_time_notices (ticket_id, window_id, staff_id, at, items, note)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            current.id,
            window.id,
            current.staff_id,
            tx.now,
            tx.sql.json(items),
            note.strip() if missing is not None else "",
        )
    return view


_STATE_ZH = {
    TicketState.WAITING.value: "等候中",
    TicketState.CALLED.value: "已呼叫",
    TicketState.SERVING.value: "办理中",
    TicketState.HELD.value: "挂起",
    TicketState.NO_SHOW.value: "过号",
    TicketState.FINISHED.value: "已办结",
}
