"""Bad input over a real server on 127.0.0.1: the hello and requests with integers ≥ 2^63, years
0 and −1, lone surrogates in any string (the hello's credential included) each get a typed
bad_request naming the field, never `internal`; nothing is written, and no password or token
reaches the server's log on any failing path."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.composition import build_hall
from app.config import Config
from app.hall.caller import Role
from app.hall.command import CommandTable, command
from app.hall.context import Call
from app.hall.table import build_table
from app.hall.wire import Request, Text
from app.models import AuditLog
from app.models.demo import ADMIN_PASSWORD, DEMO_PASSWORD
from app.net.server import HallServer
from app.queue import QueueEngine
from tests.hall.bad_args import SURROGATES, TEXT, Bad, bad_args
from tests.hall.examples import examples
from tests.hall.people import add_supervisor, hello_of
from tests.net.raw_peer import RawPeer
from tests.tokens import (
    COUNTER_TOKENS,
    DISPLAY_TOKEN,
    EVALUATOR_TOKENS,
    KIOSK_TOKEN,
    RELAXED,
    TOKENS,
)

# (the supervisor's password is the demo's: looked for quoted, as the clerks')
SECRETS = (ADMIN_PASSWORD, f"'{DEMO_PASSWORD}'", f'"{DEMO_PASSWORD}"', KIOSK_TOKEN, DISPLAY_TOKEN,
           *COUNTER_TOKENS.values(), *EVALUATOR_TOKENS.values(), "s3cret-in-args")  # fmt: skip
TABLE = build_table()
# between them, every command but the display's (all of which another role has too)
LOGINS = (Role.KIOSK, Role.COUNTER, Role.EVALUATOR, Role.SUPERVISOR, Role.ADMIN)


@pytest.fixture
def hall_config() -> Config:
    """The net tests' config with room for a text of 4000 characters of four bytes each (an
    oversized message closes the link instead: tests/net/test_faults.py)."""
    return Config(hall_name="测试大厅", notice="测试通知", tokens=TOKENS, max_message_bytes=1 << 16,
                  limits=RELAXED)  # fmt: skip


@pytest.fixture
def log(
    no_secret_in_the_log: pytest.LogCaptureFixture,
) -> Iterator[pytest.LogCaptureFixture]:
    """Everything logged, checked for these tests' secrets too (the supervisor's password, a
    password sent in a command's args)."""
    yield no_secret_in_the_log
    records = no_secret_in_the_log.get_records("setup") + no_secret_in_the_log.get_records("call")
    text = "\n".join(logging.Formatter().format(r) for r in records)
    assert [s for s in SECRETS if s in text] == [], "a secret reached the log"


def writes(engine: QueueEngine) -> tuple[int, int]:
    with engine.db.read() as conn:
        return engine.last_seq(), int(conn.scalar(select(func.count()).select_from(AuditLog)) or 0)


def logged_in(qtbot: QtBot, server: HallServer, role: Role) -> RawPeer:
    hello = hello_of(role)
    assert hello is not None
    peer = RawPeer(qtbot, server.port)
    reply = peer.hello(*hello)
    assert reply is not None and reply["ok"], reply
    peer.received.clear()
    return peer


def request(peer: RawPeer, op: Any, args: Any, request_id: int = 7) -> dict[str, Any]:
    answer = peer.exchange({"v": 1, "type": "request", "id": request_id, "op": op, "args": args})
    assert answer is not None, "the server closed the link"
    assert answer["id"] == request_id and answer["ok"] is False, answer
    assert answer["error"]["zh"] and answer["error"]["en"]
    return dict(answer["error"])


