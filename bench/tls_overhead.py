"""TLS overhead on call-to-display: the fan-out bench's first phase (counters call, displays
hear the call) run against the real `python -m app server` twice, once plain (ws://) and once
with TLS (wss://, the server's own certificate, the displays pinning its fingerprint), on the
same hall; prints each call-to-display p99 and their difference.

Reuses bench/fanout.py's pieces (hall, display process, light counters, timing). Smaller than
the full fan-out by default (2 shared cores): --displays 50 --counters 100, 10 calls/s for 30 s;
--rounds 2 runs plain, TLS, plain, TLS and keeps each mode's best p99 and worst p99.

Usage: python bench/tls_overhead.py [--displays 50] [--counters 100] [--calls-duration 30]
Last line: tls_overhead_p99_ms: X (plain p99 P ms, tls p99 T ms)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import fanout
from fanout import (
    Bench,
    build_hall,
    cpu_seconds,
    deliveries,
    free_port,
    percentile,
    wait_until,
)
from PySide6.QtCore import QCoreApplication

from app.models import sqlite_url


def one_run(app: QCoreApplication, args: argparse.Namespace, tls: bool) -> tuple[float, str]:
    """(phase 1 call→display p99 in ms, a line describing the run)."""
    with tempfile.TemporaryDirectory(prefix="tls-bench-", dir=args.db_dir) as name:
        folder = Path(name)
        tickets = int(args.call_rate * args.calls_duration * 1.3) + 50
        config = build_hall(folder, args.counters, args.displays, 1, tickets, False, tls=tls)
        port = free_port()
        url = f"{'wss' if tls else 'ws'}://127.0.0.1:{port}"
        env = {**os.environ, "HALLQUEUE_HOME": name}
        log = (folder / "server.log").open("w")
        server = subprocess.Popen(
            [sys.executable, "-m", "app", "server", "--db", sqlite_url(folder / "hall.db"),
             "--host", "127.0.0.1", "--port", str(port), "--config", str(config)],
            cwd=fanout.ROOT, env=env, stdout=subprocess.PIPE, stderr=log, text=True,
        )  # fmt: skip
        displays = None
        try:
            assert server.stdout is not None
            assert "listening" in server.stdout.readline()
            pin = ""
            if tls:
                line = server.stdout.readline()  # 证书指纹 / certificate fingerprint: AB:CD:…
                pin = line.rsplit(" ", 1)[-1].strip().replace(":", "").lower()
            displays = subprocess.Popen(
                [sys.executable, fanout.__file__, "--displays", str(args.displays),
                 "--display-process", url, name],
                env={**env, "FANOUT_FINGERPRINT": pin},
            )  # fmt: skip
            bench = Bench(args, url)
            everyone = bench.everyone()
            for client in everyone:
                client.open()
            ready = folder / "displays-ready"
            if not wait_until(
                lambda: ready.exists() and all(c.is_connected for c in everyone),
                time.monotonic() + 300,
            ):
                raise SystemExit(f"{'TLS' if tls else 'plain'}: not every client connected")
            signed: list[object] = []
            for counter in bench.counters.values():
                bench.request(counter, "sign_in", {}, signed.append)
            wait_until(lambda: len(signed) == len(bench.counters), time.monotonic() + 120)
            cpu0, t0 = cpu_seconds(server.pid), time.monotonic()
            shown0, own0 = cpu_seconds(displays.pid), time.process_time()
            bench.run_for(args.calls_duration, (bench.call_one, args.call_rate))
            cpu1, t1 = cpu_seconds(server.pid), time.monotonic()
            shown1, own1 = cpu_seconds(displays.pid), time.process_time()
            (folder / "stop").touch()
            wait_until(lambda: (folder / "calls.json").exists(), time.monotonic() + 60, 100)
            timings, from_server = deliveries(folder, bench.sent, set(bench.sent))
            for client in everyone:
                client.close()
            app.processEvents()
            expected = len(bench.sent) * args.displays
            p99 = percentile(timings, 0.99)
            line = (
                f"{'TLS  ' if tls else 'plain'}: {len(bench.sent)} calls → {len(timings)} of "
                f"{expected} deliveries; call→display p50 {percentile(timings, 0.5):.1f} ms, "
                f"p99 {p99:.1f} ms, max {max(timings, default=0):.1f} ms (from the server starting "
                f"the command: p99 {percentile(from_server, 0.99):.1f} ms); server CPU "
                f"{100 * (cpu1 - cpu0) / (t1 - t0):.0f}%, display process "
                f"{100 * (shown1 - shown0) / (t1 - t0):.0f}%, counters' process "
                f"{100 * (own1 - own0) / (t1 - t0):.0f}%; errors {len(bench.errors)}"
            )
            return p99, line
        finally:
            (folder / "stop").touch()
            if displays is not None:
                displays.wait(60)
            server.terminate()
            server.wait(30)
            log.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--displays", type=int, default=50)
    parser.add_argument("--counters", type=int, default=100)
    parser.add_argument("--kiosks", type=int, default=1)
    parser.add_argument("--call-rate", type=float, default=10.0)
    parser.add_argument("--calls-duration", type=float, default=30.0)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--only", choices=["plain", "tls"], help="one mode only (profiling)")
    parser.add_argument("--db-dir", help="folder for the hall databases (default: temp)")
    args = parser.parse_args()
    app = QCoreApplication(sys.argv[:1])
    results: dict[bool, list[float]] = {False: [], True: []}
    for _ in range(args.rounds):
        for tls in (False, True):
            if args.only and args.only != ("tls" if tls else "plain"):
                continue
            p99, line = one_run(app, args, tls)
            results[tls].append(p99)
            print(line, flush=True)
    if args.only:
        return 0
    plain, tls_p99 = min(results[False]), min(results[True])
    if args.rounds > 1:
        print(f"p99 per round: plain {results[False]}, TLS {results[True]} (best of each kept)")
    print(f"tls_overhead_p99_ms: {tls_p99 - plain:.1f} (plain p99 {plain:.1f} ms, "
          f"tls p99 {tls_p99:.1f} ms)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
