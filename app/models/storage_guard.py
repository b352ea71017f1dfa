"""The write guard of a SQLite hall database: nothing is acknowledged that is not durably in
the hall's own file.

The Database asks it before each write (refused once the file is known lost) and after each
commit (the file at the database's path is still the one the server opened, and its -wal is
there). A driver error that means the storage itself failed (disk full, read-only, I/O error,
damaged pages) becomes the typed ``StorageUnavailable``; damage and loss are latched until the
server is restarted on a recovered database, a full or read-only disk is not (the next write
tries again). StorageWatch (storage_watch.py) reads this state and adds its timer checks.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from app.models.errors import StorageUnavailable

log = logging.getLogger(__name__)

# SQLite's primary result codes (the low byte of an extended code).
SQLITE_READONLY, SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL = 8, 10, 11, 13
SQLITE_CANTOPEN, SQLITE_NOTADB = 14, 26


@dataclass(frozen=True)
class FileIdentity:
    device: int
    inode: int

    @classmethod
    def of(cls, path: Path) -> FileIdentity | None:
        try:
            st = os.stat(path)
        except FileNotFoundError:
            return None
        return cls(st.st_dev, st.st_ino)


def lost_file(path: Path) -> StorageUnavailable:
    return StorageUnavailable(
        "missing",
        f"数据库文件 {path} 已不存在（被删除或磁盘已卸载）",
        f"the database file {path} is gone (deleted, or its disk went away)",
    )


def replaced_file(path: Path) -> StorageUnavailable:
    return StorageUnavailable(
        "replaced",
        f"数据库文件 {path} 已被另一个文件替换",
        f"the database file {path} was replaced by another file",
    )


def damaged_file(path: Path, detail: str) -> StorageUnavailable:
    return StorageUnavailable(
        "corrupt",
        f"数据库文件 {path} 已损坏（{detail}）",
        f"the database file {path} is damaged ({detail})",
    )


def storage_error_of(error: BaseException, path: Path) -> StorageUnavailable | None:
    """The typed error for a driver error that means the storage failed; None for others
    (a busy file, a constraint) which the caller handles as before."""
    orig = getattr(error, "orig", None) or error
    code = getattr(orig, "sqlite_errorcode", None)
    text = str(orig)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary == SQLITE_FULL or "disk is full" in text:
        return StorageUnavailable(
            "disk_full", f"{path} 所在磁盘已满", f"the disk holding {path} is full"
        )
    if primary == SQLITE_READONLY or "readonly database" in text:
        return StorageUnavailable(
            "read_only", f"{path} 所在磁盘只读", f"the disk holding {path} is read-only"
        )
    if primary in (SQLITE_CORRUPT, SQLITE_NOTADB) or "malformed" in text:
        return damaged_file(path, text)
    if primary in (SQLITE_IOERR, SQLITE_CANTOPEN) or "disk I/O error" in text:
        return StorageUnavailable(
            "io_error", f"读写 {path} 出错（{text}）", f"reading or writing {path} failed ({text})"
        )
    return None


class StorageGuard:
    """Owned by the Database of a SQLite file; thread-safe (writers run on several threads)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.wal = Path(str(path) + "-wal")
        self.identity = FileIdentity.of(path)
        self._wal_identity: FileIdentity | None = None  # as seen by the kept writer
        self._lock = threading.Lock()
        self.lost: StorageUnavailable | None = None  # latched: every write refused
        self.lost_at: dt.datetime | None = None
        self.last_failure: StorageUnavailable | None = None  # the last write's, if it failed
        self.commits = 0  # writes committed since start (backups skip an unchanged file)

    def lose(self, error: StorageUnavailable) -> None:
        """From now on every write is refused with `error` (the first cause is kept)."""
        with self._lock:
            if self.lost is None:
                self.lost, self.lost_at = error, dt.datetime.now()
                log.error("storage lost: %s", error.en)

    def before_write(self) -> None:
        if self.lost is not None:
            raise self.lost

    def before_commit(self) -> None:
        """The file is still the hall's: otherwise the transaction is rolled back."""
        self._check_files(kept=False)
        if self.lost is not None:
            raise self.lost

    def after_commit(self, *, kept: bool) -> None:
        """The commit went into the hall's file: still at its path, and its -wal present
        (our connection is open, so SQLite cannot have removed it) and, for the kept writer,
        the same -wal it wrote before. Otherwise the write is not acknowledged (lost between
        before_commit and here, it may be in the lost file: the rescue copy keeps it)."""
        self._check_files(kept=kept)
        if self.lost is not None:
            raise self.lost
        self.commits += 1
        self.last_failure = None

    def _check_files(self, *, kept: bool) -> None:
        identity = FileIdentity.of(self.path)
        if identity is None:
            self.lose(lost_file(self.path))
        elif identity != self.identity:
            self.lose(replaced_file(self.path))
        else:
            wal = FileIdentity.of(self.wal)
            if wal is None:
                self.lose(lost_file(self.wal))
            elif kept:
                with self._lock:
                    seen, self._wal_identity = self._wal_identity, wal
                if seen is not None and seen != wal:
                    self.lose(replaced_file(self.wal))

    def writer_closed(self) -> None:
        """A fresh kept writer may see a fresh -wal (when no other connection was open)."""
        with self._lock:
            self._wal_identity = None

    def failed(self, error: BaseException) -> StorageUnavailable | None:
        storage = storage_error_of(error, self.path)
        if storage is None:
            return None
        if storage.reason == "corrupt":
            self.lose(storage)
        self.last_failure = storage
        log.error("write failed: %s", storage.en)
        return self.lost or storage
