"""Ratings through the table (issue 12): the server opens each finished case's rating session;
the counter can never record a level — it may ask for the session (request_rating) and relay
its own keypad's raw frame, which the server checks (CRC, the window's keypad address, the
open session's token) before the session rules of app.queue.rating_sessions record it, once.
Every refused answer is a typed refusal and a rating_anomaly the supervisor sees, never a
stored rating."""

from __future__ import annotations

from typing import Any

import msgspec.inspect as mi
from sqlalchemy import delete, select

from app.config import Config
from app.hall.caller import Role
from app.hall.command import CommandTable
from app.hall.context import build_hall
from app.hall.table import build_table
from app.models import Database, Rating
from app.models import RatingSession as RatingSessionRow
from app.queue import ManualClock, QueueEngine, QueueSettings
from app.queue.rating_sessions import SessionView
from tests.hall.conftest import Act, written
from tests.hall.frames import (
    anomalies,
    key_code_frame,
    key_frame,
    ping_frame,
    poll_reply_frame,
    spoiled,
)
from tests.visitor import rate

C, E = Role.COUNTER, Role.EVALUATOR


def finished(engine: QueueEngine, window: int = 1, service: str = "A") -> int:
    engine.issue_ticket(service)
    engine.sign_in(window, f"{1000 + window}")
    ticket = engine.call_next(window)
    engine.finish(window, "done")
    return ticket.id


def session_of(engine: QueueEngine, ticket_id: int) -> SessionView:
    session = engine.rating_session(ticket_id)
    assert session is not None
    return session


def ratings(engine: QueueEngine, ticket_id: int) -> list[Any]:
    with engine.db.read() as conn:
        return list(conn.execute(select(Rating).where(Rating.ticket_id == ticket_id)).all())


def test_a_relayed_key_is_stored_with_everything_its_keypad_said(
    act: Act, engine: QueueEngine, clock: ManualClock
) -> None:
    ticket = finished(engine)
    session = session_of(engine, ticket)
    clock.advance(seconds=3)  # a person's press, not a machine's
    frame = key_frame(session.session, 2, seq=9).upper()
    stored = act.run(C, "relay_keypad_frame", frame=frame)
    assert (stored["ticket_id"], stored["window_no"], stored["level"], stored["scale"]) == (
        ticket, 1, 2, 5,
    )  # fmt: skip
    [row] = ratings(engine, ticket)
    assert (row.level, row.path, row.device, row.device_address) == (
        2, "relayed", "relayed:window-1", 1,
    )  # fmt: skip
    assert (row.keypad_session, row.raw_frame) == (session.session, frame.lower())
    assert not session_of(engine, ticket).open
    assert anomalies(engine) == []


def test_a_polled_keypads_reply_is_relayed_as_well(
    act: Act, engine: QueueEngine, clock: ManualClock
) -> None:
    ticket = finished(engine, window=2)
    clock.advance(seconds=2)
    frame = poll_reply_frame(session_of(engine, ticket).session, 5)
    assert act.run(C, "relay_keypad_frame", at=2, frame=frame)["level"] == 5
    assert [r.level for r in ratings(engine, ticket)] == [5]


def test_no_key_by_the_deadline_is_stored_as_not_rated_and_a_late_key_goes_nowhere(
    act: Act, engine: QueueEngine, clock: ManualClock
) -> None:
    ticket = finished(engine)
    session = session_of(engine, ticket)
    clock.advance(seconds=session.timeout_s + 1)
    late = act.refused(C, "relay_keypad_frame", frame=key_frame(session.session, 5))
    assert (late.code, getattr(late, "anomaly", None)) == ("rating_refused", "expired")
    assert ratings(engine, ticket) == []  # refused before the tick closed it
    [closed] = engine.expire_ratings()
    assert (closed.ticket_id, closed.level) == (ticket, None)
    again = act.refused(C, "relay_keypad_frame", frame=key_frame(session.session, 5))
    assert getattr(again, "anomaly", None) == "closed_session"
    assert act.refused(C, "request_rating", ticket_id=ticket).code == "bad_ticket_state"
    assert [(r.level, r.path) for r in ratings(engine, ticket)] == [(None, "none")]
    assert anomalies(engine) == [("expired", 1, "relayed"), ("closed_session", 1, "relayed")]


def test_a_counter_can_never_record_a_level_itself(act: Act, engine: QueueEngine) -> None:
    """record_rating is gone (unknown_op); the evaluator's and the supervisor's rating
    commands are not the counter's; no command a counter may call takes a level."""
    ticket = finished(engine)
    token = session_of(engine, ticket).session
    before = written(engine)
    assert act.refused(C, "record_rating", ticket_id=ticket, level=5).code == "unknown_op"
    assert act.refused(C, "evaluator_rate", session=token, level=5).code == "forbidden"
    assert act.refused(C, "rating_correct", rating_id=1, level=5, reason="x").code == "forbidden"
    assert written(engine) == before and ratings(engine, ticket) == []
    counters = [entry for entry in build_table() if C in entry.roles]
    taking = {
        entry.name: field.name
        for entry in counters
        for field in mi.type_info(entry.request).fields  # type: ignore[attr-defined]
        if field.name in ("level", "scale", "device", "keypad_session", "session", "raw_frame")
    }
    assert taking == {}


