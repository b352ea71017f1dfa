"""CSV export of tickets, ratings and events for other systems (UTF-8 with BOM for Excel)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from sqlalchemy import Connection, Table, select

from app.models.records import Event, Rating, Ticket

TABLES: dict[str, tuple[Table, str]] = {
    "tickets": (Ticket.__table__, "issued_at"),  # type: ignore[dict-item]
    "ratings": (Rating.__table__, "at"),  # type: ignore[dict-item]
    "events": (Event.__table__, "at"),  # type: ignore[dict-item]
}


def export_csv(conn: Connection, start: dt.date, end: dt.date, folder: Path) -> dict[str, int]:
    """Rows from `start` to `end` inclusive, one CSV per table; returns the row counts."""
    if end < start:
        raise ValueError("end date is before start date")
    folder.mkdir(parents=True, exist_ok=True)
    low = dt.datetime.combine(start, dt.time.min)
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min)
    counts = {}
    for name, (table, column) in TABLES.items():
        path = folder / f"{name}_{start.isoformat()}_{end.isoformat()}.csv"
        rows = conn.execute(
            select(table).where(table.c[column] >= low, table.c[column] < high).order_by(table.c.id)
        )
        with path.open("w", newline="", encoding="utf-8-sig") as handle:
            writer = csv.writer(handle)
            writer.writerow(rows.keys())
            count = 0
            for row in rows:
                writer.writerow(["" if value is None else value for value in row])
                count += 1
        counts[name] = count
    return counts
