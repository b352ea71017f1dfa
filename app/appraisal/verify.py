"""Tamper evidence: recompute the hash chains of the event log and of the ratings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from app.models import Event, Rating
from app.models.chain import EVENT_FIELDS, GENESIS, RATING_FIELDS, link_hash, row_fields
from app.models.recovery import CopyRules


@dataclass(frozen=True)
class ChainCheck:
    table: str
    rows: int  # rows checked
    broken_id: int | None  # the first row whose hash does not match; None when intact

    @property
    def ok(self) -> bool:
        return self.broken_id is None

    def describe(self) -> str:
        if self.ok:
            return f"{self.table}: {self.rows} 行，哈希链完整 / {self.rows} rows, chain intact"
        return (
            f"{self.table}: 第 {self.broken_id} 行哈希不符，记录被改动 / "
            f"row {self.broken_id} does not match its hash: the table was edited"
        )


def _check(conn: Connection, table: Any, names: tuple[str, ...], label: str) -> ChainCheck:
    columns = [table.c[name] for name in ("id", *names, "hash")]
    previous = GENESIS
    count = 0
    result = conn.execution_options(yield_per=5000).execute(select(*columns).order_by(table.c.id))
    for row in result.mappings():
        count += 1
        expected = link_hash(previous, row_fields(dict(row), names))
        if row["hash"] != expected:
            result.close()
            return ChainCheck(label, count, int(row["id"]))
        previous = row["hash"]
    return ChainCheck(label, count, None)


def verify_chains(conn: Connection) -> list[ChainCheck]:
    """Check both chains; each reports the first row that was edited, inserted or removed."""
    return [
        _check(conn, Event.__table__, EVENT_FIELDS, "events 事件日志"),
        _check(conn, Rating.__table__, RATING_FIELDS, "ratings 评价"),
    ]


def copy_rules(hall_id: str | None) -> CopyRules:
    """What a copy of the database must match to replace it: this hall's id, and intact
    chains."""
    return CopyRules(hall_id, verify_chains)
