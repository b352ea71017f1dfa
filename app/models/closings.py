"""Closing records (办结) of 差评 follow-ups and complaints: append-only and MAC-chained.

A follow-up or a complaint is a row that changes while it is open (回访 result, 转办, ...),
so it cannot be a chain itself. When it closes, a closing record is appended to the
``closings`` chain with everything the closed row holds that the appraisal reads (deadline,
result, closing time, ...). The row then never changes again (followups.py and complaints.py
refuse to touch a closed one), and `verify` checks that each closed row still holds exactly
what its closing record sealed: rewriting the row or the record is found.

The one exception: a closed complaint may be deleted once it is over a year old
(complaints.py); its closing record stays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, select

from app.models.appraisal import Complaint, FollowUp
from app.models.chain import CLOSINGS, append_sealed, as_stored, plain

FOLLOW_UP = "follow_up"
COMPLAINT = "complaint"

# What a closing seals: the closed row's columns that say what was done and when.
SEALED_COLUMNS: dict[str, tuple[Any, tuple[str, ...]]] = {
    FOLLOW_UP: (
        FollowUp,
        (
            "ticket_id",
            "rating_id",
            "window_id",
            "staff_id",
            "level",
            "opened_on",
            "deadline",
            "status",
            "visit_result",
            "rectification",
            "handled_by",
            "closed_at",
        ),
    ),
    COMPLAINT: (
        Complaint,
        (
            "received_at",
            "kind",
            "source",
            "complainant",
            "contact",
            "content",
            "window_id",
            "staff_id",
            "special",
            "deadline",
            "routed_to",
            "routed_at",
            "status",
            "result",
            "feedback",
            "substantiated",
            "closed_at",
            "recorded_by",
        ),
    ),
}


def closed_states(
    conn: Connection, kind: str, ids: Iterable[int] | None = None
) -> dict[int, dict[str, Any]]:
    """{row id: the sealed columns as a closing record holds them} of one table's rows
    (all of them, or those of `ids`)."""
    model, names = SEALED_COLUMNS[kind]
    query = select(model.id, *(getattr(model, name) for name in names))
    if ids is not None:
        query = query.where(model.id.in_(list(ids)))
    return {
        row[0]: as_stored({name: plain(value) for name, value in zip(names, row[1:], strict=True)})
        for row in conn.execute(query)
    }


def append_closing(conn: Connection, kind: str, target_id: int, *, by: str, at: dt.datetime) -> int:
    """Seal the closed row `target_id` of `kind` into the closings chain; returns the id."""
    data = closed_states(conn, kind, [target_id])[target_id]
    return append_sealed(
        conn, CLOSINGS, {"at": at, "kind": kind, "target_id": target_id, "by": by, "data": data}
    )
