"""The window's tablet evaluator (平板评价器) through the table (issue 12): logged in with its
own token bound to one window, it shows the clerk while idle (工作人员身份公开) and the open
session when a case finishes, and answers only that window's open session, once, with the
差评 reasons the visitor picked. Every refused answer is a typed refusal and a rating anomaly,
never a stored rating."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.hall.caller import Role
from app.models import Rating
from app.queue import ManualClock, QueueEngine
from tests.hall.conftest import Act
from tests.hall.frames import anomalies

E = Role.EVALUATOR


def finished(engine: QueueEngine, window: int = 1, service: str = "A") -> tuple[int, int]:
    """(ticket id, session token) of a case the window has just finished."""
    engine.issue_ticket(service)
    engine.sign_in(window, f"{1000 + window}")
    ticket = engine.call_next(window)
    engine.finish(window, "done")
    session = engine.rating_session(ticket.id)
    assert session is not None
    return ticket.id, session.session


def ratings(engine: QueueEngine, ticket_id: int) -> list[Any]:
    with engine.db.read() as conn:
        return list(conn.execute(select(Rating).where(Rating.ticket_id == ticket_id)).all())


def test_the_idle_evaluator_shows_its_windows_clerk_and_no_session(
    act: Act, engine: QueueEngine
) -> None:
    finished(engine, window=1)  # window 1's session is not window 2's to show
    engine.sign_in(2, "1002")
    state = act.run(E, "evaluator_state", at=2)
    assert (state["window"], state["staff_no"], state["staff_name"]) == (2, "1002", "李娜")
    assert (state["staff_title"], state["services"]) == ("科员", ["社保医保", "住房公积金"])
    assert state["session"] is None
    assert [level[:2] for level in state["levels"]] == [
        [5, "非常满意"], [4, "满意"], [3, "基本满意"], [2, "不满意"], [1, "非常不满意"],
    ]  # fmt: skip
    assert [r["code"] for r in state["reasons"]][-1] == "other" and state["bad_max"] == 2
    assert act.run(E, "evaluator_state", at=3)["staff_no"] is None  # nobody signed in there


def test_a_finished_case_is_shown_and_rated_on_its_windows_tablet(
    act: Act, engine: QueueEngine, clock: ManualClock
) -> None:
    ticket, token = finished(engine)
    shown = act.run(E, "evaluator_state")["session"]
    assert (shown["session"], shown["ticket_id"], shown["number"], shown["open"]) == (
        token, ticket, "A001", True,
    )  # fmt: skip
    clock.advance(seconds=4)
    rated = act.run(E, "evaluator_rate", session=token, level=4)
    assert (rated["ticket_id"], rated["level"], rated["window_no"]) == (ticket, 4, 1)
    [row] = ratings(engine, ticket)
    assert (row.level, row.path, row.device, row.keypad_session, row.reasons) == (
        4, "tablet", "tablet:evaluator-1", token, None,
    )  # fmt: skip
    assert act.run(E, "evaluator_state")["session"] is None  # back to idle
    assert anomalies(engine) == []


def test_a_bad_rating_keeps_the_reasons_the_visitor_picked_and_only_the_halls(
    act: Act, engine: QueueEngine, clock: ManualClock
) -> None:
    ticket, token = finished(engine)
    clock.advance(seconds=4)
    for level, reasons, note in (
        (4, ["attitude"], ""),  # reasons are for a 差评 only
        (2, ["bribe"], ""),  # not on the hall's list
        (1, ["attitude"], "态度冷淡"),  # free text goes with 其他
    ):
        refusal = act.refused(E, "evaluator_rate", session=token, level=level, reasons=reasons,
                              note=note)  # fmt: skip
        assert refusal.code == "bad_ticket_state", (level, reasons, note)
    assert ratings(engine, ticket) == []
    act.run(E, "evaluator_rate", session=token, level=2, reasons=["attitude", "other"],
            note="  态度冷淡  ")  # fmt: skip
    [row] = ratings(engine, ticket)
    assert (row.level, row.reasons) == (2, {"codes": ["attitude", "other"], "note": "态度冷淡"})


def test_an_evaluator_answers_only_its_own_windows_session(
    act: Act, engine: QueueEngine, clock: ManualClock
) -> None:
    ticket, token = finished(engine, window=1)
    clock.advance(seconds=4)
    refusal = act.refused(E, "evaluator_rate", at=2, session=token, level=1)
    assert (refusal.code, getattr(refusal, "anomaly", None)) == ("rating_refused", "other_window")
    assert ratings(engine, ticket) == []
    assert anomalies(engine) == [("other_window", 2, "tablet")]
    assert act.run(E, "evaluator_rate", at=1, session=token, level=5)["level"] == 5


def test_a_rating_for_an_unknown_closed_or_expired_session_is_refused_logged_never_stored(
    act: Act, engine: QueueEngine, clock: ManualClock
) -> None:
    ticket, token = finished(engine)
    unknown = act.refused(E, "evaluator_rate", session=token ^ 0x1234, level=5)
    clock.advance(seconds=engine.settings.rating_timeout_s + 1)
    expired = act.refused(E, "evaluator_rate", session=token, level=5)
    engine.expire_ratings()
    closed = act.refused(E, "evaluator_rate", session=token, level=5)
    found = [getattr(r, "anomaly", None) for r in (unknown, expired, closed)]
    assert found == ["unknown_session", "expired", "closed_session"]
    assert {r.code for r in (unknown, expired, closed)} == {"rating_refused"}
    assert [(r.level, r.path) for r in ratings(engine, ticket)] == [(None, "none")]  # 未评价
    assert anomalies(engine) == [(a, 1, "tablet") for a in found]


def test_a_press_sooner_than_a_person_could_is_recorded_and_flagged(
    act: Act, engine: QueueEngine
) -> None:
    ticket, token = finished(engine)
    act.run(E, "evaluator_rate", session=token, level=5)  # at the moment the session opened
    assert [r.level for r in ratings(engine, ticket)] == [5]
    assert anomalies(engine) == [("too_fast", 1, "tablet")]
