"""Copies of the hall's database to every backup destination, on a timer.

While the hall is open an interval copy goes to each destination every N minutes (when the
database changed since the last one), and after closing the day's daily copy; retention is
backup.prune (30 daily, 12 monthly, the day's interval copies). Destinations are the local
``backups`` folder beside the database plus the config's ``[backup] destinations`` (a second
disk, a USB drive, a share of the supervisor PC). A configured destination must exist: a
missing folder is reported as unreachable rather than made on the local disk under an empty
mount point.

Each destination has its own worker thread, so one that hangs or is full holds up neither
the hall nor the other destinations. The server calls ``tick(now, open_at, close_at)`` once a
minute; a destination that failed is tried again at the next tick. ``status()`` is what the
supervisor's monitor shows.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app.models.backup import BackupError, backup_to, prune
from app.models.db import Database

log = logging.getLogger(__name__)

DEFAULT_INTERVAL_MINUTES = 15


def backup_locations(db_file: Path | None, destinations: Sequence[Path]) -> list[Path]:
    """Where copies go and where recovery looks: the local backups folder first."""
    local = [db_file.parent / "backups"] if db_file is not None else []
    return local + [Path(p) for p in destinations if Path(p) not in local]


@dataclass(frozen=True)
class DestinationStatus:
    folder: Path
    state: str = "pending"  # pending, ok, unreachable, full, failed, paused
    last_copy: Path | None = None
    last_copy_at: dt.datetime | None = None
    failures: int = 0  # failed attempts since the last good copy
    zh: str = ""
    en: str = ""

    @property
    def ok(self) -> bool:
        return self.state in ("pending", "ok")

    def as_dict(self) -> dict[str, Any]:
        return {
            "folder": str(self.folder),
            "state": self.state,
            "ok": self.ok,
            "last_copy": str(self.last_copy) if self.last_copy else None,
            "last_copy_at": self.last_copy_at.isoformat(timespec="seconds")
            if self.last_copy_at
            else None,
            "failures": self.failures,
            "zh": self.zh,
            "en": self.en,
        }


@dataclass
class _Destination:
    folder: Path
    local: bool
    status: DestinationStatus
    busy: threading.Lock = field(default_factory=threading.Lock)
    commits_copied: int | None = None  # the database's commit count at the last copy
    daily_done: dt.date | None = None


class BackupPlan:
    def __init__(
        self,
        db: Database,
        destinations: Sequence[Path],
        *,
        interval_minutes: int = DEFAULT_INTERVAL_MINUTES,
        keep_daily: int = 30,
        keep_monthly: int = 12,
    ) -> None:
        if db.file is None:
            raise ValueError("backups are for a SQLite file")
        self.db = db
        self.db_file: Path = db.file
        self.interval = dt.timedelta(minutes=interval_minutes)
        self.keep = (keep_daily, keep_monthly)
        folders = backup_locations(self.db_file, destinations)
        self._destinations = [
            _Destination(folder, index == 0, DestinationStatus(folder))
            for index, folder in enumerate(folders)
        ]
        self._threads: list[threading.Thread] = []

    def status(self) -> list[DestinationStatus]:
        return [d.status for d in self._destinations]

    def tick(self, now: dt.datetime, open_at: dt.time, close_at: dt.time) -> None:
        """Once a minute from the server: start the copies that are due, each on its
        destination's worker thread; never waits for one."""
        for dest in self._destinations:
            work = self._due(dest, now, open_at, close_at)
            if work is not None and not dest.busy.locked():
                thread = threading.Thread(
                    target=self._run, args=(dest, work, now), name=f"backup to {dest.folder}",
                    daemon=True,
                )  # fmt: skip
                self._threads = [t for t in self._threads if t.is_alive()] + [thread]
                thread.start()

    def run_due(self, now: dt.datetime, open_at: dt.time, close_at: dt.time) -> None:
        """tick, done on this thread (tests; a last copy at shut-down)."""
        for dest in self._destinations:
            work = self._due(dest, now, open_at, close_at)
            if work is not None:
                self._run(dest, work, now)

    def wait(self, timeout: float = 60.0) -> None:
        for thread in list(self._threads):
            thread.join(timeout)

    def _due(
        self, dest: _Destination, now: dt.datetime, open_at: dt.time, close_at: dt.time
    ) -> str | None:
        storage = self.db.storage
        if storage is not None and storage.lost is not None:
            if dest.status.state != "paused":
                dest.status = replace(
                    dest.status,
                    state="paused",
                    zh="数据库已不可用，暂停备份",
                    en="the database is unavailable: backups paused",
                )
            return None
        if now.time() >= close_at:
            return "daily" if dest.daily_done != now.date() else None
        if now.time() < open_at:
            return None
        last = dest.status.last_copy_at
        if last is not None and last.date() == now.date() and now - last < self.interval:
            return None
        commits = storage.commits if storage is not None else None
        copied_today = last is not None and last.date() == now.date()
        if copied_today and commits is not None and commits == dest.commits_copied:
            return None  # nothing changed since this destination's last copy
        return "interval"

    def _run(self, dest: _Destination, work: str, now: dt.datetime) -> None:
        if not dest.busy.acquire(blocking=False):
            return
        try:
            commits = self.db.storage.commits if self.db.storage is not None else None
            self._check_reachable(dest)
            if work == "daily":
                target = dest.folder / f"hall-{now.date().isoformat()}.db"
                made = target if target.exists() else self._copy(dest, target, "daily")
                dest.daily_done = now.date()
            else:
                name = f"hall-{now.date().isoformat()}-{now:%H%M}.db"
                made = self._copy(dest, dest.folder / name, "interval")
            prune(dest.folder, now.date(), *self.keep)
            dest.commits_copied = commits
            dest.status = DestinationStatus(dest.folder, "ok", made, now)
        except BackupError as exc:
            failed = replace(
                dest.status, state=_state(exc), failures=dest.status.failures + 1, zh=exc.zh,
                en=exc.en,
            )  # fmt: skip
            if failed.failures == 1 or failed.state != dest.status.state:
                log.error("backup to %s failed: %s (retried every minute)", dest.folder, exc.en)
            dest.status = failed
        except Exception as exc:  # a bug must not stop the other destinations
            log.exception("backup to %s failed", dest.folder)
            dest.status = replace(
                dest.status, state="failed", failures=dest.status.failures + 1, zh=str(exc),
                en=str(exc),
            )  # fmt: skip
        finally:
            dest.busy.release()

    def _check_reachable(self, dest: _Destination) -> None:
        try:
            if dest.local or dest.folder.is_dir():
                return
        except OSError:
            pass
        raise BackupError(
            f"备份位置无法访问：{dest.folder}（不存在或未连接）",
            f"the backup location {dest.folder} cannot be reached (missing or not mounted)",
            "unreachable",
        )

    def _copy(self, dest: _Destination, target: Path, kind: str) -> Path:
        return backup_to(self.db_file, target, kind=kind, replace=True)


def _state(exc: BackupError) -> str:
    return exc.reason if exc.reason in ("unreachable", "full") else "failed"
