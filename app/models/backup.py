"""Online backups of the hall's SQLite file, retention, verification and restore."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import IO

from app.models.errors import DatabaseError

DAILY = re.compile(r"^hall-(\d{4}-\d{2}-\d{2})\.db$")


class BackupError(DatabaseError):
    pass


class ServerRunning(BackupError):
    def __init__(self, db_path: Path) -> None:
        super().__init__(
            f"服务器正在使用数据库 {db_path}，请先停止服务器再恢复",
            f"the hall server is using {db_path}; stop it before restoring",
        )


class ServerLock:
    """An exclusive lock file beside the database, held by the running server."""

    def __init__(self, db_path: Path) -> None:
        self.path = Path(str(db_path) + ".lock")
        self._handle: IO[str] | None = None

    def acquire(self) -> bool:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+")  # noqa: SIM115 - kept open while the lock is held
        try:
            if sys.platform == "win32":
                import msvcrt

                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle
        return True

    def release(self) -> None:
        if self._handle is not None:
            self._handle.close()  # closing the file releases the lock
            self._handle = None

    def held_elsewhere(self) -> bool:
        if self.acquire():
            self.release()
            return False
        return True


def backup_to(db_path: Path, dest: Path) -> Path:
    """Copy a live database with SQLite's online backup API, then check the copy."""
    if not db_path.exists():
        raise BackupError(f"数据库文件不存在：{db_path}", f"no database file at {db_path}")
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".partial")
    source = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    target = sqlite3.connect(partial)
    try:
        source.backup(target)
        # A backup is one self-contained file: no -wal/-shm beside it.
        target.execute("PRAGMA journal_mode=DELETE")
    finally:
        target.close()
        source.close()
    verify(partial)
    os.replace(partial, dest)
    return dest


def verify(path: Path) -> None:
    """A usable hall database: intact pages and a schema made by our migrations."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} 不是有效的数据库文件（{exc}）", f"{path}: {exc}") from exc
    if result != "ok":
        raise BackupError(f"{path} 已损坏：{result}", f"{path} is damaged: {result}")
    if not {"alembic_version", "tickets", "ratings"} <= tables:
        raise BackupError(f"{path} 不是本系统的数据库", f"{path} is not a hall database")


def daily_backup(db_path: Path, folder: Path, today: dt.date) -> Path:
    """Today's backup (replaced if run twice a day), then old ones pruned."""
    made = backup_to(db_path, folder / f"hall-{today.isoformat()}.db")
    prune(folder, today)
    return made


def prune(folder: Path, today: dt.date, keep_daily: int = 30, keep_monthly: int = 12) -> list[Path]:
    """Keep the last `keep_daily` days, and the first backup of each of the last
    `keep_monthly` months; remove the other daily backups. Returns what was removed."""
    dated = sorted(
        (dt.date.fromisoformat(m.group(1)), path)
        for path in folder.glob("hall-*.db")
        if (m := DAILY.match(path.name))
    )
    recent_cut = today - dt.timedelta(days=keep_daily)
    month_firsts: dict[tuple[int, int], Path] = {}
    for day, path in dated:
        month_firsts.setdefault((day.year, day.month), path)
    kept_months = sorted(month_firsts)[-keep_monthly:]
    keep = {month_firsts[key] for key in kept_months}
    removed = []
    for day, path in dated:
        if day > recent_cut or path in keep:
            continue
        path.unlink()
        removed.append(path)
    return removed


def restore(backup: Path, db_path: Path) -> Path:
    """Replace the database with a verified backup; the current file is kept aside first.
    Refuses while a server holds the database. Returns the path of the set-aside copy."""
    if ServerLock(db_path).held_elsewhere():
        raise ServerRunning(db_path)
    verify(backup)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    aside = db_path.with_name(f"{db_path.stem}-before-restore-{stamp}.db")
    if db_path.exists():
        backup_to(db_path, aside)
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    partial = db_path.with_name(db_path.name + ".restoring")
    shutil.copyfile(backup, partial)
    verify(partial)
    os.replace(partial, db_path)
    return aside
