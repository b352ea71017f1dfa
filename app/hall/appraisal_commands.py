"""The console's appraisal commands, each a thin call into app.appraisal: the complaints
register, 差评 follow-ups, duty inspections, attendance findings, the monthly appraisal with
its 红旗窗口 ranking. Every write is audited in its own transaction."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from msgspec import Meta
from sqlalchemy import Connection, select

from app.appraisal import complaints as cp
from app.appraisal.attendance import attendance_findings
from app.appraisal.followups import follow_ups, sync_follow_ups, update_follow_up
from app.appraisal.ranking import month_appraisal, month_bounds
from app.appraisal.ratings import correct_rating
from app.appraisal.scoring import AppraisalRow
from app.hall.caller import CONSOLE, Role
from app.hall.command import Command, command
from app.hall.context import Audited, Call
from app.hall.errors import BadRequest
from app.hall.hall_settings import appraisal_settings
from app.hall.wire import MAX_TEXT, Code, Day, Id, Month, Request, Text, WindowNo, plain
from app.models import (
    Complaint,
    ComplaintKind,
    FollowUp,
    FollowUpStatus,
    Ground,
    InspectionKind,
    Rating,
    Staff,
    Window,
)
from app.models.hall_config import Change

Row = dict[str, Any]


def day_of(text: str | None, default: dt.date, field: str) -> dt.date:
    if text is None:
        return default
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise BadRequest(f"{field} 不是有效日期", f"{field} is not a valid date", field) from None


def month_of(text: str) -> dt.date:
    return day_of(f"{text}-01", dt.date.min, "month")


def period_of(today: dt.date, start: str | None, end: str | None) -> tuple[dt.date, dt.date]:
    """The days start..end asked for, this month by default."""
    first, last = month_bounds(today)
    return day_of(start, first, "start"), day_of(end, last, "end")


def window_id(conn: Connection, number: int | None) -> int | None:
    if number is None:
        return None
    found = conn.scalar(select(Window.id).where(Window.number == number))
    if found is None:
        raise BadRequest(f"没有 {number} 号窗口", f"no window {number}", "window")
    return int(found)


def staff_id(conn: Connection, staff_no: str | None) -> int | None:
    if not staff_no:
        return None
    found = conn.scalar(select(Staff.id).where(Staff.staff_no == staff_no))
    if found is None:
        raise BadRequest(f"没有工号 {staff_no}", f"no staff member {staff_no}", "staff_no")
    return int(found)


def names(conn: Connection) -> tuple[dict[int, int], dict[int, str]]:
    """Window id → number and staff id → "name（no）", to label the appraisal's ids."""
    windows = {int(i): int(n) for i, n in conn.execute(select(Window.id, Window.number))}
    staff = {
        int(i): f"{name}（{no}）"
        for i, name, no in conn.execute(select(Staff.id, Staff.name, Staff.staff_no))
    }
    return windows, staff


# Complaints register
def complaint_row(conn: Connection, complaint_id: int) -> Row | None:
    """One entry of the register as a dict (the register is listed by day of receipt)."""
    received = conn.scalar(select(Complaint.received_at).where(Complaint.id == complaint_id))
    if received is None:
        return None
    day = received.date()
    found = [plain(c) for c in cp.complaints(conn, day, day) if c.id == complaint_id]
    return found[0] if found else None


class Period(Request):
    start: Day | None = None
    end: Day | None = None


class ComplaintQuery(Period):
    open_only: bool = False


def complaints(call: Call, req: ComplaintQuery) -> list[Row]:
    """The register of a period (default this month), with `overdue` and `kind_zh`."""
    start, end = period_of(call.today(), req.start, req.end)
    with call.engine.db.read() as conn:
        rows = cp.complaints(conn, start, end, open_only=req.open_only)
    today = call.today()
    return [{**plain(c), "overdue": c.overdue(today), "kind_zh": c.kind_zh} for c in rows]


class ComplaintRegister(Request):
    kind: ComplaintKind
    content: Text
    source: Text = ""
    complainant: Text = ""
    contact: Text = ""
    window: WindowNo | None = None
    staff_no: Code | None = None
    special: bool = False  # a 投诉 of a special case: 7 working days
    promised_on: Day | None = None  # a 建议's promised reply date (required for one)
    important: bool = False  # kept beyond the year
    overdue_promise: bool = False  # a 投诉 about a promised time missed (违诺超时)


