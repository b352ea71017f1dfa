"""Shared by the queue tests: the PostgreSQL switch, and "a refused command writes nothing"."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from app.models import Database
from app.models.demo import seed_demo
from app.queue import errors

PG_URL = os.environ.get("HALLQUEUE_TEST_PG_URL", "")
# PostgreSQL joins only when configured (the concurrency test shows the skip otherwise).
BACKENDS = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]


def fresh_pg_database(url: str) -> Database:
    """An empty public schema, migrated and seeded with the demo hall."""
    wipe = create_engine(url)
    with wipe.begin() as conn:
        conn.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    wipe.dispose()
    database = Database(url)
    seed_demo(database)
    return database


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
