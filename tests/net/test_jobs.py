"""The server's scheduled work and its hold on the database file."""

from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.composition import hold_database
from app.hall.jobs import ServerJobs
from app.models import Database, DatabaseError
from app.models.appraisal import FollowUp
from app.models.backup import ServerRunning, backup_to
from app.models.recovery import restore
from app.queue import ManualClock, QueueEngine
from app.reports.closing import ClosingPlan
from tests.hall.test_closing_jobs import settle
from tests.visitor import rate


def _follow_ups(db: Database) -> int:
    with db.read() as conn:
        return int(conn.scalar(select(func.count()).select_from(FollowUp)) or 0)


def test_a_bad_rating_opens_a_follow_up_and_closing_writes_the_report(
    qtbot: QtBot, engine: QueueEngine, db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    plan = ClosingPlan(tmp_path / "reports", tmp_path / "backups")
    jobs = ServerJobs(engine, plan)
    jobs.start()
    try:
        engine.sign_in(1, "1001")
        for level in (5, 2):
            ticket = engine.issue_ticket("A").ticket
            engine.call_next(1)
            clock.advance(minutes=5)
            engine.finish(1, "done")
            clock.advance(seconds=5)
            rate(engine, ticket.id, level)  # the visitor's key on window 1's keypad
        qtbot.waitUntil(lambda: _follow_ups(db) == 1, timeout=10_000)
        assert not plan.report_of(clock.now().date()).exists()
        clock.set(dt.datetime(2026, 11, 23, 17, 31))
        jobs.tick()
        qtbot.waitUntil(lambda: plan.report_of(clock.now().date()).exists(), timeout=20_000)
        qtbot.waitUntil(lambda: (tmp_path / "backups" / "hall-2026-11-23.db").exists())
    finally:
        jobs.stop()


def test_one_database_file_serves_one_server_and_restore_waits_for_it(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    copy = backup_to(db_path, tmp_path / "copy.db")
    lock = hold_database(db.file)  # the file's lock (a Database object is not a path)
    assert lock is not None and db.file == db_path
    try:
        with pytest.raises(DatabaseError):
            hold_database(db_path)
        with pytest.raises(ServerRunning):
            restore(copy, db_path)
    finally:
        lock.release()
    db.dispose()
    restore(copy, db_path)


def _job_running(name: str) -> bool:
    return any(t.name == f"job: {name}" and t.is_alive() for t in threading.enumerate())


def test_a_2_on_the_national_scale_opens_its_follow_up_as_soon_as_it_is_recorded(
    qtbot: QtBot, engine: QueueEngine, db: Database, clock: ManualClock, tmp_path: Path
) -> None:
    """不满意 (2) is a 差评: its follow-up is opened by the rating's event, not at closing."""
    jobs = ServerJobs(engine, ClosingPlan(tmp_path / "reports", None))
    jobs.start()
    try:
        qtbot.waitUntil(lambda: not _job_running("follow-ups at start-up"), timeout=10_000)
        engine.sign_in(1, "1001")
        ticket = engine.issue_ticket("A").ticket
        engine.call_next(1)
        engine.finish(1, "done")
        assert _follow_ups(db) == 0
        clock.advance(seconds=5)
        rate(engine, ticket.id, 2)
        qtbot.waitUntil(lambda: _follow_ups(db) == 1, timeout=10_000)
    finally:
        jobs.stop()


def test_the_one_pc_demo_restarted_after_closing_writes_no_report_at_start_up(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """A served day, the demo started again at 18:00: the day's report waits (the demo may
    still take tickets); a hall server started then catches the day up."""
    from app.composition import HallSystem
    from app.config import Config
    from app.embedded_hall import EmbeddedHall
    from app.models import sqlite_url

    config = Config(reports_dir=str(tmp_path / "reports"), backups=False)
    clock = ManualClock(dt.datetime(2026, 11, 23, 10, 0))
    first = EmbeddedHall(config, data_dir=tmp_path, clock=clock)
    first.start()
    first.engine.issue_ticket("A")
    first.stop()
    clock.set(dt.datetime(2026, 11, 23, 18, 0))
    report = tmp_path / "reports"
    demo = EmbeddedHall(config, data_dir=tmp_path, clock=clock, jobs=True)
    demo.start()
    try:
        settle()  # the start-up tick's jobs are done
        assert not any(report.rglob("*.pdf"))
    finally:
        demo.stop()
    server = HallSystem(config, sqlite_url(tmp_path / "hall.db"), clock=clock)
    server.start()
    try:
        qtbot.waitUntil(lambda: any(report.rglob("*.pdf")), timeout=30_000)
    finally:
        server.stop()
