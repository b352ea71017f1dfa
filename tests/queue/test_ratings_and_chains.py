"""Ratings (一次一评, append-only) and the keyed MAC chains over ratings and events."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import select, text

from app.models import Database, Event, Rating, RatingPath
from app.models.chain import EVENTS, GENESIS, RATINGS, Chain, row_fields, seal
from app.queue import ManualClock, QueueEngine, QueueSettings, errors
from app.queue.rating_sessions import bad_reasons
from app.queue.ratings import append_rating
from tests.visitor import rate

Open = Callable[..., None]


def _finished(engine: QueueEngine, clock: ManualClock, window: int, code: str) -> int:
    ticket = engine.issue_ticket(code).ticket.id
    engine.call_next(window)
    clock.advance(minutes=3)
    engine.finish(window, "done")
    return ticket


def _chain_breaks(db: Database, rows: list[Any], chain: Chain) -> list[int]:
    """Ids of rows whose stored MAC is not the one recomputed with the hall's key."""
    previous, broken = GENESIS, []
    for row in rows:
        if seal(db.mac_key, chain, previous, row_fields(row._mapping, chain.fields)) != row.hash:
            broken.append(row.id)
        previous = row.hash
    return broken


def _rows(db: Database, table: Any) -> list[Any]:
    with db.read() as conn:
        return list(conn.execute(select(table).order_by(table.id)))


def _anomalies(engine: QueueEngine) -> list[str]:
    return [e.data["anomaly"] for e in engine.events_after(0) if e.kind == "rating_anomaly"]


def test_a_finished_case_opens_a_rating_session_that_one_answer_closes(
    engine: QueueEngine, db: Database, clock: ManualClock, open_window: Open
) -> None:
    open_window(1)
    ticket = _finished(engine, clock, 1, "A")
    session = engine.rating_session(ticket)
    assert session is not None and session.open and session.window == 1
    assert session.timeout_s == engine.settings.rating_timeout_s
    clock.advance(seconds=3)
    rating = rate(engine, ticket, 4, device="serial:///dev/ttyUSB0", device_address=1)
    assert (rating.number, rating.window_no, rating.level, rating.scale) == ("A001", 1, 4, 5)
    with pytest.raises(errors.RatingRefused) as second:  # 一次一评
        engine.answer_rating(session.session, window=1, level=5, path=RatingPath.TABLET)
    assert second.value.anomaly == "closed_session"
    [row] = _rows(db, Rating)
    assert row.level == 4 and row.staff_id is not None and row.device_address == 1
    assert (row.path, row.keypad_session) == ("bus", session.session)
    assert _anomalies(engine) == ["closed_session"]


def test_no_answer_by_the_deadline_is_stored_as_not_rated(
    engine: QueueEngine, db: Database, clock: ManualClock, open_window: Open
) -> None:
    open_window(1)
    ticket = _finished(engine, clock, 1, "A")
    session = engine.rating_session(ticket)
    assert session is not None
    clock.advance(seconds=session.timeout_s - 1)
    assert engine.expire_ratings() == []  # not yet
    clock.advance(seconds=2)
    [closed] = engine.expire_ratings()
    assert closed.ticket_id == ticket and closed.level is None
    with db.read() as conn:
        assert conn.execute(text("SELECT level IS NULL, path FROM ratings")).one() in (
            (1, "none"),
            (True, "none"),
        )
    with pytest.raises(errors.RatingRefused) as late:  # a key after the timeout goes nowhere
        engine.answer_rating(session.session, window=1, level=5, path=RatingPath.BUS)
    assert late.value.anomaly == "closed_session"
    assert len(_rows(db, Rating)) == 1


def test_a_key_after_the_deadline_is_refused_before_the_tick_closes_the_session(
    engine: QueueEngine, db: Database, clock: ManualClock, open_window: Open
) -> None:
    open_window(1)
    ticket = _finished(engine, clock, 1, "A")
    session = engine.rating_session(ticket)
    assert session is not None
    clock.advance(seconds=session.timeout_s + 1)
    with pytest.raises(errors.RatingRefused) as late:
        engine.answer_rating(session.session, window=1, level=5, path=RatingPath.BUS)
    assert late.value.anomaly == "expired"
    assert _rows(db, Rating) == []
    [closed] = engine.expire_ratings()
    assert closed.level is None


def test_only_an_open_session_of_the_devices_own_window_is_answered(
    engine: QueueEngine, db: Database, clock: ManualClock, open_window: Open
) -> None:
    open_window(1, 2)
    ticket = _finished(engine, clock, 1, "A")
    session = engine.rating_session(ticket)
    assert session is not None
    clock.advance(seconds=2)
    cases = [
        (session.session + 1, 1, "unknown_session"),
        (session.session, 2, "other_window"),
    ]
    for token, window, anomaly in cases:
        with pytest.raises(errors.RatingRefused) as refusal:
            engine.answer_rating(token, window=window, level=5, path=RatingPath.TABLET)
        assert refusal.value.anomaly == anomaly
    assert _rows(db, Rating) == []
    assert _anomalies(engine) == ["unknown_session", "other_window"]


def test_a_case_not_finished_has_no_rating_session(
    engine: QueueEngine, db: Database, open_window: Open
) -> None:
    ticket = engine.issue_ticket("A").ticket.id
    assert engine.rating_session(ticket) is None
    open_window(1)
    engine.call_next(1)
    assert engine.rating_session(ticket) is None


