"""Timed copies to every destination: interval copies while open, the daily copy after
closing, retention, and a destination that goes away, fills up and comes back."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from app.models import Database
from app.models.backup import prune, read_manifest
from app.models.backup_plan import BackupPlan
from app.models.errors import StorageUnavailable
from app.queue import ManualClock, QueueEngine

OPEN, CLOSE = dt.time(8, 30), dt.time(17, 30)
DAY = dt.date(2026, 11, 23)


def at(hour: int, minute: int, day: dt.date = DAY) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.suffix == ".db")


def test_interval_copies_while_open_when_changed_and_the_daily_copy_after_closing(
    engine: QueueEngine, db: Database, db_path: Path, tmp_path: Path
) -> None:
    usb = tmp_path / "usb"
    usb.mkdir()
    plan = BackupPlan(db, [usb], interval_minutes=15)
    plan.run_due(at(8, 0), OPEN, CLOSE)  # before opening: nothing
    assert not (db_path.parent / "backups").exists()
    plan.run_due(at(9, 0), OPEN, CLOSE)
    plan.run_due(at(9, 10), OPEN, CLOSE)  # within the interval
    plan.run_due(at(9, 15), OPEN, CLOSE)  # nothing changed since 9:00
    engine.issue_ticket("A")
    plan.run_due(at(9, 30), OPEN, CLOSE)
    for folder in (db_path.parent / "backups", usb):
        assert names(folder) == ["hall-2026-11-23-0900.db", "hall-2026-11-23-0930.db"]
    manifest = read_manifest(usb / "hall-2026-11-23-0930.db")
    assert manifest is not None and manifest["kind"] == "interval"
    assert manifest["last_event_seq"] > 0 and manifest["integrity_check"] == "ok"
    assert manifest["hall_id"] and "chain_heads" in manifest
    plan.run_due(at(17, 31), OPEN, CLOSE)
    assert "hall-2026-11-23.db" in names(usb)
    assert all(status.state == "ok" for status in plan.status())
    next_day = dt.date(2026, 11, 24)
    plan.run_due(at(9, 0, next_day), OPEN, CLOSE)  # yesterday's interval copies go
    assert names(usb) == ["hall-2026-11-23.db", "hall-2026-11-24-0900.db"]


def test_a_destination_that_goes_away_is_reported_and_the_copies_resume_when_it_returns(
    engine: QueueEngine, db: Database, tmp_path: Path
) -> None:
    share = tmp_path / "share"
    share.mkdir()
    plan = BackupPlan(db, [share], interval_minutes=15)
    plan.run_due(at(9, 0), OPEN, CLOSE)
    share.rename(tmp_path / "unplugged")  # the drive or share goes away
    engine.issue_ticket("A")
    plan.run_due(at(9, 15), OPEN, CLOSE)
    plan.run_due(at(9, 16), OPEN, CLOSE)  # retried at the next tick
    local, away = plan.status()
    assert local.state == "ok" and local.last_copy_at == at(9, 15)
    assert away.state == "unreachable" and away.failures == 2 and away.zh and away.en
    assert not away.as_dict()["ok"]
    assert not share.exists()  # never made on the local disk in its place
    (tmp_path / "unplugged").rename(share)
    plan.run_due(at(9, 17), OPEN, CLOSE)
    back = plan.status()[1]
    assert back.state == "ok" and back.failures == 0
    assert names(share) == ["hall-2026-11-23-0900.db", "hall-2026-11-23-0917.db"]


def test_a_full_destination_is_reported_leaves_no_partial_file_and_recovers(
    engine: QueueEngine, db: Database, tmp_path: Path, small_disk: Path | None
) -> None:
    if small_disk is None:
        pytest.skip("cannot mount a tmpfs here")
    filler = small_disk / "filler"
    filler.write_bytes(b"\0" * (2 * 1024 * 1024 - 64 * 1024))
    plan = BackupPlan(db, [small_disk], interval_minutes=15)
    plan.run_due(at(9, 0), OPEN, CLOSE)
    full = plan.status()[1]
    assert full.state == "full", full
    assert [p.name for p in small_disk.iterdir()] == ["filler"]
    filler.unlink()
    plan.run_due(at(9, 1), OPEN, CLOSE)
    assert plan.status()[1].state == "ok"


def test_tick_returns_at_once_and_copies_on_worker_threads(db: Database, tmp_path: Path) -> None:
    plan = BackupPlan(db, [tmp_path / "missing"], interval_minutes=15)
    plan.tick(at(9, 0), OPEN, CLOSE)
    plan.wait()
    local, missing = plan.status()
    assert local.state == "ok" and missing.state == "unreachable"


def test_an_earlier_day_without_a_daily_copy_keeps_its_newest_interval_copy(
    tmp_path: Path, db_path: Path
) -> None:
    tmp_path = tmp_path / "backups"
    tmp_path.mkdir()
    for name in ("hall-2026-11-20-0900.db", "hall-2026-11-20-1700.db", "hall-2026-11-21.db",
                 "hall-2026-11-21-1000.db"):  # fmt: skip
        shutil.copy(db_path, tmp_path / name)
        (tmp_path / f"{name}.json").write_text("{}")
    stale = tmp_path / ".hall-2026-11-20.db.1234.partial"
    stale.write_bytes(b"x")
    os.utime(stale, (0, 0))
    prune(tmp_path, DAY)
    assert names(tmp_path) == ["hall-2026-11-20.db", "hall-2026-11-21.db"]
    assert (tmp_path / "hall-2026-11-20.db.json").exists()
    assert not stale.exists()
    assert not (tmp_path / "hall-2026-11-21-1000.db.json").exists()


def test_backups_pause_while_the_database_is_lost(
    engine: QueueEngine, db: Database, db_path: Path, clock: ManualClock
) -> None:
    plan = BackupPlan(db, [], interval_minutes=15)
    db_path.unlink()
    with pytest.raises(StorageUnavailable):
        engine.issue_ticket("A")
    plan.run_due(at(9, 0), OPEN, CLOSE)
    assert plan.status()[0].state == "paused"
    assert not (db_path.parent / "backups").exists()
