"""A hall database's id: written once at set-up (hall_settings key ``hall_id``), read by the
server's start-up check, by backups and by recovery (hall_identity.py holds the check)."""

from __future__ import annotations

import datetime as dt
import json
import secrets
import sqlite3
from pathlib import Path

from sqlalchemy import Connection, Engine, insert, select

from app.models.hall import HallSetting

HALL_ID_KEY = "hall_id"


def new_hall_id() -> str:
    return secrets.token_hex(8)


def read_hall_id(conn: Connection) -> str | None:
    value = conn.execute(select(HallSetting.value).where(HallSetting.key == HALL_ID_KEY)).scalar()
    return str(value) if value else None


def hall_id_of_file(conn: sqlite3.Connection) -> str | None:
    """The id in a database opened with sqlite3 (None: no id, or not a hall database)."""
    try:
        row = conn.execute(
            "SELECT value FROM hall_settings WHERE key = ?", (HALL_ID_KEY,)
        ).fetchone()
    except sqlite3.OperationalError:  # no hall_settings table: made before hall ids
        return None
    if row is None or row[0] is None:
        return None
    try:
        value = json.loads(row[0])  # a JSON column: stored as JSON text
    except (TypeError, ValueError):
        value = row[0]
    return str(value) if value else None


def ensure_hall_id(engine: Engine) -> str:
    """The database's hall id, made now if it has none (at set-up, or the first start after
    an upgrade from a version without ids)."""
    with engine.connect() as conn:
        found = read_hall_id(conn)
    if found is not None:
        return found
    made = new_hall_id()
    with engine.begin() as conn:  # at set-up: no engine command runs yet
        if read_hall_id(conn) is None:
            conn.execute(
                insert(HallSetting).values(
                    key=HALL_ID_KEY, value=made, updated_at=dt.datetime.now()
                )
            )
        found = read_hall_id(conn)
    assert found is not None
    return found


def read_hall_id_readonly(path: Path) -> str | None:
    """The hall id of a database file, read without changing it (sqlite3 errors pass)."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # "not a database" here
        return hall_id_of_file(conn)
    finally:
        conn.close()
