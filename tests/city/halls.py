"""Halls for the city tests: the demo hall's day simulated through the engine (bench/yearday.py)
with its supervisors' records (bench/yearrecords.py), the city channel on; and the row-by-row
comparison of a hall's tables with the city's copy."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, select, text

from app.appraisal.followups import sync_follow_ups, update_follow_up
from app.appraisal.ratings import correct_rating
from app.appraisal.settings import DEFAULT_SETTINGS
from app.models import Base, Database, FollowUp, Rating, sqlite_url
from app.models.demo import seed_demo
from app.models.hall_id import read_hall_id
from app.models.outbox import CITY
from app.outbox.city_schema import SHIPPED_SETTINGS, TABLES
from app.outbox.items import enable
from app.queue import ManualClock, QueueEngine
from bench.yearday import HallDay, plan_day
from bench.yearplan import make_plan
from bench.yearrecords import Records, daily_records, setup_year

DAY = dt.date(2026, 11, 23)  # a Monday


@dataclass
class SimHall:
    name: str
    db: Database
    engine: QueueEngine
    clock: ManualClock
    rng: random.Random
    day: HallDay
    plan: Any
    hall_id: str

    def finish_day(self) -> None:
        """After closing: 未评价 for the last sessions, the supervisors' records, a follow-up
        closed and a rating corrected (so the city gets closings and corrections too)."""
        self.clock.set(dt.datetime.combine(DAY, dt.time(18, 0)))
        self.engine.expire_ratings()
        with self.db.write() as conn:
            daily_records(conn, DAY, self.plan, self.rng, Records())
            sync_follow_ups(conn, DEFAULT_SETTINGS, (DAY, DAY))
            first = conn.scalar(select(FollowUp.id).order_by(FollowUp.id))
            if first is not None:
                update_follow_up(
                    conn,
                    first,
                    visit_result="已回访",
                    rectification="已整改",
                    close=True,
                    by="admin",
                    now=self.clock.now(),
                )
            rated = conn.scalar(select(Rating.id).where(Rating.level == 3).order_by(Rating.id))
            if rated is not None:
                correct_rating(
                    conn,
                    rated,
                    4,
                    by_staff_no="2001",
                    reason="误触更正",
                    now=self.clock.now(),
                    settings=DEFAULT_SETTINGS,
                )


def sim_hall(folder: Path, name: str, visitors: int, seed: int) -> SimHall:
    rng = random.Random(seed)
    db = Database(sqlite_url(folder / f"{name}.db"))
    seed_demo(db)
    enable(db, CITY, "city")  # the hall joins the city before its day
    plan = make_plan(rng, dt.date(2026, 1, 4), dt.date(2026, 11, 30), visitors)  # the year
    with db.write() as conn:
        setup_year(conn, plan, rng)
        hall_id = read_hall_id(conn) or ""
    clock = ManualClock(dt.datetime.combine(DAY, dt.time(7, 0)))
    engine = QueueEngine(db, clock=clock)
    return SimHall(
        name, db, engine, clock, rng, plan_day(engine, clock, rng, DAY, plan), plan, hall_id
    )


def _plain(value: Any) -> Any:
    """One comparable form for both databases' values (JSON as sorted text)."""
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    return value


def hall_rows(conn: Connection, table: str) -> Counter[tuple[Any, ...]]:
    """The rows the hall ships of a table, read through its models (the hall's own types)."""
    model = Base.metadata.tables[table]
    query = select(*(model.c[name] for name in TABLES[table].columns))
    if table == "hall_settings":
        query = query.where(model.c.key.in_(SHIPPED_SETTINGS))
    return Counter(tuple(_plain(v) for v in row) for row in conn.execute(query))


def city_rows(conn: Connection, table: str, hall_id: str) -> Counter[tuple[Any, ...]]:
    t = TABLES[table]
    columns = ", ".join(f'"{c}"' for c in t.columns)
    rows = conn.execute(
        text(f"SELECT {columns} FROM city.{table} WHERE hall_id = :hall"), {"hall": hall_id}
    )
    return Counter(tuple(_plain(v) for v in row) for row in rows)


def compare(hall: Database, hall_id: str, city: Engine) -> dict[str, tuple[int, int, int]]:
    """Per table: (rows in the hall, rows in the city for the hall, rows that differ)."""
    found: dict[str, tuple[int, int, int]] = {}
    with hall.read() as h, city.connect() as c:
        for table in TABLES:
            mine, theirs = hall_rows(h, table), city_rows(c, table, hall_id)
            differ = sum(((mine - theirs) + (theirs - mine)).values())
            found[table] = (sum(mine.values()), sum(theirs.values()), differ)
    return found
