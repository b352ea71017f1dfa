"""Hash chains that make edits to append-only tables evident (tamper evidence)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

GENESIS = "0" * 64


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value


def link_hash(previous: str, fields: Mapping[str, Any]) -> str:
    """The hash of one row, chained to the hash of the row before it."""
    payload = json.dumps(
        {key: _plain(value) for key, value in fields.items()},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256((previous + payload).encode("utf-8")).hexdigest()


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
)


def row_fields(row: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    return {name: row[name] for name in names}