def test_a_refused_path_is_not_recorded(
    db: Database, clock: ManualClock, open_window: Open
) -> None:
    """A hall that accepts server-side paths only refuses a relayed frame's rating."""
    engine = QueueEngine(db, clock=clock, settings=QueueSettings(rating_paths=("bus", "tablet")))
    engine.sign_in(1, "1001")
    ticket = _finished(engine, clock, 1, "A")
    session = engine.rating_session(ticket)
    assert session is not None
    with pytest.raises(errors.RatingRefused) as refusal:
        engine.answer_rating(session.session, window=1, level=5, path=RatingPath.RELAYED)
    assert refusal.value.anomaly == "path_refused"
    assert _rows(db, Rating) == []


def test_a_rating_sooner_than_a_person_can_press_is_recorded_and_flagged(
    engine: QueueEngine, db: Database, clock: ManualClock, open_window: Open
) -> None:
    open_window(1, 2)
    quick = _finished(engine, clock, 1, "A")
    rate(engine, quick, 5)  # at the moment the session opened
    slow = _finished(engine, clock, 2, "A")
    clock.advance(seconds=2)
    rate(engine, slow, 5)
    assert len(_rows(db, Rating)) == 2
    flagged = [e for e in engine.events_after(0) if e.kind == "rating_anomaly"]
    assert [(e.data["anomaly"], e.data["window"]) for e in flagged] == [("too_fast", 1)]


@pytest.mark.parametrize(("level", "scale"), [(0, 5), (6, 5), (-1, 5), (4, 3)])
def test_a_level_outside_the_scale_is_refused(
    engine: QueueEngine,
    db: Database,
    clock: ManualClock,
    open_window: Open,
    level: int,
    scale: int,
) -> None:
    open_window(1)
    ticket = _finished(engine, clock, 1, "A")
    session = engine.rating_session(ticket)
    assert session is not None
    with pytest.raises(errors.RatingRefused) as refusal:
        engine.answer_rating(
            session.session, window=1, level=level, scale=scale, path=RatingPath.BUS
        )
    assert refusal.value.anomaly == "bad_level" and str(level) in refusal.value.zh
    assert _rows(db, Rating) == []


def test_bad_reasons_only_follow_a_bad_rating_and_come_from_the_halls_list() -> None:
    settings = QueueSettings()
    assert bad_reasons(settings, 2, ["attitude", "other"], "态度冷淡") == {
        "codes": ["attitude", "other"],
        "note": "态度冷淡",
    }
    assert bad_reasons(settings, 5, [], "") is None
    for level, codes, note in [(4, ["attitude"], ""), (1, ["bribe"], ""), (1, ["attitude"], "x")]:
        with pytest.raises(errors.BadTicketState):
            bad_reasons(settings, level, codes, note)


def test_the_rating_chain_recomputes_and_shows_an_edit(
    engine: QueueEngine, db: Database, clock: ManualClock, open_window: Open
) -> None:
    open_window(1, 2)
    tickets = []
    for i, level in enumerate([5, None, 3, 1]):
        tickets.append(_finished(engine, clock, 1 + i % 2, "A"))
        rate(engine, tickets[-1], level, raw_frame="aa55")
    with db.write() as conn:  # a correction is a new row naming the old one
        first = conn.scalar(select(Rating.id).order_by(Rating.id).limit(1))
        append_rating(
            conn,
            ticket_id=tickets[0],
            window_id=1,
            level=4,
            at=clock.now(),
            corrects_id=first,
            corrected_by="admin",
            reason="误按",
        )
    rows = _rows(db, Rating)
    assert len(rows) == 5 and _chain_breaks(db, rows, RATINGS) == []
    with db.write() as conn:
        conn.execute(text("UPDATE ratings SET level = 5 WHERE id = :id"), {"id": rows[2].id})
    assert _chain_breaks(db, _rows(db, Rating), RATINGS) == [rows[2].id]


def test_the_event_chain_recomputes_over_every_kind_of_command(
    engine: QueueEngine, db: Database, clock: ManualClock, open_window: Open
) -> None:
    open_window(1, 5)
    engine.issue_ticket("A", priority=True)
    engine.issue_ticket("C")
    engine.call_next(1)
    engine.recall(1)
    engine.start(1)
    engine.hold(1)
    engine.call_back(1, "A001")
    engine.transfer(1, to_service="C", note="转公积金")
    engine.call_next(5)
    engine.no_show(5)
    engine.reactivate("A001")
    engine.pause(1, "other", "培训")
    engine.resume(1)
    clock.advance(minutes=1)
    ticket = engine.call_next(5).id
    engine.finish(5, "consult")
    clock.advance(seconds=2)
    rate(engine, ticket, 5)
    engine.sign_out(1)
    rows = _rows(db, Event)
    assert len(rows) == engine.last_seq() == 20
    assert [r.id for r in rows] == list(range(1, 21))
    assert _chain_breaks(db, rows, EVENTS) == []
    with db.write() as conn:
        conn.execute(text("DELETE FROM events WHERE id = 7"))
    assert _chain_breaks(db, _rows(db, Event), EVENTS) == [8]


def test_events_after_pages_through_the_log(engine: QueueEngine) -> None:
    for code in "ABCDEF":
        engine.issue_ticket(code)
    page = engine.events_after(2, limit=3)
    assert [e.seq for e in page] == [3, 4, 5]
    assert [e.data["service"] for e in page] == ["C", "D", "E"]
    assert engine.events_after(6) == []


def test_the_next_finish_at_a_window_closes_its_open_session_as_not_rated(
    engine: QueueEngine, db: Database, clock: ManualClock, open_window: Open
) -> None:
    open_window(1)
    first = _finished(engine, clock, 1, "A")
    second = _finished(engine, clock, 1, "A")
    closed, current = engine.rating_session(first), engine.rating_session(second)
    assert closed is not None and not closed.open and closed.outcome == "timeout"
    assert current is not None and current.open
    [row] = _rows(db, Rating)
    assert (row.ticket_id, row.level, row.path) == (first, None, "none")
