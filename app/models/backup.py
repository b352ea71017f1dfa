"""Online backups of the hall's SQLite file, the manifest beside each, retention, and the
server's lock on its file.

A copy is made with SQLite's online backup API under a temporary name, checked
(``integrity_check``, a hall schema), then renamed to its final name, so a final name always
holds a whole, checked copy; a manifest (``<copy>.json``) records the hall id, the time, the
last event seq, the check's result, a SHA-256 of the file and the hash-chain heads where the
chain module offers them. Copies and manifests are owner-only (private_files.py). Restoring
and finding copies is recovery.py; the timed copies to every destination are backup_plan.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import logging
import os
import re
import sqlite3
import sys
import time
import uuid
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Engine, create_engine

from app.models.errors import DatabaseError
from app.models.private_files import (
    create_private,
    private_folder,
    sync_folder,
    write_private,
)

log = logging.getLogger(__name__)

DAILY = re.compile(r"^hall-(\d{4}-\d{2}-\d{2})\.db$")
INTERVAL = re.compile(r"^hall-(\d{4}-\d{2}-\d{2})-(\d{4})\.db$")
PARTIAL = ".partial"
MANIFEST = ".json"
STALE_PARTIAL_S = 3600  # a temporary copy older than this was left by a killed run
LIVE_SUFFIXES = ("", "-wal", "-shm", "-journal", ".lock")
HALL_TABLES = {"alembic_version", "tickets", "ratings", "events"}


class BackupError(DatabaseError):
    """A copy could not be made or used. ``reason``: exists, live, missing_source,
    unreachable, full, bad_copy, failed."""

    code = "backup_failed"

    def __init__(self, zh: str, en: str, reason: str = "failed") -> None:
        super().__init__(zh, en)
        self.reason = reason


class ServerRunning(BackupError):
    def __init__(self, db_path: Path) -> None:
        super().__init__(
            f"服务器正在使用数据库 {db_path}，请先停止服务器再恢复",
            f"the hall server is using {db_path}; stop it before restoring",
            "server_running",
        )


class ServerLock:
    """An exclusive lock file beside the database, held by the running server."""

    def __init__(self, db_path: Path) -> None:
        self.path = Path(str(db_path) + ".lock")
        self._handle: IO[str] | None = None

    def acquire(self) -> bool:
        private_folder(self.path.parent)
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


def readonly(path: Path) -> sqlite3.Connection:
    """Open a database file read-only; never creates it."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)


def readonly_engine(path: Path) -> Engine:
    """A SQLAlchemy engine reading a copy (for the chain checks), never writing it."""
    return create_engine("sqlite://", creator=lambda: readonly(path))


def refuse_live(db_path: Path, dest: Path) -> None:
    """A copy never goes over the live database or its companion files, whatever the
    spelling (relative path, symlink, hard link)."""
    live = [Path(str(db_path) + suffix) for suffix in LIVE_SUFFIXES]
    target = os.path.normcase(dest.resolve())
    same = any(os.path.normcase(path.resolve()) == target for path in live)
    if not same and dest.exists():
        same = any(path.exists() and os.path.samefile(dest, path) for path in live)
    if same:
        raise BackupError(
            f"{dest} 是正在使用的数据库（或其附属文件），不能作为备份目标",
            f"{dest} is the live database (or one of its files); a backup never overwrites it",
            "live",
        )


def _os_error(dest: Path, exc: BaseException) -> BackupError:
    text = str(exc)
    full = (isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)) or (
        "full" in text
    )
    if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
        return BackupError(
            f"数据库已损坏，无法备份：{text}", f"the database is damaged: {text}", "bad_copy"
        )
    if full:
        return BackupError(
            f"备份位置已满：{dest.parent}", f"no space left at {dest.parent}", "full"
        )
    if isinstance(exc, OSError) and exc.errno in (errno.ENOENT, errno.ENODEV, errno.EIO):
        return BackupError(
            f"备份位置无法访问：{dest.parent}（{text}）",
            f"the backup location {dest.parent} cannot be reached ({text})",
            "unreachable",
        )
    return BackupError(f"写入备份 {dest} 失败：{text}", f"writing the backup {dest} failed: {text}")


def backup_to(
    db_path: Path,
    dest: Path,
    *,
    kind: str = "manual",
    replace: bool = False,
    source: sqlite3.Connection | None = None,
) -> Path:
    """Copy a live database with SQLite's online backup API into `dest` (temporary name,
    check, rename; manifest beside it). An existing `dest` is refused unless `replace`; the
    live database always is. `source`: read through this open connection instead of the path
    (a rescue from a file that was deleted under the server)."""
    refuse_live(db_path, dest)
    if not replace and os.path.lexists(dest):
        raise BackupError(
            f"{dest} 已存在，不会覆盖", f"{dest} exists; it is not overwritten", "exists"
        )
    if source is None and not db_path.exists():
        raise BackupError(
            f"数据库文件不存在：{db_path}", f"no database file at {db_path}", "missing_source"
        )
    partial = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:8]}{PARTIAL}")
    try:
        private_folder(dest.parent)
        create_private(partial)
        reader = source or readonly(db_path)
        target = sqlite3.connect(partial)
        try:
            reader.backup(target)
            # A backup is one self-contained file: no -wal/-shm beside it.
            target.execute("PRAGMA journal_mode=DELETE")
        finally:
            target.close()
            if source is None:
                reader.close()
        _fsync(partial)
        manifest = describe(partial, source=db_path, kind=kind)
        _place(partial, dest, replace)
        write_manifest(dest, manifest)
    except (OSError, sqlite3.Error) as exc:
        raise _os_error(dest, exc) from exc
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
    return dest


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _place(partial: Path, dest: Path, replace: bool) -> None:
    if replace:
        os.replace(partial, dest)
    else:
        try:
            os.link(partial, dest)  # fails if dest appeared meanwhile: never overwrites
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links (FAT, some shares)
            if os.path.lexists(dest):
                raise FileExistsError(errno.EEXIST, "exists", str(dest)) from None
            os.replace(partial, dest)
    sync_folder(dest.parent)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(path: Path) -> None:
    """A usable hall database: intact pages and a schema made by our migrations."""
    try:
        conn = readonly(path)
        try:
            result = conn.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(
            f"{path} 不是有效的数据库文件（{exc}）", f"{path}: {exc}", "bad_copy"
        ) from exc
    if result != "ok":
        raise BackupError(f"{path} 已损坏：{result}", f"{path} is damaged: {result}", "bad_copy")
    if not tables >= HALL_TABLES:
        raise BackupError(
            f"{path} 不是本系统的数据库", f"{path} is not a hall database", "bad_copy"
        )


