"""Admin ops for the appraisal screens, each a thin call into app.appraisal: the complaints
register, 差评 follow-ups, duty inspections, attendance findings, the monthly appraisal
with its 红旗窗口 ranking. Every write is audited in its own transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from app.appraisal import complaints as cp
from app.appraisal.attendance import attendance_findings
from app.appraisal.followups import follow_ups, sync_follow_ups, update_follow_up
from app.appraisal.ranking import month_appraisal, month_bounds
from app.appraisal.scoring import AppraisalRow
from app.models import Complaint, FollowUp, FollowUpStatus
from app.models.hall_config import Change
from app.net.admin_common import (
    admin_op,
    appraisal_settings,
    audited,
    day_arg,
    month_arg,
    names,
    staff_id,
    today,
    window_id,
)
from app.net.ops import Args, OpContext
from app.net.protocol import jsonable


def _complaint(conn: Connection, complaint_id: int) -> dict[str, Any] | None:
    """One entry of the register as a dict (the register is listed by day of receipt)."""
    received = conn.scalar(select(Complaint.received_at).where(Complaint.id == complaint_id))
    if received is None:
        return None
    day = received.date()
    found = [jsonable(c) for c in cp.complaints(conn, day, day) if c.id == complaint_id]
    return found[0] if found else None


# Complaints register
@admin_op("complaints")
def _complaints(ctx: OpContext, args: Args) -> Any:
    """{start, end (YYYY-MM-DD, default this month), open_only} → the register, with
    `overdue` and `kind_zh` added."""
    first, last = month_bounds(today(ctx))
    start, end = day_arg(args, "start", first), day_arg(args, "end", last)
    with ctx.engine.db.read() as conn:
        rows = cp.complaints(conn, start, end, open_only=args.flag("open_only", False))
    return [{**jsonable(c), "overdue": c.overdue(today(ctx)), "kind_zh": c.kind_zh} for c in rows]


@admin_op("complaint_register")
def _complaint_register(ctx: OpContext, args: Args) -> Any:
    """{kind: consult|suggestion|complaint, content, source, complainant, contact, window,
    staff_no, special}."""

    def apply(conn: Connection) -> Change:
        new_id = cp.register_complaint(
            conn,
            kind=args.text("kind"),
            received_at=ctx.engine.clock.now(),
            content=args.text("content"),
            settings=appraisal_settings(ctx),
            source=args.text("source", ""),
            complainant=args.text("complainant", ""),
            contact=args.text("contact", ""),
            window_id=window_id(conn, args.integer("window", None)),
            staff_id=staff_id(conn, args.text("staff_no", None)),
            special=args.flag("special", False),
            recorded_by=ctx.principal.actor,
        )
        return Change(f"complaint:{new_id}", None, _complaint(conn, new_id))

    return audited(ctx, "complaint_register", apply)


@admin_op("complaint_route")
def _complaint_route(ctx: OpContext, args: Args) -> Any:
    """{id, to}: 转办 to a window, person or department."""
    complaint_id, to = args.integer("id"), args.text("to")

    def apply(conn: Connection) -> Change:
        before = _complaint(conn, complaint_id)
        cp.route_complaint(conn, complaint_id, to, ctx.engine.clock.now())
        return Change(f"complaint:{complaint_id}", before, _complaint(conn, complaint_id))

    return audited(ctx, "complaint_route", apply)


@admin_op("complaint_close")
def _complaint_close(ctx: OpContext, args: Args) -> Any:
    """{id, result, feedback, substantiated}: 办结 with the result and 有效投诉 or not."""
    complaint_id = args.integer("id")

    def apply(conn: Connection) -> Change:
        before = _complaint(conn, complaint_id)
        cp.close_complaint(
            conn,
            complaint_id,
            result=args.text("result"),
            feedback=args.text("feedback"),
            substantiated=args.flag("substantiated"),
            now=ctx.engine.clock.now(),
        )
        return Change(f"complaint:{complaint_id}", before, _complaint(conn, complaint_id))

    return audited(ctx, "complaint_close", apply)


# 差评 follow-ups
@admin_op("follow_ups")
def _follow_ups(ctx: OpContext, args: Args) -> Any:
    """{open_only} → follow-ups by deadline, with window number, clerk and `overdue`; opens
    any missing ones first (idempotent)."""
    settings = appraisal_settings(ctx)
    with ctx.engine.db.write() as conn:
        sync_follow_ups(conn, settings)
    where = [FollowUp.status == FollowUpStatus.OPEN.value] if args.flag("open_only", False) else []
    with ctx.engine.db.read() as conn:
        rows = follow_ups(conn, *where)
        windows, staff = names(conn)
    day = today(ctx)
    return [
        {
            **jsonable(f),
            "window": windows.get(f.window_id),
            "staff": staff.get(f.staff_id or 0, ""),
            "level_label": settings.scale(5).label(f.level),
            "overdue": f.overdue(day),
        }
        for f in rows
    ]


@admin_op("follow_up_update")
def _follow_up_update(ctx: OpContext, args: Args) -> Any:
    """{id, visit_result?, rectification?, close?}: 回访 result, 整改 note, close."""
    follow_up_id = args.integer("id")

    def apply(conn: Connection) -> Change:
        before = follow_ups(conn, FollowUp.id == follow_up_id)
        after = update_follow_up(
            conn,
            follow_up_id,
            visit_result=args.text("visit_result", None),
            rectification=args.text("rectification", None),
            close=args.flag("close", False),
            by=ctx.principal.actor,
            now=ctx.engine.clock.now(),
        )
        return Change(
            f"follow_up:{follow_up_id}", jsonable(before[0]) if before else None, jsonable(after)
        )

    return audited(ctx, "follow_up_update", apply)


# Duty inspections
@admin_op("inspections")
def _inspections(ctx: OpContext, args: Args) -> Any:
    first, last = month_bounds(today(ctx))
    start, end = day_arg(args, "start", first), day_arg(args, "end", last)
    with ctx.engine.db.read() as conn:
        return jsonable(cp.inspections(conn, start, end))


@admin_op("inspection_record")
def _inspection_record(ctx: OpContext, args: Args) -> Any:
    """{findings, duty_window, inspector, window, staff_no, criticism}."""

    def apply(conn: Connection) -> Change:
        new_id = cp.record_inspection(
            conn,
            at=ctx.engine.clock.now(),
            findings=args.text("findings"),
            duty_window_id=window_id(conn, args.integer("duty_window", None)),
            inspector=args.text("inspector", ""),
            window_id=window_id(conn, args.integer("window", None)),
            staff_id=staff_id(conn, args.text("staff_no", None)),
            criticism=args.flag("criticism", False),
            recorded_by=ctx.principal.actor,
        )
        return Change(f"inspection:{new_id}", None, dict(args.raw))

    return audited(ctx, "inspection_record", apply)


# Attendance
@admin_op("attendance")
def _attendance(ctx: OpContext, args: Args) -> Any:
    """{start, end} → [{day, staff, window, kind, kind_zh, minutes}] (lateness, early
    leave, missing sign-out, long leave without a note)."""
    first, _ = month_bounds(today(ctx))
    start, end = day_arg(args, "start", first), day_arg(args, "end", today(ctx))
    with ctx.engine.db.read() as conn:
        findings = attendance_findings(conn, start, end, ctx.config.hours, today(ctx))
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
def _row(row: AppraisalRow) -> dict[str, Any]:
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


@admin_op("appraisal_month")
def _appraisal_month(ctx: OpContext, args: Args) -> Any:
    """{month: YYYY-MM} → {month, windows: [ranked rows], staff: [...], red_flags: [labels]};
    follow-ups judged overdue as of today. Heavy on a big hall: the monthly report job
    (report_start) does the same off the server's thread."""
    month = month_arg(args)
    start, end = month_bounds(month)
    settings = appraisal_settings(ctx)
    with ctx.engine.db.write() as conn:
        sync_follow_ups(conn, settings, (start, end))
    with ctx.engine.db.read() as conn:
        result = month_appraisal(conn, month, settings, today(ctx))
    return {
        "month": month.isoformat()[:7],
        "windows": [_row(r) for r in result.windows],
        "staff": [_row(r) for r in result.staff],
        "red_flags": [r.label for r in result.red_flags],
        "talks": [r.label for r in result.talks],
    }
