"""The wait predictor on hand-made hall states whose answers are known, on the demo hall.

Demo hall: window 1 serves A then F (lunch duty), window 3 serves B only (closes at lunch);
promised minutes A 10, B 20, F 4. Exact answers use the deterministic replay (mean times)
with no later arrivals, no walking or turnaround time and no no-shows. Lunch, pauses and
what the predictor learns from a hall's history: test_predict_hall.py.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from app.models import Database
from app.queue import ManualClock, QueueEngine
from app.queue.live_estimates import LiveEstimates
from app.queue.predict import PredictorConfig, WaitPredictor, format_wait, make_estimator
from app.queue.predict_accuracy import prediction_accuracy

EXACT = PredictorConfig(
    replays=0,
    future_arrivals=False,
    walk_prior_s=0.0,
    turnaround_prior_s=0.0,
    no_show_prior=0.0,
    prior_weight=0.0,
)


def hall(db: Database, clock: ManualClock, config: PredictorConfig = EXACT) -> QueueEngine:
    return QueueEngine(db, clock=clock, estimator=make_estimator(config, background=False))


def serve(engine: QueueEngine, clock: ManualClock, window: int, minutes: float) -> None:
    """The window calls its next ticket, the visitor is there at once, done after `minutes`."""
    engine.call_next(window)
    engine.start(window)
    clock.advance(minutes=minutes)
    engine.finish(window, "done")


def test_one_window_one_service_waits_the_promised_time_per_ticket_ahead(
    db: Database, clock: ManualClock
) -> None:
    engine = hall(db, clock)
    engine.sign_in(3, "1003")
    waits = [engine.issue_ticket("B").estimated_wait_s for _ in range(3)]
    assert waits == [0, 1200, 2400]


def test_handling_estimate_comes_from_todays_finished_cases(
    db: Database, clock: ManualClock
) -> None:
    engine = hall(db, clock)
    engine.sign_in(3, "1003")
    for _ in range(3):
        engine.issue_ticket("B")
    for _ in range(3):
        serve(engine, clock, 3, minutes=8)
    issued = [engine.issue_ticket("B") for _ in range(3)]
    assert [t.estimated_wait_s for t in issued] == [0, 480, 960]
    assert issued[2].ticket.predicted_wait_s == 960


def test_prior_from_promised_minutes_is_shrunk_towards_recent_cases(
    db: Database, clock: ManualClock
) -> None:
    engine = hall(db, clock, dataclasses.replace(EXACT, prior_weight=3.0))
    engine.sign_in(3, "1003")
    for _ in range(3):
        engine.issue_ticket("B")
    for _ in range(3):
        serve(engine, clock, 3, minutes=10)
    engine.issue_ticket("B")
    # (3 × 600 s + 3 × 1200 s) / 6 = 900 s per ticket ahead
    assert engine.issue_ticket("B").estimated_wait_s == 900


def test_a_window_calls_its_first_ranked_service_before_earlier_tickets_of_the_second(
    db: Database, clock: ManualClock
) -> None:
    engine = hall(db, clock)
    engine.sign_in(1, "1001")  # A first, then F
    f_ticket = engine.issue_ticket("F")
    a_first = engine.issue_ticket("A")
    a_second = engine.issue_ticket("A")
    assert a_first.estimated_wait_s == 0
    assert a_second.estimated_wait_s == 600
    again = WaitPredictor(EXACT)
    with db.read() as conn:
        assert again.estimate(conn, engine.ticket(f_ticket.ticket.id), clock.now()) == 1200


def test_a_lunch_duty_window_keeps_calling_through_lunch(db: Database, clock: ManualClock) -> None:
    clock.set(dt.datetime(2026, 11, 23, 11, 40))
    engine = hall(db, clock)
    engine.sign_in(1, "1001")  # lunch duty
    waits = [engine.issue_ticket("A").estimated_wait_s for _ in range(4)]
    assert waits == [0, 600, 1200, 1800]


def test_a_priority_ticket_waits_only_for_the_case_in_hand(
    db: Database, clock: ManualClock
) -> None:
    engine = hall(db, clock)
    engine.sign_in(1, "1001")
    for _ in range(10):  # ten A cases of exactly 10 minutes: the handling estimate
        engine.issue_ticket("A")
        serve(engine, clock, 1, minutes=10)
    engine.issue_ticket("A")
    engine.call_next(1)
    engine.start(1)
    clock.advance(minutes=4)  # 6 minutes of this case remain
    behind = [engine.issue_ticket("A") for _ in range(3)]
    urgent = engine.issue_ticket("A", priority=True)
    late = engine.issue_ticket("A")
    assert [t.estimated_wait_s for t in behind] == [360, 960, 1560]
    assert urgent.estimated_wait_s == 360
    assert late.estimated_wait_s == 360 + 4 * 600


def test_a_window_not_signed_in_without_history_calls_nobody(
    db: Database, clock: ManualClock
) -> None:
    engine = hall(db, clock)
    assert engine.issue_ticket("B").estimated_wait_s is None


def test_later_tickets_of_a_higher_ranked_service_lengthen_the_wait(
    db: Database, clock: ManualClock
) -> None:
    clock.set(dt.datetime(2026, 11, 23, 8, 30))
    with_arrivals = dataclasses.replace(EXACT, future_arrivals=True)
    engine = hall(db, clock, with_arrivals)
    engine.sign_in(1, "1001")  # A first, then F
    for _ in range(6):  # A arrives every 15 minutes
        clock.advance(minutes=15)
        engine.issue_ticket("A")
    f_ticket = engine.issue_ticket("F")
    # 6 A tickets ahead (3600 s), and A keeps coming at 4 an hour while the window works
    assert f_ticket.estimated_wait_s is not None
    assert f_ticket.estimated_wait_s > 3600 + 1800
    with db.read() as conn:
        view = engine.ticket(f_ticket.ticket.id)
        assert WaitPredictor(EXACT).estimate(conn, view, clock.now()) == 3600


def test_the_kiosk_estimate_is_what_the_next_ticket_gets(db: Database, clock: ManualClock) -> None:
    predictor = WaitPredictor(EXACT)
    engine = QueueEngine(db, clock=clock, estimator=LiveEstimates(predictor, background=False))
    engine.sign_in(1, "1001")
    engine.sign_in(3, "1003")
    for code in "AABFB":
        engine.issue_ticket(code)
    with db.read() as conn:
        kiosk = predictor.service_waits(conn, clock.now())
    assert kiosk["A"] == 1200 and kiosk["B"] == 2400
    assert kiosk["F"] == 1200 + 240  # after both A tickets and the earlier F
    assert kiosk["C"] is None  # no open window serves C
    assert engine.issue_ticket("A").estimated_wait_s == kiosk["A"]
    assert engine.issue_ticket("B").estimated_wait_s == kiosk["B"]


def test_monte_carlo_forecast_is_the_same_for_the_same_state(
    db: Database, clock: ManualClock
) -> None:
    engine = hall(db, clock, PredictorConfig())
    engine.sign_in(1, "1001")
    engine.sign_in(3, "1003")
    for code in "AABFBAAF":
        engine.issue_ticket(code)
    kiosk = {load.code: load.estimated_wait_s for load in engine.service_loads()}
    last = engine.issue_ticket("F")
    assert last.estimated_wait_s is not None and last.estimated_wait_s > 0
    assert last.estimated_wait_s == kiosk["F"]  # what the kiosk showed a moment before
    with db.read() as conn:
        first, second = (WaitPredictor().forecast(conn, clock.now()) for _ in range(2))
    assert first.tickets == second.tickets and len(first.tickets) == 9
    assert first.tickets[last.ticket.id].wait_s is not None


@pytest.mark.parametrize(
    ("seconds", "zh", "en"),
    [
        (None, "暂无法估计", "no estimate"),
        (0, "少于 5 分钟", "less than 5 min"),
        (299, "少于 5 分钟", "less than 5 min"),
        (300, "约 5 分钟", "about 5 min"),
        (14 * 60 + 10, "约 15 分钟", "about 15 min"),
        (58 * 60, "约 1 小时", "about 1 h"),
        (80 * 60 + 200, "约 1 小时 20 分钟", "about 1 h 20 min"),
        (200 * 60, "约 3 小时 30 分钟", "about 3 h 30 min"),
    ],
)
def test_estimates_are_worded_rounded(seconds: float | None, zh: str, en: str) -> None:
    assert format_wait(seconds) == zh
    assert format_wait(seconds, "en") == en


def test_todays_accuracy_compares_estimates_with_first_calls(
    db: Database, clock: ManualClock
) -> None:
    engine = hall(db, clock)
    engine.sign_in(3, "1003")
    engine.issue_ticket("B")  # told 0, called at once
    engine.issue_ticket("B")  # told 20 minutes, called after 10
    serve(engine, clock, 3, minutes=10)
    engine.call_next(3)
    clock.advance(minutes=1)
    engine.recall(3)  # a recall is not the first call
    with db.read() as conn:
        accuracy = prediction_accuracy(conn, clock.now().date())
    assert accuracy.tickets == 2
    assert accuracy.mean_abs_error_s == 300
    assert accuracy.bias_s == 300
    assert accuracy.within_5min == 0.5
    with db.read() as conn:
        assert prediction_accuracy(conn, dt.date(2026, 11, 24)).tickets == 0


def test_a_ticket_transferred_to_a_window_is_called_there_before_its_services(
    db: Database, clock: ManualClock
) -> None:
    engine = hall(db, clock)
    engine.sign_in(1, "1001")  # A, F
    engine.sign_in(3, "1003")  # B
    first_a, second_a = engine.issue_ticket("A"), engine.issue_ticket("A")
    engine.issue_ticket("B")
    engine.call_next(3)
    moved = engine.transfer(3, to_window=1)
    predictor = WaitPredictor(EXACT)
    with db.read() as conn:
        waits = [
            predictor.estimate(conn, engine.ticket(t.id), clock.now())
            for t in (moved, first_a.ticket, second_a.ticket)
        ]
    assert waits == [0, 1200, 1800]  # the B case (20 min) goes first at window 1


def test_a_window_that_usually_opens_later_is_expected_at_its_usual_time(
    db: Database, clock: ManualClock
) -> None:
    engine = hall(db, clock)
    clock.set(dt.datetime(2026, 11, 20, 10, 0))  # last Friday window 3 opened at 10:00
    engine.sign_in(3, "1003")
    clock.advance(hours=6)
    engine.sign_out(3)
    clock.set(dt.datetime(2026, 11, 23, 9, 0))
    assert engine.issue_ticket("B").estimated_wait_s == 3600


def test_a_window_that_usually_is_open_by_now_but_is_not_today_is_left_out(
    db: Database, clock: ManualClock
) -> None:
    engine = hall(db, clock)
    clock.set(dt.datetime(2026, 11, 20, 8, 30))  # last Friday window 3 opened at 08:30
    engine.sign_in(3, "1003")
    clock.advance(hours=8)
    engine.sign_out(3)
    clock.set(dt.datetime(2026, 11, 23, 9, 0))
    assert engine.issue_ticket("B").estimated_wait_s is None


def test_no_shows_take_only_the_time_a_window_waits_for_them(
    db: Database, clock: ManualClock
) -> None:
    half_no_show = dataclasses.replace(EXACT, no_show_prior=0.5, no_show_prior_weight=1e9)
    engine = hall(db, clock, half_no_show)
    engine.sign_in(3, "1003")
    engine.issue_ticket("B")
    engine.call_next(3)
    clock.advance(minutes=2)
    engine.no_show(3)  # the window waited 2 minutes for this one
    waits = [engine.issue_ticket("B").estimated_wait_s for _ in range(3)]
    assert waits == [0, 660, 1320]  # each ticket ahead: half 20 minutes, half 2 minutes
