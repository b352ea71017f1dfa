"""The 一窗受理系统's local API on the hall's API service over real HTTPS on 127.0.0.1 (the hall's
own certificate): it finishes the case in service at its own window with the 办件编号 and
事项编码 and asks for the rating, in one transaction as the clerk's 办结 does; its token works
for its own window only; the intake shares the service; plain HTTP gets nothing."""

from __future__ import annotations

import hashlib
import socket
import ssl
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.config import Config, Tokens
from app.hall.context import build_hall
from app.hall.table import build_table
from app.models import Database, OutboxItem, Rating, RatingPath, Ticket
from app.models.outbox import PROVINCE
from app.models.server_cert import ServerIdentity, ensure_identity
from app.net.http_service import HttpService
from app.net.intake_http import register_intake
from app.net.tls import server_configuration
from app.net.window_http import register_windows
from app.outbox.items import enable
from app.queue import ManualClock, QueueEngine
from tests.net.http_client import Answer, Endpoint, hall_tls, raw, request

TOKENS = {1: "window-one-token-0001", 2: "window-two-token-0002"}
INTAKE_TOKEN = "intake-token-0123456789"
FINISH = "/api/v1/windows/{}/finish"


@pytest.fixture
def identity(tmp_path: Path) -> ServerIdentity:
    made, _ = ensure_identity(tmp_path / "hall-cert.pem", tmp_path / "hall-cert.key")
    return made


@pytest.fixture
def api(qtbot: QtBot, engine: QueueEngine, identity: ServerIdentity) -> Iterator[HttpService]:
    """The API service as the server makes it: HTTPS, the intake and the windows' routes."""
    hall = build_hall(engine, Config(tokens=Tokens(window_api=TOKENS)))
    service = HttpService("api", tls=server_configuration(identity))
    register_intake(service, engine, lambda: "测试大厅", token=lambda: INTAKE_TOKEN)
    register_windows(service, hall, build_table(check_results=True), lambda: TOKENS)
    service.listen("127.0.0.1", 0)
    yield service
    service.close()


@pytest.fixture
def at(api: HttpService, identity: ServerIdentity) -> Endpoint:
    return Endpoint(api.port, hall_tls(identity.cert_file))


def finish(qtbot: QtBot, at: Endpoint, window: int, token: str | None, body: Any) -> Answer:
    return request(qtbot, at, "POST", FINISH.format(window), json_body=body, token=token)


def serving(engine: QueueEngine, window: int = 1) -> int:
    engine.sign_in(window, str(1000 + window))
    engine.issue_ticket("A")
    return int(engine.call_next(window).id)


def test_the_business_system_finishes_the_case_and_the_rating_carries_its_numbers(
    qtbot: QtBot, at: Endpoint, engine: QueueEngine, db: Database, clock: ManualClock
) -> None:
    enable(db, PROVINCE, "http://province")
    ticket = serving(engine)
    body = {"case_no": "370102-2026-000123", "item_code": "ITEM-77"}
    answer = finish(qtbot, at, 1, TOKENS[1], body)
    assert answer.status == 200, answer.json
    assert answer.json["ticket"]["state"] == "finished" and answer.json["ticket"]["id"] == ticket
    session = answer.json["rating"]["session"]
    clock.advance(seconds=4)
    engine.answer_rating(session, window=1, level=5, path=RatingPath.BUS)
    with db.read() as conn:
        assert conn.execute(select(Ticket.case_no, Ticket.item_code)).one() == (
            "370102-2026-000123",
            "ITEM-77",
        )
        assert conn.execute(select(Rating.case_no, Rating.item_code)).one() == (
            "370102-2026-000123",
            "ITEM-77",
        )
        payload = conn.scalar(select(OutboxItem.payload))
    assert payload["case_no"] == "370102-2026-000123"


