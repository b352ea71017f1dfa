"""Rating sessions over a real server on 127.0.0.1 (issue 12): a finished case's session is
announced to every client (rating_requested, with the token devices echo); the desk relays its
keypad's raw frame, the window's tablet answers with its own login; the result comes back as
rating_recorded. A counter asking to record a rating itself is refused; a tablet token used for
another window is refused at login and logged for the supervisor."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.models import Rating
from app.net.client import HallClient
from app.queue import QueueEngine
from tests.hall.frames import anomalies, key_frame
from tests.net.conftest import EVALUATOR_TOKENS, WAIT_MS, Connect, ok, refused


def heard_by(client: HallClient) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = []
    client.event_received.connect(events.append)
    return events


def of_kind(events: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [e for e in events if e["kind"] == kind]


def finish_a_case(qtbot: QtBot, counter: HallClient, engine: QueueEngine) -> int:
    engine.issue_ticket("A")
    ok(qtbot, counter, "sign_in")
    ticket = ok(qtbot, counter, "call_next")
    ok(qtbot, counter, "finish", outcome="done")
    return int(ticket["id"])


def rows(engine: QueueEngine, ticket_id: int) -> list[Any]:
    with engine.db.read() as conn:
        return list(conn.execute(select(Rating).where(Rating.ticket_id == ticket_id)).all())


def test_the_desk_relays_its_keypads_frame_and_hears_the_rating_recorded(
    qtbot: QtBot, connect: Connect, engine: QueueEngine
) -> None:
    counter = connect("counter", window=1)
    events = heard_by(counter)
    ticket = finish_a_case(qtbot, counter, engine)
    qtbot.waitUntil(lambda: bool(of_kind(events, "rating_requested")), timeout=WAIT_MS)
    [asked] = of_kind(events, "rating_requested")
    assert (asked["ticket_id"], asked["data"]["window"]) == (ticket, 1)
    token = asked["data"]["session"]
    assert ok(qtbot, counter, "request_rating", ticket_id=ticket)["session"] == token
    engine.clock.advance(seconds=3)  # type: ignore[attr-defined]
    stored = ok(qtbot, counter, "relay_keypad_frame", frame=key_frame(token, 4))
    assert (stored["ticket_id"], stored["level"]) == (ticket, 4)
    qtbot.waitUntil(lambda: bool(of_kind(events, "rating_recorded")), timeout=WAIT_MS)
    [recorded] = of_kind(events, "rating_recorded")
    assert (recorded["data"]["level"], recorded["data"]["path"]) == (4, "relayed")
    assert refused(qtbot, counter, "relay_keypad_frame", frame=key_frame(token, 1)) == (
        "rating_refused"
    )  # 一次一评
    assert [(r.level, r.path) for r in rows(engine, ticket)] == [(4, "relayed")]


def test_a_counter_connection_asking_to_record_a_rating_is_refused(
    qtbot: QtBot, connect: Connect, engine: QueueEngine
) -> None:
    """What issue 12 measured: a clerk sending record_rating with level 5 and a made-up
    device and frame for the case just finished. Nothing is stored."""
    counter = connect("counter", window=1)
    ticket = finish_a_case(qtbot, counter, engine)
    made_up = {"ticket_id": ticket, "level": 5, "device": "COM3", "raw_frame": "AA 55 01"}
    assert refused(qtbot, counter, "record_rating", **made_up) == "unknown_op"
    session = engine.rating_session(ticket)
    assert session is not None
    assert refused(qtbot, counter, "evaluator_rate", session=session.session, level=5) == (
        "forbidden"
    )
    assert rows(engine, ticket) == [] and session.open


def test_the_tablet_rates_its_windows_session_over_the_wire(
    qtbot: QtBot, connect: Connect, engine: QueueEngine
) -> None:
    tablet = connect("evaluator", window=1)
    counter = connect("counter", window=1)
    events = heard_by(counter)
    assert ok(qtbot, tablet, "evaluator_state")["session"] is None
    ticket = finish_a_case(qtbot, counter, engine)
    session = ok(qtbot, tablet, "evaluator_state")["session"]
    assert session["ticket_id"] == ticket and session["open"]
    engine.clock.advance(seconds=3)  # type: ignore[attr-defined]
    ok(qtbot, tablet, "evaluator_rate", session=session["session"], level=2,
       reasons=["efficiency", "materials"])  # fmt: skip
    qtbot.waitUntil(lambda: bool(of_kind(events, "rating_recorded")), timeout=WAIT_MS)
    [row] = rows(engine, ticket)
    assert (row.level, row.path, row.reasons) == (
        2, "tablet", {"codes": ["efficiency", "materials"], "note": ""},
    )  # fmt: skip
    assert refused(qtbot, tablet, "call_next") == "forbidden"


def test_a_tablet_token_used_for_another_window_is_refused_and_logged(
    qtbot: QtBot, connect: Connect, engine: QueueEngine
) -> None:
    stolen = connect("evaluator", window=2, token=EVALUATOR_TOKENS[1], wait=False)
    with qtbot.waitSignal(stolen.auth_failed, timeout=WAIT_MS) as refusal:
        pass
    assert refusal.args[0]["code"] == "auth_failed" and not stolen.is_connected
    assert anomalies(engine) == [("wrong_window_token", 2, "tablet")]
    [event] = [e for e in engine.events_after(0) if e.kind == "rating_anomaly"]
    assert event.data["token_of"] == 1  # whose token it was; never the token itself
    wrong = connect("evaluator", window=2, token="no-such-token", wait=False)
    with qtbot.waitSignal(wrong.auth_failed, timeout=WAIT_MS):
        pass
    assert len(anomalies(engine)) == 1  # a wrong token is no other window's: not an anomaly
