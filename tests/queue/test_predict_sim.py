"""The hall simulation behind bench/waitpred.py: real engine, deterministic under its seed."""

from __future__ import annotations

import datetime as dt

from app.queue.predict import make_estimator
from bench.hallsim import SimOptions, TicketRecord, simulate

SHORT_DAY = SimOptions(seed=11, close_at=dt.time(9, 0))  # tickets 08:30–09:00, then served


def _outcome(records: list[TicketRecord]) -> list[tuple[object, ...]]:
    return [
        (r.ticket_id, r.service, r.priority, r.issued_at, r.called_at, r.estimate_s, r.naive_s)
        for r in records
    ]


def test_a_short_day_run_twice_gives_the_same_tickets_waits_and_estimates() -> None:
    first = simulate(1, make_estimator(background=False), SHORT_DAY)
    second = simulate(1, make_estimator(background=False), SHORT_DAY)
    assert len(first.records) > 20
    assert all(r.called_at is not None for r in first.records)  # everyone is served
    assert all(r.estimate_s is not None for r in first.records)
    assert _outcome(first.records) == _outcome(second.records)


def test_another_seed_gives_another_day() -> None:
    first = simulate(1, None, SHORT_DAY)
    other = simulate(1, None, SimOptions(seed=12, close_at=dt.time(9, 0)))
    assert _outcome(first.records) != _outcome(other.records)
