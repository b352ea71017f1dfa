"""Bad input never crashes the server: each is refused with a typed error."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytestqt.qtbot import QtBot

from app.net.server import HallServer
from tests.net.conftest import KIOSK_TOKEN
from tests.net.raw_peer import RawPeer


@pytest.fixture
def peer(qtbot: QtBot, server: HallServer) -> Iterator[RawPeer]:
    raw = RawPeer(qtbot, server.port)
    yield raw
    raw.close()


def kiosk_peer(qtbot: QtBot, server: HallServer) -> RawPeer:
    raw = RawPeer(qtbot, server.port)
    reply = raw.hello("kiosk", {"token": KIOSK_TOKEN})
    assert reply is not None and reply["ok"], reply
    raw.received.clear()
    return raw


def assert_alive(qtbot: QtBot, server: HallServer) -> None:
    """A fresh kiosk can still log in and be served."""
    raw = kiosk_peer(qtbot, server)
    answer = raw.exchange({"v": 1, "type": "request", "id": 9, "op": "service_loads"})
    assert answer is not None and answer["ok"]
    raw.close()


def error_code(answer: dict[str, Any] | None) -> str:
    assert answer is not None and answer.get("ok") is not True, answer
    assert answer["error"]["zh"] and answer["error"]["en"]
    return str(answer["error"]["code"])


def test_malformed_json_is_refused_and_the_link_kept(qtbot: QtBot, peer: RawPeer) -> None:
    answer = peer.exchange('{"v": 1, "type": "hello", ')
    assert answer is not None and answer["type"] == "error" and answer["id"] is None
    assert error_code(answer) == "bad_message"
    assert not peer.closed
    reply = peer.hello("kiosk", {"token": KIOSK_TOKEN})
    assert reply is not None and reply["ok"]


def test_unknown_type_and_unknown_op_are_refused_by_id(qtbot: QtBot, server: HallServer) -> None:
    raw = kiosk_peer(qtbot, server)
    answer = raw.exchange({"v": 1, "type": "shout", "id": 5})
    assert answer is not None and answer["id"] == 5 and error_code(answer) == "unknown_type"
    answer = raw.exchange({"v": 1, "type": "request", "id": 6, "op": "drop_tables"})
    assert answer is not None and answer["id"] == 6 and error_code(answer) == "unknown_op"
    answer = raw.exchange({"v": 1, "type": "request", "id": 7, "op": "issue_ticket", "args": {}})
    assert error_code(answer) == "bad_request" and answer["error"]["field"] == "service"
    assert not raw.closed
    raw.close()


def test_a_wrong_version_is_refused_and_the_link_closed(qtbot: QtBot, peer: RawPeer) -> None:
    answer = peer.exchange({"v": 2, "type": "hello", "id": 1, "role": "kiosk"})
    assert error_code(answer) == "bad_version"
    qtbot.waitUntil(lambda: peer.closed, timeout=5000)


def test_requests_before_hello_are_refused(qtbot: QtBot, peer: RawPeer) -> None:
    answer = peer.exchange({"v": 1, "type": "request", "id": 3, "op": "issue_ticket"})
    assert error_code(answer) == "not_authenticated"


def test_binary_messages_are_refused(qtbot: QtBot, peer: RawPeer) -> None:
    before = len(peer.received)
    peer.socket.sendBinaryMessage(b"\x00\x01binary")
    qtbot.waitUntil(lambda: len(peer.received) > before, timeout=5000)
    assert error_code(peer.received[-1]) == "bad_message"


def test_an_oversized_message_closes_the_link_and_the_server_goes_on(
    qtbot: QtBot, server: HallServer, peer: RawPeer
) -> None:
    peer.send(json.dumps({"v": 1, "type": "hello", "id": 1, "pad": "x" * 10_000}))
    qtbot.waitUntil(lambda: peer.closed, timeout=5000)
    assert_alive(qtbot, server)


def test_a_silent_connection_is_closed_after_the_hello_deadline(
    qtbot: QtBot, server: HallServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.net import server as server_module

    monkeypatch.setattr(server_module, "HELLO_TIMEOUT_MS", 100)
    silent = RawPeer(qtbot, server.port)
    qtbot.waitUntil(lambda: silent.closed, timeout=5000)
    silent.close()


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
OPS = ["issue_ticket", "check_in", "service_loads", "set_print_state", "device_status",
       "call_next", "snapshot", "record_rating", "hello", "", "finish"]  # fmt: skip
envelopes = st.fixed_dictionaries(
    {"v": st.sampled_from([1, 1, 1, 2, "1", None, True])},
    optional={
        "type": st.sampled_from(["hello", "request", "reply", "event"]) | st.text(max_size=5),
        "id": st.integers(min_value=-5, max_value=2**60) | json_values,
        "op": st.sampled_from(OPS) | json_values,
        "args": st.dictionaries(
            st.sampled_from(["service", "code", "ticket_id", "state", "online", "priority"]),
            json_values,
            max_size=3,
        )
        | json_values,
        "role": st.sampled_from(["kiosk", "counter", "admin", "display"]) | json_values,
        "credential": json_values,
        "last_seq": json_values,
    },
)
messages = envelopes.map(json.dumps) | json_values.map(json.dumps) | st.text(max_size=60)


@pytest.fixture
def kiosk_link(qtbot: QtBot, server: HallServer) -> Iterator[RawPeer]:
    raw = kiosk_peer(qtbot, server)
    yield raw
    raw.close()


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(message=messages)
def test_fuzzed_messages_get_typed_errors_and_never_break_the_server(
    qtbot: QtBot, server: HallServer, kiosk_link: RawPeer, message: str
) -> None:
    """Sent on a logged-in kiosk link (logged in again whenever the server closed it)."""
    if kiosk_link.closed:
        kiosk_link.open()
        assert kiosk_link.hello("kiosk", {"token": KIOSK_TOKEN}) is not None
    answer = kiosk_link.exchange(message)
    if answer is not None and answer.get("type") in ("reply", "error") and not answer.get("ok"):
        assert answer["error"]["code"] != "internal", (message, answer)
        assert answer["error"]["zh"] and answer["error"]["en"]
    if answer is None:
        assert_alive(qtbot, server)
