"""一次性告知: the notices of missing materials the counter wrote (printable as the
一次性告知单), and the failures to give one, counted per clerk and month (two bring 通报批评).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select

from app.appraisal.errors import InvalidInput, NotFound
from app.appraisal.lookup import staff_id_of, window_id_of
from app.models import NoticeFailure, OneTimeNotice, Service, Staff, Ticket, Window
from app.queue.views import display_number as ticket_number


@dataclass(frozen=True)
class NoticeView:
    id: int
    ticket_id: int
    number: str  # A012
    day: dt.date
    service: str
    window_no: int
    staff: str
    at: dt.datetime
    items: list[str]
    note: str


@dataclass(frozen=True)
class NoticeFailureView:
    id: int
    staff_id: int
    staff: str
    window_id: int | None
    day: dt.date
    note: str
    evidence: str
    recorded_by: str


def _notice_query():  # type: ignore[no-untyped-def]
    return (
        select(OneTimeNotice, Ticket.prefix, Ticket.number, Ticket.day, Service.name)
        .add_columns(Window.number.label("window_no"), Staff.name.label("staff_name"))
        .join(Ticket, Ticket.id == OneTimeNotice.ticket_id)
        .join(Service, Service.id == Ticket.service_id)
        .join(Window, Window.id == OneTimeNotice.window_id)
        .outerjoin(Staff, Staff.id == OneTimeNotice.staff_id)
    )


def _view(r) -> NoticeView:  # type: ignore[no-untyped-def]
    return NoticeView(
        id=r.id,
        ticket_id=r.ticket_id,
        number=ticket_number(r.prefix, r.number),
        day=r.day,
        service=r.name,
        window_no=r.window_no,
        staff=r.staff_name or "",
        at=r.at,
        items=[str(item) for item in r.items],
        note=r.note,
    )


def one_time_notice(conn: Connection, day: dt.date, number: str) -> NoticeView:
    """The notice of ticket `number` (A012) of `day`."""
    prefix, digits = number[:1].upper(), number[1:]
    if not digits.isdigit():
        raise InvalidInput(f"号码格式无效：{number}", f"not a ticket number: {number}")
    row = conn.execute(
        _notice_query().where(
            Ticket.day == day, Ticket.prefix == prefix, Ticket.number == int(digits)
        )
    ).first()
    if row is None:
        raise NotFound(
            f"{day} 的 {number} 号没有一次性告知单", f"no one-time notice for {number} on {day}"
        )
    return _view(row)


def notices(conn: Connection, start: dt.date, end: dt.date) -> list[NoticeView]:
    """The notices written on the days start..end, in order."""
    low = dt.datetime.combine(start, dt.time())
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
    query = _notice_query().where(OneTimeNotice.at >= low, OneTimeNotice.at < high)
    return [_view(r) for r in conn.execute(query.order_by(OneTimeNotice.at))]


def record_notice_failure(
    conn: Connection,
    *,
    staff_no: str,
    day: dt.date,
    note: str,
    evidence: str = "",
    window_no: int | None = None,
    recorded_by: str,
    now: dt.datetime,
) -> int:
    """A failure of 一次性告知 by a clerk (e.g. a visitor sent back twice for materials)."""
    if not note.strip():
        raise InvalidInput("请填写未落实一次性告知的情况", "say what the failure was")
    key = conn.execute(
        insert(NoticeFailure).values(
            staff_id=staff_id_of(conn, staff_no),
            window_id=window_id_of(conn, window_no) if window_no is not None else None,
            day=day,
            note=note.strip(),
            evidence=evidence.strip(),
            recorded_by=recorded_by,
            recorded_at=now,
        )
    ).inserted_primary_key
    assert key is not None
    return int(key[0])


def notice_failures(conn: Connection, start: dt.date, end: dt.date) -> list[NoticeFailureView]:
    rows = conn.execute(
        select(NoticeFailure, Staff.name, Staff.staff_no)
        .join(Staff, Staff.id == NoticeFailure.staff_id)
        .where(NoticeFailure.day.between(start, end))
        .order_by(NoticeFailure.day, NoticeFailure.id)
    )
    return [
        NoticeFailureView(
            r.id,
            r.staff_id,
            f"{r.name}（{r.staff_no}）",
            r.window_id,
            r.day,
            r.note,
            r.evidence,
            r.recorded_by,
        )
        for r in rows
    ]


def criticised_for_notices(
    failures: list[NoticeFailureView], threshold: int
) -> dict[tuple[int, dt.date], list[NoticeFailureView]]:
    """(clerk, first of month) → that month's failures, for each clerk with `threshold` or
    more in a month (通报批评)."""
    per: dict[tuple[int, dt.date], list[NoticeFailureView]] = {}
    for f in failures:
        per.setdefault((f.staff_id, f.day.replace(day=1)), []).append(f)
    return {key: found for key, found in per.items() if len(found) >= threshold}
