"""Child process of the concurrency test: works one database URL as hard as it can.

Usage: concurrent_child.py URL issue COUNT        issue COUNT tickets of service A
       concurrent_child.py URL call W1,W2,...     call and finish at these windows until
                                                  none of them has anyone left to call
                                                  (pausing 2 ms after each case)
It connects, prints READY, waits for one line on stdin (so that both children start at the
same instant), works, and prints one line per result: "ISSUED <id> <number>" or
"CALLED <window> <id>", then "DONE".
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from crash_child import HallDayClock

from app.models import Database
from app.queue import QueueEngine, QueueSettings, errors


def main() -> None:
    url, role, arg = sys.argv[1], sys.argv[2], sys.argv[3]
    settings = QueueSettings(enforce_hours=False, enforce_calendar=False)
    engine = QueueEngine(Database(url, migrate=False), clock=HallDayClock(), settings=settings)
    engine.last_seq()  # connected before the start signal
    print("READY", flush=True)
    sys.stdin.readline()
    out: list[str] = []
    if role == "issue":
        for _ in range(int(arg)):
            ticket = engine.issue_ticket("A").ticket
            out.append(f"ISSUED {ticket.id} {ticket.number}")
    else:
        windows = [int(w) for w in arg.split(",")]
        for window in windows:
            engine.sign_in(window, str(1000 + window))
        active = list(windows)
        while active:
            for window in list(active):
                try:
                    called = engine.call_next(window)
                except errors.NoneWaiting:
                    active.remove(window)
                    continue
                out.append(f"CALLED {window} {called.id}")
                engine.finish(window, "done")
                time.sleep(0.002)  # a clerk's moment between cases: the other process's turn
    print("\n".join([*out, "DONE"]), flush=True)
    engine.db.dispose()


if __name__ == "__main__":
    main()