def complaint_register(call: Call, req: ComplaintRegister) -> Audited:
    """Due: a 咨询 in 24 h, a 建议 on the promised date, a 投诉 in 3 working days (7 special)."""
    settings = appraisal_settings(call.engine.db, call.config)
    promised = day_of(req.promised_on, dt.date.min, "promised_on") if req.promised_on else None

    def apply(conn: Connection) -> Change:
        new_id = cp.register_complaint(
            conn,
            kind=req.kind.value,
            received_at=call.now(),
            content=req.content,
            settings=settings,
            source=req.source,
            complainant=req.complainant,
            contact=req.contact,
            window_id=window_id(conn, req.window),
            staff_id=staff_id(conn, req.staff_no),
            special=req.special,
            promised_on=promised,
            important=req.important,
            overdue_promise=req.overdue_promise,
            recorded_by=call.caller.actor,
        )
        return Change(f"complaint:{new_id}", None, complaint_row(conn, new_id))

    return call.audited("complaint_register", apply)


class ComplaintRoute(Request):
    id: Id
    to: Text


def complaint_route(call: Call, req: ComplaintRoute) -> Audited:
    """转办 to a window, person or department."""

    def apply(conn: Connection) -> Change:
        before = complaint_row(conn, req.id)
        cp.route_complaint(conn, req.id, req.to, call.now())
        return Change(f"complaint:{req.id}", before, complaint_row(conn, req.id))

    return call.audited("complaint_route", apply)


class ComplaintClose(Request):
    id: Id
    result: Text
    feedback: Text
    substantiated: bool


def complaint_close(call: Call, req: ComplaintClose) -> Audited:
    """办结 with the result and whether it is a 有效投诉."""

    def apply(conn: Connection) -> Change:
        before = complaint_row(conn, req.id)
        cp.close_complaint(
            conn,
            req.id,
            result=req.result,
            feedback=req.feedback,
            substantiated=req.substantiated,
            now=call.now(),
            by=call.caller.actor,
        )
        return Change(f"complaint:{req.id}", before, complaint_row(conn, req.id))

    return call.audited("complaint_close", apply)


# 差评 follow-ups
class OpenOnly(Request):
    open_only: bool = False


def follow_ups_list(call: Call, req: OpenOnly) -> list[Row]:
    """Follow-ups by deadline, with window number, clerk and `overdue`; opens any missing
    ones first (idempotent)."""
    settings = appraisal_settings(call.engine.db, call.config)
    call.engine.run(lambda tx: sync_follow_ups(tx.conn, settings))
    where = [FollowUp.status == FollowUpStatus.OPEN.value] if req.open_only else []
    with call.engine.db.read() as conn:
        rows = follow_ups(conn, *where)
        windows, staff = names(conn)
    today = call.today()
    return [
        {
            **plain(f),
            "window": windows.get(f.window_id),
            "staff": staff.get(f.staff_id or 0, ""),
            "level_label": settings.scale(5).label(f.level),
            "overdue": f.overdue(today),
        }
        for f in rows
    ]


class FollowUpUpdate(Request):
    id: Id
    visit_result: Text | None = None
    rectification: Text | None = None
    close: bool = False


def follow_up_update(call: Call, req: FollowUpUpdate) -> Audited:
    """回访 result, 整改 note, close."""

    def apply(conn: Connection) -> Change:
        before = follow_ups(conn, FollowUp.id == req.id)
        after = update_follow_up(
            conn,
            req.id,
            visit_result=req.visit_result,
            rectification=req.rectification,
            close=req.close,
            by=call.caller.actor,
            now=call.now(),
        )
        return Change(f"follow_up:{req.id}", plain(before[0]) if before else None, plain(after))

    return call.audited("follow_up_update", apply)


# Rating corrections
class RatingCorrection(Request):
    rating_id: Id
    level: Annotated[int, Meta(ge=1, le=10)] | None  # None: 未评价
    reason: Annotated[str, Meta(min_length=1, max_length=MAX_TEXT)]


def rating_correct(call: Call, req: RatingCorrection) -> Audited:
    """A supervisor corrects a rating, with a reason: a new row that names the old one,
    which stays (the appraisal counts the newest)."""
    settings = appraisal_settings(call.engine.db, call.config)
    assert call.caller.staff_no is not None

    def apply(conn: Connection) -> Change:
        before = conn.execute(select(Rating.level, Rating.scale).where(Rating.id == req.rating_id))
        old = before.first()
        new_id = correct_rating(
            conn,
            req.rating_id,
            req.level,
            by_staff_no=call.caller.staff_no or "",
            reason=req.reason,
            now=call.now(),
            settings=settings,
        )
        return Change(
            f"rating:{req.rating_id}",
            {"level": old.level if old else None},
            {"level": req.level, "correction": new_id, "reason": req.reason},
        )

    return call.audited("rating_correct", apply)


