"""The console's conduct commands, each a thin call into app.appraisal: the eight grounds
for 取消年度评先资格 (recorded with evidence, withdrawn with a reason, and the year's grounds
from every source), 一次性告知 (the notices written and the failures to give one), and the
complaints register's important flag and its month analysed by kind and result.

Who may: recording or withdrawing a ground is an appraisal decision, the supervisor's only,
as app.appraisal.grounds requires of the person (require_supervisor). A 一次性告知 failure
is a record of fact, like a complaint or an inspection: either console login."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from app.appraisal import complaints as cp
from app.appraisal import grounds as gr
from app.appraisal import notices as nt
from app.appraisal.attendance import attendance_findings
from app.appraisal.complaint_stats import complaint_statistics
from app.appraisal.ranking import month_bounds
from app.hall.appraisal_commands import (
    MonthArg,
    Period,
    complaint_row,
    day_of,
    month_of,
    period_of,
)
from app.hall.caller import CONSOLE, Role
from app.hall.command import Command, command
from app.hall.context import Audited, Call
from app.hall.hall_settings import appraisal_settings
from app.hall.wire import Code, Day, Id, Number, Request, Said, Text, WindowNo, Year, plain
from app.models import ConductRecord, Ground, Staff
from app.models.hall_config import Change


# The eight grounds (取消年度评先资格)
class GroundRecordArgs(Request):
    staff_no: Code
    ground: Ground
    note: Said  # what happened
    evidence: Said  # 证据: video time, document number, witness
    day: Day | None = None  # default today
    window: WindowNo | None = None


def _ground(conn: Connection, record_id: int) -> dict[str, Any] | None:
    row = conn.execute(
        select(ConductRecord, Staff.staff_no)
        .join(Staff, Staff.id == ConductRecord.staff_id)
        .where(ConductRecord.id == record_id)
    ).first()
    if row is None:
        return None
    return {
        "staff_no": row.staff_no,
        "ground": row.ground,
        "day": row.day.isoformat(),
        "note": row.note,
        "evidence": row.evidence,
        "withdrawn_by": row.withdrawn_by,
        "withdrawn_reason": row.withdrawn_reason,
    }


def ground_record(call: Call, req: GroundRecordArgs) -> Audited:
    """A supervisor records a ground against a clerk: what happened and on what evidence."""
    day = day_of(req.day, call.today(), "day")

    def apply(conn: Connection) -> Change:
        new_id = gr.record_ground(
            conn,
            staff_no=req.staff_no,
            ground=req.ground.value,
            day=day,
            note=req.note,
            evidence=req.evidence,
            window_no=req.window,
            recorded_by=call.caller.actor,
            now=call.now(),
        )
        return Change(f"ground:{new_id}", None, _ground(conn, new_id))

    return call.audited("ground_record", apply)


class GroundWithdraw(Request):
    id: Id
    reason: Said


def ground_withdraw(call: Call, req: GroundWithdraw) -> Audited:
    """A supervisor withdraws a ground recorded in error, with the reason; it stays on file."""

    def apply(conn: Connection) -> Change:
        before = _ground(conn, req.id)
        gr.withdraw_ground(
            conn, req.id, reason=req.reason, withdrawn_by=call.caller.actor, now=call.now()
        )
        return Change(f"ground:{req.id}", before, _ground(conn, req.id))

    return call.audited("ground_withdraw", apply)


@dataclass(frozen=True)
class GroundRow:
    day: dt.date
    ground: str  # the Ground code
    number: int  # its number in the regulations (1..8)
    ground_zh: str
    source: str  # 主管登记 / 投诉登记 / 检查记录 / 考勤 / 一次性告知
    note: str
    evidence: str
    record_id: int | None  # a recorded ground's id (it may be withdrawn), else None


@dataclass(frozen=True)
class ClerkGrounds:
    staff: str  # name（no）
    summary: str  # 取消评先（第1、7项）
    grounds: list[GroundRow]


@dataclass(frozen=True)
class WithdrawnGround:
    id: int
    staff: str
    day: dt.date
    ground_zh: str
    note: str
    evidence: str
    withdrawn_by: str
    withdrawn_at: dt.datetime | None
    reason: str


@dataclass(frozen=True)
class YearGrounds:
    year: int
    as_of: dt.date
    clerks: list[ClerkGrounds]  # every clerk with a ground, by staff number
    withdrawn: list[WithdrawnGround]  # recorded grounds withdrawn (on file, not counted)


class YearArg(Request):
    year: Year


def _withdrawn(conn: Connection, start: dt.date, end: dt.date) -> list[WithdrawnGround]:
    rows = conn.execute(
        select(ConductRecord, Staff.name, Staff.staff_no)
        .join(Staff, Staff.id == ConductRecord.staff_id)
        .where(ConductRecord.day.between(start, end), ConductRecord.withdrawn_at.is_not(None))
        .order_by(ConductRecord.day, ConductRecord.id)
    )
    return [
        WithdrawnGround(
            r.id,
            f"{r.name}（{r.staff_no}）",
            r.day,
            Ground(r.ground).zh,
            r.note,
            r.evidence,
            r.withdrawn_by,
            r.withdrawn_at,
            r.withdrawn_reason,
        )
        for r in rows
    ]


def grounds_year(call: Call, req: YearArg) -> YearGrounds:
    """Every clerk's grounds in a year from every source (recorded, complaints, inspections,
    attendance, 一次性告知), as the year's ranking applies them (judged as of today)."""
    start, end = dt.date(req.year, 1, 1), dt.date(req.year, 12, 31)
    settings = appraisal_settings(call.engine.db, call.config)
    as_of = call.today()
    with call.engine.db.read() as conn:
        findings = attendance_findings(conn, start, end, settings.hours, as_of)
        found = gr.disqualifications(conn, start, end, findings, settings)
        staff = {
            i: (no, f"{name}（{no}）")
            for i, name, no in conn.execute(select(Staff.id, Staff.name, Staff.staff_no))
        }
        withdrawn = _withdrawn(conn, start, end)
    clerks = [
        ClerkGrounds(
            staff[staff_id][1],
            gr.summary(records),
            [
                GroundRow(
                    g.day,
                    g.ground.value,
                    g.ground.number,
                    g.ground.zh,
                    g.source,
                    g.note,
                    g.evidence,
                    g.record_id,
                )
                for g in records
            ],
        )
        for staff_id, records in sorted(found.items(), key=lambda kv: staff[kv[0]][0])
    ]
    return YearGrounds(req.year, as_of, clerks, withdrawn)