def test_a_relayed_frame_for_another_windows_session_is_refused_and_logged(
    act: Act, engine: QueueEngine, clock: ManualClock
) -> None:
    theirs = finished(engine, window=2)
    token = session_of(engine, theirs).session
    clock.advance(seconds=3)
    before = engine.last_seq()
    refusal = act.refused(C, "relay_keypad_frame", at=1, frame=key_frame(token, 1))
    assert (refusal.code, getattr(refusal, "anomaly", None)) == ("rating_refused", "other_window")
    assert ratings(engine, theirs) == [] and session_of(engine, theirs).open
    assert anomalies(engine, before) == [("other_window", 1, "relayed")]
    assert act.refused(C, "request_rating", at=1, ticket_id=theirs).code == "forbidden"
    # the session is still window 2's to answer
    assert act.run(C, "relay_keypad_frame", at=2, frame=key_frame(token, 4))["level"] == 4


def test_a_frame_with_a_bad_crc_a_wrong_address_or_a_wrong_session_is_refused_and_logged(
    act: Act, engine: QueueEngine, clock: ManualClock
) -> None:
    ticket = finished(engine)
    token = session_of(engine, ticket).session
    clock.advance(seconds=3)
    cases = [
        (spoiled(key_frame(token, 5)), "bad_frame"),  # the CRC
        (ping_frame(), "bad_frame"),  # a frame that carries no key
        (key_code_frame(token, 6), "bad_frame"),  # no level on the five-key model
        (key_frame(token, 5, address=2), "wrong_address"),  # window 1's keypad is at 1
        (key_frame(token ^ 0x5A5A, 5), "unknown_session"),
        (key_frame(0, 5), "unknown_session"),
    ]
    for frame, anomaly in cases:
        refusal = act.refused(C, "relay_keypad_frame", frame=frame)
        assert (refusal.code, getattr(refusal, "anomaly", None)) == ("rating_refused", anomaly)
    assert ratings(engine, ticket) == [] and session_of(engine, ticket).open
    assert anomalies(engine) == [(anomaly, 1, "relayed") for _frame, anomaly in cases]
    assert act.run(C, "relay_keypad_frame", frame=key_frame(token, 5))["level"] == 5


def test_a_second_key_for_the_same_session_is_refused(
    act: Act, engine: QueueEngine, clock: ManualClock
) -> None:
    ticket = finished(engine)
    token = session_of(engine, ticket).session
    clock.advance(seconds=3)
    act.run(C, "relay_keypad_frame", frame=key_frame(token, 5))
    for who, name, args in (
        (C, "relay_keypad_frame", {"frame": key_frame(token, 1, seq=2)}),
        (E, "evaluator_rate", {"session": token, "level": 1}),
    ):
        refusal = act.refused(who, name, **args)
        assert getattr(refusal, "anomaly", None) == "closed_session", name
    assert [r.level for r in ratings(engine, ticket)] == [5]
    assert anomalies(engine) == [("closed_session", 1, "relayed"), ("closed_session", 1, "tablet")]


def test_request_rating_shows_the_open_session_of_a_case_this_window_finished(
    act: Act, engine: QueueEngine
) -> None:
    """Without a keypad bus it starts nothing: the desk shows the session (and its own keypad
    echoes the token)."""
    ticket = finished(engine)
    before = written(engine)
    shown = act.run(C, "request_rating", ticket_id=ticket)
    session = session_of(engine, ticket)
    assert (shown["ticket_id"], shown["window"], shown["number"]) == (ticket, 1, "A001")
    assert (shown["session"], shown["open"], shown["timeout_s"]) == (session.session, True, 15)
    assert written(engine) == before


def test_request_rating_refuses_another_windows_an_unfinished_or_an_unknown_case(
    act: Act, engine: QueueEngine
) -> None:
    other = finished(engine, window=2)
    engine.issue_ticket("A")
    engine.sign_in(1, "1001")
    called = engine.call_next(1)
    before = written(engine)
    assert act.refused(C, "request_rating", ticket_id=other).code == "forbidden"
    assert act.refused(C, "request_rating", ticket_id=called.id).code == "bad_ticket_state"
    assert act.refused(C, "request_rating", ticket_id=999_999).code == "unknown_ticket"
    assert written(engine) == before


def test_a_hall_that_accepts_server_side_paths_only_refuses_a_relayed_frame(
    db: Database, clock: ManualClock, hall_config: Config, table: CommandTable
) -> None:
    """[ratings] paths = ["bus", "tablet"]: the desk's keypad is refused and logged; the
    window's tablet still answers the same session."""
    engine = QueueEngine(db, clock=clock, settings=QueueSettings(rating_paths=("bus", "tablet")))
    act = Act(build_hall(engine, hall_config), table)
    ticket = finished(engine)
    token = session_of(engine, ticket).session
    clock.advance(seconds=3)
    refusal = act.refused(C, "relay_keypad_frame", frame=key_frame(token, 5))
    assert (refusal.code, getattr(refusal, "anomaly", None)) == ("rating_refused", "path_refused")
    assert ratings(engine, ticket) == [] and anomalies(engine) == [("path_refused", 1, "relayed")]
    assert act.run(E, "evaluator_rate", session=token, level=4)["level"] == 4


def test_a_case_finished_before_rating_sessions_is_told_rated_or_not_available(
    act: Act, engine: QueueEngine, clock: ManualClock
) -> None:
    """A database upgraded to rating sessions (migration 0006) has cases without one: a case
    rated then is told it was rated (一次一评); one never rated has no session to show."""
    rated = finished(engine)
    clock.advance(seconds=3)
    rate(engine, rated, 4)
    unrated = finished(engine, window=2)
    with engine.db.write() as conn:  # as the upgrade found them: no session rows
        conn.execute(
            delete(RatingSessionRow).where(RatingSessionRow.ticket_id.in_([rated, unrated]))
        )
    before = written(engine)
    refusal = act.refused(C, "request_rating", ticket_id=rated)
    assert refusal.code == "bad_ticket_state" and "已评价" in refusal.zh
    assert act.refused(C, "request_rating", at=2, ticket_id=unrated).code == "not_available"
    assert written(engine) == before
