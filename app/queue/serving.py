"""What a window does with the ticket it serves: start, no-show, hold, transfer, finish (a
材料不齐's list of missing materials kept as the case's 一次性告知单); and a no-show visitor
who comes back (reactivate)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from app.models import Outcome, TicketState
from app.queue import errors
from app.queue.counter import today_ticket, window_serving
from app.queue.settings import QueueSettings
from app.queue.store import (
    CurrentRow,
    Tx,
    WindowRow,
    closed_reason,
    service_by_code,
    ticket_view,
    window_by_number,
)
from app.queue.views import TicketView

_WAITING = TicketState.WAITING.value


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
    window, current = window_serving(tx, window_no)
    if current.state == TicketState.SERVING.value:
        return ticket_view(tx.sql, current.id)
    return _set(
        tx, current, "ticket_started", window, state=TicketState.SERVING.value, started_at=tx.now
    )


def no_show(tx: Tx, window_no: int) -> TicketView:
    window, current = window_serving(tx, window_no)
    if current.state != TicketState.CALLED.value:
        raise errors.BadTicketState(
            "已开始办理的号不能作过号处理", "a ticket being served cannot be a no-show"
        )
    return _set(tx, current, "ticket_no_show", window, state=TicketState.NO_SHOW.value)


def reactivate(tx: Tx, number: str) -> TicketView:
    """A no-show visitor came back: the ticket queues again at the back of its service."""
    ticket = today_ticket(tx, number)
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
    window, current = window_serving(tx, window_no)
    return _set(tx, current, "ticket_held", window, state=TicketState.HELD.value)


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
    window, current = window_serving(tx, window_no)
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
    window, current = window_serving(tx, window_no)
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
