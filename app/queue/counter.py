"""Commands from a clerk's window: sign-in, call, recall, no-show, hold, transfer, pause, finish."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert, select, update

from app.models import (
    IN_SERVICE,
    Outcome,
    Pause,
    PauseReason,
    Staff,
    StaffSession,
    Ticket,
    TicketState,
)
from app.queue import errors
from app.queue.settings import QueueSettings
from app.queue.store import (
    AnyRow,
    Tx,
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

_IN_SERVICE_VALUES = [s.value for s in IN_SERVICE]


def _ready_window(tx: Tx, number: int) -> tuple[AnyRow, AnyRow]:
    """The window and its clerk's session, if it may call: signed in, not paused, free."""
    window = window_by_number(tx.conn, number)
    session = open_session(tx.conn, window.id, tx.day)
    if session is None:
        raise errors.WindowNotOpen(number)
    if open_pause(tx.conn, session.id) is not None:
        raise errors.WindowPaused(number)
    current = ticket_in_service(tx.conn, window.id)
    if current is not None:
        raise errors.WindowBusy(number, display_number(current.prefix, current.number))
    return window, session


def _serving(tx: Tx, number: int) -> tuple[AnyRow, AnyRow]:
    """The window and the ticket it is serving now."""
    window = window_by_number(tx.conn, number)
    current = ticket_in_service(tx.conn, window.id)
    if current is None:
        raise errors.NoTicketInService(number)
    return window, current


def _claim(tx: Tx, ticket_id: int, from_states: list[str], window: AnyRow, staff_id: int) -> None:
    """Give a ticket to a window; another writer claiming it first is a Conflict (retried)."""
    result = tx.conn.execute(
        update(Ticket)
        .where(Ticket.id == ticket_id, Ticket.state.in_(from_states))
        .values(
            state=TicketState.CALLED.value,
            window_id=window.id,
            staff_id=staff_id,
            target_window_id=None,
            called_at=tx.now,
            started_at=None,
            recalls=0,
        )
    )
    if result.rowcount != 1:
        raise errors.Conflict(f"ticket {ticket_id} was claimed by another window")


def _next_ticket_id(tx: Tx, window_id: int) -> int | None:
    """Priority tickets first; then tickets sent to this window; then by service rank; FIFO."""
    services = window_service_ids(tx.conn, window_id)
    waiting = (Ticket.day == tx.day) & (Ticket.state == TicketState.WAITING.value)
    for priority in (True, False):
        candidates = [
            waiting & (Ticket.priority == priority) & (Ticket.target_window_id == window_id)
        ]
        candidates += [
            waiting
            & (Ticket.service_id == service_id)
            & (Ticket.priority == priority)
            & Ticket.target_window_id.is_(None)
            for service_id in services
        ]
        for condition in candidates:
            found = tx.conn.scalar(
                select(Ticket.id).where(condition).order_by(Ticket.queue_at, Ticket.id).limit(1)
            )
            if found is not None:
                return int(found)
    return None


def sign_in(tx: Tx, window_no: int, staff_no: str) -> None:
    window = window_by_number(tx.conn, window_no)
    staff = tx.conn.execute(
        select(Staff.id, Staff.name, Staff.active).where(Staff.staff_no == staff_no)
    ).first()
    if staff is None or not staff.active:
        raise errors.UnknownStaff(staff_no)
    taken = open_session(tx.conn, window.id, tx.day)
    if taken is not None:
        if taken.staff_id == staff.id:
            return  # signing in twice is harmless
        raise errors.SessionError(
            f"{window_no} 号窗口已由 {taken.name}（{taken.staff_no}）签到，请其先签退",
            f"window {window_no} is signed in by {taken.staff_no}; they must sign out first",
        )
    elsewhere = tx.conn.execute(
        select(StaffSession.window_id).where(
            StaffSession.staff_id == staff.id,
            StaffSession.day == tx.day,
            StaffSession.signed_out_at.is_(None),
        )
    ).first()
    if elsewhere is not None:
        raise errors.SessionError(
            f"{staff.name} 已在其他窗口签到，请先在原窗口签退",
            f"{staff_no} is signed in at another window; sign out there first",
        )
    tx.conn.execute(
        insert(StaffSession).values(
            staff_id=staff.id, window_id=window.id, day=tx.day, signed_in_at=tx.now
        )
    )
    tx.log(
        "window_signed_in",
        window_id=window.id,
        staff_id=staff.id,
        window=window_no,
        staff_no=staff_no,
        staff_name=staff.name,
    )


