"""The hall's MAC key: the secret that seals the append-only records (see chain.py).

One key per hall, generated at setup: 32 random bytes written as 64 hex digits in a file that
only the server's user can read (mode 0600 on Linux and macOS; on Windows the file lives in
the user's own profile folder, which other users cannot read — see the README to tighten it
with icacls). The key is never stored in the database, so no database file or backup holds
it: someone who has only the database cannot recompute a chain that verifies.

Where it is: ``[server] mac_key_file`` in the config file, else ``hall.key`` beside the config
file (config.py resolves that for the programs). A Database built without naming a key uses
that default place and creates the key there on first use, so tests and tools keep working.

Writers get the key from their connection: Database puts it in the ``info`` of every
connection of its pool (``connection_key``), so the engine, the appraisal and the migrations
append sealed rows without passing the key around.
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
from pathlib import Path
from typing import Any

from platformdirs import user_config_dir

from app.models.errors import DatabaseError

log = logging.getLogger(__name__)

APP_NAME = "hallqueue"
KEY_FILE_NAME = "hall.key"
KEY_BYTES = 32
INFO_KEY = "hall_mac_key"  # where a connection's `info` carries the key


class HallKeyError(DatabaseError):
    """Base of the key file's errors."""

    code = "mac_key"


class KeyMissing(HallKeyError):
    code = "mac_key_missing"

    def __init__(self, path: Path, how: tuple[str, str] = ("", "")) -> None:
        """`how`: why that path, in Chinese and English (e.g. beside which config file)."""
        zh_how, en_how = how
        super().__init__(
            f"找不到大厅密钥文件：{path}"
            + (f"（{zh_how}）" if zh_how else "")
            + "。请从密钥备份恢复该文件，或用 --key-file / 配置项 server.mac_key_file 指明其位置",
            f"the hall's key file is missing: looked for {path}"
            + (f" ({en_how})" if en_how else "")
            + "; restore it from the key backup, or name it with --key-file or the config "
            "key server.mac_key_file",
        )
        self.path = path


class KeyInvalid(HallKeyError):
    code = "mac_key_invalid"

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"大厅密钥文件 {path} 的内容无效（应为 64 位十六进制数）",
            f"the hall's key file {path} is not valid (it must hold 64 hex digits)",
        )
        self.path = path


class NoKeyOnConnection(HallKeyError):
    code = "mac_key_not_on_connection"

    def __init__(self) -> None:
        super().__init__(
            "此数据库连接没有大厅密钥，不能写入受保护的记录",
            "this connection carries no hall key: sealed records cannot be written on it",
        )


def config_folder() -> Path:
    """The folder of the hall's config file (HALLQUEUE_HOME overrides); the key's default home."""
    override = os.environ.get("HALLQUEUE_HOME")
    return Path(override) if override else Path(user_config_dir(APP_NAME, appauthor=False))


def default_key_file() -> Path:
    return config_folder() / KEY_FILE_NAME


def fingerprint(key: bytes) -> str:
    """A short public name of a key (not the key): tells two key files apart."""
    return hashlib.sha256(b"hall key fingerprint\x00" + key).hexdigest()[:12]


def load_key(path: Path, how: tuple[str, str] = ("", "")) -> bytes:
    """Read the key; KeyMissing (naming the path) if there is none."""
    try:
        text = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        raise KeyMissing(path, how) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise KeyInvalid(path) from exc
    try:
        key = bytes.fromhex(text)
    except ValueError:
        raise KeyInvalid(path) from None
    if len(key) != KEY_BYTES:
        raise KeyInvalid(path)
    if os.name == "posix" and path.stat().st_mode & 0o077:
        log.warning("the hall key file %s is readable by others: chmod 600 it", path)
    return key


def create_key(path: Path) -> bytes:
    """Write a new random key readable only by this user; never replaces an existing file.

    The key is written to a private temporary file and linked into place, so a process that
    races us either wins or reads the complete file of the winner (FileExistsError for us).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_bytes(KEY_BYTES)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(key.hex() + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.link(tmp, path)  # atomic, and fails if a key is there already
    finally:
        tmp.unlink(missing_ok=True)
    log.warning("created the hall key file %s (fingerprint %s): back it up", path, fingerprint(key))
    return key


def load_or_create_key(path: Path) -> tuple[bytes, bool]:
    """The key at `path`, made on first use; returns (key, whether it was made now)."""
    try:
        return load_key(path), False
    except KeyMissing:
        pass
    try:
        return create_key(path), True
    except FileExistsError:  # another process made it first: use theirs
        return load_key(path), False


def install_key(record_info: dict[str, Any], key: bytes) -> None:
    record_info[INFO_KEY] = key


def connection_key(conn: Any) -> bytes:
    """The hall key carried by a connection of a Database (see Database.__init__)."""
    key = conn.info.get(INFO_KEY)
    if key is None:
        raise NoKeyOnConnection()
    return bytes(key)
