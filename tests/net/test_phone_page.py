"""The visitor's phone page in a real headless browser (Debian's Chromium via Playwright),
served by the hall server as `python -m app server` builds it: the kiosk's ticket QR code
opens it, a counter's call shows "请到 N 号窗口" within a second, the case's end thanks the
visitor. Screenshots at 390×844 go to build/screenshots/. The status is read-only, shows
nothing of other visitors, is rate-limited and ends with the day."""

from __future__ import annotations

import datetime as dt
import json
import socket
import time
from collections.abc import Iterator
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import pytest
from pytestqt.qtbot import QtBot

from app.composition import HallSystem
from app.config import Config
from app.devices.printing.slip import TicketSlip
from app.models import sqlite_url
from app.net.client import HallClient
from app.queue import ManualClock
from tests.net.conftest import TOKENS, credential, ok
from tests.net.http_client import request
from tests.net.phone_browser import PhoneBrowser, chromium_missing

pytestmark = pytest.mark.timeout(120)
RATING_URL = "http://rating.example.invalid/hcp"
T = TypeVar("T")
WAIT_MS = 10_000


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def system(qapp: Any, db_path: Path, clock: ManualClock) -> Iterator[HallSystem]:
    port = free_port()
    config = Config(
        hall_name="测试政务服务中心",
        tokens=TOKENS,
        phone_url=f"http://127.0.0.1:{port}",
        phone_host="127.0.0.1",
        phone_port=port,
        phone_rating_url=RATING_URL,
        phone_requests_per_minute=60,
    )
    built = HallSystem(config, sqlite_url(db_path), clock=clock, jobs=False, check_results=True)
    built.start("127.0.0.1", 0)
    yield built
    built.stop()


def client(qtbot: QtBot, system: HallSystem, role: str, **given: Any) -> HallClient:
    made = HallClient(f"ws://127.0.0.1:{system.port}", role, credential(role, **given))
    made.open()
    qtbot.waitUntil(lambda: made.is_connected, timeout=WAIT_MS)
    return made


def done(qtbot: QtBot, future: Future[T], timeout_ms: int = WAIT_MS) -> T:
    """The browser's answer, the Qt loop (the hall server) running meanwhile."""
    qtbot.waitUntil(future.done, timeout=timeout_ms)
    return future.result()


def ticket_url(qtbot: QtBot, kiosk: HallClient) -> tuple[str, dict[str, Any]]:
    """A ticket from the kiosk, and the address its slip's QR code carries."""
    issued = ok(qtbot, kiosk, "issue_ticket", service="A")
    return TicketSlip.from_dict(issued, "测试政务服务中心").qr_text, issued


@pytest.fixture
def phone() -> Iterator[PhoneBrowser]:
    missing = chromium_missing()
    if missing:
        pytest.skip(missing)
    browser = PhoneBrowser()
    yield browser
    browser.close()


def test_the_phone_follows_the_ticket_and_shows_the_call_within_a_second(
    qtbot: QtBot, system: HallSystem, phone: PhoneBrowser, capsys: pytest.CaptureFixture[str]
) -> None:
    kiosk = client(qtbot, system, "kiosk")
    counter = client(qtbot, system, "counter", window=1)
    system.engine.sign_in(2, "1002")  # a window open: the predictor has an estimate
    ok(qtbot, kiosk, "issue_ticket", service="A")  # someone else, ahead
    url, issued = ticket_url(qtbot, kiosk)
    assert url.startswith(f"{system.config.phone_url}/t/HQ1:") and issued["phone_url"]
    assert done(qtbot, phone.open(url)) == 200
    done(qtbot, phone.state("waiting", 5000))
    assert done(qtbot, phone.text("#number")) == "A002"
    assert done(qtbot, phone.text("#ahead")) == "1"
    assert "社保医保" in done(qtbot, phone.text("#service"))
    done(qtbot, phone.screenshot("phone-waiting.png"))

    assert system.engine.call_next(2).number == "A001"  # the one ahead is called elsewhere
    qtbot.waitUntil(lambda: done(qtbot, phone.text("#ahead")) == "0", timeout=3000)
    assert done(qtbot, phone.text("#wait")) == "马上就到您"

    ok(qtbot, counter, "sign_in")
    called = phone.state("called", 1000)  # armed before the call: it must come within 1 s
    sent_at = time.time()
    assert ok(qtbot, counter, "call_next")["number"] == "A002"
    done(qtbot, called, 3000)
    shown_at = done(qtbot, phone.evaluate("window.__calledAt"))
    latency_ms = shown_at - sent_at * 1000
    with capsys.disabled():
        print(f"\ncall to phone: {latency_ms:.0f} ms")
    assert 0 <= latency_ms < 1000
    assert done(qtbot, phone.text("#called")).replace("\n", "").startswith("请到1 号窗口")
    assert done(qtbot, phone.evaluate("document.title")) == "请到 1 号窗口"
    done(qtbot, phone.screenshot("phone-called.png"))

    ok(qtbot, counter, "start")
    done(qtbot, phone.state("serving", 3000))
    done(qtbot, phone.screenshot("phone-serving.png"))
    ok(qtbot, counter, "finish", outcome="done")
    done(qtbot, phone.state("finished", 3000))
    assert done(qtbot, phone.evaluate("document.getElementById('rating').hidden")) is False
    assert done(qtbot, phone.evaluate("document.getElementById('rating-link').href")) == (
        RATING_URL
    )
    done(qtbot, phone.screenshot("phone-finished.png"))
    assert [line for line in phone.console if "error" in line.lower()] == []
    kiosk.close()
    counter.close()


