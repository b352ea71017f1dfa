"""The outbox rows of a channel: switching a channel on, reading what is pending in order,
marking what was delivered, and pruning what was delivered long ago."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, insert, select, text, update

from app.models import Database
from app.models.outbox import (
    APPEND_TABLES,
    CITY,
    ROW_TABLES,
    WHOLE,
    WHOLE_TABLES,
    OutboxChannel,
    OutboxItem,
)

PENDING, DELIVERED, REJECTED = "pending", "delivered", "rejected"
_SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f000', 'now', 'localtime')"


@dataclass(frozen=True)
class Item:
    id: int
    kind: str
    ref: str
    payload: Any
    attempts: int
    created_at: dt.datetime


@contextmanager
def reading(db: Database) -> Iterator[Connection]:
    """A snapshot to read pending rows in. On SQLite every write holds the file's write lock
    from its first insert to its commit, so no row with a lower id can still be coming. On
    PostgreSQL ids are taken before commit: the read holds the writers' lock, so that every
    lower id is committed (or gone) when it reads."""
    if db.is_sqlite:
        with db.read() as conn:
            yield conn
    else:
        with db.write() as conn:
            yield conn


def pending(conn: Connection, channel: str, limit: int) -> list[Item]:
    rows = conn.execute(
        select(
            OutboxItem.id,
            OutboxItem.kind,
            OutboxItem.ref,
            OutboxItem.payload,
            OutboxItem.attempts,
            OutboxItem.created_at,
        )
        .where(OutboxItem.channel == channel, OutboxItem.state == PENDING)
        .order_by(OutboxItem.id)
        .limit(limit)
    )
    return [Item(*row) for row in rows]


def mark(
    db: Database,
    now: dt.datetime,
    delivered: Sequence[int] = (),
    rejected: Sequence[tuple[int, str]] = (),
    failed: tuple[int, str] | None = None,
) -> None:
    """What a delivery did, in one transaction: items taken, items refused for good, the
    item that failed (its attempts counted, its error kept)."""
    with db.write() as conn:
        if delivered:
            conn.execute(
                update(OutboxItem)
                .where(OutboxItem.id.in_(list(delivered)))
                .values(state=DELIVERED, delivered_at=now, attempts=OutboxItem.attempts + 1)
            )
        for item_id, reason in rejected:
            conn.execute(
                update(OutboxItem)
                .where(OutboxItem.id == item_id)
                .values(state=REJECTED, last_error=reason[:2000], attempts=OutboxItem.attempts + 1)
            )
        if failed is not None:
            conn.execute(
                update(OutboxItem)
                .where(OutboxItem.id == failed[0])
                .values(last_error=failed[1][:2000], attempts=OutboxItem.attempts + 1)
            )


def drop_through(db: Database, channel: str, last_id: int) -> int:
    """Remove a channel's items up to `last_id` (the city's, once it holds them)."""
    with db.write() as conn:
        result = conn.execute(
            delete(OutboxItem).where(OutboxItem.channel == channel, OutboxItem.id <= last_id)
        )
    return int(result.rowcount or 0)


def prune(db: Database, before: dt.datetime) -> int:
    """Delivered items older than `before` (kept a while for the monitor's figures)."""
    with db.write() as conn:
        result = conn.execute(
            delete(OutboxItem).where(
                OutboxItem.state == DELIVERED, OutboxItem.delivered_at < before
            )
        )
    return int(result.rowcount or 0)


def enable(db: Database, channel: str, target: str) -> bool:
    """Switch a channel on (its target shown on the monitor); True when it was off. The city
    channel, switched on, queues everything the hall has already (then its triggers queue
    each change): a hall that joins the city late ships its whole history, in order."""
    now = dt.datetime.now()
    with db.write() as conn:
        row = conn.execute(
            select(OutboxChannel.enabled).where(OutboxChannel.name == channel)
        ).first()
        if row is None:
            conn.execute(
                insert(OutboxChannel).values(
                    name=channel,
                    enabled=True,
                    target=target,
                    enabled_at=now,
                    last_error="",
                    failures=0,
                    delivered=0,
                )
            )
        else:
            conn.execute(
                update(OutboxChannel)
                .where(OutboxChannel.name == channel)
                .values(enabled=True, target=target, **({} if row[0] else {"enabled_at": now}))
            )
        newly = row is None or not row[0]
        if newly and channel == CITY:
            _queue_history(conn)
    return newly


def _queue_history(conn: Connection) -> None:
    """Every existing row of the mirrored tables, as city items (one per whole table)."""
    now = _SQLITE_NOW if conn.dialect.name == "sqlite" else "localtimestamp"
    columns = "(channel, kind, ref, created_at, state, attempts, last_error)"
    for table in WHOLE_TABLES:
        conn.execute(
            text(
                f"INSERT INTO outbox {columns} VALUES"
                f" ('{CITY}', '{table}', '{WHOLE}', {now}, '{PENDING}', 0, '')"
            )
        )
    for table in ROW_TABLES + APPEND_TABLES:
        ref = "id" if conn.dialect.name == "sqlite" else "id::text"
        conn.execute(
            text(
                f"INSERT INTO outbox {columns} SELECT '{CITY}', '{table}', {ref}, {now},"
                f" '{PENDING}', 0, '' FROM {table} ORDER BY id"
            )
        )


def disable(db: Database, channel: str) -> None:
    """Switch a channel off: nothing more is queued (what is queued stays)."""
    with db.write() as conn:
        conn.execute(
            update(OutboxChannel).where(OutboxChannel.name == channel).values(enabled=False)
        )
