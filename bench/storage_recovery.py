"""Storage recovery figures: how long `recover` takes over a corrupt database, and the
recovery point (events lost when the disk dies at a random minute of the day).

Run: .venv/bin/python bench/storage_recovery.py [--days N] [--per-minute R] [--samples S]

1. recover: a hall database with N days of traffic (issue, call, finish for ~600 tickets a
   day, built with synchronous=OFF to save time; the files are ordinary), a backup made with
   `python -m app backup`, half a day more, then 20 × 4 KiB of random data written over the
   middle of the file. Timed: the whole `python -m app recover --yes` command (a new Python
   process: finding the copy, integrity_check, hash chains, moving the broken file aside,
   putting the copy in place).
2. recovery point: one opening day (08:30–17:30) on a manual clock with R events a minute at
   random moments, BackupPlan ticking once a minute with the default 15-minute interval to an
   off-machine destination. The disk dies at S random moments: the loss is the events after
   the newest copy on the destination, and the time since it.
The last line: `recover_s: X  recovery_point_events_mean: M  max: K  minutes_max: T`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import event  # noqa: E402

from app.models import Database, sqlite_url  # noqa: E402
from app.models.backup import read_manifest  # noqa: E402
from app.models.backup_plan import BackupPlan  # noqa: E402
from app.models.demo import seed_demo  # noqa: E402
from app.queue import ManualClock, QueueEngine  # noqa: E402
from app.queue.settings import QueueSettings  # noqa: E402

OPEN, CLOSE = dt.time(8, 30), dt.time(17, 30)
START = dt.date(2026, 11, 2)  # a Monday
ANY_HOUR = QueueSettings(enforce_hours=False, enforce_calendar=False)


def _fast(db: Database) -> None:
    @event.listens_for(db.engine, "connect")
    def _no_sync(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA synchronous=OFF")

    db.engine.dispose()


def _working_days(count: int) -> list[dt.date]:
    days, day = [], START
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def _traffic(engine: QueueEngine, clock: ManualClock, day: dt.date, tickets: int) -> None:
    clock.set(dt.datetime.combine(day, dt.time(8, 31)))
    for window in range(1, 9):
        engine.sign_in(window, f"{1000 + window}")
    step = dt.timedelta(seconds=(8 * 3600) / tickets)
    for n in range(tickets):
        engine.issue_ticket("ABCDEF"[n % 6])
        window = 1 + n % 8
        try:
            engine.call_next(window)
            engine.finish(window, "done")
        except Exception:  # nothing this window can serve now
            pass
        clock.advance(seconds=step.total_seconds())


def recover_time(folder: Path, days: int) -> tuple[float, int, float]:
    path = folder / "hall.db"
    db = Database(sqlite_url(path))
    _fast(db)
    seed_demo(db)
    clock = ManualClock(dt.datetime.combine(START, dt.time(8, 30)))
    engine = QueueEngine(db, clock=clock, settings=ANY_HOUR)
    for day in _working_days(days):
        _traffic(engine, clock, day, 600)
    env = {**os.environ, "HALLQUEUE_HOME": str(folder), "PYTHONPATH": str(ROOT)}
    config = folder / "hall.toml"
    base = [sys.executable, "-m", "app", "--db", sqlite_url(path)]
    subprocess.run([*base, "backup", "--config", str(config)], env=env, check=True, cwd=ROOT)
    _traffic(engine, clock, _working_days(days + 1)[-1], 300)
    db.dispose()
    size_mb = path.stat().st_size / 1e6
    with open(path, "r+b") as handle:
        handle.seek((path.stat().st_size // 2 // 4096) * 4096)
        handle.write(os.urandom(20 * 4096))
    started = time.perf_counter()
    done = subprocess.run(
        [*base, "recover", "--yes", "--config", str(config)],
        env=env, cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(done.stdout + done.stderr)
    events = int(read_manifest(next((folder / "backups").glob("hall-*.db"))).get("last_event_seq"))  # type: ignore[union-attr]
    return took, events, size_mb


def recovery_point(folder: Path, per_minute: float, samples: int) -> dict[str, float]:
    db = Database(sqlite_url(folder / "hall.db"))
    _fast(db)
    seed_demo(db)
    day = START
    clock = ManualClock(dt.datetime.combine(day, OPEN))
    engine = QueueEngine(db, clock=clock, settings=ANY_HOUR)
    for window in range(1, 9):
        engine.sign_in(window, f"{1000 + window}")
    away = folder / "usb"
    away.mkdir()
    plan = BackupPlan(db, [away])
    rng = random.Random(15)
    timeline: list[tuple[float, int, int, float]] = []  # (minute, live seq, copy seq, copy at)
    copy_seq, copy_at = 0, 0.0
    opened = dt.datetime.combine(day, OPEN)
    minutes = int((dt.datetime.combine(day, CLOSE) - opened).total_seconds() // 60)
    live = engine.last_seq()
    for minute in range(minutes):
        moments = sorted(rng.random() for _ in range(_poisson(rng, per_minute)))
        for moment in moments:
            clock.set(opened + dt.timedelta(minutes=minute + moment))
            engine.issue_ticket("F")  # no daily cap
            live = engine.last_seq()
            timeline.append((minute + moment, live, copy_seq, copy_at))
        tick = opened + dt.timedelta(minutes=minute + 1)
        plan.run_due(tick, OPEN, CLOSE)
        status = plan.status()[1]
        if status.last_copy is not None and status.last_copy_at == tick:
            manifest = read_manifest(status.last_copy) or {}
            copy_seq, copy_at = int(manifest.get("last_event_seq") or 0), minute + 1.0
        timeline.append((minute + 1.0, live, copy_seq, copy_at))
    db.dispose()
    lost_events, lost_minutes = [], []
    for _ in range(samples):
        death = rng.uniform(1.0, float(minutes))
        state = max((t for t in timeline if t[0] <= death), key=lambda t: t[0])
        lost_events.append(state[1] - state[2])
        lost_minutes.append(death - state[3])
    return {
        "mean": statistics.mean(lost_events),
        "max": max(lost_events),
        "minutes_mean": statistics.mean(lost_minutes),
        "minutes_max": max(lost_minutes),
    }


def _poisson(rng: random.Random, mean: float) -> int:
    count, total = 0, rng.expovariate(mean)
    while total < 1.0:
        count += 1
        total += rng.expovariate(mean)
    return count


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--days", type=int, default=20)
    parser.add_argument("--per-minute", type=float, default=4.0)
    parser.add_argument("--samples", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-recover-") as tmp:
        took, events, size_mb = recover_time(Path(tmp), args.days)
    print(f"recover over a corrupt {size_mb:.1f} MB database ({events} events): {took:.2f} s")
    with tempfile.TemporaryDirectory(prefix="bench-rpo-") as tmp:
        point = recovery_point(Path(tmp), args.per_minute, args.samples)
    print(
        f"recovery point over {args.samples} random deaths ({args.per_minute}/min): "
        f"mean {point['mean']:.1f} events ({point['minutes_mean']:.1f} min), "
        f"max {point['max']} events ({point['minutes_max']:.1f} min)"
    )
    print(
        f"recover_s: {took:.2f}  recovery_point_events_mean: {point['mean']:.1f}  "
        f"max: {point['max']}  minutes_max: {point['minutes_max']:.1f}"
    )


if __name__ == "__main__":
    main()