def describe(path: Path, *, source: Path, kind: str) -> dict[str, Any]:
    """Check a copy (verify) and say what it holds: its manifest."""
    from app.models.hall_id import hall_id_of_file

    verify(path)
    conn = readonly(path)
    try:
        hall_id = hall_id_of_file(conn)
        last_seq = conn.execute("SELECT max(id) FROM events").fetchone()[0]
    finally:
        conn.close()
    return {
        "hall_id": hall_id,
        "made_at": dt.datetime.now().isoformat(timespec="seconds"),
        "kind": kind,
        "source": str(source),
        "last_event_seq": last_seq,
        "integrity_check": "ok",
        "size": path.stat().st_size,
        "sha256": file_sha256(path),
        "chain_heads": chain_heads_of(path),
    }


def chain_heads_of(path: Path) -> Any:
    """The hash-chain heads, if the chain module offers ``chain_heads(conn)``; else None."""
    from app.models import chain

    heads = getattr(chain, "chain_heads", None)
    if not callable(heads):
        return None
    engine = readonly_engine(path)
    try:
        with engine.connect() as conn:
            return json.loads(json.dumps(heads(conn), default=str))
    except Exception as exc:  # the manifest says why instead of failing the copy
        return {"error": str(exc)}
    finally:
        engine.dispose()


def manifest_path(copy: Path) -> Path:
    return copy.with_name(copy.name + MANIFEST)


def write_manifest(copy: Path, manifest: dict[str, Any]) -> None:
    path = manifest_path(copy)
    temp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}{PARTIAL}")
    try:
        write_private(temp, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
        os.replace(temp, path)
    finally:
        temp.unlink(missing_ok=True)


def read_manifest(copy: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(manifest_path(copy).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def daily_backup(db_path: Path, folder: Path, today: dt.date) -> Path:
    """Today's backup (replaced if run twice a day), then old ones pruned."""
    made = backup_to(db_path, folder / f"hall-{today.isoformat()}.db", kind="daily", replace=True)
    prune(folder, today)
    return made


def interval_backup(db_path: Path, folder: Path, now: dt.datetime) -> Path:
    """One of the day's interval copies (hall-YYYY-MM-DD-HHMM.db), then old ones pruned."""
    name = f"hall-{now.date().isoformat()}-{now:%H%M}.db"
    made = backup_to(db_path, folder / name, kind="interval", replace=True)
    prune(folder, now.date())
    return made


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)
    manifest_path(path).unlink(missing_ok=True)


def prune(folder: Path, today: dt.date, keep_daily: int = 30, keep_monthly: int = 12) -> list[Path]:
    """Keep the last `keep_daily` days, the first backup of each of the last `keep_monthly`
    months, and today's interval copies. An earlier day's interval copies go; the newest of
    them becomes that day's daily copy if it has none. Returns what was removed."""
    removed: list[Path] = []
    by_day: dict[dt.date, list[Path]] = {}
    for path in folder.glob("hall-*-*.db"):
        if (m := INTERVAL.match(path.name)) and (day := dt.date.fromisoformat(m.group(1))) < today:
            by_day.setdefault(day, []).append(path)
    for day, copies in by_day.items():
        copies.sort()
        daily = folder / f"hall-{day.isoformat()}.db"
        if not daily.exists():
            newest = copies.pop()
            if manifest_path(newest).exists():
                os.replace(manifest_path(newest), manifest_path(daily))
            os.replace(newest, daily)
        for path in copies:
            _remove(path)
            removed.append(path)
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
    for day, path in dated:
        if day > recent_cut or path in keep:
            continue
        _remove(path)
        removed.append(path)
    _clear_leftovers(folder)
    return removed


def _clear_leftovers(folder: Path) -> None:
    """Temporary copies of killed runs, and manifests whose copy is gone."""
    now = time.time()
    for path in folder.glob(f".*{PARTIAL}"):
        with contextlib.suppress(OSError):
            if now - path.stat().st_mtime > STALE_PARTIAL_S:
                path.unlink()
    for path in folder.glob(f"hall-*.db{MANIFEST}"):
        if not path.with_name(path.name[: -len(MANIFEST)]).exists():
            path.unlink(missing_ok=True)
