"""`python -m app --smoke`: one whole case through the real network path, headless.

Starts the embedded hall on 127.0.0.1 in a temporary folder (demo hall; service hours and the
calendar are not enforced, as in the one-PC default, so it passes at any hour), connects a
kiosk, a counter and a display client, and drives issue → sign in → call → start → finish →
rating (a simulated keypad over TCP gives the rating, the counter client reports it), checking
that the display heard the call and the rating. Exits 0 on success.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer

from app.config import Config
from app.devices.keypad.driver import KeypadDriver
from app.devices.keypad.session import RatingResult
from app.devices.keypad.simulator import KeypadSimulator
from app.embedded_hall import EmbeddedHall
from app.models.demo import DEMO_PASSWORD
from app.net.client import HallClient
from app.runtime.qt_gc import collect_on_main_thread

TIMEOUT_S = 60.0


class SmokeFailed(Exception):
    pass


def wait_until(done: Callable[[], Any], deadline: float, interval_ms: int = 5) -> bool:
    """Run the Qt event loop until done() is true or the monotonic deadline passes."""
    if done():
        return True
    loop = QEventLoop()
    check = QTimer()
    check.setInterval(interval_ms)

    def tick() -> None:
        if done() or time.monotonic() > deadline:
            loop.quit()

    check.timeout.connect(tick)
    check.start()
    loop.exec()
    check.stop()
    return bool(done())


class _Runner:
    def __init__(self, deadline: float) -> None:
        self.deadline = deadline

    def wait_until(self, what: str, done: Callable[[], Any]) -> None:
        if not wait_until(done, self.deadline):
            raise SmokeFailed(f"超时：{what} / timed out waiting for {what}")

    def call(self, client: HallClient, op: str, args: dict[str, Any] | None = None) -> Any:
        box: dict[str, Any] = {}
        client.request(
            op, args or {}, lambda r: box.setdefault("ok", r), lambda e: box.setdefault("error", e)
        )
        self.wait_until(f"reply to {op}", lambda: box)
        if "error" in box:
            error = box["error"]
            raise SmokeFailed(f"{op}: {error.get('zh')} / {error.get('en')} ({error.get('code')})")
        return box["ok"]


def run(say: Callable[[str], None] = print) -> int:
    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    collect_on_main_thread(app)
    with tempfile.TemporaryDirectory(prefix="hallqueue-smoke-") as folder:
        hall = EmbeddedHall(Config(), data_dir=Path(folder))
        try:
            _drive(hall, _Runner(time.monotonic() + TIMEOUT_S), say)
        except SmokeFailed as exc:
            print(f"冒烟测试失败 / smoke run FAILED: {exc}", file=sys.stderr)
            return 1
        finally:
            hall.stop()
            app.processEvents()
    say("冒烟测试通过 / smoke run passed")
    return 0


def _keypad_rating(run: _Runner, ticket_id: int, token: int) -> RatingResult:
    """The server's rating session on a simulated keypad over TCP (the keypad on the clerk's
    PC); the visitor presses 非常满意 (5)."""
    with KeypadSimulator.on_tcp() as simulator:
        driver = KeypadDriver(simulator.url, addresses=(1,))
        driver.start()
        try:
            session = driver.start_rating(1, ticket_id, timeout_s=TIMEOUT_S, session=token)
            run.wait_until("the keypad's session", lambda: simulator.keypads[1].session)
            simulator.press(5, 1)
            run.wait_until("the keypad's rating", lambda: session.done)
            return session.result(0)
        finally:
            driver.stop()


def _drive(hall: EmbeddedHall, run: _Runner, say: Callable[[str], None]) -> None:
    url = hall.start()
    say(f"1. 服务器已启动 / server listening at {url} (temporary demo hall)")
    display, kiosk = hall.display(), hall.kiosk()
    counter = hall.counter(1, "1001", DEMO_PASSWORD)
    heard: list[dict[str, Any]] = []
    display.event_received.connect(heard.append)
    for client in (display, kiosk, counter):
        client.open()
    run.wait_until(
        "three clients to log in", lambda: all(c.is_connected for c in (display, kiosk, counter))
    )
    say("2. 取号机、1 号窗口（工号 1001）、显示屏已登录 / kiosk, counter 1, display logged in")
    issued = run.call(kiosk, "issue_ticket", {"service": "A"})
    ticket = issued["ticket"]
    say(
        f"3. 取号 / issued {ticket['number']} ({ticket['service_name']}), "
        f"{issued['people_ahead']} ahead"
    )
    run.call(counter, "sign_in")
    say("4. 窗口签到 / clerk 1001 signed in at window 1")
    called = run.call(counter, "call_next")
    if called["id"] != ticket["id"]:
        raise SmokeFailed(f"called {called['number']}, expected {ticket['number']}")
    say(f"5. 叫号 / window 1 called {called['number']}")
    run.wait_until(
        "the display to hear the call",
        lambda: any(
            e["kind"] == "ticket_called" and e["data"].get("number") == ticket["number"]
            for e in heard
        ),
    )
    say(f"6. 显示屏收到叫号 / display received: 请 {ticket['number']} 号到 1 号窗口")
    run.call(counter, "start")
    finished = run.call(counter, "finish", {"outcome": "done"})
    say(f"7. 办结 / finished {finished['number']} ({finished['state']})")
    session = run.call(counter, "request_rating", {"ticket_id": ticket["id"]})
    result = _keypad_rating(run, ticket["id"], session["session"])
    say(f"8. 模拟评价器 / simulated keypad ({result.device}) rated {result.level_name}")
    rating = run.call(counter, "relay_keypad_frame", {"frame": result.raw_frame.replace(" ", "")})
    say(
        f"9. 评价已记录 / rating recorded: level {rating['level']} of {rating['scale']}"
        " (the keypad's frame relayed, checked by the server)"
    )
    run.wait_until(
        "the display to hear the rating",
        lambda: any(
            e["kind"] == "rating_recorded" and e["ticket_id"] == ticket["id"] for e in heard
        ),
    )
    seqs = [e["seq"] for e in heard]
    if seqs != sorted(set(seqs)):
        raise SmokeFailed(f"display events out of order or repeated: {seqs}")
    say(
        f"10. 显示屏共收到 {len(heard)} 条事件，顺序正确 / display got {len(heard)} events in order"
    )
