"""Fan-out benchmark: one hall server process, 100 displays and 300 counters in this process.

Phase 1 (fan-out): the counters call (call_next) at --call-rate calls/s in all, each finishing
its ticket a moment later; for every call we time from the counter sending call_next to each
display receiving the ticket_called event (one clock: both ends live in this process).
Phase 2 (load): kiosks issue --kiosk-rate tickets/s for --load-duration seconds (default 300)
while the counters go on calling at --load-call-rate; every refused or unanswered request is
an error. The server is the real `python -m app server` on a real SQLite file (WAL, FULL sync,
so every command waits for an fsync) and the clients are the real HallClient over QtWebSockets.

Usage: python bench/fanout.py [--load-duration 300] [--db-dir DIR]
Last line: call_to_display_p99_ms: X
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, Qt, QTimer  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from app.models import Database, Service, Staff, Window, WindowService, sqlite_url  # noqa: E402
from app.models.passwords import hash_password  # noqa: E402
from app.net.client import HallClient  # noqa: E402
from app.net.smoke import wait_until  # noqa: E402
from app.queue import QueueEngine, QueueSettings  # noqa: E402

PASSWORD = "bench-pass"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def build_hall(folder: Path, windows: int, displays: int, kiosks: int, tickets: int) -> Path:
    """A hall with one all-day service, `windows` windows and clerks, pre-issued tickets."""
    db = Database(sqlite_url(folder / "hall.db"))
    secret = hash_password(PASSWORD)
    with Session(db.engine) as session, session.begin():
        service = Service(
            code="A",
            name="综合受理",
            open_at=dt.time(0, 0),
            close_at=dt.time(23, 59),
            daily_cap=None,
        )
        session.add(service)
        clerks = [Staff(staff_no=str(2000 + n), name=f"员工{n}", password_hash=secret)
                  for n in range(1, windows + 1)]  # fmt: skip
        session.add_all(clerks)
        session.flush()
        for n, clerk in enumerate(clerks, start=1):
            window = Window(number=n, name=f"{n}号窗口", staff_a_id=clerk.id)
            window.services = [WindowService(service_id=service.id, rank=0)]
            session.add(window)
    engine = QueueEngine(db, settings=QueueSettings(enforce_hours=False, enforce_calendar=False))
    for _ in range(tickets):
        engine.issue_ticket("A")
    db.dispose()
    lines = ["[queue]", "enforce_hours = false", "enforce_calendar = false", "[tokens.kiosk]"]
    lines += [f'k{n} = "kiosk-token-{n:06d}"' for n in range(kiosks)]
    lines += ["[tokens.display]"] + [f'd{n} = "display-token-{n:06d}"' for n in range(displays)]
    lines += ["[tokens.counter]"] + [
        f'{n} = "counter-token-{n:06d}"' for n in range(1, windows + 1)
    ]
    (folder / "hall.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder / "hall.toml"


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


class Bench:
    def __init__(self, args: argparse.Namespace, url: str) -> None:
        self.args = args
        self.url = url
        self.displays = [
            HallClient(url, "display", {"token": f"display-token-{n:06d}"})
            for n in range(args.displays)
        ]
        self.counters = {
            n: HallClient(url, "counter", {"token": f"counter-token-{n:06d}", "window": n,
                                           "staff_no": str(2000 + n), "password": PASSWORD})
            for n in range(1, args.counters + 1)
        }  # fmt: skip
        self.kiosks = [
            HallClient(url, "kiosk", {"token": f"kiosk-token-{n:06d}"}) for n in range(args.kiosks)
        ]
        self.sent_at: dict[int, float] = {}  # window → when its call_next was sent
        self.busy: set[int] = set()
        self.latencies: list[float] = []
        self.calls = 0
        self.errors: list[str] = []
        for display in self.displays:
            display.event_received.connect(self.on_display_event)

    def everyone(self) -> list[HallClient]:
        return [*self.displays, *self.counters.values(), *self.kiosks]

    def on_display_event(self, event: dict[str, Any]) -> None:
        if event["kind"] == "ticket_called":
            sent = self.sent_at.get(event["data"]["window"])
            if sent is not None:
                self.latencies.append((time.perf_counter() - sent) * 1000)

    def request(self, client: HallClient, op: str, args: dict[str, Any],
                done: Callable[[Any], None] | None = None) -> None:  # fmt: skip
        def failed(error: dict[str, Any]) -> None:
            self.errors.append(f"{op}: {error.get('code')} {error.get('en')}")
            if done:
                done(None)

        client.request(op, args, done, failed)

    def call_one(self) -> None:
        idle = [n for n in self.counters if n not in self.busy]
        if not idle:
            return
        window = random.choice(idle)
        self.busy.add(window)
        self.calls += 1

        def called(result: Any) -> None:
            if result is None:
                self.busy.discard(window)
                return
            later = int(random.uniform(300, 1500))
            QTimer.singleShot(later, lambda: self.request(
                self.counters[window], "finish", {"outcome": "done"},
                lambda _: self.busy.discard(window)))  # fmt: skip

        self.sent_at[window] = time.perf_counter()
        self.request(self.counters[window], "call_next", {}, called)

    def run_calls(self, rate: float, seconds: float, extra: Callable[[], None] | None = None,
                  extra_rate: float = 0) -> None:  # fmt: skip
        timers = []
        for action, per_s in ((self.call_one, rate), (extra, extra_rate)):
            if action is not None and per_s > 0:
                timer = QTimer()
                timer.setTimerType(Qt.TimerType.PreciseTimer)
                timer.setInterval(max(1, round(1000 / per_s)))
                timer.timeout.connect(action)
                timer.start()
                timers.append(timer)
        wait_until(lambda: False, time.monotonic() + seconds, interval_ms=50)
        for timer in timers:
            timer.stop()
        wait_until(lambda: not self.busy, time.monotonic() + 15, interval_ms=50)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--displays", type=int, default=100)
    parser.add_argument("--counters", type=int, default=300)
    parser.add_argument("--kiosks", type=int, default=4)
    parser.add_argument("--call-rate", type=float, default=10.0, help="calls/s in phase 1")
    parser.add_argument("--calls-duration", type=float, default=30.0, help="phase 1 seconds")
    parser.add_argument("--kiosk-rate", type=float, default=20.0, help="tickets/s in phase 2")
    parser.add_argument("--load-call-rate", type=float, default=4.0, help="calls/s in phase 2")
    parser.add_argument("--load-duration", type=float, default=300.0, help="phase 2 seconds")
    parser.add_argument("--db-dir", help="folder for the hall database (default: a temp folder)")
    args = parser.parse_args()
    app = QCoreApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="fanout-", dir=args.db_dir) as name:
        folder = Path(name)
        began = time.monotonic()
        tickets = int(args.call_rate * args.calls_duration * 1.3) + 50
        config = build_hall(folder, args.counters, args.displays, args.kiosks, tickets)
        print(f"hall built: {args.counters} windows, {tickets} tickets waiting "
              f"({time.monotonic() - began:.1f} s, database in {folder})")  # fmt: skip
        port = free_port()
        log = (folder / "server.log").open("w")
        server = subprocess.Popen(
            [sys.executable, "-m", "app", "server", "--db", sqlite_url(folder / "hall.db"),
             "--host", "127.0.0.1", "--port", str(port), "--config", str(config)],
            cwd=ROOT, env={**os.environ, "HALLQUEUE_HOME": name}, stdout=subprocess.PIPE,
            stderr=log, text=True,
        )  # fmt: skip
        try:
            assert server.stdout is not None
            assert "listening" in server.stdout.readline()
            return run(app, Bench(args, f"ws://127.0.0.1:{port}"), server.pid)
        finally:
            server.terminate()
            server.wait(30)
            log.close()


def run(app: QCoreApplication, bench: Bench, server_pid: int) -> int:
    args = bench.args
    began = time.monotonic()
    for client in bench.everyone():
        client.open()
    everyone = bench.everyone()
    if not wait_until(lambda: all(c.is_connected for c in everyone), time.monotonic() + 180):
        print(f"only {sum(c.is_connected for c in everyone)} of {len(everyone)} clients connected")
        return 1
    print(f"{len(everyone)} clients connected and logged in ({time.monotonic() - began:.1f} s)")
    signed: list[Any] = []
    for counter in bench.counters.values():
        bench.request(counter, "sign_in", {}, signed.append)
    wait_until(lambda: len(signed) == len(bench.counters), time.monotonic() + 120)
    print(f"{len(bench.counters)} clerks signed in; errors so far: {len(bench.errors)}")

    cpu0, t0 = cpu_seconds(server_pid), time.monotonic()
    bench.run_calls(args.call_rate, args.calls_duration)
    wait_until(lambda: len(bench.latencies) >= bench.calls * args.displays, time.monotonic() + 5)
    phase1 = list(bench.latencies)
    expected = bench.calls * args.displays
    cpu1, t1 = cpu_seconds(server_pid), time.monotonic()
    print(f"phase 1: {bench.calls} calls at {args.call_rate}/s → {len(phase1)} of {expected} "
          f"display deliveries; p50 {percentile(phase1, 0.5):.1f} ms, "
          f"p99 {percentile(phase1, 0.99):.1f} ms, max {max(phase1, default=0):.1f} ms; "
          f"server CPU {100 * (cpu1 - cpu0) / (t1 - t0):.0f}%")  # fmt: skip
    calls_errors = len(bench.errors)

    issued: list[float] = []
    pending: dict[int, float] = {}
    sequence = iter(range(10**9))

    def issue() -> None:
        key = next(sequence)
        kiosk = bench.kiosks[key % len(bench.kiosks)]
        pending[key] = time.perf_counter()

        def answered(result: Any) -> None:
            started = pending.pop(key)
            if result is not None:
                issued.append((time.perf_counter() - started) * 1000)

        bench.request(kiosk, "issue_ticket", {"service": "A"}, answered)

    bench.latencies.clear()
    bench.calls = 0
    cpu0, t0 = cpu_seconds(server_pid), time.monotonic()
    bench.run_calls(args.load_call_rate, args.load_duration, issue, args.kiosk_rate)
    wait_until(lambda: not pending, time.monotonic() + 20)
    cpu1, t1 = cpu_seconds(server_pid), time.monotonic()
    load_errors = bench.errors[calls_errors:] + [f"no reply ({len(pending)})"] * bool(pending)
    phase2 = bench.latencies
    print(f"phase 2: {len(issued)} tickets in {args.load_duration:.0f} s "
          f"({len(issued) / args.load_duration:.1f}/s), issue p50 {percentile(issued, 0.5):.1f} ms "
          f"p99 {percentile(issued, 0.99):.1f} ms; {bench.calls} calls alongside, call→display "
          f"p50 {percentile(phase2, 0.5):.1f} ms p99 {percentile(phase2, 0.99):.1f} ms; "
          f"server CPU {100 * (cpu1 - cpu0) / (t1 - t0):.0f}%")  # fmt: skip
    print(f"load_errors: {len(load_errors)}" + (f" ({load_errors[:5]})" if load_errors else ""))
    for client in bench.everyone():
        client.close()
    app.processEvents()
    print(f"call_to_display_p99_ms: {percentile(phase1, 0.99):.1f}")
    return 0 if not load_errors and len(phase1) == expected else 1


if __name__ == "__main__":
    sys.exit(main())
