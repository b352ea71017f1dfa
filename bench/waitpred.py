"""How right is the estimated wait? A simulated hall driven through the real engine.

Usage: .venv/bin/python bench/waitpred.py [--days 30] [--seed 7] [--latency]

Every ticket's estimate (made by the predictor inside the issuing transaction) is compared with
its real wait (first call − issue). The naive formula for comparison is
people ahead × the service's average handling time (last 50 cases) ÷ open windows serving it.
The sim's SQLite file runs with synchronous=OFF (no fsync); the engine's SQL is unchanged.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.queue.predict import PredictorConfig, make_estimator
from bench.hallsim import SimOptions, TicketRecord, simulate

PERIODS = [
    ("08:30-10:00", dt.time(8, 30), dt.time(10, 0)),
    ("10:00-12:00", dt.time(10, 0), dt.time(12, 0)),
    ("12:00-13:30", dt.time(12, 0), dt.time(13, 30)),
    ("13:30-15:00", dt.time(13, 30), dt.time(15, 0)),
    ("15:00-17:00", dt.time(15, 0), dt.time(17, 1)),
]


def metrics(pairs: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """RMSE, MAE, bias (estimate − real) in minutes, and the share within ±5 minutes."""
    if not pairs:
        return (math.nan,) * 4
    errors = [(est - real) / 60 for est, real in pairs]
    rmse = math.sqrt(sum(e * e for e in errors) / len(errors))
    mae = sum(abs(e) for e in errors) / len(errors)
    bias = sum(errors) / len(errors)
    within = sum(1 for e in errors if abs(e) <= 5) / len(errors)
    return rmse, mae, bias, within


def table(records: list[TicketRecord]) -> float:
    done = [r for r in records if r.wait_s is not None]
    print(
        f"{'period':<12} {'n':>6} {'wait':>6} | {'ours: rmse':>10} {'mae':>6} {'bias':>6} "
        f"{'±5min':>6} | {'naive: rmse':>11} {'mae':>6} {'bias':>6} {'±5min':>6}"
    )
    rows = [(name, [r for r in done if a <= r.issued_at.time() < b]) for name, a, b in PERIODS]
    rows.append(("overall", done))
    overall = (math.nan, math.nan)
    for name, group in rows:
        ours = [(float(r.estimate_s or 0), r.wait_s or 0.0) for r in group]
        naive = [(r.naive_s, r.wait_s or 0.0) for r in group]
        mean_wait = statistics.fmean(r.wait_s or 0.0 for r in group) / 60 if group else math.nan
        o, n = metrics(ours), metrics(naive)
        print(
            f"{name:<12} {len(group):>6} {mean_wait:>6.1f} | {o[0]:>10.2f} {o[1]:>6.2f} "
            f"{o[2]:>+6.2f} {o[3]:>6.1%} | {n[0]:>11.2f} {n[1]:>6.2f} {n[2]:>+6.2f} {n[3]:>6.1%}"
        )
        overall = (o[0], n[0])
    print("naive, hall-wide variant (all waiting × hall mean handling ÷ all open windows):")
    for name, group in rows:
        h = metrics([(r.naive_hall_s, r.wait_s or 0.0) for r in group])
        print(
            f"  {name:<12} rmse {h[0]:6.2f}  mae {h[1]:6.2f}  bias {h[2]:+6.2f}  ±5min {h[3]:6.1%}"
        )
    missing = sum(1 for r in done if r.estimate_s is None)
    print(f"(minutes; n tickets, mean real wait; {missing} tickets without an estimate count as 0)")
    return overall[0] / overall[1]


def latency(waiting: int, seed: int, history_days: int) -> None:
    """Estimate latency inside the issuing transaction with `waiting` tickets and 12 windows
    busy, after some simulated days of history."""
    import random
    import tempfile

    from bench.hallsim import SERVICES, WINDOWS, HallSim, open_hall

    with tempfile.TemporaryDirectory(prefix="hallsim-") as tmp:
        db = open_hall(Path(tmp))
        sim = HallSim(db, make_estimator(background=False), SimOptions(seed=seed))
        sim.run_days(history_days)
        day = (sim.last_day or SimOptions().first_day) + dt.timedelta(days=1)
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        sim.clock.set(dt.datetime.combine(day, dt.time(10, 0)))
        rng = random.Random(seed)
        for number, _codes, _duty, _opens in WINDOWS:
            sim.engine.sign_in(number, f"{2000 + number}")
        codes = [c for c, *_ in SERVICES]
        sim.result.latencies_ms.clear()
        for _ in range(waiting):
            sim.clock.advance(seconds=2)
            sim.engine.issue_ticket(rng.choice(codes))
        for number, *_ in WINDOWS:
            sim.engine.call_next(number)
        sim.result.latencies_ms.clear()
        sim.result.cpu_ms.clear()
        for _ in range(20):  # the 500-waiting state: 20 more tickets at the back
            began = time.perf_counter()
            sim.engine.issue_ticket(rng.choice(codes))
            issue_ms = (time.perf_counter() - began) * 1000
        lat = sorted(sim.result.latencies_ms)
        cpu = sorted(sim.result.cpu_ms)
        db.dispose()
    print(f"~{waiting + 12} waiting, 12 windows busy: last issue_ticket {issue_ms:.1f} ms in all")
    print(f"estimate wall ms: median {statistics.median(lat):.1f}, max {lat[-1]:.1f}")
    print(f"estimate_cpu_ms_median: {statistics.median(cpu):.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=30)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--replays", type=int, default=PredictorConfig().replays)
    parser.add_argument("--min-replays", type=int, default=PredictorConfig().min_replays)
    parser.add_argument("--step-budget", type=int, default=PredictorConfig().step_budget)
    parser.add_argument("--latency", action="store_true", help="time estimates, 500 waiting")
    parser.add_argument("--history", type=int, default=5, help="days simulated before --latency")
    args = parser.parse_args()
    if args.latency:
        latency(500, args.seed, args.history)
        return
    config = PredictorConfig(
        replays=args.replays, min_replays=args.min_replays, step_budget=args.step_budget
    )
    began = time.perf_counter()

    def progress(index: int, day: dt.date) -> None:
        print(
            f"day {index + 1}/{args.days} {day} {time.perf_counter() - began:.0f}s",
            file=sys.stderr,
            flush=True,
        )

    result = simulate(
        args.days, make_estimator(config, background=False), SimOptions(seed=args.seed), progress
    )
    print(
        f"days {args.days}, tickets {len(result.records)}, "
        f"ran {time.perf_counter() - began:.0f} s; "
        f"waiting at issue: max {max(r.waiting for r in result.records)}"
    )
    for label, values in (("wall", result.latencies_ms), ("cpu", result.cpu_ms)):
        lat = sorted(values)
        if lat:
            print(
                f"estimate latency ({label}) in the issuing transaction: median "
                f"{statistics.median(lat):.1f} ms, p95 {lat[int(0.95 * len(lat))]:.1f} ms, "
                f"max {lat[-1]:.1f} ms"
            )
    ratio = table(result.records)
    print(f"rmse_ratio_vs_naive: {ratio:.3f}")


if __name__ == "__main__":
    main()