def test_a_forged_or_old_code_shows_no_ticket(
    qtbot: QtBot, system: HallSystem, phone: PhoneBrowser, clock: ManualClock
) -> None:
    kiosk = client(qtbot, system, "kiosk")
    url, _ = ticket_url(qtbot, kiosk)
    forged = url[:-1] + ("0" if url[-1] != "0" else "1")
    other_number = url.replace(":A001:", ":A002:")
    for address in (forged, other_number):
        answer = request(qtbot, system.config.phone_port, "GET", _api(address, system.config))
        assert answer.status == 404 and answer.error["code"] == "unknown_ticket"
    done(qtbot, phone.open(forged))
    done(qtbot, phone.state("expired", 5000))
    done(qtbot, phone.screenshot("phone-expired.png"))
    clock.advance(days=1)  # the next day: yesterday's ticket is gone
    done(qtbot, phone.open(url))
    done(qtbot, phone.state("expired", 5000))
    kiosk.close()


def _api(url: str, config: Config) -> str:
    return url.replace(config.phone_url, "").replace("/t/", "/api/t/")


def test_the_status_says_nothing_of_other_visitors_and_the_page_is_locked_down(
    qtbot: QtBot, system: HallSystem
) -> None:
    kiosk = client(qtbot, system, "kiosk")
    ticket_url(qtbot, kiosk)  # someone else's, ahead
    url, _ = ticket_url(qtbot, kiosk)
    port = system.config.phone_port
    status = request(qtbot, port, "GET", _api(url, system.config)).json
    assert set(status) == {"hall", "number", "service", "state", "ahead", "wait_s", "wait_text",
                           "window", "window_name", "sent_to", "rating_url"}  # fmt: skip
    assert (status["number"], status["ahead"], status["state"]) == ("A002", 1, "waiting")
    assert "A001" not in json.dumps(status) and status["rating_url"] == ""
    page = request(qtbot, port, "GET", url.replace(system.config.phone_url, ""))
    assert page.status == 200 and page.headers["referrer-policy"] == "no-referrer"
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "<script" in page.body.decode() and "http" not in page.body.decode().split("<body>")[1]
    for method in ("POST", "PUT", "DELETE"):
        assert request(qtbot, port, method, _api(url, system.config)).status == 405
    assert request(qtbot, port, "GET", "/api/v1/services").status == 404  # not on this address
    kiosk.close()


def test_a_phone_asking_too_often_is_refused(qtbot: QtBot, system: HallSystem) -> None:
    kiosk = client(qtbot, system, "kiosk")
    url, _ = ticket_url(qtbot, kiosk)
    path = _api(url, system.config)
    answers = [request(qtbot, system.config.phone_port, "GET", path).status for _ in range(61)]
    assert answers[:60] == [200] * 60 and answers[60] == 429
    kiosk.close()


def test_open_pages_end_with_the_day(
    qtbot: QtBot, system: HallSystem, phone: PhoneBrowser, clock: ManualClock
) -> None:
    kiosk = client(qtbot, system, "kiosk")
    url, _ = ticket_url(qtbot, kiosk)
    done(qtbot, phone.open(url))
    done(qtbot, phone.state("waiting", 5000))
    pages = system.phone_pages
    assert pages is not None and pages.open_pages == 1
    clock.set(dt.datetime.combine(clock.now().date() + dt.timedelta(days=1), dt.time(8)))
    pages.tick()
    done(qtbot, phone.state("expired", 5000))
    qtbot.waitUntil(lambda: pages.open_pages == 0, timeout=3000)
    kiosk.close()


def test_without_a_phone_url_there_is_no_phone_page(
    qapp: Any, db_path: Path, clock: ManualClock
) -> None:
    config = replace(Config(tokens=TOKENS), phone_url="")
    built = HallSystem(config, sqlite_url(db_path), clock=clock, jobs=False)
    built.start("127.0.0.1", 0)
    try:
        assert built.phone is None and built.phone_pages is None and built.api is None
    finally:
        built.stop()