def sign_out(tx: Tx, window_no: int) -> None:
    window = window_by_number(tx.conn, window_no)
    session = open_session(tx.conn, window.id, tx.day)
    if session is None:
        raise errors.WindowNotOpen(window_no)
    current = ticket_in_service(tx.conn, window.id)
    if current is not None:
        raise errors.WindowBusy(window_no, display_number(current.prefix, current.number))
    pause = open_pause(tx.conn, session.id)
    if pause is not None:
        tx.conn.execute(update(Pause).where(Pause.id == pause.id).values(ended_at=tx.now))
    tx.conn.execute(
        update(StaffSession).where(StaffSession.id == session.id).values(signed_out_at=tx.now)
    )
    tx.log("window_signed_out", window_id=window.id, staff_id=session.staff_id, window=window_no)


def call_next(tx: Tx, window_no: int) -> TicketView:
    window, session = _ready_window(tx, window_no)
    ticket_id = _next_ticket_id(tx, window.id)
    if ticket_id is None:
        raise errors.NoneWaiting(window_no)
    _claim(tx, ticket_id, [TicketState.WAITING.value], window, session.staff_id)
    return _called(tx, "ticket_called", ticket_id, window, session.staff_id)


def _called(tx: Tx, kind: str, ticket_id: int, window: AnyRow, staff_id: int) -> TicketView:
    view = ticket_view(tx.conn, ticket_id)
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


def _today_ticket(tx: Tx, number: str) -> AnyRow:
    prefix, value = parse_number(number)
    row = tx.conn.execute(
        select(Ticket.id, Ticket.state, Ticket.window_id).where(
            Ticket.day == tx.day, Ticket.prefix == prefix, Ticket.number == value
        )
    ).first()
    if row is None:
        raise errors.UnknownTicket(number)
    return row


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
    view = ticket_view(tx.conn, current.id)
    if current.state != TicketState.CALLED.value:
        raise errors.BadTicketState(
            f"{view.number} 已在办理中，无需重呼", f"{view.number} is already being served"
        )
    if current.recalls >= settings.recall_cap:
        raise errors.RecallLimit(view.number, settings.recall_cap)
    tx.conn.execute(
        update(Ticket).where(Ticket.id == current.id).values(recalls=Ticket.recalls + 1)
    )
    staff_id = _staff_of(tx, current.id)
    return _called(tx, "ticket_recalled", current.id, window, staff_id)


def _staff_of(tx: Tx, ticket_id: int) -> int:
    return int(tx.conn.scalar(select(Ticket.staff_id).where(Ticket.id == ticket_id)) or 0)


def _set(tx: Tx, ticket_id: int, kind: str, window: AnyRow, **values: Any) -> TicketView:
    tx.conn.execute(update(Ticket).where(Ticket.id == ticket_id).values(**values))
    view = ticket_view(tx.conn, ticket_id)
    tx.log(
        kind,
        ticket_id=ticket_id,
        window_id=window.id,
        staff_id=_staff_of(tx, ticket_id),
        number=view.number,
        service=view.service_code,
        window=window.number,
        state=view.state.value,
    )
    return view


def start(tx: Tx, window_no: int) -> TicketView:
    """The visitor has arrived at the window: handling time starts."""
    window, current = _serving(tx, window_no)
    if current.state == TicketState.SERVING.value:
        return ticket_view(tx.conn, current.id)
    return _set(
        tx, current.id, "ticket_started", window, state=TicketState.SERVING.value, started_at=tx.now
    )


def no_show(tx: Tx, window_no: int) -> TicketView:
    window, current = _serving(tx, window_no)
    if current.state != TicketState.CALLED.value:
        raise errors.BadTicketState(
            "已开始办理的号不能作过号处理", "a ticket being served cannot be a no-show"
        )
    return _set(tx, current.id, "ticket_no_show", window, state=TicketState.NO_SHOW.value)


def reactivate(tx: Tx, number: str) -> TicketView:
    """A no-show visitor came back: the ticket queues again at the back of its service."""
    ticket = _today_ticket(tx, number)
    if ticket.state != TicketState.NO_SHOW.value:
        raise errors.BadTicketState(f"{number} 不是过号状态", f"{number} is not a no-show")
    tx.conn.execute(
        update(Ticket)
        .where(Ticket.id == ticket.id)
        .values(state=TicketState.WAITING.value, queue_at=tx.now, window_id=None, staff_id=None)
    )
    view = ticket_view(tx.conn, ticket.id)
    tx.log("ticket_reactivated", ticket_id=ticket.id, number=view.number, service=view.service_code)
    return view


