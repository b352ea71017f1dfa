"""The city benchmark: 50 halls × 30 days at 300–3,000 tickets a hall-day, shipped into the
city's PostgreSQL by the halls' own city channel, then the city's monthly report.

The halls' months are written in bulk (bench/citygen.py says how they are made realistic);
each hall then ships its whole month, as a hall that comes back after a month offline, or
joins the city with its history, does: batch after batch of its outbox, `--workers` halls at
a time. The ingest rate counts the records the city took (rows inserted or updated, rows
removed). The report is `python -m app city`'s work: every hall appraised by app.appraisal's
rules in its lens, side by side, the city-wide 红旗窗口, and the PDF.

Run under scripts/with-postgres (or give --pg-url):
    bash scripts/with-postgres .venv/bin/python -m bench.city
Last line: `city_month_report_s: X` (goal ≤ 5 s).
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing
import os
import sys
import tempfile
import time
from pathlib import Path

MONTH = dt.date(2026, 11, 1)
KEY = bytes(range(32))


def _generate(job: tuple[str, int, int, int]) -> tuple[int, int, int, float]:
    from bench.citygen import build_hall, hall_specs

    path, index, halls, days = job
    started = time.perf_counter()
    spec = hall_specs(halls)[index]
    dates = [MONTH + dt.timedelta(days=n) for n in range(days)]
    _, tickets, rows = build_hall(Path(path), spec, dates, KEY)
    return index, tickets, rows, time.perf_counter() - started


def _ship(job: tuple[str, int, str, int, bool]) -> tuple[int, int, int, int, float]:
    from app.appraisal.settings import DEFAULT_SETTINGS
    from app.city.lens import hours_dict
    from app.models import Database, sqlite_url
    from app.models.outbox import CITY
    from app.outbox.city_channel import CityChannel
    from app.outbox.items import disable, enable
    from app.outbox.sender import Sender, backoff
    from app.outbox.settings import CitySettings
    from bench.citygen import hall_specs

    path, index, url, halls, reused = job
    db = Database(sqlite_url(path), mac_key=KEY)
    if reused:  # made by an earlier run (shipped, maybe in part): its whole history again
        with db.write() as conn:
            conn.exec_driver_sql("DELETE FROM outbox WHERE channel = 'city'")
        disable(db, CITY)
        enable(db, CITY, "bench")
    channel = CityChannel(db, CitySettings(db_url=url), hall_name=hall_specs(halls)[index].name,
                          file_hours=hours_dict(DEFAULT_SETTINGS.hours))  # fmt: skip
    sender = Sender(db, channel)  # the server's own step: status recorded, retried on failure
    started = time.perf_counter()
    records = batches = retries = 0
    while True:
        try:
            if not sender.run_once():
                break
        except Exception:  # a deadlock with another hall's batch, a dropped connection: again
            retries += 1
            time.sleep(backoff(sender.failures))
            continue
        assert channel.last_batch is not None
        records += channel.last_batch.records
        batches += 1
    channel.close()
    db.dispose()
    return index, records, batches, retries, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--halls", type=int, default=50)
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2, help="halls generated/shipped at once")
    parser.add_argument("--data", help="folder of the halls' databases (kept; reused if there)")
    parser.add_argument("--pg-url", default=os.environ.get("HALLQUEUE_TEST_PG_URL", ""))
    parser.add_argument("--pages", help="render the report's pages to PNG in this folder")
    args = parser.parse_args(argv)
    if not args.pg_url:
        print("no PostgreSQL: run under scripts/with-postgres or give --pg-url", file=sys.stderr)
        return 2
    folder = Path(args.data or tempfile.mkdtemp(prefix="city-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    paths = [str(folder / f"hall{n:02d}.db") for n in range(args.halls)]
    pool = multiprocessing.get_context("spawn").Pool(args.workers)

    todo = [(p, n, args.halls, args.days) for n, p in enumerate(paths) if not Path(p).exists()]
    started = time.perf_counter()
    made = pool.map(_generate, todo, chunksize=1)
    if made:
        tickets, rows = sum(m[1] for m in made), sum(m[2] for m in made)
        print(f"generated {len(made)} halls × {args.days} days: {tickets:,} tickets, "
              f"{rows:,} rows in bulk ({time.perf_counter() - started:.0f} s, "
              f"{args.workers} processes)", flush=True)  # fmt: skip
    else:
        print(f"reusing the {len(paths)} halls in {folder}", flush=True)

    from sqlalchemy import create_engine, text

    from tests.city.conftest import wipe_city

    wipe_city(args.pg_url)
    started = time.perf_counter()
    made_now = {job[0] for job in todo}
    jobs = [(p, n, args.pg_url, args.halls, p not in made_now) for n, p in enumerate(paths)]
    shipped = pool.map(_ship, jobs, chunksize=1)
    pool.close()
    seconds = time.perf_counter() - started
    records, batches = sum(s[1] for s in shipped), sum(s[2] for s in shipped)
    retries = sum(s[3] for s in shipped)
    print(f"shipped {records:,} records in {batches:,} batches from {len(shipped)} halls, "
          f"{args.workers} at a time: {seconds:.1f} s ({retries} batches tried again)",
          flush=True)  # fmt: skip
    print(f"city_ingest_records_per_s: {records / seconds:,.0f}", flush=True)

    engine = create_engine(args.pg_url)
    with engine.connect() as conn:
        stats = conn.execute(text(
            "SELECT count(*), count(DISTINCT hall_id), min(n), max(n) FROM (SELECT hall_id, day,"
            " count(*) AS n FROM city.tickets GROUP BY hall_id, day) d"))  # fmt: skip
        hall_days, halls, low, high = stats.one()
        total = conn.scalar(text("SELECT count(*) FROM city.tickets"))
        size = conn.scalar(text("SELECT pg_size_pretty(pg_database_size(current_database()))"))
    print(f"the city holds {total:,} tickets of {halls} halls, {hall_days} hall-days of "
          f"{low}–{high} tickets; database {size}", flush=True)  # fmt: skip
    started = time.perf_counter()
    with engine.begin() as conn:  # after a bulk catch-up; autovacuum does it after daily shipping
        conn.execute(text("ANALYZE"))
    print(f"ANALYZE after the catch-up: {time.perf_counter() - started:.1f} s", flush=True)

    from app.city.appraisal import city_month
    from app.city.report_pdf import write_city_pdf

    timings = []
    out = folder / "city-2026-11.pdf"
    for _ in range(2):
        started = time.perf_counter()
        report = city_month(engine, MONTH, dt.date(2026, 12, 1), moment=dt.datetime.now())
        write_city_pdf(report, out)
        timings.append(time.perf_counter() - started)
    engine.dispose()
    t = report.totals
    print(f"report: {len(report.halls)} halls, {t.issued:,} tickets, satisfaction "
          f"{(t.satisfaction or 0) * 100:.2f}%, {len(report.city_red_flags)} city red flags, "
          f"{len(report.behind)} behind; {out}")  # fmt: skip
    print(f"report runs: {', '.join(f'{s:.2f} s' for s in timings)} (first, again)")
    if args.pages:
        import subprocess

        Path(args.pages).mkdir(parents=True, exist_ok=True)
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(out), f"{args.pages}/city"], check=True)
    print(f"city_month_report_s: {timings[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
