"""Noticing that the hall's database file is lost or damaged while the server runs.

The server calls ``StorageWatch.check()`` every few seconds (STORAGE_CHECK_S) on its own
thread; it costs one ``stat``. It compares the file's identity (st_dev, st_ino) with the one
the server opened, and runs ``PRAGMA quick_check`` on a fresh read-only connection every
QUICK_CHECK_S on a worker thread. Once the file is missing, replaced or damaged, the
Database's storage guard refuses every write (StorageUnavailable, code
``storage_unavailable``); the guard also catches it at the next commit, and maps a full or
read-only disk to the same error. After a loss the watch copies what the server still has
open into the backup folders (recovery.rescue_copy), so ``recover`` can give it back.

``check()`` returns a StorageStatus; ``changed`` tells whether it differs from the previous
one, which is when the server should publish an alarm.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.models.backup import readonly
from app.models.db import Database
from app.models.storage_guard import FileIdentity, damaged_file, lost_file, replaced_file

log = logging.getLogger(__name__)

STORAGE_CHECK_S = 2.0
QUICK_CHECK_S = 300.0


@dataclass(frozen=True)
class StorageStatus:
    ok: bool
    reason: str = ""  # missing, replaced, corrupt, disk_full, read_only, io_error
    zh: str = ""
    en: str = ""
    since: dt.datetime | None = None
    rescued: str = ""  # the emergency copy made after a loss, when there is one
    changed: bool = False  # differs from the previous check's status

    @property
    def code(self) -> str:
        return "ok" if self.ok else "storage_unavailable"

    def as_dict(self) -> dict[str, Any]:
        """For an alarm event: code, reason, zh, en, since, rescued."""
        return {
            "code": self.code,
            "ok": self.ok,
            "reason": self.reason,
            "zh": self.zh,
            "en": self.en,
            "since": self.since.isoformat(timespec="seconds") if self.since else None,
            "rescued": self.rescued,
        }


class StorageWatch:
    def __init__(
        self,
        db: Database,
        *,
        rescue_to: Sequence[Path] = (),
        quick_check_s: float = QUICK_CHECK_S,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.db = db
        self.rescue_to = list(rescue_to)
        self.quick_check_s = quick_check_s
        self._monotonic = monotonic
        self._next_quick = monotonic() + quick_check_s
        self._checking = threading.Lock()
        self._rescue: threading.Thread | None = None
        self._rescued = ""
        self._last: tuple[Any, ...] = (True, "", "")

    def check(self) -> StorageStatus:
        """Cheap; call every STORAGE_CHECK_S seconds from the server's thread."""
        guard = self.db.storage
        if guard is None:  # PostgreSQL or in-memory: nothing to watch here
            return StorageStatus(ok=True)
        if guard.lost is None:
            identity = FileIdentity.of(guard.path)
            if identity is None:
                guard.lose(lost_file(guard.path))
            elif identity != guard.identity:
                guard.lose(replaced_file(guard.path))
            elif self._monotonic() >= self._next_quick:
                self._next_quick = self._monotonic() + self.quick_check_s
                self._start(self._quick_check, "storage quick_check")
        lost, failure = guard.lost, guard.last_failure
        if lost is not None and lost.reason in ("missing", "replaced") and self._rescue is None:
            self._rescue = self._start(self._rescue_copy, "storage rescue copy")
        problem = lost or failure
        if problem is None:
            status = StorageStatus(ok=True)
        else:
            status = StorageStatus(
                ok=False,
                reason=problem.reason,
                zh=problem.zh,
                en=problem.en,
                since=guard.lost_at if lost is not None else None,
                rescued=self._rescued,
            )
        key = (status.ok, status.reason, status.rescued)
        changed, self._last = key != self._last, key
        if changed:
            level = logging.INFO if status.ok else logging.ERROR
            log.log(level, "storage status: %s %s %s", status.code, status.reason, status.rescued)
        return StorageStatus(**{**status.__dict__, "changed": changed})

    def quick_check_now(self) -> None:
        """Run the timer's quick_check at once, on this thread (waits for a running one)."""
        self._quick_check(wait=True)

    def wait(self, timeout: float = 30.0) -> None:
        """Until the background quick_check and rescue are done (tests, shut-down)."""
        if self._checking.acquire(timeout=timeout):
            self._checking.release()
        if self._rescue is not None:
            self._rescue.join(timeout)

    def _start(self, work: Callable[[], None], name: str) -> threading.Thread:
        thread = threading.Thread(target=work, name=name, daemon=True)
        thread.start()
        return thread

    def _quick_check(self, wait: bool = False) -> None:
        guard = self.db.storage
        if guard is None or not self._checking.acquire(blocking=wait):
            return
        try:
            conn = readonly(guard.path)  # fresh: reads the file, not a cache of it
            try:
                result = conn.execute("PRAGMA quick_check").fetchone()[0]
            finally:
                conn.close()
        except sqlite3.OperationalError as exc:  # busy, or gone (the stat will tell)
            log.warning("quick_check could not run: %s", exc)
            return
        except sqlite3.DatabaseError as exc:  # not a database, malformed
            result = str(exc)
        finally:
            self._checking.release()
        if result != "ok":
            guard.lose(damaged_file(guard.path, str(result)[:200]))

    def _rescue_copy(self) -> None:
        from app.models.recovery import rescue_copy

        try:
            made = rescue_copy(self.db, self.rescue_to)
        except Exception:
            log.exception("the rescue copy failed")
            return
        if made is not None:
            self._rescued = str(made)
            log.error("storage lost: the server's open copy was saved to %s", made)
