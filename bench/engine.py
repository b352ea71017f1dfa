"""Durable cost of the engine's commands against the floor of a raw sqlite3 commit.

Run: .venv/bin/python bench/engine.py [--rounds N] [--dir PATH]

In one run, on one disk, interleaved round by round, it times the median of
  (a) a raw sqlite3 single-row INSERT + COMMIT in WAL mode with synchronous=FULL,
  (b) QueueEngine.issue_ticket,
  (c) QueueEngine.call_next,
on a hall with 300 windows (signed in) and 5,000 waiting tickets (bulk inserted).
Every command of (b) and (c) is one transaction committed before it returns (FULL sync).
The last line is `issue_vs_sqlite_ratio: X` (goal <= 2.0; raw sqlite3 is 1.0).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert

from app.models import (
    Database,
    Service,
    Staff,
    StaffSession,
    Ticket,
    Window,
    WindowService,
    sqlite_url,
)
from app.queue import ManualClock, QueueEngine

WINDOWS = 300
WAITING = 5_000
SERVICES = [chr(ord("A") + n) for n in range(26)]
SERVICES_PER_WINDOW = 3
DAY = dt.date(2026, 11, 23)  # a Monday
START = dt.datetime.combine(DAY, dt.time(8, 30))


def build_hall(db: Database) -> None:
    """Services, staff, windows with their services, sessions and the waiting tickets."""
    with db.write() as conn:
        conn.execute(
            insert(Service),
            [
                {
                    "code": code,
                    "name": f"事项{code}",
                    "group_name": "",
                    "promised_minutes": 10,
                    "daily_cap": None,
                    "open_at": dt.time(8, 30),
                    "close_at": dt.time(17, 0),
                    "sort_order": n,
                    "active": True,
                }
                for n, code in enumerate(SERVICES)
            ],
        )
        conn.execute(
            insert(Staff),
            [
                {
                    "staff_no": f"{5000 + n}",
                    "name": f"职员{n}",
                    "title": "",
                    "role": "clerk",
                    "password_hash": "",
                    "active": True,
                }
                for n in range(WINDOWS)
            ],
        )
        conn.execute(
            insert(Window),
            [
                {
                    "id": n + 1,
                    "number": n + 1,
                    "name": f"{n + 1}号窗口",
                    "lunch_duty": False,
                    "keypad_url": "",
                    "keypad_address": 1,
                    "active": True,
                }
                for n in range(WINDOWS)
            ],
        )
        conn.execute(
            insert(WindowService),
            [
                {
                    "window_id": n + 1,
                    "service_id": (n + rank) % len(SERVICES) + 1,
                    "rank": rank,
                }
                for n in range(WINDOWS)
                for rank in range(SERVICES_PER_WINDOW)
            ],
        )
        conn.execute(
            insert(StaffSession),
            [
                {"staff_id": n + 1, "window_id": n + 1, "day": DAY, "signed_in_at": START}
                for n in range(WINDOWS)
            ],
        )
        counts = dict.fromkeys(SERVICES, 0)
        rows = []
        for n in range(WAITING):
            code = SERVICES[n % len(SERVICES)]
            counts[code] += 1
            moment = START + dt.timedelta(seconds=n)
            rows.append(
                {
                    "day": DAY,
                    "prefix": code,
                    "number": counts[code],
                    "service_id": SERVICES.index(code) + 1,
                    "priority": n % 50 == 0,
                    "state": "waiting",
                    "issued_at": moment,
                    "queue_at": moment,
                    "recalls": 0,
                    "outcome_note": "",
                    "print_state": "printed",
                    "kiosk": "",
                }
            )
        conn.execute(insert(Ticket), rows)


class RawSqlite:
    """The floor: one row, one transaction, WAL with FULL sync, on the same disk."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=WAL")
        self.conn.execute("PRAGMA synchronous=FULL")
        self.conn.execute(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, day TEXT, prefix TEXT, number INTEGER,"
            " state TEXT, issued_at TEXT)"
        )
        self.n = 0

    def insert(self) -> None:
        self.n += 1
        self.conn.execute("BEGIN IMMEDIATE")
        self.conn.execute(
            "INSERT INTO t (day, prefix, number, state, issued_at) VALUES (?, ?, ?, ?, ?)",
            ("2026-11-23", "A", self.n, "waiting", "2026-11-23 09:00:00.000000"),
        )
        self.conn.execute("COMMIT")


def timed(action: object) -> float:
    begin = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - begin


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=WINDOWS, help="samples of each (<= 300)")
    parser.add_argument("--dir", type=Path, default=None, help="where the files go")
    args = parser.parse_args()
    rounds = min(args.rounds, WINDOWS)
    with tempfile.TemporaryDirectory(dir=args.dir, prefix="hall-bench-") as folder:
        raw = RawSqlite(Path(folder) / "raw.db")
        db = Database(sqlite_url(Path(folder) / "hall.db"))
        built = time.perf_counter()
        build_hall(db)
        built = time.perf_counter() - built
        clock = ManualClock(dt.datetime.combine(DAY, dt.time(10, 0)))
        engine = QueueEngine(db, clock=clock)
        for code in SERVICES[:3]:  # warm up: statement caches, pages in memory
            engine.issue_ticket(code)
            raw.insert()
        samples: dict[str, list[float]] = {"sqlite": [], "issue": [], "call": []}
        for n in range(rounds):
            clock.advance(seconds=1)
            samples["sqlite"].append(timed(raw.insert))
            code = SERVICES[n % len(SERVICES)]
            samples["issue"].append(timed(lambda code=code: engine.issue_ticket(code)))
            window = n + 1
            samples["call"].append(timed(lambda window=window: engine.call_next(window)))
        raw.conn.close()
        db.dispose()
    median = {name: statistics.median(values) * 1000 for name, values in samples.items()}
    p90 = {name: statistics.quantiles(values, n=10)[-1] * 1000 for name, values in samples.items()}
    print(f"hall: {WINDOWS} windows signed in, {WAITING} waiting tickets (built in {built:.2f} s)")
    print(f"rounds: {rounds} (interleaved), files in {args.dir or tempfile.gettempdir()}")
    for name, label in [
        ("sqlite", "(a) raw sqlite3 insert+commit"),
        ("issue", "(b) engine issue_ticket"),
        ("call", "(c) engine call_next"),
    ]:
        print(f"{label:32s} median {median[name]:7.3f} ms   p90 {p90[name]:7.3f} ms")
    print(f"call_vs_sqlite_ratio: {median['call'] / median['sqlite']:.2f}")
    print(f"issue_vs_sqlite_ratio: {median['issue'] / median['sqlite']:.2f}")


if __name__ == "__main__":
    main()
