"""Recovery over a broken database: finding the newest good copy, and putting it in place.

``restore`` never reads the database it replaces: a missing, damaged or locked-out file is
renamed aside with its -wal/-shm. The copy is checked first (``check_copy``: the manifest's
checksum, ``integrity_check``, the hall id, the hash chains through
``app.appraisal.verify.verify_chains``), copied beside the database under a temporary name,
checked again, and renamed into place; no temporary file is left, whatever fails.
``newest_good`` looks through every backup location for ``python -m app recover``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection

from app.models.backup import (
    MANIFEST,
    PARTIAL,
    BackupError,
    ServerLock,
    ServerRunning,
    file_sha256,
    read_manifest,
    readonly,
    readonly_engine,
    verify,
)
from app.models.hall_id import read_hall_id_readonly
from app.models.private_files import create_private, sync_folder

RESTORING = ".restoring"
ChainVerifier = Callable[[Connection], Sequence[Any]]


@dataclass(frozen=True)
class CopyRules:
    """What a copy must match to replace the hall's database: this hall's id (None: any),
    and the hash-chain check, handed in by the caller (it is the appraisal layer's
    ``verify_chains``, which the models layer does not import); each result has ``ok`` and
    ``describe()``. None skips the chain check."""

    hall_id: str | None = None
    verify_chains: ChainVerifier | None = None


COMPANIONS = ("-wal", "-shm", "-journal")


def last_event_seq(path: Path) -> int | None:
    """The newest event seq of a database file; None when it cannot be read."""
    try:
        conn = readonly(path)
        try:
            value = conn.execute("SELECT max(id) FROM events").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return int(value) if value is not None else 0


@dataclass
class CopyCheck:
    path: Path
    made_at: dt.datetime
    kind: str = ""
    hall_id: str | None = None
    last_seq: int | None = None
    problems: list[tuple[str, str]] = field(default_factory=list)  # (zh, en)
    checked: bool = False

    @property
    def ok(self) -> bool:
        return self.checked and not self.problems

    def describe(self) -> str:
        when = self.made_at.strftime("%Y-%m-%d %H:%M")
        seq = "?" if self.last_seq is None else str(self.last_seq)
        head = f"{when}  {self.path}  (seq {seq})"
        if not self.checked:
            return f"{head}  未检查 / not checked"
        if self.ok:
            note = "" if self.hall_id else "，无大厅编号 / no hall id (older version)"
            return f"{head}  完好 / good{note}"
        zh = "；".join(p[0] for p in self.problems)
        en = "; ".join(p[1] for p in self.problems)
        return f"{head}  不可用 / not usable: {zh} / {en}"


def copies_in(locations: Iterable[Path]) -> list[CopyCheck]:
    """Every backup file in the locations (unchecked), newest first. A location that
    cannot be read is skipped."""
    found: list[CopyCheck] = []
    for folder in locations:
        try:
            paths = [p for p in folder.iterdir() if p.suffix == ".db" and p.is_file()]
        except OSError:
            continue
        for path in paths:
            if path.name.startswith("."):
                continue  # a temporary copy
            manifest = read_manifest(path) or {}
            try:
                made = dt.datetime.fromisoformat(str(manifest["made_at"]))
            except (KeyError, ValueError):
                made = dt.datetime.fromtimestamp(path.stat().st_mtime)
            seq = manifest.get("last_event_seq")
            found.append(
                CopyCheck(
                    path,
                    made,
                    kind=str(manifest.get("kind", "")),
                    hall_id=manifest.get("hall_id"),
                    last_seq=int(seq) if isinstance(seq, int) else None,
                )
            )
    found.sort(key=lambda c: (c.made_at, c.last_seq or 0), reverse=True)
    return found


def check_copy(path: Path, rules: CopyRules, made_at: dt.datetime | None = None) -> CopyCheck:
    """Everything a copy must pass before it replaces the hall's database."""
    hall_id = rules.hall_id
    check = CopyCheck(path, made_at or dt.datetime.fromtimestamp(path.stat().st_mtime))
    check.checked = True
    manifest = read_manifest(path)
    if manifest is not None:
        check.kind = str(manifest.get("kind", ""))
        expected = manifest.get("sha256")
        if expected and file_sha256(path) != expected:
            check.problems.append(
                ("文件与清单的校验和不符", "the file does not match its manifest")
            )
            return check
    try:
        verify(path)
        check.hall_id = read_hall_id_readonly(path)
        check.last_seq = last_event_seq(path)
    except (BackupError, sqlite3.Error) as exc:
        zh, en = (exc.zh, exc.en) if isinstance(exc, BackupError) else (str(exc), str(exc))
        check.problems.append((zh, en))
        return check
    if hall_id and check.hall_id and check.hall_id != hall_id:
        check.problems.append(
            (
                f"属于另一个大厅（编号 {check.hall_id}）",
                f"belongs to another hall ({check.hall_id})",
            )
        )
        return check
    if rules.verify_chains is not None:
        check.problems += _chain_problems(path, rules.verify_chains)
    return check


