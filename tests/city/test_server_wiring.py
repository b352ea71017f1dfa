"""The hall server with its uplinks on (python -m app server does the same): the window's
business system finishes a case through the API for machines (HTTPS with the server's own
certificate), the visitor rates, the 好差评 sender
delivers it from its own thread; a platform gone quiet leaves the item pending and, past the
configured time, the supervisor's consoles get the stuck-outbox alarm and see it in
outbox_status."""

from __future__ import annotations

import datetime as dt
import http.client
import json
import logging
import ssl
import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from app.composition import HallSystem
from app.config import Config, Tokens
from app.hall.caller import Caller, Role
from app.models import OutboxItem, RatingPath, sqlite_url
from app.outbox.settings import ProvinceSettings
from tests.outbox.receiver import Receiver

TOKEN = "window-one-api-token"


def post_in_thread(port: int, body: dict[str, Any], cert: Path | None) -> list[Any]:
    """The business system's request, from its own thread (the server answers on its own):
    over HTTPS trusting the hall's certificate `cert`, or plain HTTP without one."""
    found: list[Any] = []

    def run() -> None:
        if cert is None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        else:
            context = ssl.create_default_context(cafile=str(cert))
            context.check_hostname = False  # it names the server's host; we call 127.0.0.1
            conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=10, context=context)
        conn.request(
            "POST",
            "/api/v1/windows/1/finish",
            body=json.dumps(body),
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
        response = conn.getresponse()
        found.append((response.status, json.loads(response.read())))

    threading.Thread(target=run, daemon=True).start()
    return found


def test_the_server_finishes_through_the_local_api_uploads_and_warns_when_stuck(
    qtbot: Any, tmp_path: Path
) -> None:
    receiver = Receiver(weights={"ok": 1.0})
    config = Config(
        tokens=Tokens(window_api={1: TOKEN}),
        province=ProvinceSettings(url=receiver.url, timeout_s=2, stuck_minutes=1),
        window_api_enabled=True,
        api_host="127.0.0.1",
        api_port=0,
    ).with_queue(enforce_hours=False, enforce_calendar=False)
    system = HallSystem(
        config, sqlite_url(tmp_path / "hall.db"), jobs=False, seed=True,
        config_file=tmp_path / "hallqueue.toml",
    )  # fmt: skip
    system.start()
    try:
        engine = system.engine
        engine.sign_in(1, "1001")
        engine.issue_ticket("A")
        engine.call_next(1)
        assert system.api is not None and system.api.tls and system.identity is not None
        assert system.identity.cert_file == tmp_path / "hall-cert.pem"
        answer = post_in_thread(system.api.port, {"case_no": "BJ-0001"}, system.identity.cert_file)
        qtbot.waitUntil(lambda: bool(answer), timeout=10000)
        status, body = answer[0]
        assert status == 200 and body["ticket"]["state"] == "finished"
        engine.answer_rating(body["rating"]["session"], window=1, level=5, path=RatingPath.BUS)
        qtbot.waitUntil(lambda: len(receiver.tally.taken) == 1, timeout=10000)
        [(_, sent)] = receiver.tally.taken.items()
        assert json.loads(sent)["caseNo"] == "BJ-0001"

        receiver.stop()  # the platform goes quiet
        engine.issue_ticket("A")
        engine.call_next(1)
        engine.finish(1, "done")
        engine.expire_ratings()
        session = engine.open_rating_session(1)
        assert session is not None
        engine.answer_rating(session.session, window=1, level=4, path=RatingPath.BUS)
        assert system.db is not None and system.hall is not None
        with system.db.write() as conn:  # it has waited two minutes
            conn.execute(
                update(OutboxItem)
                .where(OutboxItem.state == "pending")
                .values(created_at=dt.datetime.now() - dt.timedelta(minutes=2))
            )
        system.check_uplinks()
        alarm = system.hall.alarms.current().get("outbox:province")
        assert alarm is not None and alarm["code"] == "outbox_stuck" and alarm["pending"] == 1
        supervisor = Caller(Role.SUPERVISOR, "admin:2001", None, "2001")
        [province, city] = system.table.run(system.hall, supervisor, "outbox_status", {})
        assert (province["enabled"], province["pending"], province["stuck"]) == (True, 1, True)
        assert province["delivered"] == 1 and not city["enabled"]
    finally:
        system.stop()
        receiver.stop()


@pytest.mark.parametrize(
    ("intake", "windows", "served"),
    [("", False, False), ("intake-token-0123456789", False, True), ("", True, True)],
)
def test_the_api_is_served_for_the_intake_or_the_windows(
    qtbot: Any, tmp_path: Path, intake: str, windows: bool, served: bool
) -> None:
    """Its one listener opens when the platform's token is set or the windows' API is on."""
    config = Config(
        tokens=Tokens(window_api={1: TOKEN}),
        intake_token=intake,
        window_api_enabled=windows,
        api_host="127.0.0.1",
        api_port=0,
    )
    system = HallSystem(
        config, sqlite_url(tmp_path / "hall.db"), jobs=False, seed=True,
        config_file=tmp_path / "hallqueue.toml",
    )  # fmt: skip
    system.start()
    try:
        assert (system.api is not None) == served
        if system.api is not None:
            routes = {route.pattern.pattern for route in system.api.routes}
            assert any("windows" in r for r in routes) == windows
            assert any("appointments" in r for r in routes) == bool(intake)
    finally:
        system.stop()


def test_the_api_without_tls_is_plain_http_and_says_so_in_the_log(
    qtbot: Any, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """[api] tls = false (behind a reverse proxy): plain HTTP, and a warning in the log."""
    config = Config(
        tokens=Tokens(window_api={1: TOKEN}),
        window_api_enabled=True,
        api_host="127.0.0.1",
        api_port=0,
        api_tls=False,
    ).with_queue(enforce_hours=False, enforce_calendar=False)
    system = HallSystem(
        config, sqlite_url(tmp_path / "hall.db"), jobs=False, seed=True,
        config_file=tmp_path / "hallqueue.toml",
    )  # fmt: skip
    caplog.set_level(logging.WARNING)
    system.start()
    try:
        assert system.api is not None and not system.api.tls
        assert "WITHOUT TLS" in caplog.text and "[api] tls" in caplog.text
        engine = system.engine
        engine.sign_in(1, "1001")
        engine.issue_ticket("A")
        engine.call_next(1)
        answer = post_in_thread(system.api.port, {"case_no": "BJ-0002"}, None)
        qtbot.waitUntil(lambda: bool(answer), timeout=10000)
        assert answer[0][0] == 200
    finally:
        system.stop()
