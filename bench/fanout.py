"""Fan-out benchmark: one hall server process, 100 displays in a second process, 300 counters
and the kiosks in this one (three processes, as they would be separate machines in a hall).

Phase 1 (fan-out): the counters call (call_next) at --call-rate calls/s in all, each finishing
its ticket a moment later; for every call we time from the counter sending call_next to each
display receiving the ticket_called event (time.perf_counter is the system's monotonic clock,
the same in both client processes). The displays are HallClients; the counters and kiosks
are bare QWebSockets speaking the same protocol (see LightCounter).
Phase 2 (morning rush): it starts with at least --rush-waiting tickets waiting (1,000); kiosks
issue --kiosk-rate tickets/s (20) for --load-duration seconds (300) while the counters go on
calling at --load-call-rate; every refused or unanswered request is an error. The server is
the real `python -m app server` on a real SQLite file (WAL, FULL sync: every command waits for
an fsync), with the wait predictor on as shipped (--no-estimate-waits turns it off): its
forecast is worked out off the request path, and each issue only looks its figure up.

Usage: python bench/fanout.py [--load-duration 300] [--db-dir DIR] [--no-estimate-waits] [--tls]
Last lines: issue_p99_ms: X (phase 2), then call_to_display_p99_ms: X (the worse phase's p99)
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import socket
import sqlite3
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

from PySide6.QtCore import QCoreApplication, Qt, QTimer, QUrl  # noqa: E402
from PySide6.QtWebSockets import QWebSocket  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from app.models import Database, Service, Staff, Window, WindowService, sqlite_url  # noqa: E402
from app.models.passwords import hash_password  # noqa: E402
from app.net.client import HallClient  # noqa: E402
from app.net.protocol import proven  # noqa: E402
from app.net.tls import client_configuration  # noqa: E402
from app.queue import QueueEngine, QueueSettings  # noqa: E402
from app.smoke import wait_until  # noqa: E402

PASSWORD = "bench-pass"
# e.g. FANOUT_SERVER_PY_ARGS="-m cProfile -o /tmp/server.prof" profiles the server
PROFILE = os.environ.get("FANOUT_SERVER_PY_ARGS", "").split()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def build_hall(
    folder: Path,
    windows: int,
    displays: int,
    kiosks: int,
    tickets: int,
    estimate_waits: bool,
    tls: bool = False,
) -> Path:
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
    lines = ["[server]", f"tls = {str(tls).lower()}"]  # TLS: bench/tls_overhead.py
    # a load test: the kiosks issue far more than a real kiosk's [limits] allow
    lines += ["[limits]", "tickets_per_minute = 100000", "ticket_burst = 100000"]
    lines += ["[queue]", "enforce_hours = false", "enforce_calendar = false"]
    lines += [f"estimate_waits = {str(estimate_waits).lower()}", "[tokens.kiosk]"]
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


def run_displays(url: str, count: int, folder: Path) -> int:
    """The display process: logs in `count` displays, notes when each hears each call, and
    writes {number: [[receipt time, ms since the server began the command]]} to calls.json
    once the file `stop` appears (the event's "at" is the server's wall clock, same machine)."""
    app = QCoreApplication(sys.argv[:1])
    heard: dict[str, list[tuple[float, float]]] = {}

    def on_event(event: dict[str, Any]) -> None:
        if event["kind"] == "ticket_called":
            since = (time.time() - dt.datetime.fromisoformat(event["at"]).timestamp()) * 1000
            heard.setdefault(event["data"]["number"], []).append((time.perf_counter(), since))

    pin = os.environ.get("FANOUT_FINGERPRINT", "")  # wss:// (bench/tls_overhead.py)
    displays = [
        HallClient(url, "display", {"token": f"display-token-{n:06d}"}, fingerprint=pin)
        for n in range(count)
    ]
    for display in displays:
        display.event_received.connect(on_event)
        display.open()
    wait_until(lambda: all(d.is_connected for d in displays), time.monotonic() + 300)
    (folder / "displays-ready").write_text(str(sum(d.is_connected for d in displays)))
    wait_until(lambda: (folder / "stop").exists(), time.monotonic() + 7 * 24 * 3600, 100)
    (folder / "calls.tmp").write_text(json.dumps(heard))
    (folder / "calls.tmp").replace(folder / "calls.json")  # whole, or not there yet
    for display in displays:
        display.close()
    app.processEvents()
    return 0


class LightCounter:
    """A counter or kiosk on a bare QWebSocket: the same hello and requests as HallClient, but
    the event feed (every call reaches all 300 counters too) is dropped unparsed, so that this
    one process can host hundreds of them without its own lag spoiling the timings."""

    def __init__(self, url: str, role: str, credential: dict[str, Any]) -> None:
        self.role, self.credential = role, credential
        self.callbacks: dict[int, tuple[Callable[[Any], None] | None, Callable[[Any], None]]] = {}
        self.ids = iter(range(1, 10**9))
        self.is_connected = False
        self.url = url
        self.socket = QWebSocket()
        if url.startswith("wss://"):  # TLS (bench/tls_overhead.py); the displays pin the server
            self.socket.setSslConfiguration(client_configuration())
        self.socket.textMessageReceived.connect(self.on_text)

    def open(self) -> None:
        self.socket.open(QUrl(self.url))

    def close(self) -> None:
        self.socket.abort()

    def on_text(self, text: str) -> None:
        if text.startswith(('{"v":1,"type":"event', '{"v":1,"type":"snap')):  # events too
            return
        message = json.loads(text)
        if message.get("type") == "challenge":  # the hello proves the token for this nonce
            credential = proven(self.credential, message["nonce"], self.role)
            hello = {"v": 1, "type": "hello", "id": 0, "role": self.role, "credential": credential}
            self.socket.sendTextMessage(json.dumps(hello))
            return
        if message.get("id") == 0:
            self.is_connected = bool(message.get("ok"))
            return
        on_ok, on_error = self.callbacks.pop(message["id"])
        if message.get("ok"):
            if on_ok:
                on_ok(message["result"])
        else:
            on_error(message["error"])

    def request(self, op: str, args: dict[str, Any], on_ok: Callable[[Any], None] | None,
                on_error: Callable[[Any], None]) -> None:  # fmt: skip
        request_id = next(self.ids)
        self.callbacks[request_id] = (on_ok, on_error)
        message = {"v": 1, "type": "request", "id": request_id, "op": op, "args": args}
        self.socket.sendTextMessage(json.dumps(message))
        self.socket.flush()


class Bench:
    def __init__(self, args: argparse.Namespace, url: str) -> None:
        self.args = args
        self.counters = {
            n: LightCounter(url, "counter", {"token": f"counter-token-{n:06d}", "window": n,
                                           "staff_no": str(2000 + n), "password": PASSWORD})
            for n in range(1, args.counters + 1)
        }  # fmt: skip
        self.kiosks = [
            LightCounter(url, "kiosk", {"token": f"kiosk-token-{n:06d}"})
            for n in range(args.kiosks)
        ]
        self.busy: set[int] = set()
        self.sent: dict[str, float] = {}  # ticket number → when its call_next was sent
        self.calls = 0
        self.errors: list[str] = []

    def everyone(self) -> list[LightCounter]:
        return [*self.counters.values(), *self.kiosks]

    def request(self, client: LightCounter, op: str, args: dict[str, Any],
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
        sent = time.perf_counter()

        def called(result: Any) -> None:
            if result is None:
                self.busy.discard(window)
                return
            self.sent[result["number"]] = sent
            later = int(random.uniform(300, 1500))
            QTimer.singleShot(later, lambda: self.request(
                self.counters[window], "finish", {"outcome": "done"},
                lambda _: self.busy.discard(window)))  # fmt: skip

        self.request(self.counters[window], "call_next", {}, called)

    def run_for(self, seconds: float, *actions: tuple[Callable[[], None], float]) -> None:
        timers = []
        for action, per_s in actions:
            if per_s > 0:
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
    parser.add_argument(
        "--rush-waiting", type=int, default=1000, help="tickets waiting when phase 2 begins"
    )
    parser.add_argument(
        "--no-estimate-waits",
        dest="estimate_waits",
        action="store_false",
        help="turn the wait predictor off (it is on as shipped)",
    )
    parser.add_argument(
        "--tls", action="store_true", help="wss:// with the server's own certificate, as on a LAN"
    )
    parser.add_argument("--db-dir", help="folder for the hall database (default: a temp folder)")
    parser.add_argument("--display-process", nargs=2, metavar=("URL", "FOLDER"), help="internal")
    args = parser.parse_args()
    if args.display_process:
        return run_displays(args.display_process[0], args.displays, Path(args.display_process[1]))
    app = QCoreApplication(sys.argv[:1])
    with tempfile.TemporaryDirectory(prefix="fanout-", dir=args.db_dir) as name:
        folder = Path(name)
        began = time.monotonic()
        tickets = int(args.call_rate * args.calls_duration * 1.1) + 50 + args.rush_waiting
        hall = (args.counters, args.displays, args.kiosks, tickets, args.estimate_waits, args.tls)
        config = build_hall(folder, *hall)
        print(f"hall built: {args.counters} windows, {tickets} tickets waiting "
              f"({time.monotonic() - began:.1f} s, database in {folder}); wait predictor "
              f"{'on' if args.estimate_waits else 'off'}; {'TLS' if args.tls else 'plain ws'}",
              flush=True)  # fmt: skip
        url = f"{'wss' if args.tls else 'ws'}://127.0.0.1:{free_port()}"
        env = {**os.environ, "HALLQUEUE_HOME": name}
        probe = {  # the server's garbage collections (bench/gc_probe)
            "FANOUT_GC_LOG": str(folder / "gc.log"),
            "PYTHONPATH": os.pathsep.join([str(ROOT / "bench" / "gc_probe"), str(ROOT)]),
        }
        log = (folder / "server.log").open("w")
        server = subprocess.Popen(
            [sys.executable, *PROFILE, "-m", "app", "server",
             "--db", sqlite_url(folder / "hall.db"), "--host", "127.0.0.1",
             "--port", url.rsplit(":", 1)[1], "--config", str(config)],
            cwd=ROOT, env=env | probe, stdout=subprocess.PIPE, stderr=log, text=True,
        )  # fmt: skip
        displays = None
        try:
            assert server.stdout is not None
            assert "listening" in server.stdout.readline()
            pin = ""
            if args.tls:  # 证书指纹 / certificate fingerprint: AB:CD:… (the displays pin it)
                pin = server.stdout.readline().rsplit(" ", 1)[-1].strip().replace(":", "").lower()
            displays = subprocess.Popen(
                [sys.executable, __file__, "--displays", str(args.displays),
                 "--display-process", url, name], env={**env, "FANOUT_FINGERPRINT": pin},
            )  # fmt: skip
            return run(app, Bench(args, url), server.pid, folder)
        finally:
            (folder / "stop").touch()
            if displays is not None:
                displays.wait(60)
            server.terminate()
            server.wait(30)
            log.close()


def deliveries(
    folder: Path, sent: dict[str, float], numbers: set[str]
) -> tuple[list[float], list[float]]:
    """Per display delivery: ms from the counter's send, and from the server's command start."""
    heard = json.loads((folder / "calls.json").read_text())
    got = [(t, since) for n in numbers if n in heard for t, since in heard[n]]
    numbered = [(n, t) for n in numbers if n in heard for t, _ in heard[n]]
    return [(t - sent[n]) * 1000 for n, t in numbered], [since for _, since in got]


def gc_pauses(log: Path, start: float, end: float) -> list[tuple[float, int]]:
    """The server's collections between two wall times: (ms, generation) (bench/gc_probe)."""
    if not log.exists():
        return []
    rows = [line.split() for line in log.read_text().splitlines()]
    return [(float(ms), int(gen)) for at, gen, ms in rows if start <= float(at) <= end]


