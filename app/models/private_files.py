"""Files of the hall's data readable by their owner only: the database with its -wal/-shm,
backups and their manifests (0600), and the folders made for them (0700).

On Linux and macOS the modes are set when a file is created (SQLite gives a database's -wal
and -shm the mode of the database file). On Windows POSIX modes do not exist: the files take
the access list of their folder, which for the per-user data folder is the user's own; there
these functions only create the files.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

log = logging.getLogger(__name__)

FILE_MODE = 0o600
FOLDER_MODE = 0o700
POSIX = os.name == "posix"


def private_folder(path: Path) -> None:
    """Make the folder (0700 for each one made here); an existing folder is left as it is."""
    if path.is_dir():
        return
    if not path.parent.is_dir():
        private_folder(path.parent)
    with contextlib.suppress(FileExistsError):
        path.mkdir(mode=FOLDER_MODE)


def create_private(path: Path) -> None:
    """Create an empty file readable by its owner only; it must not exist yet."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), FILE_MODE)
    os.close(fd)


def make_private(path: Path) -> None:
    """Tighten an existing file to owner-only (best effort: a file we do not own is left)."""
    if not POSIX:
        return
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(FILE_MODE)
    except OSError as exc:
        log.warning("cannot make %s private: %s", path, exc)


def create_private_database(path: Path) -> None:
    """Before SQLite opens a database file: its folder exists, and the file is owner-only
    (created so if missing, tightened if not), so that its -wal and -shm are too."""
    private_folder(path.parent)
    try:
        create_private(path)
    except FileExistsError:
        pass
    except OSError as exc:  # a read-only folder: SQLite will say what it can
        log.warning("cannot create %s: %s", path, exc)
        return
    for suffix in ("", "-wal", "-shm"):
        if Path(str(path) + suffix).exists():
            make_private(Path(str(path) + suffix))


def write_private(path: Path, data: bytes) -> None:
    """Write a small file owner-only and durably (the caller renames it into place)."""
    fd = os.open(
        path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), FILE_MODE
    )
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


def sync_folder(path: Path) -> None:
    """Make a rename in this folder durable (no-op where folders cannot be opened)."""
    if not POSIX:
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