def hold(tx: Tx, window_no: int) -> TicketView:
    """Park the current ticket at this window (挂起), e.g. while the visitor fetches a paper."""
    window, current = _serving(tx, window_no)
    return _set(tx, current.id, "ticket_held", window, state=TicketState.HELD.value)


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
    values: dict[str, Any] = {
        "state": TicketState.WAITING.value,
        "window_id": None,
        "staff_id": None,
        "called_at": None,
        "started_at": None,
        "recalls": 0,
    }
    if to_service is not None:
        service = service_by_code(tx.conn, to_service)
        reason = closed_reason(
            tx.conn,
            service,
            tx.now,
            hours=settings.enforce_hours,
            calendar=settings.enforce_calendar,
        )
        if reason:
            raise errors.ServiceClosed(
                f"{service.name}：{reason[0]}", f"{service.code}: {reason[1]}"
            )
        values |= {"service_id": service.id, "target_window_id": None}
        target = {"to_service": service.code}
    else:
        assert to_window is not None
        if to_window == window_no:
            raise errors.BadTicketState("不能转给本窗口", "cannot transfer to the same window")
        target_window = window_by_number(tx.conn, to_window)
        values |= {"target_window_id": target_window.id}
        target = {"to_window": to_window}
    staff_id = _staff_of(tx, current.id)
    tx.conn.execute(update(Ticket).where(Ticket.id == current.id).values(**values))
    view = ticket_view(tx.conn, current.id)
    tx.log(
        "ticket_transferred",
        ticket_id=current.id,
        window_id=window.id,
        staff_id=staff_id,
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
    window = window_by_number(tx.conn, window_no)
    session = open_session(tx.conn, window.id, tx.day)
    if session is None:
        raise errors.WindowNotOpen(window_no)
    if open_pause(tx.conn, session.id) is not None:
        raise errors.WindowPaused(window_no)
    current = ticket_in_service(tx.conn, window.id)
    if current is not None:
        raise errors.WindowBusy(window_no, display_number(current.prefix, current.number))
    tx.conn.execute(
        insert(Pause).values(
            session_id=session.id,
            window_id=window.id,
            reason=code.value,
            note=note.strip(),
            started_at=tx.now,
        )
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
    window = window_by_number(tx.conn, window_no)
    session = open_session(tx.conn, window.id, tx.day)
    if session is None:
        raise errors.WindowNotOpen(window_no)
    pause = open_pause(tx.conn, session.id)
    if pause is None:
        raise errors.SessionError(
            f"{window_no} 号窗口没有暂停", f"window {window_no} is not paused"
        )
    tx.conn.execute(update(Pause).where(Pause.id == pause.id).values(ended_at=tx.now))
    tx.log(
        "window_resumed",
        window_id=window.id,
        staff_id=session.staff_id,
        window=window_no,
        paused_s=int((tx.now - pause.started_at).total_seconds()),
    )


def finish(tx: Tx, window_no: int, outcome: str, note: str) -> TicketView:
    try:
        code = Outcome(outcome)
    except ValueError:
        raise errors.BadTicketState(
            f"办理结果无效：{outcome}", f"unknown outcome: {outcome}"
        ) from None
    if code is Outcome.REJECTED and not note.strip():
        raise errors.ReasonRequired("不予受理须说明理由", "a rejection needs a reason")
    window, current = _serving(tx, window_no)
    started = tx.conn.scalar(select(Ticket.started_at).where(Ticket.id == current.id))
    called = tx.conn.scalar(select(Ticket.called_at).where(Ticket.id == current.id))
    return _set(
        tx,
        current.id,
        "ticket_finished",
        window,
        state=TicketState.FINISHED.value,
        finished_at=tx.now,
        started_at=started or called,
        outcome=code.value,
        outcome_note=note.strip(),
    )


_STATE_ZH = {
    TicketState.WAITING.value: "等候中",
    TicketState.CALLED.value: "已呼叫",
    TicketState.SERVING.value: "办理中",
    TicketState.HELD.value: "挂起",
    TicketState.NO_SHOW.value: "过号",
    TicketState.FINISHED.value: "已办结",
}
