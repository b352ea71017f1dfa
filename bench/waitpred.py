"""How right is the estimated wait, on halls of different shapes? Simulated halls driven
through the real engine (bench/hallsim.py, shapes in bench/hallshapes.py).

Usage: python bench/waitpred.py [--halls light,medium,heavy] [--warmup 15] [--days 10]
                                [--oracle-replays 100] [--seed 7] [--no-latency]

Each hall first runs --warmup working days without the predictor (its history), then --days
scored days. Every ticket's estimate is compared with its real wait (first call − issue), for
three methods on the same tickets:
- ours: the predictor's figure, from a forecast worked out just before the issue;
- naive: people ahead × the service's average handling time (last 50 cases) ÷ open windows
  serving it;
- oracle: the mean wait over --oracle-replays forward runs of the simulator's own rules and
  true distributions from its true state (bench/oracle.py).
Minutes: RMSE, MAE, bias (estimate − real) and the share within ±5 minutes, per period of the
day and overall, and the daily report's two accuracies (at issue; the latest estimate before
the call, from the wait_estimates the predictor stored). Then the estimate's latency with
1,000 waiting: the look-up inside the issue and the forecast behind it.
Last line: worst_rmse_ratio_vs_oracle: X (the worst hall's overall ratio).
The sim's SQLite file runs with synchronous=OFF (no fsync); the engine's SQL is unchanged.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import math
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.queue.predict import make_estimator
from app.queue.predict_accuracy import estimate_accuracy
from bench.hallshapes import HALLS, HEAVY, HallShape
from bench.hallsim import HallSim, SimOptions, TicketRecord, open_hall
from bench.oracle import Oracle

Metrics = tuple[float, float, float, float]


def metrics(pairs: list[tuple[float, float]]) -> Metrics:
    """RMSE, MAE, bias (estimate − real) in minutes, and the share within ±5 minutes."""
    if not pairs:
        return (math.nan,) * 4
    errors = [(est - real) / 60 for est, real in pairs]
    rmse = math.sqrt(sum(e * e for e in errors) / len(errors))
    mae = sum(abs(e) for e in errors) / len(errors)
    bias = sum(errors) / len(errors)
    within = sum(1 for e in errors if abs(e) <= 5) / len(errors)
    return rmse, mae, bias, within


def periods(hall: HallShape) -> list[tuple[str, dt.time, dt.time]]:
    start, end = hall.lunch
    marks = [hall.open_at, dt.time(10, 0), start, end, dt.time(15, 0), dt.time(23, 59)]
    pairs = list(itertools.pairwise(marks))
    names = [f"{a:%H:%M}-{b:%H:%M}" for a, b in pairs]
    names[-1] = f"{marks[-2]:%H:%M}-close"
    return [(n, a, b) for n, (a, b) in zip(names, pairs, strict=True) if a < b]


def _cells(m: Metrics) -> str:
    return f"{m[0]:>6.2f} {m[1]:>6.2f} {m[2]:>+6.2f} {m[3]:>6.1%}"


def table(hall: HallShape, records: list[TicketRecord]) -> tuple[float, list[str]]:
    """Prints the hall's table; returns its overall RMSE ratio to the oracle and the periods
    where ours is not better than naive."""
    done = [r for r in records if r.wait_s is not None and r.oracle_s is not None]
    scored = [r for r in done if r.estimate_s is not None]
    head = "rmse    mae   bias  ±5min"
    print(
        f"{'period':<12} {'n':>5} {'wait':>5} | ours   {head} | naive  {head} | oracle {head}"
        f" | ours/oracle"
    )
    rows = [(n, [r for r in scored if a <= r.issued_at.time() < b]) for n, a, b in periods(hall)]
    rows.append(("overall", scored))
    ratio, worse = math.nan, []
    for name, group in rows:
        real = [r.wait_s or 0.0 for r in group]
        ours = metrics([(float(r.estimate_s or 0), w) for r, w in zip(group, real, strict=True)])
        naive = metrics([(r.naive_s, w) for r, w in zip(group, real, strict=True)])
        oracle = metrics([(r.oracle_s or 0.0, w) for r, w in zip(group, real, strict=True)])
        mean_wait = statistics.fmean(real) / 60 if real else math.nan
        ratio = ours[0] / oracle[0] if oracle[0] else math.nan
        print(
            f"{name:<12} {len(group):>5} {mean_wait:>5.1f} | {_cells(ours)} | "
            f"{_cells(naive)} | {_cells(oracle)} | {ratio:.3f}"
        )
        if group and not ours[0] < naive[0]:
            worse.append(f"{hall.name} {name}")
    notes: dict[str, int] = {}
    for r in scored:
        notes[r.note or "-"] = notes.get(r.note or "-", 0) + 1
    print(
        f"(minutes; {len(scored)} tickets called, {len(done) - len(scored)} without an "
        f"estimate; reasons shown: {notes})"
    )
    return ratio, worse


def run_hall(hall: HallShape, args: argparse.Namespace) -> tuple[float, list[str]]:
    began = time.perf_counter()
    options = SimOptions(seed=args.seed, hall=hall)
    with tempfile.TemporaryDirectory(prefix=f"waitpred-{hall.name}-") as tmp:
        db = open_hall(Path(tmp), hall)
        try:
            history = HallSim(db, None, options)
            history.run_days(args.warmup)
            live = make_estimator(background=False)
            sim = HallSim(db, live, options)
            oracle = Oracle(sim, args.oracle_replays, seed=args.seed)

            def observe(_sim: HallSim, record: TicketRecord, now: float) -> None:
                record.oracle_s = oracle.wait(record, now)

            sim.observer = observe
            sim.last_day = history.last_day

            def progress(_index: int, day: dt.date) -> None:
                took = time.perf_counter() - began
                print(f"  {hall.name}: {day} done ({took:.0f} s)", file=sys.stderr, flush=True)

            sim.run_days(args.days, progress)
            days = sorted({r.day for r in sim.result.records})
            with db.read() as conn:
                accuracies = [estimate_accuracy(conn, day) for day in days]
        finally:
            db.dispose()
    records = sim.result.records
    lat = sorted(sim.result.latencies_ms)
    print(
        f"\n== {hall.name}: {len(hall.windows)} windows, {len(hall.services)} services, "
        f"load {hall.load}, lunch {hall.lunch[0]:%H:%M}-{hall.lunch[1]:%H:%M}; "
        f"{args.warmup} days of history, {args.days} scored days, {len(records)} tickets, "
        f"most waiting {max(r.waiting for r in records)}; "
        f"forecast before each issue p50 {statistics.median(lat):.0f} ms, "
        f"p99 {lat[int(0.99 * len(lat))]:.0f} ms; "
        f"ran {time.perf_counter() - began:.0f} s"
    )
    ratio, worse = table(hall, records)
    for label, pick in (("at issue", 0), ("latest before the call", 1)):
        parts = [a.at_issue if pick == 0 else a.latest for a in accuracies]
        n = sum(p.tickets for p in parts)
        mae = sum((p.mean_abs_error_s or 0) * p.tickets for p in parts) / max(1, n) / 60
        bias = sum((p.bias_s or 0) * p.tickets for p in parts) / max(1, n) / 60
        within = sum((p.within_5min or 0) * p.tickets for p in parts) / max(1, n)
        print(
            f"daily report, estimate {label}: {n} tickets, mae {mae:.2f} min, "
            f"bias {bias:+.2f} min, within ±5 min {within:.1%}"
        )
    print(f"rmse_ratio_vs_oracle[{hall.name}]: {ratio:.3f}")
    return ratio, worse


def latency(seed: int, waiting: int = 1000) -> None:
    """The estimate's cost with `waiting` tickets waiting in the heavy hall, all windows busy:
    inside the issue it is a look-up; the forecast behind it is worked out off the request
    path (here timed on this thread)."""
    import random

    with tempfile.TemporaryDirectory(prefix="waitpred-latency-") as tmp:
        db = open_hall(Path(tmp), HEAVY)
        try:
            history = HallSim(db, None, SimOptions(seed=seed, hall=HEAVY))
            history.run_days(3)
            live = make_estimator(background=False)
            sim = HallSim(db, live, SimOptions(seed=seed, hall=HEAVY))
            day = (history.last_day or dt.date(2026, 11, 23)) + dt.timedelta(days=1)
            while day.weekday() >= 5:
                day += dt.timedelta(days=1)
            sim.clock.set(dt.datetime.combine(day, dt.time(9, 0)))
            for window in HEAVY.windows:
                sim.engine.sign_in(window.number, f"2{window.number:03d}")
            rng = random.Random(seed)
            codes = [s.code for s in HEAVY.services]
            for _ in range(waiting):
                sim.clock.advance(seconds=1)
                sim.engine.issue_ticket(rng.choice(codes))
            for window in HEAVY.windows:
                sim.engine.call_next(window.number)
            refresh, lookup, issue = [], [], []
            for _ in range(40):
                sim.clock.advance(seconds=2)
                began = time.perf_counter()
                forecast = live.current()  # worked out afresh (the hall changed)
                refresh.append((time.perf_counter() - began) * 1000)
                assert forecast is not None
                code = rng.choice(codes)
                sid = forecast.service_ids[code]
                began = time.perf_counter()
                forecast.new_ticket(sid, False, waiting, sim.clock.now())
                lookup.append((time.perf_counter() - began) * 1e6)
                began = time.perf_counter()
                sim.engine.issue_ticket(code)
                issue.append((time.perf_counter() - began) * 1000)
        finally:
            db.dispose()

    def p(values: list[float], share: float) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    print(
        f"\nestimate latency with {waiting} waiting ({len(HEAVY.windows)} windows busy): "
        f"look-up in the issue p50 {p(lookup, 0.5):.1f} µs p99 {p(lookup, 0.99):.1f} µs; "
        f"issue_ticket (forecast in hand) p50 {p(issue, 0.5):.1f} ms "
        f"p99 {p(issue, 0.99):.1f} ms; "
        f"forecast (off the request path) p50 {p(refresh, 0.5):.0f} ms "
        f"p99 {p(refresh, 0.99):.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--halls", default="light,medium,heavy")
    parser.add_argument("--warmup", type=int, default=15, help="days of history first")
    parser.add_argument("--days", type=int, default=10, help="scored days")
    parser.add_argument("--oracle-replays", type=int, default=100)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-latency", dest="latency", action="store_false")
    args = parser.parse_args()
    ratios, worse = {}, []
    for name in args.halls.split(","):
        ratios[name], not_better = run_hall(HALLS[name], args)
        worse += not_better
    if args.latency:
        latency(args.seed)
    print(
        "\nours better than naive in every period of every hall: "
        + ("yes" if not worse else f"no ({', '.join(worse)})")
    )
    print(f"worst_rmse_ratio_vs_oracle: {max(ratios.values()):.3f}")


if __name__ == "__main__":
    main()
