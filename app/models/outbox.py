"""The outbox: what the hall must deliver to others (the province's 好差评 platform, the city's
appraisal database), written in the same transaction as the record it is about, delivered
later by a sender off the server's thread (app/outbox).

Two channels share the table, each in its own id order (the hall's outbox sequence):

- ``province``: one row per rating, correction and 差评 整改 result, with its message as
  recorded (app/outbox/province.py writes them from the writers' own transactions);
- ``city``: one row per change of a row the city mirrors. Database triggers write them (so
  no writer can forget one): the table's name and the row's id, or ``*`` for the small
  configuration tables that ship whole. The sender reads each row as it is when it ships.

A channel captures only once enabled (``outbox_channels.enabled``): a hall without a
provincial endpoint or a city database keeps no outbox.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Connection, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base

PROVINCE, CITY = "province", "city"
CHANNELS = (PROVINCE, CITY)


class OutboxItem(Base):
    """One thing to deliver. Pending until delivered (or set aside as rejected by the
    receiver, kept with its answer); a channel delivers its rows in id order."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_channel_state", "channel", "state", "id"),
        # Ids are never used twice, even after every row was delivered and removed: the city
        # knows how far a hall got by the last id it applied.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(32))  # rating | correction | rectification | table
    ref: Mapped[str] = mapped_column(String(64))  # the record's key: idempotency, or row id
    payload: Mapped[Any | None] = mapped_column(JSON, default=None)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    state: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    delivered_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    last_error: Mapped[str] = mapped_column(Text, default="")


class OutboxChannel(Base):
    """A channel's switch and its delivery state, as the sender last wrote it (the
    supervisor's monitor and the stuck-outbox alarm read it)."""

    __tablename__ = "outbox_channels"

    name: Mapped[str] = mapped_column(String(16), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=False)
    target: Mapped[str] = mapped_column(String(255), default="")  # endpoint, no secrets
    enabled_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    last_attempt_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    last_success_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    last_error: Mapped[str] = mapped_column(Text, default="")
    failures: Mapped[int] = mapped_column(Integer, default=0)  # in a row, since the last success
    delivered: Mapped[int] = mapped_column(Integer, default=0)  # items delivered, all time


# What the city mirrors, and how (app/outbox/city_*.py ships it):
# APPEND: sealed, append-only rows: inserted once, never changed or removed in the city;
# ROWS: rows that change while open (a ticket, a follow-up): the city keeps their last state;
# WHOLE: small configuration tables: shipped whole after any change.
APPEND_TABLES = ("events", "ratings", "closings")
ROW_TABLES = (
    "tickets",
    "staff_sessions",
    "pauses",
    "follow_ups",
    "complaints",
    "duty_inspections",
    "conduct_records",
    "one_time_notices",
    "notice_failures",
    "leaves",
    "window_rosters",
    "patrols",
)
WHOLE_TABLES = (
    "services",
    "windows",
    "window_services",
    "staff",
    "holidays",
    "hall_settings",
    "duty_rosters",
)
CAPTURED = APPEND_TABLES + ROW_TABLES + WHOLE_TABLES
WHOLE = "*"  # the ref of a whole-table change

_ENABLED = f"(SELECT enabled FROM outbox_channels WHERE name = '{CITY}')"
# SQLAlchemy's own text form of a DateTime on SQLite: microseconds, six digits.
_SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f000', 'now', 'localtime')"
_OPS = {"i": "INSERT", "u": "UPDATE", "d": "DELETE"}


def _ops(table: str) -> str:
    return "i" if table in APPEND_TABLES else "iud"


def _sqlite_triggers(table: str) -> list[str]:
    found = []
    for op in _ops(table):
        row = "OLD" if op == "d" else "NEW"
        ref = f"'{WHOLE}'" if table in WHOLE_TABLES else f"{row}.id"
        found.append(
            f"CREATE TRIGGER IF NOT EXISTS outbox_city_{table}_{op} AFTER {_OPS[op]} ON {table}"
            f" WHEN {_ENABLED} BEGIN INSERT INTO outbox"
            " (channel, kind, ref, created_at, state, attempts, last_error)"
            f" VALUES ('{CITY}', '{table}', {ref}, {_SQLITE_NOW}, 'pending', 0, ''); END"
        )
    return found


_PG_FUNCTIONS = (
    f"""CREATE OR REPLACE FUNCTION outbox_city_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE key text;
BEGIN
  IF {_ENABLED} THEN
    IF TG_OP = 'DELETE' THEN key := OLD.id::text; ELSE key := NEW.id::text; END IF;
    INSERT INTO outbox (channel, kind, ref, created_at, state, attempts, last_error)
    VALUES ('{CITY}', TG_TABLE_NAME, key, localtimestamp, 'pending', 0, '');
  END IF;
  RETURN NULL;
END $$""",
    f"""CREATE OR REPLACE FUNCTION outbox_city_whole() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF {_ENABLED} THEN
    INSERT INTO outbox (channel, kind, ref, created_at, state, attempts, last_error)
    VALUES ('{CITY}', TG_TABLE_NAME, '{WHOLE}', localtimestamp, 'pending', 0, '');
  END IF;
  RETURN NULL;
END $$""",
)


def _pg_triggers(table: str) -> list[str]:
    events = " OR ".join(_OPS[op] for op in _ops(table))
    function = "outbox_city_whole" if table in WHOLE_TABLES else "outbox_city_row"
    return [
        f"CREATE OR REPLACE TRIGGER outbox_city_{table} AFTER {events} ON {table}"
        f" FOR EACH ROW EXECUTE FUNCTION {function}()"
    ]


def capture_statements(dialect: str) -> list[str]:
    """The triggers that write the city channel's rows, for SQLite or PostgreSQL. Each
    statement may run again (a migration that rebuilds a table drops its triggers:
    install_capture puts them back at every server start)."""
    if dialect == "sqlite":
        return [s for table in CAPTURED for s in _sqlite_triggers(table)]
    return [*_PG_FUNCTIONS, *(s for table in CAPTURED for s in _pg_triggers(table))]


def install_capture(conn: Connection) -> None:
    """Create the capture triggers that are missing (idempotent)."""
    for statement in capture_statements(conn.dialect.name):
        conn.exec_driver_sql(statement)


def capture_triggers(conn: Connection) -> set[str]:
    """The names of the capture triggers present (tests, the server's start-up check)."""
    if conn.dialect.name == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'outbox_city_%'"
    else:
        sql = "SELECT tgname FROM pg_trigger WHERE tgname LIKE 'outbox_city_%'"
    return {str(row[0]) for row in conn.exec_driver_sql(sql)}
