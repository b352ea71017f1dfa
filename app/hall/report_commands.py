"""The console's report commands: start a daily or monthly report, or a ticket's printable
一次性告知单, on the server, follow its progress, fetch its files (app.hall.report_jobs runs
them)."""

from __future__ import annotations

from typing import Any, Literal

from app.appraisal.notices import one_time_notice
from app.hall.appraisal_commands import day_of, month_of
from app.hall.caller import CONSOLE
from app.hall.command import Command, command
from app.hall.context import Call, ReportRunner
from app.hall.errors import BadRequest, Unavailable
from app.hall.hall_settings import appraisal_settings
from app.hall.wire import Day, Id, Month, Number, Request, Text


class ReportStart(Request):
    kind: Literal["daily", "month", "notice"]
    date: Day | None = None  # daily, notice: default today
    month: Month | None = None  # month: required
    number: Number | None = None  # notice (一次性告知单 of this ticket): required


def _runner(call: Call) -> ReportRunner:
    if call.hall.reports is None:
        raise Unavailable("本服务器不生成报表", "this server makes no reports")
    return call.hall.reports


def report_start(call: Call, req: ReportStart) -> dict[str, Any]:
    """Queue a report (日报, 月度考核, or a ticket's 一次性告知单); returns the job's status."""
    options: dict[str, Any] = {}
    if req.kind in ("daily", "notice"):
        when = day_of(req.date, call.today(), "date")
        label = when.isoformat()
        if req.kind == "notice":
            if req.number is None:
                raise BadRequest("缺少参数 number", "missing argument 'number'", "number")
            with call.engine.db.read() as conn:  # refused now if there is none
                number = one_time_notice(conn, when, req.number).number
            options["number"] = number  # as the ticket has it (it names the file)
            label = f"{label} {number}"
    else:
        if req.month is None:
            raise BadRequest("缺少参数 month", "missing argument 'month'", "month")
        when = month_of(req.month)
        label = when.isoformat()[:7]
    settings = appraisal_settings(call.engine.db, call.config)
    issuer = call.config.issuing_body
    return _runner(call).start(
        req.kind, when, label, as_of=call.today(), settings=settings, issuer=issuer, **options
    )


class JobArg(Request):
    job: Id


def report_status(call: Call, req: JobArg) -> dict[str, Any]:
    return _runner(call).status(req.job)


class FileArg(Request):
    job: Id
    name: Text


def report_file(call: Call, req: FileArg) -> dict[str, Any]:
    """{name, data: base64}."""
    return _runner(call).file(req.job, req.name)


COMMANDS: tuple[Command, ...] = (
    command("report_start", CONSOLE, report_start),
    command("report_status", CONSOLE, report_status),
    command("report_file", CONSOLE, report_file),
)
