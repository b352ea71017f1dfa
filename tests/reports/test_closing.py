"""Closing time: the database is backed up and the daily report written, once a day."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

from app.models import Database
from app.models.backup import verify
from app.queue import ManualClock, QueueEngine
from app.reports.closing import ClosingPlan, open_follow_ups, run_closing
from tests.visitor import rate


def _plan(tmp_path: Path) -> ClosingPlan:
    return ClosingPlan(tmp_path / "reports", tmp_path / "backups")


def test_closing_jobs_are_due_after_closing_until_the_report_exists(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    day = dt.date(2026, 11, 23)
    assert not plan.due(dt.datetime(2026, 11, 23, 17, 29))
    assert plan.due(dt.datetime(2026, 11, 23, 17, 30))
    plan.reports_dir.mkdir()
    plan.report_of(day).write_bytes(b"%PDF")
    assert not plan.due(dt.datetime(2026, 11, 23, 18, 0))
    assert plan.due(dt.datetime(2026, 11, 24, 17, 45))


def test_run_closing_backs_up_and_writes_the_days_report(
    engine: QueueEngine, db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    engine.sign_in(1, "1001")
    ticket = engine.issue_ticket("A").ticket
    engine.call_next(1)
    clock.advance(minutes=7)
    engine.finish(1, "done")
    rate(engine, ticket.id, 1)
    plan = _plan(tmp_path)
    made = run_closing(db, clock.now().date(), plan)
    backup = plan.backups_dir / "hall-2026-11-23.db" if plan.backups_dir else None
    assert backup in made and backup is not None
    verify(backup)
    report = plan.report_of(clock.now().date())
    assert report in made and report.with_suffix(".xlsx") in made
    text = subprocess.run(
        ["pdftotext", str(report), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "日报" in text and "A001" in text  # the 差评 list names the ticket
    assert open_follow_ups(db, plan) == 0  # the report already opened the 差评's follow-up
