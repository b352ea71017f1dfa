"""Closing time: the database is backed up and the daily report written, once a day."""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import replace
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


def test_the_one_pc_demo_writes_a_report_only_at_a_closing_time_it_ran_through_with_tickets(
    tmp_path: Path,
) -> None:
    """catch_up off: never at start-up after closing, never for a day without tickets."""
    plan = replace(_plan(tmp_path), catch_up=False)
    monday, tuesday = dt.date(2026, 11, 23), dt.date(2026, 11, 24)
    served = {monday}
    asked: list[dt.date] = []

    def had_tickets(day: dt.date) -> bool:
        asked.append(day)
        return day in served

    def due(at: dt.datetime, since: dt.datetime | None) -> bool:
        return plan.due(at, running_since=since, served=had_tickets)

    evening = dt.datetime(2026, 11, 23, 18, 0)  # started after closing, took tickets since
    assert not due(evening, evening)
    assert not due(dt.datetime(2026, 11, 23, 23, 59), evening)
    morning = dt.datetime(2026, 11, 23, 9, 0)
    assert not due(dt.datetime(2026, 11, 23, 17, 29), morning)
    assert asked == []  # the database is asked only once the rest says yes
    assert due(dt.datetime(2026, 11, 23, 17, 30), morning)
    assert not due(dt.datetime(2026, 11, 23, 17, 30), None)
    assert not due(dt.datetime(2026, 11, 24, 17, 30), morning)  # Tuesday: no ticket
    served.add(tuesday)
    assert due(dt.datetime(2026, 11, 24, 17, 30), evening)  # ran through Tuesday's closing
    plan.reports_dir.mkdir()
    plan.report_of(tuesday).write_bytes(b"%PDF")
    assert not due(dt.datetime(2026, 11, 24, 17, 31), evening)


def test_a_hall_server_still_catches_up_after_a_restart_past_closing(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    evening = dt.datetime(2026, 11, 23, 18, 0)
    assert plan.due(evening, running_since=evening, served=lambda day: False)