@pytest.mark.parametrize(
    ("role", "op", "args", "field"),
    [
        (Role.KIOSK, "set_print_state", {"ticket_id": 2**63, "state": "printed"}, "ticket_id"),
        (Role.COUNTER, "relay_keypad_frame", {"frame": "aa55" * 4 + "0"}, "frame"),
        (Role.COUNTER, "relay_keypad_frame", {"frame": "aa55" * 4 + "\udc00"}, "frame"),
        (Role.EVALUATOR, "evaluator_rate", {"session": 2**64, "level": 5}, "session"),
        (Role.EVALUATOR, "evaluator_rate", {"session": 1, "level": 4, "note": "\ud800"}, "note"),
        (Role.SUPERVISOR, "rating_correct", {"rating_id": 2**63, "level": 1, "reason": "x"},
         "rating_id"),
        (Role.COUNTER, "request_rating", {"ticket_id": -(2**63) - 1}, "ticket_id"),
        (Role.ADMIN, "events_after", {"seq": 2**63}, "seq"),
        (Role.ADMIN, "audit_log", {"before_id": 2**63}, "before_id"),
        (Role.ADMIN, "window_state_of", {"window": 2**63}, "window"),
        (Role.ADMIN, "waiting_for", {"window": 2**100}, "window"),
        (Role.ADMIN, "config_holidays", {"year": 0}, "year"),
        (Role.ADMIN, "config_holidays", {"year": -1}, "year"),
        (Role.KIOSK, "issue_ticket", {"service": "A\ud800"}, "service"),
        (Role.COUNTER, "finish", {"outcome": "done", "note": "\udc00备注"}, "note"),
        (Role.ADMIN, "staff_save", {"staff_no": "1001", "data": {"name": ["王", "\ud83d"]}},
         "data.name[1]"),
        (Role.ADMIN, "staff_reset_password",
         {"staff_no": "1001", "password": "s3cret-in-args\ud800"}, "password"),
    ],
)  # fmt: skip
def test_the_bad_inputs_the_issue_names_are_bad_requests_over_the_wire(
    qtbot: QtBot, server: HallServer, engine: QueueEngine, log: Any,
    role: Role, op: str, args: dict[str, Any], field: str,
) -> None:  # fmt: skip
    peer = logged_in(qtbot, server, role)
    before = writes(engine)
    error = request(peer, op, args)
    assert (error["code"], error["field"]) == ("bad_request", field)
    assert writes(engine) == before
    assert not peer.closed
    peer.close()


def test_a_lone_surrogate_in_the_op_or_the_envelope_is_a_bad_request(
    qtbot: QtBot, server: HallServer, log: Any
) -> None:
    peer = logged_in(qtbot, server, Role.KIOSK)
    assert request(peer, "issue\udfff", {})["field"] == "op"
    answer = peer.exchange({"v": 1, "type": "request", "id": 8, "op": "snapshot", "\ud800": 1})
    assert answer is not None and answer["error"]["code"] == "bad_request"
    peer.close()