def _chain_problems(path: Path, verify_chains: ChainVerifier) -> list[tuple[str, str]]:
    engine = readonly_engine(path)
    try:
        with engine.connect() as conn:
            results = verify_chains(conn)
    except Exception as exc:  # a check that cannot run is a failed check
        return [(f"哈希链无法校验：{exc}", f"the hash chains cannot be checked: {exc}")]
    finally:
        engine.dispose()
    return [
        (f"哈希链校验未通过：{r.describe()}", f"hash chain check failed: {r.describe()}")
        for r in results
        if not r.ok
    ]


def newest_good(
    locations: Sequence[Path], rules: CopyRules
) -> tuple[CopyCheck | None, list[CopyCheck]]:
    """The newest copy that passes check_copy, and every copy looked at (newest first;
    those older than the good one are listed unchecked)."""
    listed = copies_in(locations)
    good: CopyCheck | None = None
    result: list[CopyCheck] = []
    for copy in listed:
        if good is not None:
            result.append(copy)
            continue
        checked = check_copy(copy.path, rules, copy.made_at)
        checked.kind = checked.kind or copy.kind
        result.append(checked)
        if checked.ok:
            good = checked
    return good, result


def describe_newest(locations: Sequence[Path], rules: CopyRules) -> tuple[str, str]:
    """For messages: the newest good backup, in Chinese and English."""
    try:
        good, _ = newest_good(locations, rules)
    except Exception as exc:  # the message must come out whatever the backups look like
        return (f"查找备份时出错（{exc}）", f"looking for backups failed ({exc})")
    if good is None:
        where = "、".join(str(p) for p in locations) or "（无）"
        return (f"在 {where} 中没有找到完好的备份", f"no good backup was found in {where}")
    when = good.made_at.strftime("%Y-%m-%d %H:%M")
    return (
        f"找到的最新完好备份：{good.path}（{when}）",
        f"newest good backup: {good.path} ({when})",
    )


@dataclass(frozen=True)
class Loss:
    """What restoring a copy gives up: the changes after it."""

    copy_made_at: dt.datetime
    copy_seq: int | None
    current_seq: int | None  # None: the current database is missing or cannot be read
    last_write: dt.datetime | None  # the current files' newest change time
    current_exists: bool = True

    @property
    def events_lost(self) -> int | None:
        if self.copy_seq is None or self.current_seq is None:
            return None
        return max(0, self.current_seq - self.copy_seq)

    def describe(self) -> str:
        when = self.copy_made_at.strftime("%Y-%m-%d %H:%M:%S")
        lines = [f"备份时间 / copy made at: {when}"]
        if self.events_lost is not None:
            lines.append(
                f"将丢失此后的 {self.events_lost} 条事件 / "
                f"{self.events_lost} events after it will be lost"
            )
        elif not self.current_exists:
            lines.append(
                "当前数据库文件不存在，丢失的事件数未知 / "
                "the current database file is missing: the number of events lost is unknown"
            )
        else:
            lines.append(
                "当前数据库无法读取，丢失的事件数未知 / "
                "the current database cannot be read: the number of events lost is unknown"
            )
        if self.last_write is not None and self.last_write > self.copy_made_at:
            last = self.last_write.strftime("%Y-%m-%d %H:%M:%S")
            lines.append(
                f"数据库最后写入于 {last}，此前的变动将丢失 / "
                f"the database was last written at {last}; changes up to then will be lost"
            )
        return "\n".join(lines)


