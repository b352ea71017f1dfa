"""Wait estimates kept current off the request path: issuing and the kiosk only look them up."""

from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Connection

from app.models import Database
from app.queue import ManualClock, QueueEngine
from app.queue.forecast import Forecast
from app.queue.live_estimates import LiveEstimates
from app.queue.predict import PredictorConfig, WaitPredictor

EXACT = PredictorConfig(
    replays=0,
    future_arrivals=False,
    walk_prior_s=0.0,
    turnaround_prior_s=0.0,
    no_show_prior=0.0,
    prior_weight=0.0,
)


class Watched(WaitPredictor):
    """The real predictor, noting the thread it runs on and, when given, waiting at a gate
    first and checking that nobody holds the database's write lock."""

    def __init__(self, path: Path | None = None, gate: threading.Event | None = None) -> None:
        super().__init__(EXACT)
        self.threads: list[int] = []
        self.lock_free: list[bool] = []
        self.path, self.gate = path, gate

    def forecast(self, conn: Connection, now: dt.datetime) -> Forecast:
        self.threads.append(threading.get_ident())
        if self.gate is not None:
            self.gate.wait(10)
        if self.path is not None:
            probe = sqlite3.connect(self.path, timeout=0, isolation_level=None)
            try:
                probe.execute("BEGIN IMMEDIATE")
                probe.execute("ROLLBACK")
                self.lock_free.append(True)
            except sqlite3.OperationalError:
                self.lock_free.append(False)
            finally:
                probe.close()
        return super().forecast(conn, now)


def until(check: Callable[[], bool], seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.01)
    return check()


def test_the_forecast_is_worked_out_while_nobody_holds_the_write_lock(
    db: Database, db_path: Path, clock: ManualClock
) -> None:
    predictor = Watched(path=db_path)
    engine = QueueEngine(db, clock=clock, estimator=LiveEstimates(predictor, background=False))
    engine.sign_in(3, "1003")
    waits = [engine.issue_ticket("B").estimated_wait_s for _ in range(3)]
    assert waits == [0, 1200, 2400]
    assert predictor.lock_free and all(predictor.lock_free)


def test_a_ticket_is_issued_at_once_while_the_forecast_is_being_worked_out(
    db: Database, clock: ManualClock
) -> None:
    gate = threading.Event()
    predictor = Watched(gate=gate)
    live = LiveEstimates(predictor, quiet_s=0.0, max_delay_s=0.0)
    engine = QueueEngine(db, clock=clock, estimator=live)
    try:
        engine.sign_in(3, "1003")
        assert until(lambda: len(predictor.threads) >= 1)  # the worker waits at the gate
        began = time.monotonic()
        issued = engine.issue_ticket("B")
        took = time.monotonic() - began
        assert issued.estimated_wait_s is None  # no forecast yet: no estimate, no waiting
        assert took < 5  # the gate holds the worker up to 10 s
        loads = {load.code: load for load in engine.service_loads()}
        assert loads["B"].waiting == 1 and loads["B"].estimated_wait_s is None
        gate.set()
        seq = engine.last_seq()
        assert until(lambda: (f := engine.forecast()) is not None and f.seq == seq)
        assert threading.get_ident() not in predictor.threads  # never on the caller's thread
        second = engine.issue_ticket("B")
        assert second.estimated_wait_s == 1200
    finally:
        gate.set()
        live.close()


def test_the_worker_follows_the_hall_and_the_kiosk_figure_is_what_the_next_ticket_gets(
    db: Database, clock: ManualClock
) -> None:
    live = LiveEstimates(WaitPredictor(EXACT), quiet_s=0.01, max_delay_s=0.05)
    engine = QueueEngine(db, clock=clock, estimator=live)
    try:
        engine.sign_in(3, "1003")
        for _ in range(3):
            engine.issue_ticket("B")
        seq = engine.last_seq()
        assert until(lambda: (f := engine.forecast()) is not None and f.seq == seq)
        kiosk = {load.code: load.estimated_wait_s for load in engine.service_loads()}
        assert kiosk["B"] == 3 * 1200
        issued = engine.issue_ticket("B")
        assert issued.estimated_wait_s == kiosk["B"] == issued.ticket.predicted_wait_s
        assert engine.events_after(seq)[0].data["estimate_s"] == kiosk["B"]
    finally:
        live.close()


def test_tickets_taken_before_the_next_forecast_are_placed_behind_the_last_one(
    db: Database, clock: ManualClock
) -> None:
    """In a rush the forecast lags a moment; a ticket further back is told more."""
    gate = threading.Event()
    gate.set()
    predictor = Watched(gate=gate)
    live = LiveEstimates(predictor, quiet_s=0.0, max_delay_s=0.0)
    engine = QueueEngine(db, clock=clock, estimator=live)
    try:
        engine.sign_in(3, "1003")
        assert until(lambda: (f := engine.forecast()) is not None and f.seq == engine.last_seq())
        gate.clear()  # the next forecast waits: these tickets see the one before them
        waits = [engine.issue_ticket("B").estimated_wait_s for _ in range(3)]
        assert waits == [0, 1200, 2400]
    finally:
        gate.set()
        live.close()


def test_the_clock_moving_on_shortens_a_forecasts_figures(db: Database, clock: ManualClock) -> None:
    live = LiveEstimates(WaitPredictor(EXACT), background=False)
    engine = QueueEngine(db, clock=clock, estimator=live)
    engine.sign_in(3, "1003")
    for _ in range(2):
        engine.issue_ticket("B")
    forecast = engine.forecast()
    assert forecast is not None
    later = clock.now() + dt.timedelta(minutes=5)
    assert forecast.service("B", later).wait_s == 2400 - 300
    assert forecast.service("B", clock.now()).wait_s == 2400
    second = engine.waiting(service="B")[1]
    found = forecast.ticket(second.id, later)
    assert found is not None and found.wait_s == 1200 - 300
