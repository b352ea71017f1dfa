"""The city's copy of every hall's records, on PostgreSQL (schema ``city``).

Each table the halls ship (app/models/outbox.py CAPTURED) has its twin here with the same
columns plus ``hall_id`` (the hall's random id, app/models/hall_id.py) in front: the hall
dimension is in every table and in every key, so two halls' ticket 17, window 3 or A001
never meet. The big tables (tickets, events, ratings) are partitioned by month of their
date; a month's partition is made when its first row arrives. The indexes are the ones the
monthly appraisal reads by (hall, day) and a ticket's ratings by (hall, ticket).

A few columns stay in the hall: the clerks' password hashes and photos, and the complainants'
names and telephone numbers (the city appraises; it needs no personal data for that).
``city.halls`` holds each hall's name, its hours, and how far its shipping has come.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from sqlalchemy.dialects import postgresql

from app.models import Base
from app.models.outbox import APPEND_TABLES, CAPTURED, ROW_TABLES, WHOLE_TABLES

SCHEMA = "city"
APPEND, ROWS, WHOLE = "append", "rows", "whole"
EXCLUDED = {
    "staff": ("password_hash", "photo"),
    "complaints": ("complainant", "contact"),
}
# hall_settings: only what the appraisal reads (name and hours); the id is the hall's own.
SHIPPED_SETTINGS = ("hall_name", "open_at", "close_at", "hall_id")
PARTITIONS = {"tickets": "day", "events": "at", "ratings": "at"}
# Every key starts with hall_id; a month's partition holds a month: the monthly appraisal of
# a hall reads its month through the primary key's (hall_id, …) prefix in one partition.
# Besides: a ticket's ratings (its rating in force), and the dates the other tables are read by.
INDEXES: dict[str, tuple[tuple[str, ...], ...]] = {
    "ratings": (("hall_id", "ticket_id", "id"),),
    "follow_ups": (("hall_id", "opened_on"), ("hall_id", "ticket_id")),
    "complaints": (("hall_id", "received_at"),),
    "staff_sessions": (("hall_id", "day"),),
    "pauses": (("hall_id", "session_id"),),
    "closings": (("hall_id", "kind", "target_id"),),
    "duty_inspections": (("hall_id", "day"),),
    "patrols": (("hall_id", "day"),),
    "leaves": (("hall_id", "staff_id", "start"),),
    "one_time_notices": (("hall_id", "at"),),
    "notice_failures": (("hall_id", "day"),),
}


@dataclass(frozen=True)
class CityTable:
    name: str
    mode: str  # APPEND: never changes once in; ROWS: last state wins; WHOLE: replaced whole
    columns: tuple[str, ...]  # shipped, in the hall's model order
    types: tuple[str, ...]  # their PostgreSQL types
    keys: tuple[str, ...]  # the hall's primary key
    partition: str | None  # the monthly partition column

    @property
    def qualified(self) -> str:
        return f"{SCHEMA}.{self.name}"

    @property
    def city_key(self) -> tuple[str, ...]:
        extra = (self.partition,) if self.partition and self.partition not in self.keys else ()
        return ("hall_id", *self.keys, *extra)


def _mode(name: str) -> str:
    if name in APPEND_TABLES:
        return APPEND
    return ROWS if name in ROW_TABLES else WHOLE


def _table(name: str) -> CityTable:
    table = Base.metadata.tables[name]
    dialect = postgresql.dialect()
    columns = [c for c in table.columns if c.name not in EXCLUDED.get(name, ())]
    return CityTable(
        name=name,
        mode=_mode(name),
        columns=tuple(c.name for c in columns),
        types=tuple(
            "JSONB"
            if c.type.compile(dialect=dialect) == "JSON"
            else c.type.compile(dialect=dialect)
            for c in columns
        ),
        keys=tuple(c.name for c in table.primary_key.columns),
        partition=PARTITIONS.get(name),
    )


TABLES: dict[str, CityTable] = {name: _table(name) for name in CAPTURED}
assert set(WHOLE_TABLES) <= set(TABLES)


def quoted(name: str) -> str:
    return f'"{name}"'


def _create_table(t: CityTable) -> list[str]:
    columns = ", ".join(
        ["hall_id TEXT NOT NULL"]
        + [f"{quoted(c)} {kind}" for c, kind in zip(t.columns, t.types, strict=True)]
    )
    key = ", ".join(quoted(c) for c in t.city_key)
    partitioned = f" PARTITION BY RANGE ({quoted(t.partition)})" if t.partition else ""
    found = [
        f"CREATE TABLE IF NOT EXISTS {t.qualified} ({columns}, PRIMARY KEY ({key})){partitioned}"
    ]
    for n, index in enumerate(INDEXES.get(t.name, ())):
        cols = ", ".join(quoted(c) for c in index)
        found.append(f"CREATE INDEX IF NOT EXISTS ix_{t.name}_{n} ON {t.qualified} ({cols})")
    return found


META_DDL = "CREATE TABLE IF NOT EXISTS city.meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
HALLS_DDL = """CREATE TABLE IF NOT EXISTS city.halls (
    hall_id TEXT PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    file_hours JSONB,
    applied_seq BIGINT NOT NULL DEFAULT 0,
    batches BIGINT NOT NULL DEFAULT 0,
    records BIGINT NOT NULL DEFAULT 0,
    first_contact TIMESTAMP NOT NULL DEFAULT localtimestamp,
    last_contact TIMESTAMP NOT NULL DEFAULT localtimestamp,
    hall_clock TIMESTAMP,
    backlog INTEGER NOT NULL DEFAULT 0,
    oldest_pending TIMESTAMP
)"""


def schema_statements() -> list[str]:
    """Everything the city's schema needs; each statement may run again."""
    found = [f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}", META_DDL, HALLS_DDL]
    for table in TABLES.values():
        found += _create_table(table)
    return found