def loss_since(db_path: Path, copy: CopyCheck) -> Loss:
    times = []
    for suffix in ("", "-wal"):
        with contextlib.suppress(OSError):
            times.append(os.stat(str(db_path) + suffix).st_mtime)
    exists = db_path.exists()
    current = last_event_seq(db_path) if exists else None
    last = dt.datetime.fromtimestamp(max(times)) if times else None
    return Loss(copy.made_at, copy.last_seq, current, last, exists)


def set_aside(db_path: Path, stamp: str | None = None) -> list[Path]:
    """Rename the database and its -wal/-shm/-journal aside, without reading them."""
    stamp = stamp or dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    base = db_path.with_name(f"{db_path.stem}-broken-{stamp}{db_path.suffix}")
    moved: list[Path] = []
    for suffix in ("", *COMPANIONS):
        source = Path(str(db_path) + suffix)
        if os.path.lexists(source):
            target = Path(str(base) + suffix)
            os.replace(source, target)
            moved.append(target)
    sync_folder(db_path.parent)
    return moved


def restore(backup: Path, db_path: Path, rules: CopyRules | None = None) -> list[Path]:
    """Replace the database with a checked copy of `backup`. Refused while a server holds
    the database (and holds it itself meanwhile). Returns the files moved aside."""
    lock = ServerLock(db_path)
    if not lock.acquire():
        raise ServerRunning(db_path)
    temp = db_path.with_name(f".{db_path.name}.{uuid.uuid4().hex[:8]}{RESTORING}")
    try:
        _clear_stale_temps(db_path)
        check = check_copy(backup, rules or CopyRules())
        if not check.ok:
            zh = "；".join(p[0] for p in check.problems)
            en = "; ".join(p[1] for p in check.problems)
            raise BackupError(
                f"备份 {backup} 不可用：{zh}",
                f"the backup {backup} cannot be used: {en}",
                "bad_copy",
            )
        create_private(temp)
        with open(backup, "rb") as src, open(temp, "r+b") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
            dst.flush()
            os.fsync(dst.fileno())
        verify(temp)
        aside = set_aside(db_path)
        os.replace(temp, db_path)
        sync_folder(db_path.parent)
        return aside
    finally:
        temp.unlink(missing_ok=True)
        lock.release()


def _clear_stale_temps(db_path: Path) -> None:
    """Temporary files of a restore or backup that was killed (we hold the lock)."""
    for pattern in (f".{db_path.name}.*{RESTORING}", f".*{PARTIAL}", f".*{MANIFEST}{PARTIAL}"):
        for path in db_path.parent.glob(pattern):
            with contextlib.suppress(OSError):
                path.unlink()


def rescue_copy(db: Any, folders: Sequence[Path]) -> Path | None:
    """After the database file was deleted or replaced under the running server, copy what
    the server still has open (its kept connection reads the lost file) into the first
    folder that takes it; the copy is checked like any backup. None when nothing could be
    copied."""
    from app.models.backup import backup_to

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path: Path = db.file
    with db.kept_connection() as conn:
        if conn is None:
            return None
        for folder in folders:
            try:
                return backup_to(path, folder / f"rescue-{stamp}.db", kind="rescue", source=conn)
            except BackupError:
                continue
    return None
