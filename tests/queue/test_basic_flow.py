"""The main path of a case through the engine, on a real SQLite file."""

from __future__ import annotations

import pytest

from app.models import TicketState
from app.queue import QueueEngine, errors
from app.queue.clock import ManualClock
from tests.visitor import rate


def test_numbers_count_up_per_service_prefix(engine: QueueEngine) -> None:
    numbers = [engine.issue_ticket(code).ticket.number for code in "AABA"]
    assert numbers == ["A001", "A002", "B001", "A003"]


def test_a_case_goes_from_issue_to_rating(engine: QueueEngine, clock: ManualClock) -> None:
    issued = engine.issue_ticket("A")
    engine.sign_in(1, "1001")
    called = engine.call_next(1)
    assert called.id == issued.ticket.id
    assert called.state is TicketState.CALLED
    clock.advance(minutes=1)
    engine.start(1)
    clock.advance(minutes=6)
    finished = engine.finish(1, "done")
    assert finished.state is TicketState.FINISHED
    assert finished.finished_at is not None and finished.started_at is not None
    assert (finished.finished_at - finished.started_at).total_seconds() == 360
    clock.advance(seconds=2)
    rating = rate(engine, finished.id, 5, device_address=3)
    assert rating.level == 5
    kinds = [event.kind for event in engine.events_after(0)]
    assert kinds == [
        "ticket_issued",
        "window_signed_in",
        "ticket_called",
        "ticket_started",
        "ticket_finished",
        "rating_requested",
        "rating_recorded",
    ]


def test_calling_while_paused_is_refused_and_writes_nothing(engine: QueueEngine) -> None:
    engine.issue_ticket("A")
    engine.sign_in(1, "1001")
    engine.pause(1, "meeting")
    before = engine.last_seq()
    with pytest.raises(errors.WindowPaused) as refused:
        engine.call_next(1)
    assert "暂停" in refused.value.zh and "paused" in refused.value.en
    assert engine.last_seq() == before
    assert engine.waiting(service="A")[0].state is TicketState.WAITING
