"""The console's staffing commands, each a thin call into app.appraisal: the window roster
with its A/B 角, leave and its approval, the month's four duty windows (值班窗口) and their
patrols. Every write is audited in its own transaction.

Who may: recording a roster, a leave request, the duty roster or a patrol is a record of fact
(either console login). Approving or refusing leave is an appraisal decision: the supervisor
only, as app.appraisal.roster.decide_leave itself requires (require_supervisor)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated, Any

from msgspec import Meta
from sqlalchemy import Connection, select
from sqlalchemy.orm import aliased

from app.appraisal import duty, roster
from app.hall.appraisal_commands import MonthArg, Period, day_of, month_of, names, period_of
from app.hall.caller import CONSOLE, Role
from app.hall.command import Command, command
from app.hall.context import Audited, Call
from app.hall.errors import BadRequest
from app.hall.hall_settings import appraisal_settings
from app.hall.wire import Code, Day, Id, Moment, Month, Request, Said, Text, WindowNo
from app.models import Leave, LeaveKind, LeaveStatus, RosterEntry, Staff, Window
from app.models.hall_config import Change

STATUS_ZH = {
    LeaveStatus.PENDING: "待审批",
    LeaveStatus.APPROVED: "已批准",
    LeaveStatus.REJECTED: "未批准",
}


def moment_of(text: str | None, default: dt.datetime, field: str) -> dt.datetime:
    if text is None:
        return default
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        raise BadRequest(f"{field} 不是有效时间", f"{field} is not a valid time", field) from None


# The roster (排班, A/B 角)
class RosterSet(Request):
    window: WindowNo
    start: Day
    end: Day
    staff_a: Code  # the A clerk's staff number
    staff_b: Code | None = None  # the B clerk, who covers when A is on approved leave


def roster_set(call: Call, req: RosterSet) -> Audited:
    """Put clerk A (and B as backup) on a window for the days start..end; a later entry for
    the same window and day replaces an earlier one."""
    start, end = day_of(req.start, dt.date.min, "start"), day_of(req.end, dt.date.min, "end")

    def apply(conn: Connection) -> Change:
        new_id = roster.set_roster(
            conn,
            window_no=req.window,
            start=start,
            end=end,
            staff_a_no=req.staff_a,
            staff_b_no=req.staff_b,
            recorded_by=call.caller.actor,
            now=call.now(),
        )
        after = {
            "window": req.window,
            "start": req.start,
            "end": req.end,
            "staff_a": req.staff_a,
            "staff_b": req.staff_b,
        }
        return Change(f"roster:{new_id}", None, after)

    return call.audited("roster_set", apply)


@dataclass(frozen=True)
class RosterRow:
    id: int
    window: int
    start: dt.date
    end: dt.date
    staff_a: str  # name（no）
    staff_b: str
    recorded_by: str


@dataclass(frozen=True)
class DutyRow:
    day: dt.date
    window: int
    staff: str
    role: str  # "A", or "B" covering for A (on approved leave all day)


@dataclass(frozen=True)
class RosterView:
    entries: list[RosterRow]  # the entries that cover some day of the period, newest first
    duties: list[DutyRow]  # who is due on each working day, by day and window


def _entries(conn: Connection, start: dt.date, end: dt.date) -> list[RosterRow]:
    a, b = aliased(Staff), aliased(Staff)
    rows = conn.execute(
        select(
            RosterEntry,
            Window.number,
            a.name.label("a_name"),
            a.staff_no.label("a_no"),
            b.name.label("b_name"),
            b.staff_no.label("b_no"),
        )
        .join(Window, Window.id == RosterEntry.window_id)
        .join(a, a.id == RosterEntry.staff_a_id)
        .outerjoin(b, b.id == RosterEntry.staff_b_id)
        .where(RosterEntry.start <= end, RosterEntry.end >= start)
        .order_by(RosterEntry.id.desc())
    )
    return [
        RosterRow(
            r.id,
            r.number,
            r.start,
            r.end,
            f"{r.a_name}（{r.a_no}）",
            f"{r.b_name}（{r.b_no}）" if r.b_name else "",
            r.recorded_by,
        )
        for r in rows
    ]


def roster_view(call: Call, req: Period) -> RosterView:
    """The roster entries of a period (default this month) and who is due each working day
    (app.appraisal.roster.duties: the latest entry wins, B covers A's approved leave)."""
    start, end = period_of(call.today(), req.start, req.end)
    hours = appraisal_settings(call.engine.db, call.config).hours
    with call.engine.db.read() as conn:
        entries = _entries(conn, start, end)
        due, _covered = roster.duties(conn, start, end, hours)
        windows, staff = names(conn)
    duties = [
        DutyRow(d.day, windows[d.window_id], staff[d.staff_id], d.role)
        for day in sorted(due)
        for d in sorted(due[day], key=lambda d: windows[d.window_id])
    ]
    return RosterView(entries, duties)


# Leave (请假) and its approval
class LeaveRecord(Request):
    staff_no: Code
    kind: LeaveKind
    start: Moment
    end: Moment
    reason: Said


def _leave(conn: Connection, leave_id: int) -> dict[str, Any] | None:
    row = conn.execute(select(Leave).where(Leave.id == leave_id)).first()
    if row is None:
        return None
    return {
        "staff_id": row.staff_id,
        "kind": row.kind,
        "start": row.start.isoformat(timespec="minutes"),
        "end": row.end.isoformat(timespec="minutes"),
        "reason": row.reason,
        "status": row.status,
        "decided_by": row.decided_by,
        "decision_note": row.decision_note,
    }


def leave_record(call: Call, req: LeaveRecord) -> Audited:
    """A leave request (待审批): it excuses no absence until a supervisor approves it."""
    now = call.now()
    start, end = moment_of(req.start, now, "start"), moment_of(req.end, now, "end")

    def apply(conn: Connection) -> Change:
        new_id = roster.record_leave(
            conn,
            staff_no=req.staff_no,
            kind=req.kind.value,
            start=start,
            end=end,
            reason=req.reason,
            recorded_by=call.caller.actor,
            now=now,
        )
        return Change(f"leave:{new_id}", None, _leave(conn, new_id))

    return call.audited("leave_record", apply)


class LeaveDecide(Request):
    id: Id
    approve: bool
    note: Text = ""


def leave_decide(call: Call, req: LeaveDecide) -> Audited:
    """A supervisor approves or refuses a pending leave (never their own)."""

    def apply(conn: Connection) -> Change:
        before = _leave(conn, req.id)
        roster.decide_leave(
            conn,
            req.id,
            approve=req.approve,
            decided_by=call.caller.actor,
            note=req.note,
            now=call.now(),
        )
        return Change(f"leave:{req.id}", before, _leave(conn, req.id))

    return call.audited("leave_decide", apply)


@dataclass(frozen=True)
class LeaveRow:
    id: int
    staff: str
    kind: str
    kind_zh: str
    start: dt.datetime
    end: dt.datetime
    reason: str
    status: str  # pending | approved | rejected
    status_zh: str
    decided_by: str
    decided_at: dt.datetime | None


class LeaveQuery(Period):
    pending_only: bool = False


def leaves(call: Call, req: LeaveQuery) -> list[LeaveRow]:
    """Leave overlapping a period (default this month), earliest first."""
    start, end = period_of(call.today(), req.start, req.end)
    with call.engine.db.read() as conn:
        found = roster.leaves(conn, start, end)
    return [
        LeaveRow(
            v.id,
            v.staff,
            v.kind.value,
            v.kind.zh,
            v.start,
            v.end,
            v.reason,
            v.status.value,
            STATUS_ZH[v.status],
            v.decided_by,
            v.decided_at,
        )
        for v in found
        if not req.pending_only or v.status is LeaveStatus.PENDING
    ]


# Duty windows (值班窗口) and patrols
DutyWindows = Annotated[
    list[WindowNo],
    Meta(min_length=duty.DUTY_WINDOWS, max_length=duty.DUTY_WINDOWS),
]


class DutyRosterSet(Request):
    month: Month
    windows: DutyWindows  # the convenor (召集人) first


def duty_roster_set(call: Call, req: DutyRosterSet) -> Audited:
    """The month's four duty windows, the convenor first; replaces the month's roster."""
    month = month_of(req.month)

    def apply(conn: Connection) -> Change:
        before = [d.window_no for d in duty.duty_roster(conn, month)]
        if before != req.windows:
            duty.set_duty_roster(
                conn,
                month=month,
                window_numbers=req.windows,
                recorded_by=call.caller.actor,
                now=call.now(),
            )
        return Change(
            f"duty_roster:{req.month}",
            {"windows": before} if before else None,
            {"windows": list(req.windows)},
        )

    return call.audited("duty_roster_set", apply)


class PatrolRecord(Request):
    duty_window: WindowNo
    findings: Said  # 未发现问题 when nothing
    patroller_no: Code | None = None
    at: Moment | None = None  # default now


def patrol_record(call: Call, req: PatrolRecord) -> Audited:
    """A round of the hall by one of the month's duty windows (any other is refused)."""
    now = call.now()
    at = moment_of(req.at, now, "at")

    def apply(conn: Connection) -> Change:
        new_id = duty.record_patrol(
            conn,
            at=at,
            duty_window_no=req.duty_window,
            findings=req.findings,
            patroller_no=req.patroller_no,
            recorded_by=call.caller.actor,
            now=now,
        )
        after = {
            "at": at.isoformat(timespec="minutes"),
            "duty_window": req.duty_window,
            "patroller_no": req.patroller_no,
            "findings": req.findings,
        }
        return Change(f"patrol:{new_id}", None, after)

    return call.audited("patrol_record", apply)


@dataclass(frozen=True)
class DutyWindowRow:
    position: int  # 1 = convenor (召集人)
    window: int
    convenor: bool


@dataclass(frozen=True)
class PatrolRow:
    id: int
    day: dt.date
    at: dt.datetime
    duty_window: int
    staff: str
    findings: str


@dataclass(frozen=True)
class ShortDay:
    day: dt.date
    patrols: int


@dataclass(frozen=True)
class DutyMonth:
    month: str  # YYYY-MM
    roster: list[DutyWindowRow]
    patrols: list[PatrolRow]
    patrols_per_day: int
    checked_days: int  # working days judged (before today)
    short_days: list[ShortDay]  # fewer patrols than required: the convenor's shortfall


def duty_month(call: Call, req: MonthArg) -> DutyMonth:
    """The month's duty windows, its patrols and the working days short of patrols (as of
    today, app.appraisal.duty.duty_summary)."""
    month = month_of(req.month)
    settings = appraisal_settings(call.engine.db, call.config)
    with call.engine.db.read() as conn:
        summary = duty.duty_summary(conn, month, call.today(), settings)
    return DutyMonth(
        req.month,
        [DutyWindowRow(d.position, d.window_no, d.convenor) for d in summary.roster],
        [
            PatrolRow(p.id, p.day, p.at, p.duty_window_no, p.staff, p.findings)
            for p in summary.patrols
        ],
        settings.patrols_per_day,
        summary.checked_days,
        [ShortDay(day, count) for day, count in summary.short_days],
    )


COMMANDS: tuple[Command, ...] = (
    command("roster", CONSOLE, roster_view),
    command("roster_set", CONSOLE, roster_set),
    command("leaves", CONSOLE, leaves),
    command("leave_record", CONSOLE, leave_record),
    command("leave_decide", (Role.SUPERVISOR,), leave_decide),
    command("duty_month", CONSOLE, duty_month),
    command("duty_roster_set", CONSOLE, duty_roster_set),
    command("patrol_record", CONSOLE, patrol_record),
)
