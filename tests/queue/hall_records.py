"""Checks shared by the queue tests: a refused command writes nothing at all."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import text

from app.models import Database
from app.queue import errors

# Tables whose rows a refused command must leave exactly as they were.
RECORD_TABLES = (
    "tickets",
    "events",
    "ratings",
    "staff_sessions",
    "pauses",
    "appointments",
)


def snapshot(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the hall's record tables, to show that nothing was half-written."""
    with db.read() as conn:
        return {
            table: [tuple(row) for row in conn.execute(text(f"SELECT * FROM {table} ORDER BY 1"))]
            for table in RECORD_TABLES
        }


def refused(
    db: Database, error: type[errors.QueueError], command: Callable[[], object]
) -> errors.QueueError:
    """Run a command that must be refused with `error`; check its messages and that it wrote
    nothing at all."""
    before = snapshot(db)
    with pytest.raises(error) as caught:
        command()
    exc = caught.value
    assert any("\u4e00" <= ch <= "\u9fff" for ch in exc.zh), f"no Chinese in {exc.zh!r}"
    assert exc.en and not any("\u4e00" <= ch <= "\u9fff" for ch in exc.en), exc.en
    assert exc.code != "queue_error"
    assert snapshot(db) == before
    return exc
