"""The server's closing-time jobs against a clock: the one-PC demo (no catch-up) writes a
day's report when that day's closing time comes while it runs, never at start-up."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

from app.hall.jobs import ServerJobs
from app.models import Database
from app.queue import ManualClock, QueueEngine
from app.queue.settings import QueueSettings
from app.reports.closing import ClosingPlan

ANY_HOUR = QueueSettings(enforce_hours=False, enforce_calendar=False)  # as the demo runs


def settle() -> None:
    """Wait for the jobs' worker threads (a report takes a moment)."""
    for thread in threading.enumerate():
        if thread.name.startswith("job: "):
            thread.join(timeout=60)


def run(jobs: ServerJobs, clock: ManualClock, at: dt.datetime) -> None:
    clock.set(at)
    jobs.tick()
    settle()


def test_the_demo_started_after_closing_leaves_the_day_to_its_next_closing_time(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    engine = QueueEngine(db, clock=clock, settings=ANY_HOUR)
    plan = ClosingPlan(tmp_path / "reports", None, catch_up=False)
    monday, tuesday = dt.date(2026, 11, 23), dt.date(2026, 11, 24)
    clock.set(dt.datetime(2026, 11, 23, 18, 5))
    engine.issue_ticket("A")  # a ticket from before the start, after closing
    jobs = ServerJobs(engine, plan)
    jobs.start()
    try:
        settle()
        assert not plan.report_of(monday).exists()  # not at start-up
        engine.issue_ticket("B")
        run(jobs, clock, dt.datetime(2026, 11, 23, 23, 59))
        assert not plan.report_of(monday).exists()
        run(jobs, clock, dt.datetime(2026, 11, 24, 17, 30))  # Tuesday: no ticket
        assert not plan.report_of(tuesday).exists()
        clock.set(dt.datetime(2026, 11, 24, 17, 40))
        engine.issue_ticket("C")
        run(jobs, clock, dt.datetime(2026, 11, 24, 17, 41))
        assert plan.report_of(tuesday).exists()  # the closing time came while running
        assert not plan.report_of(monday).exists()
    finally:
        jobs.stop()


def test_a_hall_server_started_after_closing_catches_the_day_up(
    db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    engine = QueueEngine(db, clock=clock, settings=ANY_HOUR)
    plan = ClosingPlan(tmp_path / "reports", None)
    clock.set(dt.datetime(2026, 11, 23, 18, 5))
    jobs = ServerJobs(engine, plan)
    jobs.start()
    try:
        settle()
        assert plan.report_of(dt.date(2026, 11, 23)).exists()
    finally:
        jobs.stop()
