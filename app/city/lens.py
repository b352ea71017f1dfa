"""Reading one hall in the city's database as if it were the hall's own: its lens schema
(app/outbox/city_schema.py) on the search path, its hours from what it shipped."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, text

from app.appraisal.hours import effective_hours
from app.appraisal.settings import HallHours
from app.outbox.city_schema import lens_schema


@dataclass(frozen=True)
class CityHall:
    """A hall as the city knows it: its name, hours and how far its shipping has come."""

    hall_id: str
    name: str
    file_hours: dict[str, Any]
    applied_seq: int
    records: int
    first_contact: dt.datetime
    last_contact: dt.datetime
    hall_clock: dt.datetime | None
    backlog: int
    oldest_pending: dt.datetime | None


def city_halls(conn: Connection) -> list[CityHall]:
    """Every hall the city has heard from; its name as its admin set it, else its config's."""
    rows = conn.execute(
        text(
            "SELECT h.hall_id, COALESCE((SELECT s.value #>> '{}' FROM city.hall_settings s"
            " WHERE s.hall_id = h.hall_id AND s.key = 'hall_name'), h.name), h.file_hours,"
            " h.applied_seq, h.records, h.first_contact, h.last_contact, h.hall_clock,"
            " h.backlog, h.oldest_pending FROM city.halls h ORDER BY h.hall_id"
        )
    )
    return [
        CityHall(r[0], r[1], r[2] or {}, int(r[3]), int(r[4]), r[5], r[6], r[7], int(r[8]), r[9])
        for r in rows
    ]


def file_hours(hall: CityHall, default: HallHours) -> HallHours:
    """The hours in the hall's config file, as it shipped them (the default's otherwise)."""
    found: dict[str, Any] = {}
    for name in ("open_at", "close_at", "lunch_start", "lunch_end"):
        value = hall.file_hours.get(name)
        if isinstance(value, str):
            found[name] = dt.time.fromisoformat(value)
    for name in ("sign_in_lead_minutes", "long_leave_minutes"):
        value = hall.file_hours.get(name)
        if isinstance(value, int):
            found[name] = value
    return dataclasses.replace(default, **found)


def hours_dict(hours: HallHours) -> dict[str, Any]:
    """What a hall ships of its config file's hours (city.halls.file_hours)."""
    return {
        "open_at": hours.open_at.strftime("%H:%M"),
        "close_at": hours.close_at.strftime("%H:%M"),
        "lunch_start": hours.lunch_start.strftime("%H:%M"),
        "lunch_end": hours.lunch_end.strftime("%H:%M"),
        "sign_in_lead_minutes": hours.sign_in_lead_minutes,
        "long_leave_minutes": hours.long_leave_minutes,
    }


@contextmanager
def hall_lens(engine: Engine, hall: CityHall) -> Iterator[Connection]:
    """One read transaction that sees the hall's own tables: app.appraisal's queries run in
    it as they run in the hall."""
    with engine.connect() as conn, conn.begin():
        conn.execute(text(f"SET LOCAL search_path TO {lens_schema(hall.hall_id)}"))
        yield conn


def hall_hours(conn: Connection, hall: CityHall, default: HallHours) -> HallHours:
    """The hours the hall's appraisal is judged by: an admin's own (shipped in its
    hall_settings) over its config file's (one rule: app.appraisal.hours)."""
    return effective_hours(conn, file_hours(hall, default))
