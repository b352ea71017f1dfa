"""Reports made on the server for the console, off the server's thread.

A job runs on one worker thread (a month of a big hall takes seconds, and the server must
keep serving the hall meanwhile); the console polls its status (fraction, message) and,
when done, fetches each file. Files land in the server's reports folder, in its on-demand/
subfolder: the closing-time job takes the day's own daily-DATE.pdf as the mark that the day
is done, so a report asked for during the day must not be written there.
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

from app.appraisal.settings import AppraisalSettings
from app.errors import HallError
from app.hall.errors import BadRequest
from app.models import Database

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


class ReportJobs:
    """The server's report jobs; one at a time on a worker thread."""

    def __init__(self, db: Database, folder: Path) -> None:
        self.db = db
        self.folder = folder / ON_DEMAND
        self._jobs: dict[int, Job] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reports")

    def close(self) -> None:
        self._worker.shutdown(wait=False, cancel_futures=True)

    def start(self, kind: str, when: dt.date, label: str, **options: Any) -> dict[str, Any]:
        with self._lock:
            job = Job(next(self._ids), kind, label, message="排队中 / queued")
            self._jobs[job.id] = job
            for old in sorted(self._jobs)[:-KEEP_JOBS]:
                self._jobs.pop(old, None)
        self._worker.submit(self._run, job, when, **options)
        return job.status()

    def status(self, job: int) -> dict[str, Any]:
        return self._job(job).status()

    def file(self, job: int, name: str) -> dict[str, Any]:
        found = self._job(job)
        path = next((p for p in found.files if p.name == name), None)
        if path is None or not found.done:
            raise BadRequest("没有这个报表文件", "no such report file", "name")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise BadRequest("报表文件过大，请到服务器的报表文件夹取用", "file too large to send")
        return {"name": name, "data": base64.b64encode(path.read_bytes()).decode()}

    def _job(self, job: int) -> Job:
        found = self._jobs.get(job)
        if found is None:
            raise BadRequest("没有这个报表任务", "no such report job", "job")
        return found

    def _run(
        self,
        job: Job,
        when: dt.date,
        *,
        as_of: dt.date,
        settings: AppraisalSettings,
        issuer: str,
        number: str = "",
    ) -> None:
        def progress(fraction: float, message: str) -> None:
            job.fraction, job.message = fraction, message

        try:
            from app.reports.produce import make_daily, make_month, make_notice, report_stem

            self.folder.mkdir(parents=True, exist_ok=True)
            stem = report_stem(self.folder, job.kind, when)
            pdf, xlsx = stem.with_suffix(".pdf"), stem.with_suffix(".xlsx")
            if job.kind == "notice":
                pdf = self.folder / f"notice-{when.isoformat()}-{number}.pdf"
                progress(0.5, "生成一次性告知单 / writing the notice")
                job.files = [make_notice(self.db, when, number, pdf=pdf, issuer=issuer)]
                progress(1.0, "完成 / done")
            elif job.kind == "daily":
                job.files = make_daily(
                    self.db,
                    when,
                    pdf=pdf,
                    xlsx=xlsx,
                    settings=settings,
                    issuer=issuer,
                    progress=progress,
                )
            else:
                job.files = make_month(
                    self.db,
                    when,
                    pdf=pdf,
                    xlsx=xlsx,
                    as_of=as_of,
                    settings=settings,
                    issuer=issuer,
                    progress=progress,
                )
        except HallError as exc:
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
