"""One ticket as its phone page sees it: people ahead, the window it is called to, and the
estimate (its own prediction counted down, never more than a new ticket's wait)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from app.queue import ManualClock, QueueEngine
from app.queue.ticket_status import ticket_status, wait_estimate


def test_the_status_follows_the_ticket_from_waiting_to_finished(
    engine: QueueEngine, clock: ManualClock
) -> None:
    engine.issue_ticket("A")
    mine = engine.issue_ticket("A").ticket
    with engine.db.read() as conn:
        waiting = ticket_status(conn, mine.id)
    assert (waiting.number, waiting.state, waiting.ahead, waiting.window_no) == (
        "A002", "waiting", 1, None
    )  # fmt: skip
    engine.sign_in(2, "1002")
    engine.call_next(2)
    engine.sign_in(1, "1001")
    engine.call_next(1)
    with engine.db.read() as conn:
        called = ticket_status(conn, mine.id)
    assert (called.state, called.ahead, called.window_no, called.window_name) == (
        "called", None, 1, "社保医保窗口"
    )  # fmt: skip
    engine.finish(1, "done")
    with engine.db.read() as conn:
        assert ticket_status(conn, mine.id).state == "finished"


def test_a_ticket_sent_to_a_window_says_which(engine: QueueEngine) -> None:
    mine = engine.issue_ticket("A").ticket
    engine.sign_in(1, "1001")
    engine.call_next(1)
    engine.transfer(1, to_window=5)
    with engine.db.read() as conn:
        sent = ticket_status(conn, mine.id)
    assert (sent.state, sent.window_no, sent.ahead) == ("waiting", 5, 0)


def test_the_estimate_counts_down_and_never_exceeds_a_new_tickets_wait(
    engine: QueueEngine, clock: ManualClock
) -> None:
    mine = engine.issue_ticket("A").ticket
    with engine.db.read() as conn:
        status = replace(ticket_status(conn, mine.id), predicted_wait_s=600)
    now = status.issued_at
    assert wait_estimate(status, now + dt.timedelta(minutes=4), None) == 360
    assert wait_estimate(status, now + dt.timedelta(minutes=4), 120) == 120
    assert wait_estimate(status, now + dt.timedelta(minutes=11), 300) == 300  # ran out
    assert wait_estimate(replace(status, predicted_wait_s=None), now, 240) == 240
    assert wait_estimate(replace(status, state="called"), now, 240) is None
