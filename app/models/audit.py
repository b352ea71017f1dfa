"""The audit log: who changed what, before and after. Written by this one function, always
inside the transaction of the change it records, as the next row of the audit chain."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Connection

from app.models.chain import AUDIT, append_sealed


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
    """Append one audit row in the caller's transaction, MAC-chained; returns its id."""
    return append_sealed(
        conn,
        AUDIT,
        {
            "at": at,
            "actor": actor,
            "action": action,
            "target": target,
            "before": before,
            "after": after,
        },
    )