# Duty inspections
def inspections(call: Call, req: Period) -> list[Row]:
    start, end = period_of(call.today(), req.start, req.end)
    with call.engine.db.read() as conn:
        found = cp.inspections(conn, start, end)
    return [
        {**plain(i), "kind_zh": i.kind.zh, "conduct_zh": i.conduct.short_zh if i.conduct else ""}
        for i in found
    ]


class InspectionRecord(Request):
    findings: Text
    duty_window: WindowNo | None = None
    inspector: Text = ""
    window: WindowNo | None = None
    staff_no: Code | None = None
    criticism: bool = False
    kind: InspectionKind = InspectionKind.PATROL  # 值班巡查, 明察暗访 or 中心督查
    conduct: Ground | None = None  # the 评先 ground a criticism names (default by kind)


def inspection_record(call: Call, req: InspectionRecord) -> Audited:
    def apply(conn: Connection) -> Change:
        new_id = cp.record_inspection(
            conn,
            at=call.now(),
            findings=req.findings,
            duty_window_id=window_id(conn, req.duty_window),
            inspector=req.inspector,
            window_id=window_id(conn, req.window),
            staff_id=staff_id(conn, req.staff_no),
            criticism=req.criticism,
            kind=req.kind.value,
            conduct=req.conduct.value if req.conduct else "",
            recorded_by=call.caller.actor,
        )
        return Change(f"inspection:{new_id}", None, plain(req))

    return call.audited("inspection_record", apply)


# Attendance
def attendance(call: Call, req: Period) -> list[Row]:
    """Lateness, early leave, missing sign-out, long leave without a note."""
    first, _ = month_bounds(call.today())
    start, end = day_of(req.start, first, "start"), day_of(req.end, call.today(), "end")
    settings = appraisal_settings(call.engine.db, call.config)
    with call.engine.db.read() as conn:
        findings = attendance_findings(conn, start, end, settings.hours, call.today())
        windows, staff = names(conn)
    return [
        {
            "day": f.day.isoformat(),
            "staff": staff.get(f.staff_id, str(f.staff_id)),
            "window": windows.get(f.window_id),
            "kind": f.kind.value,
            "kind_zh": f.kind.zh,
            "minutes": f.minutes,
        }
        for f in findings
    ]


# Appraisal
def _row(row: AppraisalRow) -> Row:
    t = row.tickets
    return {
        "label": row.label,
        "order": row.order,
        "rank": row.rank,
        "score": None if row.score is None else round(row.score, 2),
        "finished": t.finished,
        "satisfaction": t.satisfaction,
        "coverage": t.coverage,
        "promised_share": t.promised_share,
        "bad": t.bad,
        "avg_wait_s": None if t.wait.avg_s is None else round(t.wait.avg_s),
        "avg_handling_s": None if t.handle.avg_s is None else round(t.handle.avg_s),
        "complaints_substantiated": row.complaints.substantiated,
        "criticism": row.inspections.criticism,
        "attendance": row.attendance_total,
        "excluded": row.excluded,
        "red_flag": row.red_flag,
        "bottom": row.bottom,
        "talk": row.talk,
    }


class MonthArg(Request):
    month: Month


def appraisal_month(call: Call, req: MonthArg) -> Row:
    """{month, windows: [ranked rows], staff: [...], red_flags, talks}; follow-ups judged
    overdue as of today. Heavy on a big hall: the monthly report job does the same off the
    server's thread."""
    month = month_of(req.month)
    start, end = month_bounds(month)
    settings = appraisal_settings(call.engine.db, call.config)
    call.engine.run(lambda tx: sync_follow_ups(tx.conn, settings, (start, end)))
    with call.engine.db.read() as conn:
        result = month_appraisal(conn, month, settings, call.today())
    return {
        "month": month.isoformat()[:7],
        "windows": [_row(r) for r in result.windows],
        "staff": [_row(r) for r in result.staff],
        "red_flags": [r.label for r in result.red_flags],
        "talks": [r.label for r in result.talks],
    }


COMMANDS: tuple[Command, ...] = (
    command("complaints", CONSOLE, complaints),
    command("complaint_register", CONSOLE, complaint_register),
    command("complaint_route", CONSOLE, complaint_route),
    command("complaint_close", CONSOLE, complaint_close),
    command("follow_ups", CONSOLE, follow_ups_list),
    command("follow_up_update", CONSOLE, follow_up_update),
    command("rating_correct", (Role.SUPERVISOR,), rating_correct),
    command("inspections", CONSOLE, inspections),
    command("inspection_record", CONSOLE, inspection_record),
    command("attendance", CONSOLE, attendance),
    command("appraisal_month", CONSOLE, appraisal_month),
)
