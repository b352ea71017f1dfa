"""The 一窗受理系统's local API over real HTTP on 127.0.0.1: it finishes the case in service at
its own window with the 办件编号 and 事项编码 and asks for the rating, in one transaction as
the clerk's 办结 does; its token works for its own window only."""

from __future__ import annotations

import http.client
import json
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy import select

from app.config import Config, Tokens
from app.hall.context import build_hall
from app.hall.table import build_table
from app.models import Database, OutboxItem, Rating, RatingPath, Ticket
from app.models.outbox import PROVINCE
from app.outbox.items import enable
from app.queue import ManualClock, QueueEngine
from app.window_api.server import WindowApi

TOKENS = {1: "window-one-token-0001", 2: "window-two-token-0002"}


@pytest.fixture
def api(engine: QueueEngine) -> Iterator[WindowApi]:
    hall = build_hall(engine, Config(tokens=Tokens(window_api=TOKENS)))
    lock = threading.Lock()

    def post(work: Callable[[], None]) -> None:  # the hall's one thread, as the server's
        with lock:
            work()

    server = WindowApi(hall, build_table(check_results=True), TOKENS, post).start()
    yield server
    server.stop()


def call(api: WindowApi, method: str, path: str, token: str | None, body: Any = None) -> Any:
    conn = http.client.HTTPConnection("127.0.0.1", api.port, timeout=10)
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    conn.request(method, path, body=None if body is None else json.dumps(body), headers=headers)
    response = conn.getresponse()
    found = response.status, json.loads(response.read())
    conn.close()
    return found


def serving(engine: QueueEngine, window: int = 1) -> int:
    engine.sign_in(window, str(1000 + window))
    engine.issue_ticket("A")
    return int(engine.call_next(window).id)


def test_the_business_system_finishes_the_case_and_the_rating_carries_its_numbers(
    api: WindowApi, engine: QueueEngine, db: Database, clock: ManualClock
) -> None:
    enable(db, PROVINCE, "http://province")
    ticket = serving(engine)
    status, body = call(
        api,
        "POST",
        "/v1/windows/1/finish",
        TOKENS[1],
        {"case_no": "370102-2026-000123", "item_code": "ITEM-77"},
    )
    assert status == 200, body
    assert body["ticket"]["state"] == "finished" and body["ticket"]["id"] == ticket
    session = body["rating"]["session"]
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


def test_a_token_works_for_its_own_window_only(api: WindowApi, engine: QueueEngine) -> None:
    serving(engine)
    assert call(api, "POST", "/v1/windows/1/finish", TOKENS[2], {})[0] == 403
    assert call(api, "POST", "/v1/windows/1/finish", "not-a-token", {})[0] == 401
    assert call(api, "POST", "/v1/windows/1/finish", None, {})[0] == 401
    assert call(api, "POST", "/v1/windows/3/finish", TOKENS[1], {})[0] == 403  # no token there
    assert engine.window_state(1).current is not None  # nothing was finished


def test_refusals_are_typed_and_change_nothing(api: WindowApi, engine: QueueEngine) -> None:
    status, body = call(api, "POST", "/v1/windows/1/finish", TOKENS[1], {"case_no": "X1"})
    assert (status, body["code"]) == (409, "no_ticket_in_service")
    serving(engine)
    status, body = call(api, "POST", "/v1/windows/1/finish", TOKENS[1], {"case_no": "BAD NO"})
    assert (status, body["code"]) == (400, "invalid_case_number") and body["zh"]
    status, body = call(api, "POST", "/v1/windows/1/finish", TOKENS[1], {"case_no": 12})
    assert (status, body["code"]) == (400, "bad_request")
    status, body = call(api, "POST", "/v1/windows/1/finish", TOKENS[1], {"cases": "x"})
    assert (status, body["code"]) == (400, "bad_request")
    assert call(api, "POST", "/v1/windows/1/nothing", TOKENS[1], {})[0] == 404
    assert engine.window_state(1).current is not None


def test_the_business_system_can_read_its_windows_state(
    api: WindowApi, engine: QueueEngine
) -> None:
    serving(engine)
    status, body = call(api, "GET", "/v1/windows/1/case", TOKENS[1])
    assert status == 200 and body["current"]["number"] == "A001"
