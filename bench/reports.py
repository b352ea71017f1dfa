"""Benchmark: a year of synthetic hall data (~1M tickets, 60 windows), then time the daily
PDF of a 30k-ticket day, the monthly appraisal and the year's report (ranking, PDF and
workbook). Last line: `month_appraisal_s: X`.

The data go into a SQLite file under /tmp (reused when present; delete it to rebuild).
Run: .venv/bin/python bench/reports.py [--db /tmp/hallqueue-bench-year.db]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, select

from app.appraisal.followups import sync_follow_ups
from app.appraisal.ranking import MonthAppraisal, month_appraisal
from app.appraisal.settings import DEFAULT_SETTINGS
from app.models import (
    Database,
    Holiday,
    Pause,
    Rating,
    Service,
    Staff,
    StaffSession,
    Ticket,
    Window,
    WindowService,
    sqlite_url,
)
from app.models.chain import RATING_FIELDS, RATINGS, Sealer
from app.reports.produce import make_daily, make_month, make_year

YEAR = 2025
WINDOWS = 60
SERVICES = "ABCDEFGHIJKL"
PER_DAY = 4000  # about 250 working days: ~1M tickets
BUSY_DAY = dt.date(YEAR, 6, 16)  # a Monday with 30k tickets
BUSY_COUNT = 30_000
BUSY_MONTH = dt.date(YEAR, 6, 1)  # 110k tickets with the busy day
MONTH = dt.date(YEAR, 11, 1)  # 20 working days: 80k tickets
AS_OF = dt.date(YEAR + 1, 1, 5)
HOLIDAYS = [dt.date(YEAR, 1, 1), *[dt.date(YEAR, 5, d) for d in range(1, 6)]]
HOLIDAYS += [dt.date(YEAR, 10, d) for d in range(1, 9)]
DEFAULT_DB = Path(tempfile.gettempdir()) / "hallqueue-bench-year.db"


def working_days() -> list[dt.date]:
    day, days = dt.date(YEAR, 1, 1), []
    while day.year == YEAR:
        if day.weekday() < 5 and day not in HOLIDAYS:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def seed_hall(db: Database) -> tuple[list[int], list[int], list[int], dict[int, list[int]]]:
    with db.write() as conn:
        for day in HOLIDAYS:
            conn.execute(insert(Holiday).values(day=day, name="假日"))
        conn.execute(
            insert(Service),
            [
                {"code": c, "name": f"事项{c}", "promised_minutes": 8 + 2 * i, "sort_order": i}
                for i, c in enumerate(SERVICES)
            ],
        )
        conn.execute(
            insert(Staff),
            [{"staff_no": f"{2000 + n}", "name": f"职员{n:02d}"} for n in range(1, WINDOWS + 1)],
        )
        services = list(conn.scalars(select(Service.id).order_by(Service.id)))
        staff = list(conn.scalars(select(Staff.id).order_by(Staff.id)))
        conn.execute(
            insert(Window),
            [
                {"number": n, "name": f"{n}号窗口", "staff_a_id": staff[n - 1]}
                for n in range(1, WINDOWS + 1)
            ],
        )
        windows = list(conn.scalars(select(Window.id).order_by(Window.number)))
        serving: dict[int, list[int]] = {s: [] for s in services}
        links = []
        for i, w in enumerate(windows):
            service = services[i % len(services)]
            serving[service].append(i)
            links.append({"window_id": w, "service_id": service, "rank": 0})
        conn.execute(insert(WindowService), links)
    return services, staff, windows, serving


def day_rows(
    rng: random.Random,
    day: dt.date,
    count: int,
    services: list[int],
    staff: list[int],
    windows: list[int],
    serving: dict[int, list[int]],
) -> tuple[list[dict[str, Any]], list[tuple[int, int | None, dt.datetime]]]:
    """Tickets of one day, and (index in day, level, at) for the ratings of finished ones."""
    opening = dt.datetime.combine(day, dt.time(8, 30))
    numbers = {s: 0 for s in services}
    tickets, ratings = [], []
    span = 8.5 * 3600
    for i in range(count):
        service = rng.choice(services)
        numbers[service] += 1
        issued = opening + dt.timedelta(seconds=int(span * i / count) + rng.randrange(60))
        called = issued + dt.timedelta(seconds=int(rng.expovariate(1 / 900)))
        w = rng.choice(serving[service])
        no_show = rng.random() < 0.05
        finished = None if no_show else called + dt.timedelta(seconds=rng.randrange(90, 1800))
        predicted = int((called - issued).total_seconds() * rng.uniform(0.6, 1.4)) + 30
        tickets.append(
            {
                "day": day,
                "prefix": SERVICES[services.index(service)],
                "number": numbers[service],
                "service_id": service,
                "state": "no_show" if no_show else "finished",
                "issued_at": issued,
                "queue_at": issued,
                "called_at": called,
                "started_at": None if no_show else called,
                "finished_at": finished,
                "window_id": windows[w],
                "staff_id": staff[w],
                "outcome": None if no_show else "done",
                "predicted_wait_s": predicted if rng.random() < 0.8 else None,
            }
        )
        if finished is not None and rng.random() < 0.85:
            roll = rng.random()
            level = (
                None
                if roll < 0.05
                else 5
                if roll < 0.75
                else 4
                if roll < 0.93
                else 3
                if roll < 0.98
                else rng.choice((1, 2))
            )
            ratings.append((i, level, finished + dt.timedelta(seconds=10)))
    return tickets, ratings


def generate(path: Path) -> None:
    rng = random.Random(2025)
    db = Database(sqlite_url(path))
    services, staff, windows, serving = seed_hall(db)
    seal = Sealer(db.mac_key, RATINGS)
    days = working_days()
    started = time.perf_counter()
    for n, day in enumerate(days):
        count = BUSY_COUNT if day == BUSY_DAY else PER_DAY
        tickets, ratings = day_rows(rng, day, count, services, staff, windows, serving)
        with db.write() as conn:
            first_id = (conn.scalar(select(func.max(Ticket.id))) or 0) + 1
            conn.execute(insert(Ticket), tickets)
            rows = []
            for index, level, at in ratings:
                t = tickets[index]
                fields = {name: None for name in RATING_FIELDS} | {
                    "ticket_id": first_id + index,
                    "window_id": t["window_id"],
                    "staff_id": t["staff_id"],
                    "level": level,
                    "scale": 5,
                    "at": at,
                    "device": "",
                    "raw_frame": "",
                    "corrected_by": "",
                    "reason": "",
                }
                rows.append(fields | {"hash": seal(fields)})
            conn.execute(insert(Rating), rows)
            sessions = [
                {
                    "staff_id": staff[w],
                    "window_id": windows[w],
                    "day": day,
                    "signed_in_at": dt.datetime.combine(day, dt.time(8, rng.randrange(5, 30))),
                    "signed_out_at": dt.datetime.combine(day, dt.time(17, rng.randrange(15, 45))),
                }
                for w in range(len(windows))
            ]
            conn.execute(insert(StaffSession), sessions)
            ids = conn.scalars(select(StaffSession.id).where(StaffSession.day == day)).all()
            pauses = []
            for session_id, w in zip(ids, range(len(windows)), strict=True):
                for start, minutes, reason in (
                    (12, 60, "lunch"),
                    (15, rng.randrange(5, 20), "break"),
                ):
                    begin = dt.datetime.combine(day, dt.time(start, rng.randrange(0, 30)))
                    pauses.append(
                        {
                            "session_id": session_id,
                            "window_id": windows[w],
                            "reason": reason,
                            "note": "",
                            "started_at": begin,
                            "ended_at": begin + dt.timedelta(minutes=minutes),
                        }
                    )
            conn.execute(insert(Pause), pauses)
        if n % 25 == 0:
            print(f"  {day} … {time.perf_counter() - started:.0f} s", flush=True)
    with db.write() as conn:
        opened = sync_follow_ups(conn, DEFAULT_SETTINGS)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("ANALYZE")
    db.dispose()
    print(f"generated in {time.perf_counter() - started:.0f} s; {opened} follow-ups opened")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    args = parser.parse_args()
    path: Path = args.db
    if path.exists():
        print(f"reusing {path}")
    else:
        print(f"generating a year of hall data into {path}")
        generate(path)
    db = Database(sqlite_url(path))
    with db.read() as conn:
        tickets = conn.scalar(select(func.count()).select_from(Ticket))
        ratings = conn.scalar(select(func.count()).select_from(Rating))
        busy = conn.scalar(select(func.count()).where(Ticket.day == BUSY_DAY))
        month_count = conn.scalar(
            select(func.count()).where(Ticket.day.between(MONTH, dt.date(YEAR, 11, 30)))
        )
    print(f"tickets: {tickets}  ratings: {ratings}  busy day: {busy}  {MONTH:%Y-%m}: {month_count}")
    print("load average (1/5/15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    out = Path(tempfile.gettempdir()) / "hallqueue-bench-reports"

    def timed(label: str, work: Callable[[], object]) -> float:
        """Wall time (the figure) and this process's CPU time (what a busy machine hides)."""
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        print(f"{label}: {wall:.2f}   (cpu {cpu:.2f})")
        return wall

    timed("daily_pdf_s", lambda: make_daily(db, BUSY_DAY, pdf=out / "daily.pdf"))
    timed("daily_xlsx_s", lambda: make_daily(db, BUSY_DAY, xlsx=out / "daily.xlsx"))
    timed(
        "month_pdf_and_xlsx_s",
        lambda: make_month(db, MONTH, pdf=out / "month.pdf", xlsx=out / "month.xlsx"),
    )
    results: list[MonthAppraisal] = []
    with db.read() as conn:
        for month in (BUSY_MONTH, MONTH):

            def appraise(month: dt.date = month) -> None:
                results.append(month_appraisal(conn, month, DEFAULT_SETTINGS, AS_OF))

            month_s = timed(f"month_appraisal_s {month:%Y-%m}", appraise)
    print(f"red flags {MONTH:%Y-%m}: {', '.join(r.label for r in results[-1].red_flags)}")
    timed(
        "year_report_s",
        lambda: make_year(db, YEAR, pdf=out / "year.pdf", xlsx=out / "year.xlsx", as_of=AS_OF),
    )
    print("load average (1/5/15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    db.dispose()
    print(f"month_appraisal_s: {month_s:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
