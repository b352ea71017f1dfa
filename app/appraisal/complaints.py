"""The complaints register (咨询/建议/投诉): due times by kind, 有效投诉, retention."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, delete, insert, select, update

from app.appraisal.errors import (
    InvalidInput,
    NotAComplaint,
    NotAllowed,
    NotFound,
    PromisedDateRequired,
)
from app.appraisal.inspections import InspectionView as InspectionView
from app.appraisal.inspections import inspections as inspections
from app.appraisal.inspections import record_inspection as record_inspection
from app.appraisal.settings import AppraisalSettings
from app.models import Complaint, ComplaintKind, ComplaintStatus, Staff, Window
from app.models.closings import COMPLAINT, append_closing
from app.queue.calendar import add_working_days


@dataclass(frozen=True)
class ComplaintView:
    id: int
    received_at: dt.datetime
    kind: ComplaintKind
    source: str
    complainant: str
    contact: str
    content: str
    window_no: int | None
    staff: str  # name (number)
    special: bool
    deadline: dt.date
    due_at: dt.datetime
    status: ComplaintStatus
    routed_to: str
    result: str
    feedback: str
    substantiated: bool | None
    closed_at: dt.datetime | None
    important: bool = False
    overdue_promise: bool = False

    @property
    def kind_zh(self) -> str:
        return KIND_ZH[self.kind]

    def overdue_at(self, now: dt.datetime) -> bool:
        """Still open after it was due, or answered after it."""
        if self.closed_at is not None:
            return self.closed_at > self.due_at
        return now > self.due_at

    def overdue(self, today: dt.date) -> bool:
        """As judged when `today` begins."""
        return self.overdue_at(dt.datetime.combine(today, dt.time()))


KIND_ZH = {
    ComplaintKind.CONSULT: "咨询",
    ComplaintKind.SUGGESTION: "建议",
    ComplaintKind.COMPLAINT: "投诉",
}


def register_complaint(
    conn: Connection,
    *,
    kind: str,
    received_at: dt.datetime,
    content: str,
    settings: AppraisalSettings,
    source: str = "",
    complainant: str = "",
    contact: str = "",
    window_id: int | None = None,
    staff_id: int | None = None,
    special: bool = False,
    promised_on: dt.date | None = None,
    important: bool = False,
    overdue_promise: bool = False,
    recorded_by: str = "",
) -> int:
    """Register an entry. It is due: a 咨询 24 hours after receipt; a 建议 on the reply date
    promised (`promised_on`, required); a 投诉 3 working days after receipt (7 when special).
    `important` keeps it beyond the year; `overdue_promise` marks a 投诉 about a promised time
    missed (违诺超时)."""
    try:
        code = ComplaintKind(kind)
    except ValueError:
        raise InvalidInput(f"类别无效：{kind}", f"unknown kind: {kind}") from None
    if not content.strip():
        raise InvalidInput("请填写内容", "the content is empty")
    if code is not ComplaintKind.COMPLAINT and (special or overdue_promise):
        raise InvalidInput(
            "特殊情形与违诺超时仅适用于投诉", "only a complaint can be special or about a delay"
        )
    deadline, due_at = _due(conn, code, received_at, special, promised_on, settings)
    key = conn.execute(
        insert(Complaint).values(
            received_at=received_at,
            kind=code.value,
            source=source.strip(),
            complainant=complainant.strip(),
            contact=contact.strip(),
            content=content.strip(),
            window_id=window_id,
            staff_id=staff_id,
            special=special,
            deadline=deadline,
            due_at=due_at,
            important=important,
            overdue_promise=overdue_promise,
            status=ComplaintStatus.OPEN.value,
            recorded_by=recorded_by,
        )
    ).inserted_primary_key
    assert key is not None
    return int(key[0])


def end_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.max)


def _due(
    conn: Connection,
    kind: ComplaintKind,
    received_at: dt.datetime,
    special: bool,
    promised_on: dt.date | None,
    settings: AppraisalSettings,
) -> tuple[dt.date, dt.datetime]:
    """(deadline day, the moment it is due) of a new entry of this kind."""
    if kind is ComplaintKind.CONSULT:
        due = received_at + dt.timedelta(hours=settings.consult_hours)
        return due.date(), due
    if kind is ComplaintKind.SUGGESTION:
        if promised_on is None:
            raise PromisedDateRequired()
        if promised_on < received_at.date():
            raise InvalidInput("承诺答复日期不能早于登记日期", "the promised date is in the past")
        return promised_on, end_of(promised_on)
    days = settings.complaint_special_working_days if special else settings.complaint_working_days
    deadline = add_working_days(conn, received_at.date(), days)
    return deadline, end_of(deadline)


def set_important(conn: Connection, complaint_id: int, important: bool) -> None:
    """Mark an entry important (kept beyond the year: never deleted while marked) or not;
    the command layer audits who changed it."""
    found = conn.execute(
        update(Complaint).where(Complaint.id == complaint_id).values(important=important)
    ).rowcount
    if not found:
        raise NotFound(f"登记 {complaint_id} 不存在", f"no complaint {complaint_id}")


def _open(conn: Connection, complaint_id: int) -> ComplaintKind:
    """The kind of an entry that is still open."""
    row = conn.execute(
        select(Complaint.status, Complaint.kind).where(Complaint.id == complaint_id)
    ).first()
    if row is None:
        raise NotFound(f"登记 {complaint_id} 不存在", f"no complaint {complaint_id}")
    if row.status == ComplaintStatus.CLOSED.value:
        raise InvalidInput("该件已办结", "this complaint is closed already")
    return ComplaintKind(row.kind)


def route_complaint(conn: Connection, complaint_id: int, to: str, now: dt.datetime) -> None:
    """Hand the case to the responsible window, person or department (转办)."""
    _open(conn, complaint_id)
    if not to.strip():
        raise InvalidInput("请填写转办对象", "say to whom it is routed")
    conn.execute(
        update(Complaint)
        .where(Complaint.id == complaint_id)
        .values(routed_to=to.strip(), routed_at=now, status=ComplaintStatus.ROUTED.value)
    )


def close_complaint(
    conn: Connection,
    complaint_id: int,
    *,
    result: str,
    feedback: str,
    substantiated: bool,
    now: dt.datetime,
    by: str = "",
) -> None:
    """Record the result, the feedback given to the complainant and whether it was 有效投诉
    (only a 投诉 can be); the closed entry is sealed into the closings chain (`by`: who
    closed it)."""
    kind = _open(conn, complaint_id)
    if substantiated and kind is not ComplaintKind.COMPLAINT:
        raise NotAComplaint(KIND_ZH[kind])
    if not result.strip() or not feedback.strip():
        raise InvalidInput("请填写处理结果和反馈情况", "record the result and the feedback")
    conn.execute(
        update(Complaint)
        .where(Complaint.id == complaint_id)
        .values(
            result=result.strip(),
            feedback=feedback.strip(),
            substantiated=substantiated,
            status=ComplaintStatus.CLOSED.value,
            closed_at=now,
        )
    )
    append_closing(conn, COMPLAINT, complaint_id, by=by, at=now)


def retention_cutoff(today: dt.date) -> dt.datetime:
    """Entries received before this moment are over a year old (29 Feb counts as 28 Feb)."""
    try:
        day = today.replace(year=today.year - 1)
    except ValueError:
        day = today.replace(year=today.year - 1, day=28)
    return dt.datetime.combine(day, dt.time())


def delete_complaint(conn: Connection, complaint_id: int, today: dt.date) -> None:
    """The only way to delete an entry: closed, received more than a year ago, and not
    marked important (important entries are kept longer: as long as they are marked)."""
    row = conn.execute(
        select(Complaint.received_at, Complaint.status, Complaint.important).where(
            Complaint.id == complaint_id
        )
    ).first()
    if row is None:
        raise NotFound(f"登记 {complaint_id} 不存在", f"no complaint {complaint_id}")
    if row.important:
        raise NotAllowed(
            "重要投诉登记长期保存，取消“重要”标记前不能删除",
            "an important entry is kept; clear its mark before deleting it",
        )
    if row.received_at >= retention_cutoff(today) or row.status != ComplaintStatus.CLOSED.value:
        raise NotAllowed(
            "投诉登记须办结并保存一年以上方可删除",
            "an entry may be deleted only when closed and over a year old",
        )
    conn.execute(delete(Complaint).where(Complaint.id == complaint_id))


def overdue_complaints(conn: Connection, today: dt.date) -> list[int]:
    """Ids of entries still open after they were due (a date: as judged when it begins)."""
    now = today if isinstance(today, dt.datetime) else dt.datetime.combine(today, dt.time())
    return list(
        conn.scalars(
            select(Complaint.id)
            .where(Complaint.status != ComplaintStatus.CLOSED.value, Complaint.due_at < now)
            .order_by(Complaint.due_at)
        )
    )


def complaints(
    conn: Connection, start: dt.date, end: dt.date, *, open_only: bool = False
) -> list[ComplaintView]:
    """The register for the days received start..end, oldest first (for the admin screens)."""
    low = dt.datetime.combine(start, dt.time())
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
    query = (
        select(Complaint, Window.number.label("window_no"), Staff.name, Staff.staff_no)
        .outerjoin(Window, Window.id == Complaint.window_id)
        .outerjoin(Staff, Staff.id == Complaint.staff_id)
        .where(Complaint.received_at >= low, Complaint.received_at < high)
        .order_by(Complaint.received_at, Complaint.id)
    )
    if open_only:
        query = query.where(Complaint.status != ComplaintStatus.CLOSED.value)
    return [
        ComplaintView(
            id=r.id,
            received_at=r.received_at,
            kind=ComplaintKind(r.kind),
            source=r.source,
            complainant=r.complainant,
            contact=r.contact,
            content=r.content,
            window_no=r.window_no,
            staff=f"{r.name}（{r.staff_no}）" if r.name else "",
            special=bool(r.special),
            deadline=r.deadline,
            due_at=r.due_at or end_of(r.deadline),
            status=ComplaintStatus(r.status),
            routed_to=r.routed_to,
            result=r.result,
            feedback=r.feedback,
            substantiated=r.substantiated,
            closed_at=r.closed_at,
            important=bool(r.important),
            overdue_promise=bool(r.overdue_promise),
        )
        for r in conn.execute(query)
    ]