def tickets_waiting(folder: Path) -> int:
    """Tickets waiting now, read from the hall's file (a reader does not hold up the server)."""
    conn = sqlite3.connect(folder / "hall.db", timeout=10)
    try:
        row = conn.execute("SELECT count(*) FROM tickets WHERE state = 'waiting'").fetchone()
        return int(row[0])
    finally:
        conn.close()


def run(app: QCoreApplication, bench: Bench, server_pid: int, folder: Path) -> int:
    args = bench.args
    began = time.monotonic()
    for client in bench.everyone():
        client.open()
    everyone = bench.everyone()
    ready = folder / "displays-ready"
    if not wait_until(
        lambda: ready.exists() and all(c.is_connected for c in everyone), time.monotonic() + 300
    ):
        print(f"only {sum(c.is_connected for c in everyone)} of {len(everyone)} clients connected")
        return 1
    print(f"{len(everyone)} counters and kiosks and {ready.read_text()} displays logged in "
          f"({time.monotonic() - began:.1f} s)", flush=True)  # fmt: skip
    signed: list[Any] = []
    for counter in bench.counters.values():
        bench.request(counter, "sign_in", {}, signed.append)
    wait_until(lambda: len(signed) == len(bench.counters), time.monotonic() + 120)
    print(f"{len(bench.counters)} clerks signed in; errors so far: {len(bench.errors)}", flush=True)

    cpu0, t0, serving = cpu_seconds(server_pid), time.monotonic(), time.time()
    bench.run_for(args.calls_duration, (bench.call_one, args.call_rate))
    cpu1, t1 = cpu_seconds(server_pid), time.monotonic()
    phase1_numbers, phase1_calls = set(bench.sent), bench.calls
    calls_errors = len(bench.errors)

    issued: list[float] = []
    estimated: list[int] = []
    pending: dict[int, float] = {}
    sequence = iter(range(10**9))
    waiting_at_rush = tickets_waiting(folder)

    def issue() -> None:
        key = next(sequence)
        kiosk = bench.kiosks[key % len(bench.kiosks)]
        pending[key] = time.perf_counter()

        def answered(result: Any) -> None:
            started = pending.pop(key)
            if result is not None:
                issued.append((time.perf_counter() - started) * 1000)
                if result.get("estimated_wait_s") is not None:
                    estimated.append(int(result["estimated_wait_s"]))

        bench.request(kiosk, "issue_ticket", {"service": "A"}, answered)

    bench.calls = 0
    cpu2, t2 = cpu_seconds(server_pid), time.monotonic()
    bench.run_for(
        args.load_duration, (bench.call_one, args.load_call_rate), (issue, args.kiosk_rate)
    )
    wait_until(lambda: not pending, time.monotonic() + 20)
    cpu3, t3 = cpu_seconds(server_pid), time.monotonic()
    load_errors = bench.errors[calls_errors:] + [f"no reply ({len(pending)})"] * bool(pending)

    (folder / "stop").touch()
    wait_until(lambda: (folder / "calls.json").exists(), time.monotonic() + 60, 100)
    phase1, server1 = deliveries(folder, bench.sent, phase1_numbers)
    if os.environ.get("FANOUT_DUMP"):  # per delivery: phase, ms before the server began the
        heard = json.loads((folder / "calls.json").read_text())  # command, ms from then on
        rows = [
            (1 if n in phase1_numbers else 2, (t - bench.sent[n]) * 1000 - since, since)
            for n in bench.sent
            if n in heard
            for t, since in heard[n]
        ]
        Path(os.environ["FANOUT_DUMP"]).write_text(json.dumps(rows))
    phase2, server2 = deliveries(folder, bench.sent, set(bench.sent) - phase1_numbers)
    expected = len(phase1_numbers) * args.displays
    print(f"phase 1: {phase1_calls} calls at {args.call_rate}/s → {len(phase1)} of {expected} "
          f"display deliveries; call→display p50 {percentile(phase1, 0.5):.1f} ms, "
          f"p99 {percentile(phase1, 0.99):.1f} ms, max {max(phase1, default=0):.1f} ms "
          f"(from the server starting the command: p50 {percentile(server1, 0.5):.1f} ms, "
          f"p99 {percentile(server1, 0.99):.1f} ms); "
          f"server CPU {100 * (cpu1 - cpu0) / (t1 - t0):.0f}%; errors {calls_errors}")  # fmt: skip
    print(f"phase 2 (morning rush from {waiting_at_rush} waiting to {tickets_waiting(folder)}): "
          f"{len(issued)} tickets in {args.load_duration:.0f} s "
          f"({len(issued) / args.load_duration:.1f}/s), issue p50 {percentile(issued, 0.5):.1f} ms "
          f"p99 {percentile(issued, 0.99):.1f} ms, max {max(issued, default=0):.1f} ms; "
          f"{len(estimated)} told an estimate (median {percentile(estimated, 0.5) / 60:.0f} min); "
          f"{bench.calls} calls alongside, call→display "
          f"p50 {percentile(phase2, 0.5):.1f} ms p99 {percentile(phase2, 0.99):.1f} ms "
          f"(from the server starting the command: p99 {percentile(server2, 0.99):.1f} ms); "
          f"server CPU {100 * (cpu3 - cpu2) / (t3 - t2):.0f}%")  # fmt: skip
    pauses = gc_pauses(folder / "gc.log", serving, time.time())
    longest = max(pauses, default=(0.0, 0))
    print(f"server garbage collections while serving: {len(pauses)}, the longest "
          f"{longest[0]:.1f} ms (generation {longest[1]}; each stops its main thread)")  # fmt: skip
    print(f"load_errors: {len(load_errors)}" + (f" ({load_errors[:5]})" if load_errors else ""))
    for client in bench.everyone():
        client.close()
    app.processEvents()
    print(f"issue_p99_ms: {percentile(issued, 0.99):.1f}")
    worst = max(percentile(phase1, 0.99), percentile(phase2, 0.99))
    print(f"call_to_display_p99_ms: {worst:.1f}")
    return 0 if not load_errors and len(phase1) == expected else 1


if __name__ == "__main__":
    sys.exit(main())
