"""Recording a visitor's rating from a keypad: append-only, MAC-chained, one per ticket."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from app.models import TicketState
from app.models.chain import RATING_FIELDS, RATINGS, append_sealed
from app.outbox.province import enqueue_rating
from app.queue import errors
from app.queue.case_numbers import case_of
from app.queue.store import Raw, Tx, ticket_view
from app.queue.views import TicketView


@dataclass(frozen=True)
class RatingView:
    id: int
    ticket_id: int
    number: str
    window_no: int | None
    level: int | None  # None: 未评价 (no key pressed in time)
    scale: int


def append_rating(conn: Connection, **fields: Any) -> int:
    """Insert one rating row (or correction), MAC-chained to the previous one; returns its id."""
    fields = {name: fields.get(name) for name in RATING_FIELDS} | {
        name: fields[name] for name in fields if name not in RATING_FIELDS
    }
    for text_field in ("device", "raw_frame", "corrected_by", "reason"):
        fields[text_field] = fields.get(text_field) or ""
    if fields["scale"] is None:
        fields["scale"] = 5  # the column's default; a correction need not repeat it
    return append_sealed(conn, RATINGS, fields)


def check_rateable(conn: Connection | Raw, ticket_id: int, *, window: int | None = None) -> Any:
    """The ticket, if it may be rated now: it is finished, has no rating yet (一次一评), and,
    given a window, was served at that window. Raises a typed refusal otherwise."""
    sql = conn if isinstance(conn, Raw) else Raw(conn)
    row = sql.one("SELECT state, window_id, staff_id FROM tickets WHERE id = ?", ticket_id)
    if row is None:
        raise errors.UnknownTicket(ticket_id)
    view = ticket_view(sql, ticket_id)
    if window is not None and view.window_no != window:
        raise errors.NotServedHere(view.number, window)
    if row[0] != TicketState.FINISHED.value or row[1] is None:
        raise errors.BadTicketState(
            f"{view.number} 尚未办结，不能评价",
            f"{view.number} is not finished; it cannot be rated",
        )
    already = sql.value(
        "SELECT id FROM ratings WHERE ticket_id = ? AND corrects_id IS NULL", ticket_id
    )
    if already is not None:
        raise errors.BadTicketState(
            f"{view.number} 已评价过（一次一评）", f"{view.number} has been rated already"
        )
    return _Rateable(view, row[1], row[2])


@dataclass(frozen=True)
class _Rateable:
    view: TicketView
    window_id: int
    staff_id: int | None


def record(
    tx: Tx,
    ticket_id: int,
    level: int | None,
    *,
    scale: int,
    device: str,
    device_address: int | None,
    keypad_session: int | None,
    raw_frame: str,
    window: int | None = None,
    path: str | None = None,
    session_id: int | None = None,
    reasons: dict[str, Any] | None = None,
) -> RatingView:
    """Store the visitor's rating (None: 未评价) of a finished case; with `window`, only a
    case served at that window."""
    ticket = check_rateable(tx.sql, ticket_id, window=window)
    view = ticket.view
    if level is not None and not 1 <= level <= scale:
        raise errors.BadTicketState(
            f"评价等级 {level} 超出范围 1–{scale}", f"rating level {level} is outside 1..{scale}"
        )
    case_no, item_code = case_of(tx.sql, ticket_id)
    rating_id = append_rating(
        tx.conn,
        ticket_id=ticket_id,
        window_id=ticket.window_id,
        staff_id=ticket.staff_id,
        level=level,
        scale=scale,
        at=tx.now,
        device=device,
        device_address=device_address,
        keypad_session=keypad_session,
        raw_frame=raw_frame,
        path=path,
        session_id=session_id,
        reasons=reasons,
        case_no=case_no,
        item_code=item_code,
    )
    enqueue_rating(tx.conn, rating_id)  # the 好差评 upload, in this transaction
    tx.log(
        "rating_recorded",
        ticket_id=ticket_id,
        window_id=ticket.window_id,
        staff_id=ticket.staff_id,
        number=view.number,
        window=view.window_no,
        level=level,
        scale=scale,
        rating_id=rating_id,
        path=path,
        session=keypad_session,
    )
    return RatingView(rating_id, ticket_id, view.number, view.window_no, level, scale)