# 一次性告知
@dataclass(frozen=True)
class NoticeRow:
    id: int
    ticket_id: int
    number: str  # A012
    day: dt.date
    service: str
    window: int
    staff: str
    at: dt.datetime
    items: list[str]  # every missing material
    note: str


def _notice(n: nt.NoticeView) -> NoticeRow:
    return NoticeRow(
        n.id, n.ticket_id, n.number, n.day, n.service, n.window_no, n.staff, n.at, n.items, n.note
    )


def notices(call: Call, req: Period) -> list[NoticeRow]:
    """The 一次性告知单 written in a period (default this month), in order."""
    start, end = period_of(call.today(), req.start, req.end)
    with call.engine.db.read() as conn:
        return [_notice(n) for n in nt.notices(conn, start, end)]


class NoticeArg(Request):
    date: Day
    number: Number  # A012


def one_time_notice(call: Call, req: NoticeArg) -> NoticeRow:
    """The 一次性告知单 of ticket `number` of `date` (report_start kind "notice" prints it)."""
    with call.engine.db.read() as conn:
        return _notice(nt.one_time_notice(conn, day_of(req.date, call.today(), "date"), req.number))


class NoticeFailureRecord(Request):
    staff_no: Code
    note: Said  # what the failure was
    evidence: Text = ""
    day: Day | None = None  # default today
    window: WindowNo | None = None


