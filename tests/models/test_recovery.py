"""Restoring over a missing, damaged or locked database; finding the newest good copy;
`backup --out` never overwrites; a killed backup leaves no file under its final name."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.appraisal.verify import copy_rules, verify_chains
from app.models import Database, sqlite_url
from app.models.backup import BackupError, backup_to, read_manifest
from app.models.hall_identity import hall_id_of
from app.models.recovery import CopyRules, check_copy, newest_good, restore, set_aside
from app.queue import QueueEngine

ROOT = Path(__file__).resolve().parents[2]


def _tickets(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM tickets").fetchone()[0])
    finally:
        conn.close()


def _corrupt_middle(path: Path, pages: int = 20) -> None:
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek(max(4096, (size // 2 // 4096 - pages // 2) * 4096))
        handle.write(os.urandom(pages * 4096))


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


@pytest.fixture
def rules(db: Database) -> CopyRules:
    return copy_rules(hall_id_of(db), db.mac_key)


def test_restore_over_a_corrupt_database_moves_it_aside_unread_and_passes_every_check(
    engine: QueueEngine, db: Database, db_path: Path, tmp_path: Path, rules: CopyRules
) -> None:
    for _ in range(3):
        engine.issue_ticket("A")
    copy = backup_to(db_path, tmp_path / "copy.db")
    db.dispose()
    _corrupt_middle(db_path)
    damaged = db_path.read_bytes()
    aside = restore(copy, db_path, rules)
    assert [p.name for p in aside if p.suffix == ".db"] and aside[0].read_bytes() == damaged
    assert not Path(str(db_path) + "-wal").exists()
    assert _leftovers(tmp_path) == []
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    restored = Database(sqlite_url(db_path))
    try:
        with restored.read() as conn:
            assert verify_chains(conn).ok
        assert hall_id_of(restored) == rules.hall_id
    finally:
        restored.dispose()
    assert _tickets(db_path) == 3


def test_restore_over_a_missing_database_and_over_one_locked_by_another_process(
    db: Database, db_path: Path, tmp_path: Path, rules: CopyRules
) -> None:
    copy = backup_to(db_path, tmp_path / "copy.db")
    db.dispose()
    holder = subprocess.Popen(
        [
            sys.executable, "-c",
            "import sqlite3, sys, time; c = sqlite3.connect(sys.argv[1], isolation_level=None);"
            "c.execute('BEGIN EXCLUSIVE'); print('locked', flush=True); time.sleep(60)",
            str(db_path),
        ],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        restore(copy, db_path, rules)  # a lock inside the file does not stop a rename
    finally:
        holder.kill()
        holder.wait(timeout=10)
    assert _tickets(db_path) == _tickets(copy)
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    assert restore(copy, db_path, rules) == []  # nothing to move aside
    assert _tickets(db_path) == _tickets(copy)


def test_a_copy_of_another_hall_or_with_an_edited_chain_is_refused(
    engine: QueueEngine, db_path: Path, tmp_path: Path, rules: CopyRules
) -> None:
    engine.issue_ticket("A")
    foreign = Database(sqlite_url(tmp_path / "foreign.db"))
    foreign.dispose()
    with pytest.raises(BackupError) as other:
        restore(tmp_path / "foreign.db", tmp_path / "target.db", rules)
    assert "another hall" in other.value.en
    edited = backup_to(db_path, tmp_path / "edited.db")
    conn = sqlite3.connect(edited)
    conn.execute("UPDATE events SET kind = 'ticket_finished' WHERE id = 1")
    conn.commit()
    conn.close()
    with pytest.raises(BackupError) as checksum:
        restore(edited, tmp_path / "target.db", rules)
    assert "does not match its manifest" in checksum.value.en
    manifest = read_manifest(edited)
    assert manifest is not None and manifest["hall_id"] == rules.hall_id
    Path(str(edited) + ".json").unlink()  # without its manifest, the chain check finds it
    with pytest.raises(BackupError) as chain:
        restore(edited, tmp_path / "target.db", rules)
    assert "hash chain" in chain.value.en
    assert not (tmp_path / "target.db").exists()
    assert _leftovers(tmp_path) == []


def test_the_newest_good_copy_is_found_across_locations_skipping_a_damaged_newer_one(
    engine: QueueEngine, db_path: Path, tmp_path: Path, rules: CopyRules
) -> None:
    local, usb = tmp_path / "local", tmp_path / "usb"
    older = backup_to(db_path, local / "hall-2026-11-22.db")
    engine.issue_ticket("A")
    good = backup_to(db_path, usb / "hall-2026-11-23-0900.db")
    engine.issue_ticket("A")
    time.sleep(1.1)  # manifests have second resolution
    bad = backup_to(db_path, local / "hall-2026-11-23-0915.db")
    _corrupt_middle(bad)
    found, looked_at = newest_good([local, usb, tmp_path / "unplugged"], rules)
    assert found is not None and found.path == good
    assert [c.path for c in looked_at] == [bad, good, older]
    assert not looked_at[0].ok and looked_at[0].problems
    assert found.last_seq is not None and found.last_seq > 0
    assert check_copy(older, rules).ok


def test_backup_out_never_overwrites_and_never_targets_the_live_database(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    existing = tmp_path / "existing.db"
    existing.write_bytes(b"keep me")
    with pytest.raises(BackupError) as exists:
        backup_to(db_path, existing)
    assert exists.value.reason == "exists" and existing.read_bytes() == b"keep me"
    link = tmp_path / "link.db"
    link.symlink_to(db_path)
    hard = tmp_path / "hard.db"
    os.link(db_path, hard)
    monkeypatch.chdir(tmp_path)
    before = db_path.read_bytes()
    for target in (db_path, link, hard, Path("hall.db"), Path("./sub/../hall.db")):
        with pytest.raises(BackupError) as live:
            backup_to(db_path, target)
        assert live.value.reason == "live", target
    with pytest.raises(BackupError):
        backup_to(db_path, Path("hall.db-wal"))
    assert db_path.read_bytes() == before


def test_backup_cli_refuses_the_live_database(db_path: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app", "--db", f"sqlite:///{db_path}", "backup", "--out",
         str(db_path), "--config", str(tmp_path / "c.toml")],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "HALLQUEUE_HOME": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 1 and "live database" in result.stderr


KILLER = """
import sys
from pathlib import Path
from app.models.backup import backup_to
source, folder = Path(sys.argv[1]), Path(sys.argv[2])
print("ready", flush=True)
n = 0
while True:
    backup_to(source, folder / f"copy-{n}.db")
    n += 1