def hello_with_surrogate(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """A hello of any login with a lone surrogate put into one of its strings (or a key)."""
    role = draw(st.sampled_from([r for r in Role if r is not Role.NONE]))
    hello = hello_of(role)
    assert hello is not None
    wire_role, credential = hello
    bad = draw(st.text(TEXT, max_size=3)) + draw(SURROGATES) + draw(st.text(TEXT, max_size=3))
    message: dict[str, Any] = {"v": 1, "type": "hello", "id": 1, "role": wire_role,
                               "credential": dict(credential)}  # fmt: skip
    texts = [k for k, v in credential.items() if isinstance(v, str)]
    where = draw(st.sampled_from(["role", "credential key", *texts]))
    if where == "role":
        message["role"] = wire_role + bad
        return message, "role"
    if where == "credential key":
        message["credential"][bad] = "x"
        return message, "credential"
    message["credential"][where] = draw(st.sampled_from([bad + credential[where],
                                                         credential[where] + bad]))  # fmt: skip
    return message, f"credential.{where}"


@settings(
    max_examples=examples(60),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_a_hello_with_a_lone_surrogate_anywhere_is_a_bad_request_and_logs_no_secret(
    qtbot: QtBot, server: HallServer, engine: QueueEngine, log: Any, data: st.DataObject
) -> None:
    add_supervisor(engine.db)
    message, field = data.draw(st.composite(hello_with_surrogate)())
    peer = RawPeer(qtbot, server.port)
    try:
        answer = peer.exchange(json.dumps(message))
    finally:
        peer.close()
    assert answer is not None and answer["ok"] is False, answer
    assert (answer["error"]["code"], answer["error"]["field"]) == ("bad_request", field)


@settings(
    max_examples=examples(250),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_bad_arguments_of_any_command_are_bad_requests_over_the_wire(
    qtbot: QtBot, server: HallServer, engine: QueueEngine, log: Any, data: st.DataObject
) -> None:
    """The schema's bad arguments (tests/hall/bad_args.py) sent as JSON by logged-in peers."""
    role = data.draw(st.sampled_from(LOGINS))
    entry = data.draw(st.sampled_from([c for c in TABLE if role in c.roles]))
    bad: Bad = data.draw(bad_args(entry))
    peer = logged_in(qtbot, server, role)
    before = writes(engine)
    try:
        error = request(peer, bad.command, bad.args)
    finally:
        peer.close()
    assert (error["code"], error["field"]) == ("bad_request", bad.field), bad
    assert writes(engine) == before


class Secret(Request):
    password: Text


def explode(call: Call, req: Secret) -> None:
    """A command that fails in a way no refusal foresaw."""
    raise RuntimeError("the disk is on fire")


@pytest.fixture
def exploding_server(qtbot: QtBot, engine: QueueEngine, hall_config: Config) -> Iterator[int]:
    table = CommandTable(build_table(), (command("explode", (Role.KIOSK,), explode),))
    hub = HallServer(build_hall(engine, hall_config), table)
    hub.listen("127.0.0.1", 0)
    yield hub.port
    hub.close()


def test_failing_logins_and_an_internal_error_log_no_password_or_token(
    qtbot: QtBot, server: HallServer, exploding_server: int, log: pytest.LogCaptureFixture
) -> None:
    """Every failing path once: wrong token, wrong password, token of another window, bad
    staff member, a hello without a credential, and an unforeseen error in a command whose
    args hold a password (logged as `internal`, without the message)."""
    attempts = [
        ("kiosk", {"token": DISPLAY_TOKEN}),
        ("display", {"token": KIOSK_TOKEN + "x"}),
        ("counter", {"token": COUNTER_TOKENS[2], "window": 1, "staff_no": "1001",
                     "password": DEMO_PASSWORD}),
        ("counter", {"token": COUNTER_TOKENS[1], "window": 1, "staff_no": "1001",
                     "password": ADMIN_PASSWORD}),
        ("counter", {"token": COUNTER_TOKENS[1], "window": 2**63, "staff_no": "1001",
                     "password": DEMO_PASSWORD}),
        ("admin", {"staff_no": "1001", "password": DEMO_PASSWORD}),
        ("admin", {"staff_no": "admin", "password": DEMO_PASSWORD}),
        ("admin", {"staff_no": "nobody", "password": ADMIN_PASSWORD}),
        ("admin", [ADMIN_PASSWORD]),
        ("evaluator", {"token": EVALUATOR_TOKENS[1], "window": 2}),  # another window's tablet
        ("evaluator", {"token": COUNTER_TOKENS[1], "window": 1}),
        ("evaluator", {"token": EVALUATOR_TOKENS[1], "window": "1"}),
        ("root", {"password": ADMIN_PASSWORD}),
    ]  # fmt: skip
    for role, credential in attempts:
        peer = RawPeer(qtbot, server.port)
        answer = peer.exchange({"v": 1, "type": "hello", "id": 1, "role": role,
                                "credential": credential, "last_seq": 2**63})  # fmt: skip
        peer.close()
        assert answer is not None and answer["error"]["code"] == "auth_failed", (role, answer)
    peer = RawPeer(qtbot, exploding_server)
    assert peer.hello("kiosk", {"token": KIOSK_TOKEN}) is not None
    error = request(peer, "explode", {"password": "s3cret-in-args"})
    peer.close()
    assert error["code"] == "internal"
    assert "the disk is on fire" in log.text, "the failure itself is logged"
