"""The database refuses writes once its file is lost, replaced or damaged, and a full or
read-only disk gives the same typed storage_unavailable (real SQLite files)."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.models import Database, sqlite_url
from app.models.errors import StorageUnavailable
from app.models.storage_watch import StorageWatch
from app.queue import QueueEngine


def _issue(engine: QueueEngine) -> str:
    return engine.issue_ticket("A").ticket.number


def _tickets(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT count(*) FROM tickets").fetchone()[0])
    finally:
        conn.close()


def test_every_write_after_the_file_is_deleted_is_refused_and_none_is_committed(
    engine: QueueEngine, db: Database, db_path: Path
) -> None:
    _issue(engine)
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink()
    for _ in range(3):
        with pytest.raises(StorageUnavailable) as refused:
            _issue(engine)
        assert refused.value.code == "storage_unavailable"
        assert refused.value.reason == "missing"
        assert refused.value.zh and refused.value.en
    assert db.storage is not None and db.storage.lost is not None
    with db.kept_connection() as conn:  # the deleted file, still open: no refused ticket in it
        assert conn.execute("SELECT count(*) FROM tickets").fetchone()[0] == 1


def test_a_file_replaced_under_the_database_is_noticed_at_the_next_write(
    engine: QueueEngine, db_path: Path, tmp_path: Path
) -> None:
    _issue(engine)
    other = tmp_path / "other.db"
    shutil.copy(db_path, other)
    os.replace(other, db_path)
    with pytest.raises(StorageUnavailable) as refused:
        _issue(engine)
    assert refused.value.reason == "replaced"


def test_a_deleted_wal_alone_is_noticed(engine: QueueEngine, db_path: Path) -> None:
    _issue(engine)
    Path(str(db_path) + "-wal").unlink()
    with pytest.raises(StorageUnavailable):
        _issue(engine)


def test_the_watch_notices_a_deleted_file_without_a_write_and_rescues_the_open_copy(
    engine: QueueEngine, db: Database, db_path: Path, tmp_path: Path
) -> None:
    for _ in range(4):
        _issue(engine)
    watch = StorageWatch(db, rescue_to=[tmp_path / "gone", tmp_path / "rescue"])
    first = watch.check()
    assert first.ok and not first.changed
    (tmp_path / "gone").write_text("a file where a folder should be")  # the first one fails
    db_path.unlink()
    lost = watch.check()
    assert not lost.ok and lost.changed and lost.reason == "missing"
    assert lost.code == "storage_unavailable" and lost.as_dict()["code"] == "storage_unavailable"
    watch.wait()
    again = watch.check()
    assert not again.ok and again.rescued and again.changed  # the rescue is news
    assert not watch.check().changed
    rescued = list((tmp_path / "rescue").glob("rescue-*.db"))
    assert [str(p) for p in rescued] == [again.rescued]
    assert _tickets(rescued[0]) == 4
    with pytest.raises(StorageUnavailable):
        _issue(engine)


def _corrupt_middle(path: Path, pages: int = 20) -> None:
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek(max(4096, (size // 2 // 4096 - pages // 2) * 4096))
        handle.write(os.urandom(pages * 4096))


def test_the_timed_quick_check_finds_damage_and_writes_stop(
    engine: QueueEngine, db: Database, db_path: Path
) -> None:
    _issue(engine)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    watch = StorageWatch(db, quick_check_s=0)
    watch.quick_check_now()
    assert watch.check().ok
    _corrupt_middle(db_path)
    watch.quick_check_now()
    status = watch.check()
    assert not status.ok and status.reason == "corrupt"
    with pytest.raises(StorageUnavailable) as refused:
        _issue(engine)
    assert refused.value.reason == "corrupt"


def test_a_full_disk_refuses_with_storage_unavailable_and_writes_resume_when_space_returns(
    small_disk: Path | None, demo_template: Path, clock: object
) -> None:
    """On a real 2 MiB tmpfs where the machine allows mounting; else SQLite's max_page_count
    gives the same SQLITE_FULL."""
    folder = small_disk
    if folder is None:
        pytest.skip("cannot mount a tmpfs here (emulated in the next test)")
    path = folder / "hall.db"
    shutil.copy(demo_template, path)
    db = Database(sqlite_url(path))
    engine = QueueEngine(db, clock=clock)  # type: ignore[arg-type]
    try:
        _issue(engine)
        filler = folder / "filler"
        with open(filler, "wb") as handle:
            try:
                while True:
                    handle.write(b"\0" * 65536)
                    handle.flush()
            except OSError:
                pass
        with pytest.raises(StorageUnavailable) as refused:
            for _ in range(200):
                _issue(engine)
        assert refused.value.reason == "disk_full"
        assert db.storage is not None and db.storage.lost is None  # not latched
        filler.unlink()
        _issue(engine)
        assert db.storage.last_failure is None
    finally:
        db.dispose()


def test_full_and_read_only_are_typed_when_sqlite_reports_them(
    engine: QueueEngine, db: Database
) -> None:
    """Emulated: max_page_count gives SQLITE_FULL, query_only gives SQLITE_READONLY."""
    _issue(engine)
    with db.kept_connection() as conn:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count={pages}")
    with pytest.raises(StorageUnavailable) as full:
        for _ in range(300):
            _issue(engine)
    assert full.value.reason == "disk_full"
    db.engine.dispose()  # the emulated limit goes with its connection
    _issue(engine)  # not latched: the next write goes through
    with db.kept_connection() as conn:
        conn.execute("PRAGMA query_only=ON")
    with pytest.raises(StorageUnavailable) as read_only:
        _issue(engine)
    assert read_only.value.reason == "read_only"
    db.engine.dispose()
    _issue(engine)
