"""Child process of the crash test: a fork server whose workers run the engine until killed.

Usage: crash_child.py DB_PATH
The process imports the engine once (imports cost most of a start), prints READY, then reads
commands on stdin, one per line:
    run SEED WINDOWS LOG   fork a worker; answer "PID <pid>"
    wait PID               reap a worker; answer "EXIT <signal number or -exit code>"
A worker opens the database itself (a fresh engine, as after a restart), signs in at its
windows (comma separated) and loops: issue a ticket, or call/finish at one of its windows.
After each command has returned (committed) it appends one line to LOG with one write call:
    ACK issue <ticket_id> <number>
    ACK call <window> <ticket_id>
    ACK finish <window> <ticket_id>
The parent SIGKILLs workers at random moments and checks the database against the ACKs.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.models import Database
from app.queue import QueueEngine, QueueSettings, errors

DAY = dt.date(2026, 11, 23)
SERVICES = "ACF"


class HallDayClock:
    """The wall clock's time of day on one fixed working day, so runs are repeatable."""

    def now(self) -> dt.datetime:
        return dt.datetime.combine(DAY, dt.datetime.now().time())


def engine_for(path: str, *, migrate: bool = True) -> QueueEngine:
    """An engine as the hall opens it (quick_check, and migrations unless told not to)."""
    settings = QueueSettings(enforce_hours=False, enforce_calendar=False)
    db = Database(f"sqlite:///{path}", migrate=migrate)
    return QueueEngine(db, clock=HallDayClock(), settings=settings)


def work(path: str, seed: int, windows: list[int], log: int) -> None:
    """Run commands forever; every acknowledged one is already committed."""

    def ack(*fields: object) -> None:
        os.write(log, ("ACK " + " ".join(str(f) for f in fields) + "\n").encode())

    rng = random.Random(seed)
    engine = engine_for(path, migrate=False)  # the parent migrated the file already
    for window in windows:
        engine.sign_in(window, str(1000 + window))
    os.write(log, b"STARTED\n")
    while True:
        if rng.random() < 0.5:
            ticket = engine.issue_ticket(rng.choice(SERVICES)).ticket
            ack("issue", ticket.id, ticket.number)
            continue
        window = rng.choice(windows)
        current = engine.window_state(window).current
        if current is not None:
            done = engine.finish(window, "done")
            ack("finish", window, done.id)
            continue
        try:
            called = engine.call_next(window)
        except errors.NoneWaiting:
            continue
        ack("call", window, called.id)


def fork_worker(path: str, seed: int, windows: list[int], log_path: str) -> int:
    pid = os.fork()
    if pid:
        return pid
    code = 0
    try:
        log = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        work(path, seed, windows, log)
    except BaseException:
        traceback.print_exc()
        code = 3
    os._exit(code)


def serve(path: str) -> None:
    print("READY", flush=True)
    for line in sys.stdin:
        command, *args = line.split()
        if command == "run":
            seed, windows, log_path = int(args[0]), args[1], args[2]
            pid = fork_worker(path, seed, [int(w) for w in windows.split(",")], log_path)
            print(f"PID {pid}", flush=True)
        elif command == "wait":
            _pid, status = os.waitpid(int(args[0]), 0)
            signal_no = os.WTERMSIG(status) if os.WIFSIGNALED(status) else 0
            print(f"EXIT {signal_no or -os.WEXITSTATUS(status)}", flush=True)


if __name__ == "__main__":
    serve(sys.argv[1])
