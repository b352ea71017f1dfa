"""A batch of the hall's changes for the city: the oldest pending city items, and the rows they
name as they are now (read in the same snapshot).

Several changes of one row in a batch ship it once, as it is when the batch is read; a row
changed again later is named by a later item and ships again. A row that is gone (a
complaint deleted after its year) ships as gone. A whole-table item ships the table.
Values go out as the hall's database holds them (SQLite's text for times and JSON), and the
city's PostgreSQL reads them into its own types.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, func, select

from app.models.outbox import CITY, WHOLE, OutboxItem
from app.outbox.city_schema import APPEND, ROWS, SHIPPED_SETTINGS, TABLES, CityTable, quoted
from app.outbox.items import PENDING

CHUNK = 900  # ids per IN (…) list
BACKLOG_CAP = 1_000_000  # a backlog is counted up to this many items


@dataclass
class CityBatch:
    hall_id: str
    first_seq: int
    last_seq: int
    changes: int  # outbox items in it
    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)  # by table
    gone: dict[str, list[int]] = field(default_factory=dict)  # ids no longer in the hall
    whole: set[str] = field(default_factory=set)  # tables replaced whole
    backlog: int = 0  # city items still pending after this batch
    oldest_pending: dt.datetime | None = None  # when its first change was queued
    hall_clock: dt.datetime | None = None

    @property
    def records(self) -> int:
        return sum(len(r) for r in self.rows.values()) + sum(len(g) for g in self.gone.values())

    def months(self, table: str) -> set[str]:
        """The months ("2026-11") of the rows of a partitioned table."""
        t = TABLES[table]
        if t.partition is None:
            return set()
        index = t.columns.index(t.partition)
        return {str(row[index])[:7] for row in self.rows.get(table, [])}


def _cursor(conn: Connection) -> tuple[Any, str]:
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    return dbapi.cursor(), "?" if conn.dialect.name == "sqlite" else "%s"


def _json_text(t: CityTable) -> list[int]:
    return [i for i, kind in enumerate(t.types) if kind == "JSONB"]


def _as_shipped(
    conn: Connection, rows: list[tuple[Any, ...]], json_columns: list[int]
) -> list[tuple[Any, ...]]:
    """JSON values as text (SQLite holds them as text; PostgreSQL's driver decodes them)."""
    if not json_columns or conn.dialect.name == "sqlite":
        return rows
    shipped = []
    for row in rows:
        values = list(row)
        for i in json_columns:
            if values[i] is not None and not isinstance(values[i], str):
                values[i] = json.dumps(values[i], ensure_ascii=False)
        shipped.append(tuple(values))
    return shipped


def _select(t: CityTable) -> str:
    return f"SELECT {', '.join(quoted(c) for c in t.columns)} FROM {t.name}"


def _rows_by_id(conn: Connection, t: CityTable, ids: list[int]) -> list[tuple[Any, ...]]:
    cursor, mark = _cursor(conn)
    found: list[tuple[Any, ...]] = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        cursor.execute(f"{_select(t)} WHERE id IN ({', '.join([mark] * len(chunk))})", chunk)
        found += [tuple(row) for row in cursor.fetchall()]
    return _as_shipped(conn, found, _json_text(t))


def _whole(conn: Connection, t: CityTable) -> list[tuple[Any, ...]]:
    cursor, mark = _cursor(conn)
    if t.name == "hall_settings":
        keys = list(SHIPPED_SETTINGS)
        cursor.execute(f"{_select(t)} WHERE key IN ({', '.join([mark] * len(keys))})", keys)
    else:
        cursor.execute(_select(t))
    return _as_shipped(conn, [tuple(row) for row in cursor.fetchall()], _json_text(t))


def read_batch(conn: Connection, hall_id: str, limit: int) -> CityBatch | None:
    """The next batch of city changes (None: nothing pending), read in `conn`'s snapshot."""
    cursor, mark = _cursor(conn)
    cursor.execute(
        f"SELECT id, kind, ref FROM outbox WHERE channel = {mark} AND state = {mark}"
        f" ORDER BY id LIMIT {mark}",
        (CITY, PENDING, limit),
    )
    items = cursor.fetchall()
    if not items:
        return None
    batch = CityBatch(hall_id, items[0][0], items[-1][0], len(items))
    batch.oldest_pending = conn.scalar(
        select(OutboxItem.created_at).where(OutboxItem.id == items[0][0])
    )
    batch.hall_clock = dt.datetime.now()
    wanted: dict[str, dict[int, None]] = {}
    for _, kind, ref in items:
        if ref == WHOLE:
            batch.whole.add(kind)
        else:
            wanted.setdefault(kind, {})[int(ref)] = None
    for name in sorted(batch.whole):
        batch.rows[name] = _whole(conn, TABLES[name])
    for name, ids in wanted.items():
        t = TABLES[name]
        rows = _rows_by_id(conn, t, list(ids))
        batch.rows[name] = rows
        if t.mode in (ROWS, APPEND):
            found = {row[t.columns.index("id")] for row in rows}
            missing = [i for i in ids if i not in found]
            if missing and t.mode == ROWS:
                batch.gone[name] = missing
    later = (
        select(OutboxItem.id)
        .where(
            OutboxItem.channel == CITY,
            OutboxItem.state == PENDING,
            OutboxItem.id > batch.last_seq,
        )
        .limit(BACKLOG_CAP)
        .subquery()
    )
    batch.backlog = int(conn.scalar(select(func.count()).select_from(later)) or 0)
    return batch
