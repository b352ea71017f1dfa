"""From a counter's call to the visitor's phone showing it.

Run: .venv/bin/python bench/phone_call.py [--calls N]

The hall server as `python -m app server` builds it (HallSystem, phone page on 127.0.0.1), a
counter's real WebSocket client, and a phone: Debian's Chromium, headless, 390×844, driven by
Playwright (tests/net/phone_browser.py). For each call: a kiosk ticket's QR address opened on
the phone, the counter's call_next sent, and the time until the page showed "请到 N 号窗口"
(window.__calledAt, set by the page's script when it draws the call). The last line is
`call_to_phone_ms_median: X` (goal: well under 1000).
"""

from __future__ import annotations

import argparse
import datetime as dt
import socket
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Future
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QCoreApplication

from app.composition import HallSystem
from app.config import Config, Limits
from app.devices.printing.slip import TicketSlip
from app.models import Database, sqlite_url
from app.models.demo import seed_demo
from app.net.client import HallClient
from app.queue import ManualClock
from tests.net.conftest import TOKENS, credential
from tests.net.phone_browser import PhoneBrowser, chromium_missing

T = TypeVar("T")


def spin(until: Callable[[], bool], timeout_s: float = 10.0) -> None:
    end = time.monotonic() + timeout_s
    while not until():
        if time.monotonic() > end:
            raise TimeoutError("gave up waiting")
        QCoreApplication.processEvents()
        time.sleep(0.001)


def done(future: Future[T]) -> T:
    spin(future.done)
    return future.result()


def ask(client: HallClient, op: str, **args: Any) -> Any:
    box: list[Any] = []
    client.request(op, args, box.append, lambda e: box.append(RuntimeError(e)))
    spin(lambda: bool(box))
    if isinstance(box[0], Exception):
        raise box[0]
    return box[0]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=20)
    args = parser.parse_args()
    missing = chromium_missing()
    if missing:
        print(missing, file=sys.stderr)
        return 2
    app = QCoreApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp(prefix="bench-phone-"))
    db = Database(sqlite_url(folder / "hall.db"))
    seed_demo(db)
    db.dispose()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    # one kiosk takes every ticket of the run: more than a real kiosk's [limits] allow
    many = Limits(tickets_per_minute=100_000, ticket_burst=100_000)
    config = Config(tokens=TOKENS, phone_url=f"http://127.0.0.1:{port}", phone_host="127.0.0.1",
                    phone_port=port, phone_requests_per_minute=10_000, limits=many)  # fmt: skip
    clock = ManualClock(dt.datetime(2026, 11, 23, 9, 0))
    system = HallSystem(config, sqlite_url(folder / "hall.db"), clock=clock, jobs=False)
    system.start("127.0.0.1", 0)
    url = f"ws://127.0.0.1:{system.port}"
    kiosk = HallClient(url, "kiosk", credential("kiosk"))
    counter = HallClient(url, "counter", credential("counter", window=1))
    for client in (kiosk, counter):
        client.open()
    spin(lambda: kiosk.is_connected and counter.is_connected)
    ask(counter, "sign_in")
    phone = PhoneBrowser()
    times: list[float] = []
    try:
        for _ in range(args.calls):
            issued = ask(kiosk, "issue_ticket", service="A")
            done(phone.open(TicketSlip.from_dict(issued, "大厅").qr_text))
            done(phone.state("waiting", 5000))
            called = phone.state("called", 5000)
            sent = time.time()
            ask(counter, "call_next")
            done(called)
            times.append(done(phone.evaluate("window.__calledAt")) - sent * 1000)
            ask(counter, "start")
            ask(counter, "finish", outcome="done")
            clock.advance(seconds=30)
    finally:
        phone.close()
        kiosk.close()
        counter.close()
        system.stop()
        app.processEvents()
    times.sort()
    print(f"calls: {len(times)}")
    print(f"min {times[0]:.0f} ms, max {times[-1]:.0f} ms, p90 {times[int(len(times) * 0.9)]:.0f}")
    print(f"call_to_phone_ms_median: {statistics.median(times):.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
