"""Backups, retention, restore and CSV export on real SQLite files."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory

from app.models import Database, sqlite_url
from app.models.backup import (
    BackupError,
    ServerLock,
    ServerRunning,
    backup_to,
    prune,
    verify,
)
from app.models.db import alembic_config
from app.models.export import export_csv
from app.models.recovery import restore
from app.queue import QueueEngine


def _dump(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT id, prefix, number, state, window_id FROM tickets ORDER BY id"
        ).fetchall()
    finally:
        conn.close()


def _busy_day(engine: QueueEngine) -> None:
    for code in "AABCA":
        engine.issue_ticket(code)
    engine.sign_in(1, "1001")
    engine.call_next(1)
    engine.finish(1, "done")
    engine.call_next(1)


def test_backup_and_restore_round_trip_keeps_every_row(
    engine: QueueEngine, db: Database, db_path: Path, tmp_path: Path
) -> None:
    _busy_day(engine)
    copy = backup_to(db_path, tmp_path / "copy.db")
    made = sorted(p.name for p in tmp_path.iterdir() if "copy" in p.name)
    assert made == ["copy.db", "copy.db.json"]  # the copy and its manifest, no temporary file
    before = _dump(copy)
    assert before == _dump(db_path)
    engine.issue_ticket("D")  # a change after the backup...
    db.dispose()
    aside = next(p for p in restore(copy, db_path) if p.suffix == ".db")  # ...undone, kept
    assert _dump(db_path) == before
    assert len(_dump(aside)) == len(before) + 1
    resumed = QueueEngine(Database(sqlite_url(db_path)), clock=engine.clock)
    assert resumed.window_state(1).current is not None


def test_restore_is_refused_while_a_server_holds_the_database(
    db_path: Path, tmp_path: Path
) -> None:
    copy = backup_to(db_path, tmp_path / "copy.db")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; from app.models.backup import ServerLock;"
            f"lock = ServerLock(Path({str(db_path)!r})); assert lock.acquire(); print('held',"
            " flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(ServerRunning):
            restore(copy, db_path)
    finally:
        holder.kill()
        holder.wait(timeout=10)
    assert not ServerLock(db_path).held_elsewhere()


def test_a_file_that_is_not_a_hall_database_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(BackupError):
        verify(junk)
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).execute("CREATE TABLE x (a)").connection.close()
    with pytest.raises(BackupError):
        verify(empty)


def test_retention_keeps_30_days_and_the_first_of_12_months(tmp_path: Path) -> None:
    today = dt.date(2026, 11, 23)
    for offset in range(500):
        (tmp_path / f"hall-{(today - dt.timedelta(days=offset)).isoformat()}.db").touch()
    prune(tmp_path, today)
    kept = sorted(p.name for p in tmp_path.glob("hall-*.db"))
    recent = [f"hall-{(today - dt.timedelta(days=o)).isoformat()}.db" for o in range(30)]
    assert set(recent) <= set(kept)
    older = sorted(set(kept) - set(recent))
    assert older == sorted(older)
    months = {name[5:12] for name in kept}
    assert len(months) == 12
    assert all(name.endswith("-01.db") for name in older)
    assert len(kept) == 30 + len(older)


def test_export_writes_csv_rows_for_the_chosen_days(
    engine: QueueEngine, db: Database, tmp_path: Path
) -> None:
    _busy_day(engine)
    with db.read() as conn:
        counts = export_csv(conn, dt.date(2026, 11, 23), dt.date(2026, 11, 23), tmp_path)
        none = export_csv(conn, dt.date(2026, 11, 24), dt.date(2026, 11, 30), tmp_path / "x")
    assert counts["tickets"] == 5
    assert none["tickets"] == 0
    text = (tmp_path / "tickets_2026-11-23_2026-11-23.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("id,day,prefix,number")
    assert len(text.splitlines()) == 6


def test_a_schema_upgrade_first_backs_up_the_old_file(tmp_path: Path) -> None:
    revisions = list(ScriptDirectory.from_config(alembic_config()).walk_revisions())
    if len(revisions) < 2:
        pytest.skip("only one migration so far")
    first = revisions[-1].revision
    path = tmp_path / "old.db"
    old = Database(sqlite_url(path), migrate=False)
    with old.engine.begin() as conn:
        command.upgrade(alembic_config(conn), first)
    old.dispose()
    Database(sqlite_url(path)).dispose()
    made = list((tmp_path / "backups").glob(f"premigrate-{first}-*.db"))
    assert len(made) == 1
    verify(made[0])
