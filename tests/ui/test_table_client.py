"""The UI tests' client (tests/ui/table_client.py) behaves as the real one on a network:
answers come later and in order, refusals are the server's, a cut link is noticed."""

from __future__ import annotations

from typing import Any

import pytest

from app.net.server import HallServer
from app.queue import QueueEngine
from tests.ui.conftest import ClientFactory
from tests.ui.table_client import TableClient, credential


def test_answers_come_after_the_call_and_events_before_the_reply_they_belong_to(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine
) -> None:
    kiosk = make_client("kiosk")
    heard: list[tuple[str, Any]] = []
    kiosk.event_received.connect(lambda e: heard.append(("event", e["seq"])))
    kiosk.request("issue_ticket", {"service": "A"}, lambda r: heard.append(("reply", r)))
    kiosk.request("issue_ticket", {"service": "B"}, lambda r: heard.append(("reply", r)))
    assert heard == [] and engine.waiting(service="A") == []  # nothing runs inside request()
    qtbot.waitUntil(lambda: len(heard) == 4)
    assert [kind for kind, _ in heard] == ["event", "reply", "event", "reply"]
    assert heard[0][1] < heard[2][1]
    assert heard[1][1]["ticket"]["number"] == "A001" and heard[3][1]["ticket"]["number"] == "B001"


def test_refusals_are_the_servers_own(qtbot: Any, make_client: ClientFactory) -> None:
    kiosk = make_client("kiosk")
    errors: list[dict[str, Any]] = []
    kiosk.request("issue_ticket", {"service": "A", "window": 1}, None, errors.append)
    kiosk.request("call_next", {}, None, errors.append)
    qtbot.waitUntil(lambda: len(errors) == 2)
    assert (errors[0]["code"], errors[0]["field"]) == ("bad_request", "window")
    assert errors[1]["code"] == "forbidden"
    with pytest.raises(TypeError):  # not JSON: fails in the client, as over the network
        kiosk.request("issue_ticket", {"service": {"A"}})


def test_a_wrong_password_is_refused_by_the_server(qtbot: Any, hall_server: HallServer) -> None:
    client = TableClient(hall_server, "counter", credential("counter", password="wrong"))
    refused: list[dict[str, Any]] = []
    client.auth_failed.connect(refused.append)
    client.open()
    qtbot.waitUntil(lambda: bool(refused))
    assert refused[0]["code"] == "auth_failed" and not client.is_connected
    client.close()


def test_a_cut_link_is_noticed_at_once_and_missed_events_are_caught_up(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, hall_server: HallServer
) -> None:
    display = make_client("display")
    seqs: list[int] = []
    display.event_received.connect(lambda e: seqs.append(e["seq"]))
    display.drop()
    assert not display.is_connected
    engine.issue_ticket("A")
    engine.issue_ticket("A")
    display.restore()
    qtbot.waitUntil(lambda: display.is_connected)
    qtbot.waitUntil(lambda: len(seqs) == 2)
    assert seqs == [e.seq for e in engine.events_after(0)]
    assert display.welcome["catchup"] == "events"


def test_a_message_over_the_servers_limit_closes_the_link(
    qtbot: Any, make_client: ClientFactory
) -> None:
    kiosk = make_client("kiosk")
    errors: list[dict[str, Any]] = []
    kiosk.request("check_in", {"code": "x" * 70_000}, None, errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert errors[0]["code"] == "connection_lost"
    qtbot.waitUntil(lambda: kiosk.is_connected)  # the client reconnects by itself