def test_a_token_works_for_its_own_window_only(
    qtbot: QtBot, at: Endpoint, engine: QueueEngine
) -> None:
    serving(engine, 1)
    serving(engine, 2)
    other = finish(qtbot, at, 1, TOKENS[2], {})
    assert (other.status, other.error["code"]) == (403, "forbidden")
    assert finish(qtbot, at, 1, "not-a-token", {}).error["code"] == "bad_token"
    assert finish(qtbot, at, 1, None, {}).status == 401
    assert finish(qtbot, at, 1, INTAKE_TOKEN, {}).status == 401  # the intake's opens no window
    assert finish(qtbot, at, 3, TOKENS[1], {}).status == 403  # no token there
    assert finish(qtbot, at, 1, TOKENS[1], {}, ).status == 200  # fmt: skip
    case = request(qtbot, at, "GET", "/api/v1/windows/1/case", token=TOKENS[2])
    assert case.status == 403
    assert engine.window_state(2).current is not None  # window 2's case is still open
    assert finish(qtbot, at, 2, TOKENS[2], {}).status == 200


def test_refusals_are_typed_and_change_nothing(
    qtbot: QtBot, at: Endpoint, engine: QueueEngine
) -> None:
    answer = finish(qtbot, at, 1, TOKENS[1], {"case_no": "X1"})
    assert (answer.status, answer.error["code"]) == (409, "no_ticket_in_service")
    serving(engine)
    answer = finish(qtbot, at, 1, TOKENS[1], {"case_no": "BAD NO"})
    assert (answer.status, answer.error["code"]) == (400, "invalid_case_number")
    answer = finish(qtbot, at, 1, TOKENS[1], {"case_no": 12})
    assert (answer.status, answer.error["code"]) == (400, "bad_request")
    answer = finish(qtbot, at, 1, TOKENS[1], {"cases": "x"})
    assert (answer.status, answer.error["code"]) == (400, "bad_request")
    answer = finish(qtbot, at, 1, TOKENS[1], [1, 2])
    assert (answer.status, answer.error["code"]) == (400, "bad_request")
    bad = request(qtbot, at, "POST", FINISH.format(1), body=b"{not json", token=TOKENS[1])
    assert (bad.status, bad.error["code"]) == (400, "bad_request")
    assert request(qtbot, at, "POST", "/api/v1/windows/1/nothing", token=TOKENS[1]).status == 404
    assert engine.window_state(1).current is not None


def test_the_business_system_can_read_its_windows_state(
    qtbot: QtBot, at: Endpoint, engine: QueueEngine
) -> None:
    serving(engine)
    answer = request(qtbot, at, "GET", "/api/v1/windows/1/case", token=TOKENS[1])
    assert answer.status == 200 and answer.json["current"]["number"] == "A001"


def test_the_intake_is_served_beside_the_windows(qtbot: QtBot, at: Endpoint) -> None:
    """One service for machines: the platform's token opens the intake, a window's does not."""
    services = request(qtbot, at, "GET", "/api/v1/services", token=INTAKE_TOKEN)
    assert services.status == 200 and services.json
    assert request(qtbot, at, "GET", "/api/v1/services", token=TOKENS[1]).status == 401


def test_plain_http_to_the_api_gets_no_answer_and_finishes_nothing(
    qtbot: QtBot, api: HttpService, engine: QueueEngine
) -> None:
    serving(engine)
    sent = (
        f"POST {FINISH.format(1)} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKENS[1]}\r\n"
        "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"
    ).encode()
    back = raw(qtbot, api.port, sent)
    assert b"HTTP/1." not in back and b"ticket" not in back and b"finished" not in back
    assert engine.window_state(1).current is not None


def _handshake(port: int, context: ssl.SSLContext) -> bytes:
    with (
        socket.create_connection(("127.0.0.1", port), timeout=5) as plain,
        context.wrap_socket(plain, server_hostname="127.0.0.1") as tls,
    ):
        return tls.getpeercert(binary_form=True) or b""


def test_the_api_shows_the_halls_own_certificate_and_a_client_without_it_refuses(
    qtbot: QtBot, api: HttpService, identity: ServerIdentity
) -> None:
    """The certificate is the one wss:// shows (its fingerprint is what setup-client prints);
    a client trusting the usual authorities only does not take it."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        shown = pool.submit(_handshake, api.port, hall_tls(identity.cert_file))
        qtbot.waitUntil(shown.done, timeout=6000)
        assert hashlib.sha256(shown.result()).hexdigest() == identity.fingerprint
        stranger = pool.submit(_handshake, api.port, ssl.create_default_context())
        qtbot.waitUntil(stranger.done, timeout=6000)
        with pytest.raises(ssl.SSLCertVerificationError):
            stranger.result()
