"""What the hall reports to the province's 好差评 platform, queued in the outbox in the same
transaction that records it: every rating (with its 差评 reasons), every correction of one,
and every 差评 整改 result (a follow-up closed).

The queued message is the hall's own record of the event, neutral of any province's format
(an adapter turns it into the platform's request when it is sent: adapters.py). Its ``id`` is
stable and unique across halls ("<hall id>-R<rating id>", "<hall id>-F<follow-up id>"):
the platform recognises a message delivered twice as the same one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, insert, select
from sqlalchemy.orm import aliased

from app.models import FollowUp, Rating, Service, Staff, Ticket, Window, ticket_number
from app.models.hall_id import read_hall_id
from app.models.outbox import PROVINCE, OutboxChannel, OutboxItem

RATING, CORRECTION, RECTIFICATION = "rating", "correction", "rectification"


def channel_enabled(conn: Connection, channel: str) -> bool:
    return bool(conn.scalar(select(OutboxChannel.enabled).where(OutboxChannel.name == channel)))


def enqueue(conn: Connection, channel: str, kind: str, ref: str, payload: Any) -> int:
    """Queue one item in the caller's transaction; returns its outbox id."""
    key = conn.execute(
        insert(OutboxItem).values(
            channel=channel,
            kind=kind,
            ref=ref,
            payload=payload,
            created_at=dt.datetime.now(),
            state="pending",
            attempts=0,
            last_error="",
        )
    ).inserted_primary_key
    assert key is not None
    return int(key[0])


def message_id(hall: str, letter: str, row_id: int) -> str:
    return f"{hall}-{letter}{row_id}"


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


_Original = aliased(Rating)


def rating_message(conn: Connection, rating_id: int) -> dict[str, Any]:
    """The hall's record of a rating or a correction, as queued for the platform."""
    hall = read_hall_id(conn) or ""
    original_path = (
        select(_Original.path)
        .where(_Original.ticket_id == Rating.ticket_id, _Original.corrects_id.is_(None))
        .scalar_subquery()
    )
    row = conn.execute(
        select(
            *Rating.__table__.c,
            Ticket.prefix,
            Ticket.number,
            Ticket.day,
            Service.code.label("service_code"),
            Service.name.label("service_name"),
            Window.number.label("window_no"),
            Staff.staff_no,
            Staff.name.label("staff_name"),
            original_path.label("original_path"),
        )
        .join(Ticket, Ticket.id == Rating.ticket_id)
        .join(Service, Service.id == Ticket.service_id)
        .join(Window, Window.id == Rating.window_id)
        .outerjoin(Staff, Staff.id == Rating.staff_id)
        .where(Rating.id == rating_id)
    ).one()
    rating = row
    message: dict[str, Any] = {
        "kind": CORRECTION if rating.corrects_id is not None else RATING,
        "id": message_id(hall, "R", rating.id),
        "hall_id": hall,
        "rating_id": rating.id,
        "case_no": rating.case_no,
        "item_code": rating.item_code,
        "service": {"code": row.service_code, "name": row.service_name},
        "ticket": ticket_number(row.prefix, row.number),
        "day": _iso(row.day),
        "window": row.window_no,
        "staff_no": row.staff_no,
        "staff_name": row.staff_name,
        "level": rating.level,
        "scale": rating.scale,
        "reasons": rating.reasons,
        "path": rating.path if rating.corrects_id is None else row.original_path,
        "at": _iso(rating.at),
    }
    if rating.corrects_id is not None:
        message |= {
            "corrects": message_id(hall, "R", rating.corrects_id),
            "corrected_by": rating.corrected_by,
            "reason": rating.reason,
        }
    return message


def enqueue_rating(conn: Connection, rating_id: int) -> int | None:
    """Queue a rating or a correction just appended (in its transaction), when the hall
    uploads to the province; returns the outbox id (None: no uploads)."""
    if not channel_enabled(conn, PROVINCE):
        return None
    message = rating_message(conn, rating_id)
    return enqueue(conn, PROVINCE, message["kind"], message["id"], message)


def rectification_message(conn: Connection, follow_up_id: int) -> dict[str, Any]:
    """The hall's record of a 差评 follow-up closed: the 回访 result and the 整改 done."""
    hall = read_hall_id(conn) or ""
    row = conn.execute(
        select(
            *FollowUp.__table__.c,
            Rating.case_no,
            Rating.item_code,
            Ticket.prefix,
            Ticket.number,
            Ticket.day,
            Window.number.label("window_no"),
            Staff.staff_no,
        )
        .join(Rating, Rating.id == FollowUp.rating_id)
        .join(Ticket, Ticket.id == FollowUp.ticket_id)
        .join(Window, Window.id == FollowUp.window_id)
        .outerjoin(Staff, Staff.id == FollowUp.staff_id)
        .where(FollowUp.id == follow_up_id)
    ).one()
    follow = row
    closed = follow.closed_at
    return {
        "kind": RECTIFICATION,
        "id": message_id(hall, "F", follow.id),
        "hall_id": hall,
        "follow_up_id": follow.id,
        "rating": message_id(hall, "R", follow.rating_id),
        "case_no": row.case_no,
        "item_code": row.item_code,
        "ticket": ticket_number(row.prefix, row.number),
        "day": _iso(row.day),
        "window": row.window_no,
        "staff_no": row.staff_no,
        "level": follow.level,
        "opened_on": _iso(follow.opened_on),
        "deadline": _iso(follow.deadline),
        "visit_result": follow.visit_result,
        "rectification": follow.rectification,
        "handled_by": follow.handled_by,
        "closed_at": _iso(closed),
        "overdue": closed is not None and closed.date() > follow.deadline,
    }


def enqueue_rectification(conn: Connection, follow_up_id: int) -> int | None:
    """Queue a follow-up's 整改 result as it closes (in its transaction)."""
    if not channel_enabled(conn, PROVINCE):
        return None
    message = rectification_message(conn, follow_up_id)
    return enqueue(conn, PROVINCE, RECTIFICATION, message["id"], message)
