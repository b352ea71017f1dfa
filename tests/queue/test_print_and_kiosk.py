"""Print states of tickets, and the kiosk's per-service figures with the wait predictor."""

from __future__ import annotations

import pytest
from hall_records import refused

from app.models import Database
from app.queue import ManualClock, QueueEngine, errors
from app.queue.predict import make_estimator


def test_a_failed_print_is_recorded_and_logged(engine: QueueEngine) -> None:
    issued = engine.issue_ticket("A")
    assert issued.ticket.print_state == "pending"
    marked = engine.set_print_state(issued.ticket.id, "failed")
    assert marked.print_state == "failed"
    assert engine.ticket(issued.ticket.id).print_state == "failed"
    last = engine.events_after(engine.last_seq() - 1)[0]
    assert (last.kind, last.data["number"], last.data["state"]) == (
        "ticket_print_state",
        "A001",
        "failed",
    )


def test_an_unknown_print_state_or_ticket_is_refused(engine: QueueEngine, db: Database) -> None:
    issued = engine.issue_ticket("A")
    refused(db, errors.BadTicketState, lambda: engine.set_print_state(issued.ticket.id, "lost"))
    refused(db, errors.UnknownTicket, lambda: engine.set_print_state(99999, "printed"))


def test_kiosk_loads_carry_promised_time_and_no_estimate_without_predictor(
    engine: QueueEngine,
) -> None:
    loads = {load.code: load for load in engine.service_loads()}
    assert loads["B"].promised_minutes == 20
    assert all(load.estimated_wait_s is None for load in loads.values())


def test_kiosk_loads_carry_the_predictors_estimate_for_open_services(
    db: Database, clock: ManualClock
) -> None:
    engine = QueueEngine(db, clock=clock, estimator=make_estimator(background=False))
    engine.sign_in(3, "1003")  # window 3 serves B only
    for _ in range(4):
        engine.issue_ticket("B")
    loads = {load.code: load for load in engine.service_loads()}
    assert loads["B"].waiting == 4
    assert loads["B"].estimated_wait_s is not None and loads["B"].estimated_wait_s > 0
    # The fifth B ticket is told about what the kiosk showed for B a moment before.
    fifth = engine.issue_ticket("B")
    assert fifth.estimated_wait_s == pytest.approx(loads["B"].estimated_wait_s, rel=0.5)
