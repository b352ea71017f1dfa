"""差评 follow-ups (回访/整改): opened for every 差评, closed within 15 working days.

Follow-ups are opened by `sync_follow_ups`, not by an engine listener: it finds every ticket
whose rating in force is a 差评 and has no follow-up yet, and opens one dated on the day of
the rating. It is idempotent (a unique ticket id guards it), so the server may call it after
each rating or on a timer, and every report calls it first: no 差评 can be missed even if a
process died between the rating and the follow-up, and the deadline does not depend on when
the sync ran. A correction of a 差评 to a good level leaves the follow-up open: a person
closes it with the 回访 result.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, and_, insert, select, true, update

from app.appraisal.errors import InvalidInput, NotFound
from app.appraisal.expressions import is_bad, latest_rating_id
from app.appraisal.settings import AppraisalSettings
from app.models import FollowUp, FollowUpStatus, Rating, Ticket, ticket_number
from app.models.closings import FOLLOW_UP, append_closing
from app.outbox.province import enqueue_rectification
from app.queue.calendar import add_working_days


@dataclass(frozen=True)
class FollowUpView:
    id: int
    ticket_id: int
    number: str
    window_id: int
    staff_id: int | None
    level: int
    opened_on: dt.date
    deadline: dt.date
    status: FollowUpStatus
    visit_result: str
    rectification: str
    closed_at: dt.datetime | None

    def overdue(self, today: dt.date) -> bool:
        """Open past its deadline, or closed after it."""
        if self.closed_at is not None:
            return self.closed_at.date() > self.deadline
        return today > self.deadline


def sync_follow_ups(
    conn: Connection, settings: AppraisalSettings, days: tuple[dt.date, dt.date] | None = None
) -> int:
    """Open a follow-up for every 差评 that has none; returns how many were opened.

    `days` limits the search to the tickets of those days (first, last), as reports and the
    server's after-rating call do; None looks at every rating (the server's startup).
    """
    recent = (
        Rating.ticket_id.in_(select(Ticket.id).where(Ticket.day.between(*days)))
        if days is not None
        else true()
    )
    missing = conn.execute(
        select(Rating.id, Rating.ticket_id, Rating.window_id, Rating.staff_id, Rating.level)
        .add_columns(Rating.at)
        .where(
            recent,
            Rating.id == latest_rating_id(Rating.ticket_id),
            is_bad(settings, Rating.level, Rating.scale),
            ~select(FollowUp.id).where(FollowUp.ticket_id == Rating.ticket_id).exists(),
        )
        .order_by(Rating.id)
    ).all()
    deadlines: dict[dt.date, dt.date] = {}
    for rating_id, ticket_id, window_id, staff_id, level, at in missing:
        opened = at.date()
        if opened not in deadlines:
            deadlines[opened] = add_working_days(conn, opened, settings.follow_up_working_days)
        conn.execute(
            insert(FollowUp).values(
                ticket_id=ticket_id,
                rating_id=rating_id,
                window_id=window_id,
                staff_id=staff_id,
                level=level,
                opened_on=opened,
                deadline=deadlines[opened],
                status=FollowUpStatus.OPEN.value,
            )
        )
    return len(missing)


def update_follow_up(
    conn: Connection,
    follow_up_id: int,
    *,
    visit_result: str | None = None,
    rectification: str | None = None,
    close: bool = False,
    by: str,
    now: dt.datetime,
) -> FollowUpView:
    """Record the 回访 result and the rectification; closing needs a 回访 result."""
    current = conn.execute(select(FollowUp).where(FollowUp.id == follow_up_id)).first()
    if current is None:
        raise NotFound(f"回访记录 {follow_up_id} 不存在", f"no follow-up {follow_up_id}")
    if current.status == FollowUpStatus.CLOSED.value:
        raise InvalidInput("该回访已办结", "this follow-up is closed already")
    values: dict[str, object] = {"handled_by": by, "updated_at": now}
    if visit_result is not None:
        values["visit_result"] = visit_result.strip()
    if rectification is not None:
        values["rectification"] = rectification.strip()
    if close:
        if not str(values.get("visit_result", current.visit_result)).strip():
            raise InvalidInput("办结前请填写回访结果", "record the 回访 result before closing")
        values |= {"status": FollowUpStatus.CLOSED.value, "closed_at": now}
    conn.execute(update(FollowUp).where(FollowUp.id == follow_up_id).values(**values))
    if close:  # the closed row is sealed into the closings chain; it never changes again
        append_closing(conn, FOLLOW_UP, follow_up_id, by=by, at=now)
        enqueue_rectification(conn, follow_up_id)  # the 整改 result to the 好差评 platform
    return follow_ups(conn, FollowUp.id == follow_up_id)[0]


def follow_ups(conn: Connection, *where: object) -> list[FollowUpView]:
    rows = conn.execute(
        select(FollowUp, Ticket.prefix, Ticket.number.label("ticket_number"))
        .join(Ticket, Ticket.id == FollowUp.ticket_id)
        .where(and_(True, *where))  # type: ignore[arg-type]
        .order_by(FollowUp.deadline, FollowUp.id)
    )
    return [
        FollowUpView(
            id=r.id,
            ticket_id=r.ticket_id,
            number=ticket_number(r.prefix, r.ticket_number),
            window_id=r.window_id,
            staff_id=r.staff_id,
            level=r.level,
            opened_on=r.opened_on,
            deadline=r.deadline,
            status=FollowUpStatus(r.status),
            visit_result=r.visit_result,
            rectification=r.rectification,
            closed_at=r.closed_at,
        )
        for r in rows
    ]


def overdue_follow_ups(conn: Connection, today: dt.date) -> list[FollowUpView]:
    """Open follow-ups whose deadline has passed (flagged in red in the admin and reports)."""
    return follow_ups(conn, FollowUp.status == FollowUpStatus.OPEN.value, FollowUp.deadline < today)
