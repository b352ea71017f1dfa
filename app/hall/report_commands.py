"""The console's report commands: start a daily or monthly report on the server, follow its
progress, fetch its files (app.hall.report_jobs runs them)."""

from __future__ import annotations

from typing import Any, Literal

from app.hall.appraisal_commands import day_of, month_of
from app.hall.caller import CONSOLE
from app.hall.command import Command, command
from app.hall.context import Call, ReportRunner
from app.hall.errors import BadRequest, Unavailable
from app.hall.hall_settings import appraisal_settings
from app.hall.wire import Day, Id, Month, Request, Text


class ReportStart(Request):
    kind: Literal["daily", "month"]
    date: Day | None = None  # daily: default today
    month: Month | None = None  # month: required


def _runner(call: Call) -> ReportRunner:
    if call.hall.reports is None:
        raise Unavailable("本服务器不生成报表", "this server makes no reports")
    return call.hall.reports


def report_start(call: Call, req: ReportStart) -> dict[str, Any]:
    """Queue a report; returns the job's status."""
    if req.kind == "daily":
        when = day_of(req.date, call.today(), "date")
        label = when.isoformat()
    else:
        if req.month is None:
            raise BadRequest("缺少参数 month", "missing argument 'month'", "month")
        when = month_of(req.month)
        label = when.isoformat()[:7]
    settings = appraisal_settings(call.engine.db, call.config)
    issuer = call.config.issuing_body
    return _runner(call).start(
        req.kind, when, label, as_of=call.today(), settings=settings, issuer=issuer
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
