"""The storage layer's errors that a user must see (corrupt file, bad URL, lost disk)."""

from __future__ import annotations

from app.errors import HallError


class DatabaseError(HallError):
    """Base of storage errors that a user must see (corrupt file, bad URL)."""

    code = "database"


class DatabaseCorrupt(DatabaseError):
    code = "database_corrupt"


class StorageUnavailable(DatabaseError):
    """The hall's database file cannot take writes now (lost, replaced, damaged, disk full or
    read-only): nothing is acknowledged until it is back. ``reason`` says which."""

    code = "storage_unavailable"

    def __init__(self, reason: str, zh: str, en: str) -> None:
        super().__init__(
            f"数据库存储不可用，操作未保存：{zh}。请联系管理员。",
            f"the hall's database storage is unavailable and nothing was saved: {en}. "
            "Call the administrator.",
        )
        self.reason = reason
