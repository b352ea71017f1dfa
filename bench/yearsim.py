"""A realistic year of the 8-window demo hall, run through the engine day by day (from 4
January, a make-up working day, to 30 November 2026), then appraised: the yearly clerk
ranking, 评先 and its exclusions.

Visitors, calls, finishes and ratings go through QueueEngine commands on a ManualClock;
leave, patrols, complaints, inspections and 回访 go through the appraisal functions the
console uses. Last line: `year_report_s: X` (the year's ranking, PDF and workbook).

Run from the repository root: python -m bench.yearsim [--db PATH] [--visitors N] [--out DIR]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from app.appraisal.ranking import YearRanking, year_ranking
from app.appraisal.settings import DEFAULT_SETTINGS
from app.models import Database, sqlite_url
from app.models.demo import seed_demo
from app.queue import ManualClock, QueueEngine
from bench.yearday import run_day
from bench.yearplan import make_plan
from bench.yearrecords import Records, all_days, daily_records, setup_year

FIRST, LAST = dt.date(2026, 1, 4), dt.date(2026, 11, 30)  # 4 Jan: a make-up working day
AS_OF = dt.date(2026, 12, 1)
SEED = 2026


@dataclass(frozen=True)
class SimSummary:
    days: int
    issued: int
    finished: int
    rated: int
    commands: int
    refusals: dict[str, int]
    refused_consult_substantiated: int
    seconds: float


def simulate(
    path: Path, *, visitors: int = 70, seed: int = SEED, last: dt.date = LAST, quiet: bool = True
) -> SimSummary:
    """Fill a new SQLite file at `path` with the year; returns what was done."""
    started = time.perf_counter()
    rng = random.Random(seed)
    plan = make_plan(rng, FIRST, last, visitors)
    db = Database(sqlite_url(path))
    seed_demo(db)
    with db.write() as conn:
        setup_year(conn, plan, rng)
    clock = ManualClock(dt.datetime.combine(FIRST, dt.time(7, 0)))
    engine = QueueEngine(db, clock=clock)
    records = Records()
    issued = finished = rated = commands = 0
    refusals: dict[str, int] = {}
    days = all_days(plan)
    for n, day in enumerate(days):
        stats = run_day(engine, clock, rng, day, plan)
        with db.write() as conn:
            daily_records(conn, day, plan, rng, records)
        issued, finished = issued + stats.issued, finished + stats.finished
        rated, commands = rated + stats.rated, commands + stats.commands
        for code, count in stats.refusals.items():
            refusals[code] = refusals.get(code, 0) + count
        if not quiet and n % 20 == 0:
            print(f"  {day} … {time.perf_counter() - started:.0f} s", flush=True)
    db.dispose()
    return SimSummary(
        len(days),
        issued,
        finished,
        rated,
        commands,
        refusals,
        records.refused_consult_substantiated,
        time.perf_counter() - started,
    )


def spread(ranking: YearRanking) -> tuple[float, float, float]:
    scores = [r.score for r in ranking.staff if r.score is not None]
    return min(scores), statistics.median(scores), max(scores)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "hallyear.db")
    parser.add_argument("--visitors", type=int, default=70, help="visitors a day")
    parser.add_argument("--out", type=Path, default=Path("build/yearsim"))
    args = parser.parse_args()
    if args.db.exists():
        print(f"reusing {args.db} (delete it to simulate again)")
    else:
        print(f"simulating {FIRST} … {LAST} into {args.db}")
        s = simulate(args.db, visitors=args.visitors, quiet=False)
        print(
            f"{s.days} days, {s.issued} tickets, {s.finished} finished, {s.rated} rated, "
            f"{s.commands} engine commands in {s.seconds:.0f} s; refusals {s.refusals}; "
            f"有效 on a 咨询 refused {s.refused_consult_substantiated}×"
        )
    from app.reports.produce import make_daily, make_month, make_year

    db = Database(sqlite_url(args.db))
    with db.read() as conn:
        ranking = year_ranking(conn, 2026, DEFAULT_SETTINGS, AS_OF)
    for row in ranking.staff:
        print(f"{row.rank or '-':>3} {row.label:<12} {row.score or 0:6.2f}  {row.excluded}")
    low, mid, high = spread(ranking)
    print(f"spread min {low:.2f} median {mid:.2f} max {high:.2f}")
    print("评先:", "、".join(r.label for r in ranking.excellent))
    out: Path = args.out
    make_daily(db, dt.date(2026, 11, 23), pdf=out / "daily.pdf", xlsx=out / "daily.xlsx")
    make_month(
        db, dt.date(2026, 11, 1), pdf=out / "month.pdf", xlsx=out / "month.xlsx", as_of=AS_OF
    )
    wall = time.perf_counter()
    make_year(db, 2026, pdf=out / "year.pdf", xlsx=out / "year.xlsx", as_of=AS_OF)
    wall = time.perf_counter() - wall
    db.dispose()
    print(f"reports in {out}")
    print(f"year_report_s: {wall:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