def notice_failure_record(call: Call, req: NoticeFailureRecord) -> Audited:
    """A failure of 一次性告知 by a clerk (e.g. a visitor sent back twice for materials)."""
    day = day_of(req.day, call.today(), "day")

    def apply(conn: Connection) -> Change:
        new_id = nt.record_notice_failure(
            conn,
            staff_no=req.staff_no,
            day=day,
            note=req.note,
            evidence=req.evidence,
            window_no=req.window,
            recorded_by=call.caller.actor,
            now=call.now(),
        )
        return Change(f"notice_failure:{new_id}", None, {**plain(req), "day": day.isoformat()})

    return call.audited("notice_failure_record", apply)


@dataclass(frozen=True)
class FailureRow:
    id: int
    staff: str
    day: dt.date
    note: str
    evidence: str
    recorded_by: str


@dataclass(frozen=True)
class Criticised:
    staff: str
    month: str  # YYYY-MM
    failures: int


@dataclass(frozen=True)
class NoticeFailures:
    failures: list[FailureRow]
    threshold: int  # failures in a month that bring a 通报批评
    criticised: list[Criticised]  # the clerks and months that reached it


def notice_failures(call: Call, req: Period) -> NoticeFailures:
    """The failures of 一次性告知 in a period (default this month) and who reached the
    month's threshold (通报批评, a 评先 ground)."""
    start, end = period_of(call.today(), req.start, req.end)
    threshold = appraisal_settings(call.engine.db, call.config).notice_failures_for_criticism
    with call.engine.db.read() as conn:
        found = nt.notice_failures(conn, start, end)
    months = nt.criticised_for_notices(found, threshold)
    return NoticeFailures(
        [FailureRow(f.id, f.staff, f.day, f.note, f.evidence, f.recorded_by) for f in found],
        threshold,
        [
            Criticised(rows[0].staff, month.isoformat()[:7], len(rows))
            for (_staff, month), rows in sorted(months.items(), key=lambda kv: kv[0][1])
        ],
    )


# The complaints register: the important flag and the month's analysis
class ComplaintImportant(Request):
    id: Id
    important: bool


def complaint_set_important(call: Call, req: ComplaintImportant) -> Audited:
    """Mark an entry important (kept beyond the year while marked) or clear the mark."""

    def apply(conn: Connection) -> Change:
        before = complaint_row(conn, req.id)
        cp.set_important(conn, req.id, req.important)
        return Change(f"complaint:{req.id}", before, complaint_row(conn, req.id))

    return call.audited("complaint_set_important", apply)


@dataclass(frozen=True)
class KindRow:
    kind: str | None  # consult | suggestion | complaint; None: every kind together
    label: str  # 咨询 / 建议 / 投诉 / 合计
    received: int
    answered: int
    open: int
    on_time: int
    overdue: int
    substantiated: int
    unfounded: int


@dataclass(frozen=True)
class ComplaintStatsView:
    month: str
    by_kind: list[KindRow]  # 咨询, 建议, 投诉, then 合计
    overdue: list[dict[str, Any]]  # every overdue entry received that month


def complaint_stats(call: Call, req: MonthArg) -> ComplaintStatsView:
    """Counts by kind and result of the entries received in a month, and the overdue ones
    (as today begins), as the month report has them."""
    start, end = month_bounds(month_of(req.month))
    with call.engine.db.read() as conn:
        stats = complaint_statistics(conn, start, end, call.today())
    return ComplaintStatsView(
        req.month,
        [
            KindRow(
                k.kind.value if k.kind else None,
                k.label,
                k.received,
                k.answered,
                k.open,
                k.on_time,
                k.overdue,
                k.substantiated,
                k.unfounded,
            )
            for k in stats.by_kind
        ],
        [{**plain(c), "kind_zh": c.kind_zh} for c in stats.overdue],
    )


COMMANDS: tuple[Command, ...] = (
    command("grounds_year", CONSOLE, grounds_year),
    command("ground_record", (Role.SUPERVISOR,), ground_record),
    command("ground_withdraw", (Role.SUPERVISOR,), ground_withdraw),
    command("notices", CONSOLE, notices),
    command("one_time_notice", CONSOLE, one_time_notice),
    command("notice_failures", CONSOLE, notice_failures),
    command("notice_failure_record", CONSOLE, notice_failure_record),
    command("complaint_set_important", CONSOLE, complaint_set_important),
    command("complaint_stats", CONSOLE, complaint_stats),
)
