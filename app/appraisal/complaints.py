"""The complaints register (咨询/建议/投诉) and the duty windows' inspection records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, delete, insert, select, update
from sqlalchemy.orm import aliased

from app.appraisal.errors import InvalidInput, NotAllowed, NotFound
from app.appraisal.settings import AppraisalSettings
from app.models import Complaint, ComplaintKind, ComplaintStatus, DutyInspection, Staff, Window
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
    status: ComplaintStatus
    routed_to: str
    result: str
    feedback: str
    substantiated: bool | None
    closed_at: dt.datetime | None

    @property
    def kind_zh(self) -> str:
        return KIND_ZH[self.kind]

    def overdue(self, today: dt.date) -> bool:
        """Still open after its deadline, or closed after it."""
        if self.closed_at is not None:
            return self.closed_at.date() > self.deadline
        return today > self.deadline


@dataclass(frozen=True)
class InspectionView:
    id: int
    day: dt.date
    at: dt.datetime
    duty_window_no: int | None
    inspector: str
    window_no: int | None
    staff: str
    findings: str
    criticism: bool


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
    recorded_by: str = "",
) -> int:
    """Register an entry; its deadline is 3 working days after receipt (7 when special)."""
    try:
        code = ComplaintKind(kind)
    except ValueError:
        raise InvalidInput(f"类别无效：{kind}", f"unknown kind: {kind}") from None
    if not content.strip():
        raise InvalidInput("请填写内容", "the content is empty")
    days = settings.complaint_special_working_days if special else settings.complaint_working_days
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
            deadline=add_working_days(conn, received_at.date(), days),
            status=ComplaintStatus.OPEN.value,
            recorded_by=recorded_by,
        )
    ).inserted_primary_key
    assert key is not None
    return int(key[0])


def _open(conn: Connection, complaint_id: int) -> None:
    status = conn.scalar(select(Complaint.status).where(Complaint.id == complaint_id))
    if status is None:
        raise NotFound(f"登记 {complaint_id} 不存在", f"no complaint {complaint_id}")
    if status == ComplaintStatus.CLOSED.value:
        raise InvalidInput("该件已办结", "this complaint is closed already")


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
    """Record the result, the feedback given to the complainant and whether it was 有效投诉;
    the closed entry is sealed into the closings chain (`by`: who closed it)."""
    _open(conn, complaint_id)
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
    """The only way to delete an entry: closed, and received more than a year ago."""
    row = conn.execute(
        select(Complaint.received_at, Complaint.status).where(Complaint.id == complaint_id)
    ).first()
    if row is None:
        raise NotFound(f"登记 {complaint_id} 不存在", f"no complaint {complaint_id}")
    if row.received_at >= retention_cutoff(today) or row.status != ComplaintStatus.CLOSED.value:
        raise NotAllowed(
            "投诉登记须办结并保存一年以上方可删除",
            "an entry may be deleted only when closed and over a year old",
        )
    conn.execute(delete(Complaint).where(Complaint.id == complaint_id))


def overdue_complaints(conn: Connection, today: dt.date) -> list[int]:
    """Ids of entries still open after their deadline."""
    return list(
        conn.scalars(
            select(Complaint.id)
            .where(Complaint.status != ComplaintStatus.CLOSED.value, Complaint.deadline < today)
            .order_by(Complaint.deadline)
        )
    )


def record_inspection(
    conn: Connection,
    *,
    at: dt.datetime,
    findings: str,
    duty_window_id: int | None = None,
    inspector: str = "",
    window_id: int | None = None,
    staff_id: int | None = None,
    criticism: bool = False,
    recorded_by: str = "",
) -> int:
    """A duty window's inspection record; a criticism bars the window from 红旗窗口 that month."""
    if not findings.strip():
        raise InvalidInput("请填写检查情况", "the findings are empty")
    key = conn.execute(
        insert(DutyInspection).values(
            day=at.date(),
            at=at,
            duty_window_id=duty_window_id,
            inspector=inspector.strip(),
            window_id=window_id,
            staff_id=staff_id,
            findings=findings.strip(),
            criticism=criticism,
            recorded_by=recorded_by,
        )
    ).inserted_primary_key
    assert key is not None
    return int(key[0])


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
            status=ComplaintStatus(r.status),
            routed_to=r.routed_to,
            result=r.result,
            feedback=r.feedback,
            substantiated=r.substantiated,
            closed_at=r.closed_at,
        )
        for r in conn.execute(query)
    ]


def inspections(conn: Connection, start: dt.date, end: dt.date) -> list[InspectionView]:
    """Duty-window inspection records of the days start..end, oldest first."""
    duty = aliased(Window)
    query = (
        select(
            DutyInspection,
            duty.number.label("duty_no"),
            Window.number.label("window_no"),
            Staff.name,
            Staff.staff_no,
        )
        .outerjoin(duty, duty.id == DutyInspection.duty_window_id)
        .outerjoin(Window, Window.id == DutyInspection.window_id)
        .outerjoin(Staff, Staff.id == DutyInspection.staff_id)
        .where(DutyInspection.day.between(start, end))
        .order_by(DutyInspection.at, DutyInspection.id)
    )
    return [
        InspectionView(
            id=r.id,
            day=r.day,
            at=r.at,
            duty_window_no=r.duty_no,
            inspector=r.inspector,
            window_no=r.window_no,
            staff=f"{r.name}（{r.staff_no}）" if r.name else "",
            findings=r.findings,
            criticism=bool(r.criticism),
        )
        for r in conn.execute(query)
    ]
