"""The storage layer's errors that a user must see (corrupt file, bad URL, lost disk)."""

from __future__ import annotations

from app.errors import HallError


class DatabaseError(HallError):
    """Base of storage errors that a user must see (corrupt file, bad URL)."""

    code = "database"


class DatabaseCorrupt(DatabaseError):
    code = "database_corrupt"
