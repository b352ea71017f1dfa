"""Reports made on the server for the admin console, off the server's thread.

"report_start" queues a job (one at a time, on a worker thread: a month of a big hall takes
seconds and the server must keep serving the hall meanwhile); the console polls
"report_status" for the progress (fraction, message) and, when done, fetches each file with
"report_file" (base64; a PDF of a few hundred KB). Files land in the server's reports folder
(config [server] reports_dir), in its on-demand/ subfolder: the closing-time job takes the
day's own daily-DATE.pdf as the mark that the day is done, so a report asked for during the
day must not be written there.
"""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.appraisal.errors import AppraisalError
from app.appraisal.settings import AppraisalSettings
from app.models import Database
from app.net.admin_common import admin_op, appraisal_settings, day_arg, month_arg, today
from app.net.errors import BadArgs
from app.net.ops import Args, OpContext
from app.reports.errors import ReportError

log = logging.getLogger(__name__)
KEEP_JOBS = 20
MAX_FILE_BYTES = 8 << 20
ON_DEMAND = "on-demand"


@dataclass
class Job:
    id: int
    kind: str
    label: str
    fraction: float = 0.0
    message: str = ""
    done: bool = False
    error: dict[str, str] | None = None
    files: list[Path] = field(default_factory=list)

    def status(self) -> dict[str, Any]:
        return {
            "job": self.id,
            "kind": self.kind,
            "label": self.label,
            "fraction": round(self.fraction, 3),
            "message": self.message,
            "done": self.done,
            "error": self.error,
            "files": [{"name": p.name, "size": p.stat().st_size} for p in self.files],
        }


_jobs: dict[int, Job] = {}
_ids = itertools.count(1)
_lock = threading.Lock()
_worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reports")


def _run(
    job: Job,
    db: Database,
    when: dt.date,
    as_of: dt.date,
    folder: Path,
    settings: AppraisalSettings,
) -> None:
    def progress(fraction: float, message: str) -> None:
        job.fraction, job.message = fraction, message

    try:
        from app.reports.produce import make_daily, make_month  # reportlab: loaded when needed

        folder.mkdir(parents=True, exist_ok=True)
        if job.kind == "daily":
            stem = folder / f"daily-{when.isoformat()}"
            job.files = make_daily(
                db,
                when,
                pdf=stem.with_suffix(".pdf"),
                xlsx=stem.with_suffix(".xlsx"),
                settings=settings,
                progress=progress,
            )
        else:
            stem = folder / f"month-{when.isoformat()[:7]}"
            job.files = make_month(
                db,
                when,
                pdf=stem.with_suffix(".pdf"),
                xlsx=stem.with_suffix(".xlsx"),
                as_of=as_of,
                settings=settings,
                progress=progress,
            )
    except (AppraisalError, ReportError) as exc:
        job.error = {"code": "report_failed", "zh": exc.zh, "en": exc.en}
    except Exception as exc:
        log.exception("report job %s failed", job.id)
        job.error = {
            "code": "report_failed",
            "zh": f"报表生成失败：{exc}",
            "en": f"report failed: {exc}",
        }
    finally:
        job.done = True


@admin_op("report_start")
def _report_start(ctx: OpContext, args: Args) -> Any:
    """{kind: "daily", date?} or {kind: "month", month: YYYY-MM} → the job's status."""
    kind = args.text("kind")
    if kind == "daily":
        when = day_arg(args, "date", today(ctx))
        label = when.isoformat()
    elif kind == "month":
        when = month_arg(args)
        label = when.isoformat()[:7]
    else:
        raise BadArgs("报表类别应为 daily 或 month", "kind must be daily or month")
    with _lock:
        job = Job(next(_ids), kind, label, message="排队中 / queued")
        _jobs[job.id] = job
        for old in sorted(_jobs)[:-KEEP_JOBS]:
            _jobs.pop(old, None)
    folder = ctx.config.resolved_reports_dir() / ON_DEMAND
    settings = appraisal_settings(ctx)
    _worker.submit(_run, job, ctx.engine.db, when, today(ctx), folder, settings)
    return job.status()


def _job(args: Args) -> Job:
    job = _jobs.get(args.integer("job"))
    if job is None:
        raise BadArgs("没有这个报表任务", "no such report job")
    return job


@admin_op("report_status")
def _report_status(ctx: OpContext, args: Args) -> Any:
    return _job(args).status()


@admin_op("report_file")
def _report_file(ctx: OpContext, args: Args) -> Any:
    """{job, name} → {name, data: base64}."""
    job, name = _job(args), args.text("name")
    path = next((p for p in job.files if p.name == name), None)
    if path is None or not job.done:
        raise BadArgs("没有这个报表文件", "no such report file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise BadArgs("报表文件过大，请到服务器的报表文件夹取用", "file too large to send")
    return {"name": name, "data": base64.b64encode(path.read_bytes()).decode()}
