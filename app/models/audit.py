"""The audit log: who changed what, before and after. Written by this one function, always
inside the transaction of the change it records."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection, insert

from app.models.records import AuditLog


def append_audit(
    conn: Connection,
    *,
    at: dt.datetime,
    actor: str,
    action: str,
    target: str = "",
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> int:
    """Append one audit row in the caller's transaction; returns its id."""
    key = conn.execute(
        insert(AuditLog).values(
            at=at, actor=actor, action=action, target=target, before=before, after=after
        )
    ).inserted_primary_key
    assert key is not None
    return int(key[0])
