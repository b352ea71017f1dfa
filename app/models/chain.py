"""Keyed MAC chains over the append-only records: edits by someone who has the database file
(but not the hall's key) are evident.

Each append-only table is one chain. A row stores in its ``hash`` column

    HMAC-SHA256(key, table name · the previous row's MAC · the row's fields as canonical JSON)

so a row rewritten, inserted or removed in the middle breaks the chain at that row, and
nobody without the key (hall_key.py) can recompute a chain that verifies. Removing the last
rows leaves a shorter chain that still verifies: that is caught by the anchors, the heads
(`chain_heads`) printed in the daily report, written to the heads files and carried in the
backup manifests, which `python -m app verify --anchors DIR` compares with the database.

The chains: events (the hall's event log), ratings (with their corrections, which are rows
of the same table), audit_log, and closings (the closing records of 差评 follow-ups and
complaints, closings.py).
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, text

from app.models.base import Base
from app.models.hall_key import connection_key

GENESIS = "0" * 64  # the "previous MAC" of a chain's first row
DIGEST_CHARS = 16  # a head's short digest: the first 64 bits of its MAC

EVENT_FIELDS = ("at", "kind", "ticket_id", "window_id", "staff_id", "data")
RATING_FIELDS = (
    "ticket_id",
    "window_id",
    "staff_id",
    "level",
    "scale",
    "at",
    "device",
    "device_address",
    "keypad_session",
    "raw_frame",
    "corrects_id",
    "corrected_by",
    "reason",
    "path",
    "session_id",
    "reasons",
    "case_no",
    "item_code",
)
AUDIT_FIELDS = ("at", "actor", "action", "target", "before", "after")
CLOSING_FIELDS = ("at", "kind", "target_id", "by", "data")


@dataclass(frozen=True)
class Chain:
    table: str  # also the chain's name in anchors
    fields: tuple[str, ...]  # the columns sealed, besides id and hash
    json_fields: tuple[str, ...]  # JSON columns: sealed as they read back
    zh: str

    @property
    def label(self) -> str:
        return f"{self.table} {self.zh}"


EVENTS = Chain("events", EVENT_FIELDS, ("data",), "事件日志")
RATINGS = Chain("ratings", RATING_FIELDS, ("reasons",), "评价及更正")
AUDIT = Chain("audit_log", AUDIT_FIELDS, ("before", "after"), "审计日志")
CLOSINGS = Chain("closings", CLOSING_FIELDS, ("data",), "回访与投诉办结")
CHAINS = (EVENTS, RATINGS, AUDIT, CLOSINGS)
BY_TABLE = {chain.table: chain for chain in CHAINS}


def as_stored(value: Any) -> Any:
    """A JSON value as it will read back (tuples become lists, keys become strings)."""
    if value is None:
        return None
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def plain(value: Any) -> Any:
    """Dates and times as ISO text, as the sealed form holds them."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value


def canonical(fields: Mapping[str, Any]) -> bytes:
    """The sealed form of a row's fields: sorted JSON, NULL fields left out. Leaving them out
    lets a later migration add a nullable column to a chain's fields without re-sealing the
    older rows (NULL there); a column with a non-NULL default needs a re-seal instead."""
    return json.dumps(
        {key: plain(value) for key, value in fields.items() if value is not None},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    ).encode("utf-8")


def seal(key: bytes, chain: Chain, previous: str, fields: Mapping[str, Any]) -> str:
    """The MAC of one row (its sealed fields, as they read back), chained to the previous."""
    message = b"\x00".join((chain.table.encode(), previous.encode(), canonical(fields)))
    return hmac.digest(key, message, "sha256").hex()


def row_fields(row: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: row[name] for name in names}


class Sealer:
    """Seals consecutive rows of one chain (bulk writers: the migration, benches)."""

    def __init__(self, key: bytes, chain: Chain, previous: str = GENESIS) -> None:
        self.key, self.chain, self.previous = key, chain, previous

    def __call__(self, fields: Mapping[str, Any]) -> str:
        self.previous = seal(self.key, self.chain, self.previous, fields)
        return self.previous


def last_mac(conn: Connection, chain: Chain) -> str:
    value = conn.execute(text(f"SELECT hash FROM {chain.table} ORDER BY id DESC LIMIT 1")).scalar()
    return value or GENESIS


def append_sealed(conn: Connection, chain: Chain, values: Mapping[str, Any]) -> int:
    """Insert one row of `chain`, sealed to the row before it; returns its id.

    The caller's write transaction (BEGIN IMMEDIATE / the advisory lock) keeps the appends
    of a chain strictly one after the other.
    """
    values = {**values, **{name: as_stored(values.get(name)) for name in chain.json_fields}}
    fields = {name: values.get(name) for name in chain.fields}
    mac = seal(connection_key(conn), chain, last_mac(conn, chain), fields)
    table = Base.metadata.tables[chain.table]
    key = conn.execute(insert(table).values(**values, hash=mac)).inserted_primary_key
    assert key is not None
    return int(key[0])


def short(mac: str) -> str:
    return mac[:DIGEST_CHARS]


def chain_heads(conn: Connection) -> dict[str, dict[str, Any]]:
    """Each chain's head, to be kept outside the database (reports, heads files, backup
    manifests): {table: {"id": last row id (0 when empty), "digest": first 16 hex of its MAC}}.
    """
    heads: dict[str, dict[str, Any]] = {}
    for chain in CHAINS:
        row = conn.execute(
            text(f"SELECT id, hash FROM {chain.table} ORDER BY id DESC LIMIT 1")
        ).first()
        last_id, mac = (int(row[0]), row[1]) if row else (0, "")
        heads[chain.table] = {"id": last_id, "digest": short(mac)}
    return heads