"""


def test_a_kill_9_during_backups_leaves_no_partial_file_under_a_final_name(
    db_path: Path, tmp_path: Path
) -> None:
    big = tmp_path / "big.db"
    db = Database(sqlite_url(big))
    with db.engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE ballast (x BLOB)")
        for _ in range(40):
            conn.exec_driver_sql("INSERT INTO ballast VALUES (randomblob(262144))")
    db.dispose()
    folder = tmp_path / "copies"
    rng = random.Random(15)
    for _ in range(6):
        proc = subprocess.Popen(
            [sys.executable, "-c", KILLER, str(big), str(folder)],
            cwd=ROOT, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finals = sorted(folder.glob("copy-*.db"))
    assert finals, "no copy was finished at all"
    for path in finals:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("SELECT count(*) FROM ballast").fetchone()[0] == 40
        finally:
            conn.close()
    partials = [p for p in folder.iterdir() if "partial" in p.name]
    assert partials, "no kill landed during a copy"
    assert all(p.name.startswith(".") for p in partials)


def test_set_aside_moves_the_wal_and_shm_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "hall.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).write_bytes(b"x" * 10)
    moved = set_aside(path, "20261123-090000")
    assert sorted(p.name for p in moved) == [
        "hall-broken-20261123-090000.db",
        "hall-broken-20261123-090000.db-shm",
        "hall-broken-20261123-090000.db-wal",
    ]
    assert not any(Path(str(path) + s).exists() for s in ("", "-wal", "-shm"))


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_database_wal_shm_backups_and_manifests_are_owner_only(tmp_path: Path) -> None:
    old = os.umask(0o022)  # the usual umask: files would be world-readable
    try:
        path = tmp_path / "data" / "hall.db"
        db = Database(sqlite_url(path))
        with db.write() as conn:
            conn.exec_driver_sql("CREATE TABLE touch (x)")
        copy = backup_to(path, tmp_path / "data" / "backups" / "hall-2026-11-23.db")
        files = [path, Path(f"{path}-wal"), Path(f"{path}-shm"), copy, Path(f"{copy}.json")]
        for file in files:
            assert file.stat().st_mode & 0o777 == 0o600, file
        for folder in (path.parent, copy.parent):
            assert folder.stat().st_mode & 0o777 == 0o700, folder
        db.dispose()
    finally:
        os.umask(old)


def test_a_copy_that_fails_its_check_is_never_placed_under_its_final_name(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    db.dispose()
    _corrupt_middle(db_path)
    folder = tmp_path / "copies"
    with pytest.raises(BackupError) as refused:
        backup_to(db_path, folder / "hall-2026-11-23.db")
    assert refused.value.reason == "bad_copy"
    assert list(folder.iterdir()) == []


def test_a_restore_that_fails_midway_leaves_the_database_and_no_temporary_file(
    db: Database, db_path: Path, tmp_path: Path, rules: CopyRules, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The rename aside fails (as for a file held open on Windows)."""
    copy = backup_to(db_path, tmp_path / "copies" / "copy.db")
    db.dispose()
    before = db_path.read_bytes()

    def refuse(path: Path, stamp: str | None = None) -> list[Path]:
        raise PermissionError(13, "in use", str(path))

    monkeypatch.setattr("app.models.recovery.set_aside", refuse)
    with pytest.raises(PermissionError):
        restore(copy, db_path, rules)
    assert db_path.read_bytes() == before
    assert _leftovers(tmp_path) == []
