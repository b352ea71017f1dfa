"""SIGKILL at random moments: every acknowledged action survives, and a new engine goes on.

crash_child.py runs as a fork server (it pays the import once); each cycle it forks two
workers that open the file afresh and work on it at the same time; the test kills both with
SIGKILL at a random moment of their loop, checks the file, and starts the next cycle.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from crash_child import DAY, engine_for
from sqlalchemy import func, select, text, update

from app.models import Database, Event, Service, Ticket
from app.queue import QueueEngine

CHILD = Path(__file__).with_name("crash_child.py")
CYCLES = 26  # two workers killed per cycle
WINDOWS = ("1,2", "5,8")


class ForkServer:
    def __init__(self, path: Path) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(CHILD), str(path)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.ask("") == "READY"

    def ask(self, command: str) -> str:
        process = self.process
        assert process.stdin is not None and process.stdout is not None
        if command:
            process.stdin.write(command + "\n")
            process.stdin.flush()
        return process.stdout.readline().strip()

    def run(self, seed: int, windows: str, log: Path) -> int:
        answer = self.ask(f"run {seed} {windows} {log}")
        assert answer.startswith("PID "), answer
        return int(answer.split()[1])

    def wait(self, pid: int) -> int:
        return int(self.ask(f"wait {pid}").split()[1])

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=10)


def _wait_for_ack(log: Path, pid: int, deadline: float) -> None:
    """Until the worker is in its loop (one acknowledged action)."""
    while time.monotonic() < deadline:
        if log.exists() and b"ACK " in log.read_bytes():
            return
        time.sleep(0.005)
    raise AssertionError(f"worker {pid} did nothing: {log.read_text() if log.exists() else ''}")


def _acks(output: str) -> list[list[str]]:
    """Complete ACK lines only (a line is written by one write call, so none is torn)."""
    return [
        line.split()[1:]
        for line in output.splitlines(keepends=True)
        if line.startswith("ACK ") and line.endswith("\n")
    ]


def _check(db: Database, acks: list[list[str]]) -> None:
    """Everything acknowledged is in the file; nothing is duplicated."""
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
    with db.read() as conn:
        numbers = {
            row.id: f"{row.prefix}{row.number:03d}"
            for row in conn.execute(select(Ticket.id, Ticket.prefix, Ticket.number))
        }
        events = {
            (row.kind, row.ticket_id, row.window_id)
            for row in conn.execute(select(Event.kind, Event.ticket_id, Event.window_id))
        }
        duplicates = conn.execute(
            select(Ticket.day, Ticket.prefix, Ticket.number)
            .group_by(Ticket.day, Ticket.prefix, Ticket.number)
            .having(func.count() > 1)
        ).all()
        per_prefix = conn.execute(
            select(Ticket.prefix, func.count(), func.max(Ticket.number)).group_by(Ticket.prefix)
        ).all()
    assert duplicates == []
    assert all(count == top for _prefix, count, top in per_prefix), "numbers not contiguous"
    window_ids = _window_ids(db)
    for ack in acks:
        kind, *rest = ack
        if kind == "issue":
            ticket_id, number = int(rest[0]), rest[1]
            assert numbers.get(ticket_id) == number, f"lost ticket {number}"
            assert ("ticket_issued", ticket_id, None) in events
        else:
            window, ticket_id = window_ids[int(rest[0])], int(rest[1])
            event_kind = "ticket_called" if kind == "call" else "ticket_finished"
            assert (event_kind, ticket_id, window) in events, f"lost {ack}"


def _window_ids(db: Database) -> dict[int, int]:
    with db.read() as conn:
        return dict(conn.execute(text("SELECT number, id FROM windows")).all())


def _resumes(path: Path) -> None:
    """A fresh engine continues the day: next number, calls still in progress."""
    engine = engine_for(str(path))
    try:
        db = engine.db
        with db.read() as conn:
            top = conn.scalar(
                select(func.max(Ticket.number)).where(Ticket.day == DAY, Ticket.prefix == "F")
            )
            serving = dict(
                conn.execute(
                    text(
                        "SELECT w.number, t.id FROM tickets t JOIN windows w ON w.id = t.window_id"
                        " WHERE t.state IN ('called', 'serving')"
                    )
                ).all()
            )
            last_calls = _last_call_per_window(conn)
        for number, ticket_id in serving.items():
            current = engine.window_state(number).current
            assert current is not None and current.id == ticket_id
            assert last_calls[number] == ticket_id  # the call in progress is the latest one
        issued = engine.issue_ticket("F").ticket
        assert issued.number == f"F{(top or 0) + 1:03d}"
        _check_waiting_agrees(engine)
    finally:
        engine.db.dispose()


def _last_call_per_window(conn: object) -> dict[int, int]:
    rows = conn.execute(  # type: ignore[attr-defined]
        text(
            "SELECT w.number, e.ticket_id FROM events e JOIN windows w ON w.id = e.window_id"
            " WHERE e.kind = 'ticket_called' ORDER BY e.id"
        )
    ).all()
    return {number: ticket_id for number, ticket_id in rows}


def _check_waiting_agrees(engine: QueueEngine) -> None:
    with engine.db.read() as conn:
        waiting = set(
            conn.scalars(select(Ticket.id).where(Ticket.state == "waiting", Ticket.day == DAY))
        )
    listed = {t.id for code in "ACF" for t in engine.waiting(service=code)}
    assert listed == waiting


def test_sigkill_at_random_moments_loses_no_acknowledged_action(
    demo_template: Path, tmp_path: Path
) -> None:
    path = tmp_path / "hall.db"
    shutil.copy(demo_template, path)
    setup = Database(f"sqlite:///{path}")
    with setup.write() as conn:
        conn.execute(update(Service).values(daily_cap=None))
    setup.dispose()

    rng = random.Random(20261123)
    acks: list[list[str]] = []
    kinds: dict[str, int] = defaultdict(int)
    kills = 0
    started = time.monotonic()
    server = ForkServer(path)
    try:
        for cycle in range(CYCLES):
            logs = [tmp_path / f"acks-{cycle}-{n}.log" for n in range(len(WINDOWS))]
            pids = [
                server.run(rng.randrange(10**6), windows, log)
                for windows, log in zip(WINDOWS, logs, strict=True)
            ]
            for pid, log in zip(pids, logs, strict=True):
                _wait_for_ack(log, pid, time.monotonic() + 30)
            time.sleep(rng.uniform(0.0, 0.25))
            for pid in pids:
                os.kill(pid, signal.SIGKILL)
                kills += 1
            for pid, log in zip(pids, logs, strict=True):
                assert server.wait(pid) == signal.SIGKILL, log.read_text()
                new_acks = _acks(log.read_text())
                acks += new_acks
                for ack in new_acks:
                    kinds[ack[0]] += 1
            db = Database(f"sqlite:///{path}")
            try:
                _check(db, acks)
            finally:
                db.dispose()
            _resumes(path)
    finally:
        server.close()
    elapsed = time.monotonic() - started
    print(
        f"\ncrash test: {kills} kills, {len(acks)} acknowledged actions "
        f"({kinds['issue']} issued, {kinds['call']} calls, {kinds['finish']} finished) "
        f"in {elapsed:.1f} s"
    )
    assert kills >= 50
    assert kinds["issue"] > CYCLES and kinds["call"] > CYCLES