def partition_name(table: str, month: str) -> str:
    """city.tickets_2026_11 for the month "2026-11"."""
    return f"{SCHEMA}.{table}_{month.replace('-', '_')}"


def partition_statement(table: str, month: str) -> str:
    year, mon = (int(x) for x in month.split("-"))
    following = f"{year + mon // 12:04d}-{mon % 12 + 1:02d}-01"
    return (
        f"CREATE TABLE IF NOT EXISTS {partition_name(table, month)} PARTITION OF"
        f" {SCHEMA}.{table} FOR VALUES FROM ('{month}-01') TO ('{following}')"
    )


# Each hall's lens: a schema of views with the hall's own tables as the hall has them (the
# same names and columns, its rows only). The appraisal's own queries (app/appraisal) run in
# it unchanged, with the search path set to it (app/city/lens.py).
_LENS_ID = re.compile(r"^[0-9A-Za-z_]{1,48}$")
_STAND_INS = {
    ("staff", "password_hash"): "''::varchar(255)",
    ("staff", "photo"): "NULL::bytea",
    ("complaints", "complainant"): "''::varchar(64)",
    ("complaints", "contact"): "''::varchar(64)",
}


def lens_schema(hall_id: str) -> str:
    if not _LENS_ID.match(hall_id):
        raise ValueError(f"not a hall id: {hall_id!r}")
    return f"hall_{hall_id.lower()}"


def _lens_view(schema: str, name: str, hall_id: str) -> str:
    table = Base.metadata.tables[name]
    shipped = set(TABLES[name].columns)
    columns = ", ".join(
        quoted(c.name) if c.name in shipped else f"{_STAND_INS[(name, c.name)]} AS {quoted(c.name)}"
        for c in table.columns
    )
    return (
        f"CREATE VIEW {schema}.{name} AS SELECT {columns} FROM {SCHEMA}.{name}"
        f" WHERE hall_id = '{hall_id}'"
    )


def lens_statements(hall_id: str) -> list[str]:
    """The hall's lens, made afresh (views dropped first: a newer version may add columns)."""
    schema = lens_schema(hall_id)
    found = [f"DROP SCHEMA IF EXISTS {schema} CASCADE", f"CREATE SCHEMA {schema}"]
    return found + [_lens_view(schema, name, hall_id) for name in TABLES]


LENS_VERSION = hashlib.sha256(
    "\n".join(lens_statements("x") + schema_statements()).encode()
).hexdigest()[:16]
