"""Rating corrections (a new row naming the old one, with who and why) and distributions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import aliased

from app.appraisal.errors import InvalidInput, NotAllowed, NotFound
from app.appraisal.settings import AppraisalSettings
from app.models import Rating, Staff, StaffRole, Ticket, Window
from app.outbox.province import enqueue_rating
from app.queue.ratings import append_rating
from app.queue.store import Tx
from app.queue.views import display_number

CORRECTORS = (StaffRole.SUPERVISOR.value,)  # not the IT administrator: 考评 is the supervisor's


def correct_rating(
    conn: Connection,
    rating_id: int,
    level: int | None,
    *,
    by_staff_no: str,
    reason: str,
    now: dt.datetime,
    settings: AppraisalSettings,
) -> int:
    """Append a correction of the ticket's current rating; returns the new row's id.

    Only a supervisor may correct, only the rating now in force, and
    only with a reason. Nothing is updated or deleted: the old row stays in the chain.
    """
    old = conn.execute(select(Rating).where(Rating.id == rating_id)).first()
    if old is None:
        raise NotFound(f"评价记录 {rating_id} 不存在", f"no rating {rating_id}")
    role = conn.scalar(
        select(Staff.role).where(Staff.staff_no == by_staff_no, Staff.active.is_(True))
    )
    if role not in CORRECTORS:
        raise NotAllowed("只有督查主管可以更正评价", "only a supervisor may correct a rating")
    if not reason.strip():
        raise InvalidInput("请填写更正原因", "say why the rating is corrected")
    current = conn.scalar(select(func.max(Rating.id)).where(Rating.ticket_id == old.ticket_id))
    if current != rating_id:
        raise InvalidInput(
            f"该评价已被第 {current} 条更正，请更正最新一条",
            f"rating {rating_id} was superseded by {current}; correct the newest one",
        )
    scale = settings.scale(old.scale)
    if level is not None and not 1 <= level <= scale.size:
        raise InvalidInput(
            f"评价等级 {level} 超出范围 1–{scale.size}", f"level {level} is outside 1..{scale.size}"
        )
    new_id = append_rating(
        conn,
        ticket_id=old.ticket_id,
        window_id=old.window_id,
        staff_id=old.staff_id,
        level=level,
        scale=old.scale,
        at=now,
        device="correction",
        corrects_id=rating_id,
        corrected_by=by_staff_no,
        reason=reason.strip(),
        case_no=old.case_no,
        item_code=old.item_code,
    )
    enqueue_rating(conn, new_id)  # the correction goes to the 好差评 platform too
    Tx(conn, now, []).log(
        "rating_corrected",
        ticket_id=old.ticket_id,
        window_id=old.window_id,
        staff_id=old.staff_id,
        rating_id=new_id,
        corrects_id=rating_id,
        level=level,
        previous_level=old.level,
        by=by_staff_no,
        reason=reason.strip(),
    )
    return new_id


@dataclass(frozen=True)
class Distribution:
    """Finished tickets by effective rating: per (scale, level), 未评价, and never rated."""

    levels: dict[tuple[int, int], int]
    not_rated: int  # 未评价 stored (no key within the timeout)
    no_rating: int  # finished but no rating row at all (keypad missing or offline)


@dataclass(frozen=True)
class CorrectionView:
    """One rating correction, for the month report: which case, from what to what, who, why."""

    id: int
    number: str  # the ticket
    day: dt.date  # the ticket's day
    window_no: int | None
    clerk: str
    scale: int
    before: int | None  # the level it replaced (None: 未评价)
    after: int | None
    by: str  # the corrector's staff number
    reason: str
    at: dt.datetime


def rating_corrections(conn: Connection, start: dt.date, end: dt.date) -> list[CorrectionView]:
    """Corrections of the ratings of the tickets of days start..end, in the order made."""
    old = aliased(Rating)
    rows = conn.execute(
        select(
            Rating.id,
            Ticket.prefix,
            Ticket.number,
            Ticket.day,
            Window.number.label("window_no"),
            Staff.name,
            Rating.scale,
            old.level.label("before"),
            Rating.level,
            Rating.corrected_by,
            Rating.reason,
            Rating.at,
        )
        .join(old, old.id == Rating.corrects_id)
        .join(Ticket, Ticket.id == Rating.ticket_id)
        .outerjoin(Window, Window.id == Rating.window_id)
        .outerjoin(Staff, Staff.id == Rating.staff_id)
        .where(Ticket.day.between(start, end))
        .order_by(Rating.id)
    )
    return [
        CorrectionView(
            id=r.id,
            number=display_number(r.prefix, r.number),
            day=r.day,
            window_no=r.window_no,
            clerk=r.name or "",
            scale=r.scale,
            before=r.before,
            after=r.level,
            by=r.corrected_by,
            reason=r.reason,
            at=r.at,
        )
        for r in rows
    ]
