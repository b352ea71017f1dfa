"""A discrete-event simulation of a service hall, driven through the real QueueEngine.

Visitors arrive (Poisson, a morning peak), take tickets at the kiosk (the engine issues them,
the estimator under test having worked out its forecast just before); clerks sign in, call the
next ticket, start, finish, mark no-shows after a recall, pause for lunch and resume, all by
engine commands on a real SQLite file, with a ManualClock moved by the simulation. The hall's
shape (bench/hallshapes.py) says what it serves, with which windows and clerks; its
configuration (promised times, hours, lunch break, 午间值班) is written into its database.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import random
import tempfile
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from statistics import NormalDist
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from app.models import Database, HallSetting, Service, Staff, Window, WindowService, sqlite_url
from app.queue import ManualClock, QueueEngine, QueueSettings, errors
from app.queue.live_estimates import LiveEstimates
from bench.hallshapes import BENCHMARK, HallShape


@dataclass(frozen=True)
class SimOptions:
    seed: int = 7
    first_day: dt.date = dt.date(2026, 11, 23)  # a Monday
    hall: HallShape = BENCHMARK
    close_at: dt.time | None = None  # last ticket (None: the hall's; earlier for a short day)


@dataclass
class TicketRecord:
    ticket_id: int
    day: dt.date
    service: str
    priority: bool
    issued_at: dt.datetime
    estimate_s: int | None
    naive_s: float  # people ahead × the service's mean handling time ÷ open windows serving it
    people_ahead: int
    waiting: int
    note: str = ""  # the estimate's reason code, if any
    low_s: int | None = None
    high_s: int | None = None
    oracle_s: float | None = None
    called_at: dt.datetime | None = None

    @property
    def wait_s(self) -> float | None:
        if self.called_at is None:
            return None
        return (self.called_at - self.issued_at).total_seconds()


@dataclass
class Clerk:
    """A window's clerk today, and what the window is doing (what the oracle may know)."""

    number: int
    staff_no: str
    services: str
    lunch_duty: bool
    speed: float
    state: str = "closed"  # closed (not signed in yet), idle, busy, lunch
    lunch_done: bool = False
    phase: str = ""  # busy: called, serving, turnaround
    service: str = ""  # of the case in hand
    since: float = 0.0  # seconds of the day the phase began


@dataclass
class SimResult:
    records: list[TicketRecord] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)  # forecast before issue, wall
    cpu_ms: list[float] = field(default_factory=list)  # the same, this process's CPU time


def open_hall(directory: Path, hall: HallShape = BENCHMARK, *, durable: bool = False) -> Database:
    """A fresh hall database (real migrations) with the shape's configuration and clerks."""
    db = Database(sqlite_url(directory / "hall.db"))
    if not durable:  # a benchmark's file needs no fsync; the engine's SQL stays the same

        @event.listens_for(db.engine, "connect")
        def _fast(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute("PRAGMA synchronous=OFF")

        db.engine.dispose()
    with Session(db.engine) as session, session.begin():
        services = {}
        for order, shape in enumerate(hall.services):
            services[shape.code] = Service(
                code=shape.code,
                name=f"事项{shape.code}",
                promised_minutes=shape.promised_min,
                open_at=hall.open_at,
                close_at=hall.close_at,
                sort_order=order,
            )
        session.add_all(services.values())
        session.flush()
        for window in hall.windows:
            clerks = [
                Staff(staff_no=f"{k}{window.number:03d}", name=f"clerk {k}{window.number}")
                for k in ("2", "3")
            ]
            row = Window(
                number=window.number, name=f"窗口{window.number}", lunch_duty=window.lunch_duty
            )
            session.add_all([*clerks, row])
            session.flush()
            row.services = [
                WindowService(window_id=row.id, service_id=services[c].id, rank=r)
                for r, c in enumerate(window.services)
            ]
        settings = {
            "open_at": hall.open_at,
            "close_at": hall.hall_close,
            "lunch_start": hall.lunch[0],
            "lunch_end": hall.lunch[1],
        }
        session.add_all(
            HallSetting(key=k, value=v.strftime("%H:%M"), updated_at=dt.datetime(2026, 1, 1))
            for k, v in settings.items()
        )
    return db


def at_tod(day: dt.date, seconds: float) -> dt.datetime:
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(microseconds=round(seconds * 1e6))


def tod(moment: dt.time) -> float:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


def base_rate(hall: HallShape) -> float:
    """Base arrivals per second so that the day's work is `load` × the windows' capacity."""
    day = tod(hall.close_at) - tod(hall.open_at)
    peak = tod(hall.peak[1]) - tod(hall.peak[0])
    lunch = tod(hall.lunch[1]) - tod(hall.lunch[0])
    capacity = 0.0
    for window in hall.windows:
        capacity += tod(hall.close_at) - max(tod(hall.open_at), tod(window.opens))
        capacity -= 0 if window.lunch_duty else lunch
    mean_work = sum(s.mean_min * 60 * s.share for s in hall.services)
    walk = sum(hall.walk_s) / 2 + sum(hall.turnaround_s) / 2
    per_ticket = (1 - hall.no_show) * (mean_work + walk) + hall.no_show * hall.no_show_after_s
    return hall.load * capacity / per_ticket / (day + (hall.peak_factor - 1) * peak)


def arrival_rate(hall: HallShape, rate: float, seconds: float) -> float:
    """The true arrival rate at a time of day."""
    in_peak = tod(hall.peak[0]) <= seconds < tod(hall.peak[1])
    return rate * (hall.peak_factor if in_peak else 1.0)


_NORMAL = NormalDist()


def handling_s(
    hall: HallShape, code: str, speed: float, rng: random.Random, spent: float = 0.0
) -> float:
    """A case's handling time: lognormal around the service's mean times the clerk's speed, cut
    off at hall.handling_cap × the mean (no visitor is served for half a day); given that
    `spent` seconds have passed already (the oracle's question about a case in hand)."""
    service = hall.service(code)
    mean = service.mean_min * 60
    mu, sigma = math.log(mean) - service.sigma**2 / 2, service.sigma
    cap = _NORMAL.cdf((math.log(hall.handling_cap * mean) - mu) / sigma)
    floor = 0.0 if spent <= 0 else _NORMAL.cdf((math.log(spent / speed) - mu) / sigma)
    if floor >= cap:
        return spent
    u = min(max(floor + (cap - floor) * rng.random(), 1e-12), 1 - 1e-12)
    return max(spent, speed * math.exp(mu + sigma * _NORMAL.inv_cdf(u)))


# Called after each ticket is issued, before idle windows hear of it: (sim, its record, now).
Observer = Callable[["HallSim", TicketRecord, float], None]


class HallSim:
    """Runs working days one after another on one database, recording every ticket."""

    def __init__(
        self,
        db: Database,
        estimator: LiveEstimates | None,
        options: SimOptions | None = None,
        observer: Observer | None = None,
    ) -> None:
        self.db = db
        self.options = options or SimOptions()
        self.hall = self.options.hall
        self.clock = ManualClock(dt.datetime.combine(self.options.first_day, dt.time(8, 0)))
        self.result = SimResult()
        self.estimator = estimator
        self.observer = observer
        self.engine = QueueEngine(
            db, clock=self.clock, settings=QueueSettings(enforce_hours=False), estimator=estimator
        )
        self._recent: dict[str, deque[float]] = {
            s.code: deque(maxlen=50) for s in self.hall.services
        }
        self.rate = base_rate(self.hall)
        self.last_day: dt.date | None = None
        self.clerks: dict[int, Clerk] = {}
        self.waiting: dict[int, TicketRecord] = {}  # not called yet, by ticket id

    def run_days(self, days: int, progress: Callable[[int, dt.date], None] | None = None) -> None:
        day = self.last_day + dt.timedelta(days=1) if self.last_day else self.options.first_day
        for _ in range(days):
            while day.weekday() >= 5:
                day += dt.timedelta(days=1)
            index = (day - self.options.first_day).days
            self.run_day(day, random.Random(self.options.seed * 1000 + index))
            self.last_day = day
            if progress:
                progress(index, day)
            day += dt.timedelta(days=1)

    def run_day(self, day: dt.date, rng: random.Random) -> None:
        hall = self.hall
        self.clerks = {}
        for w in hall.windows:
            b_day = rng.random() < w.b_days
            staff = f"{3 if b_day else 2}{w.number:03d}"
            self.clerks[w.number] = Clerk(
                w.number, staff, w.services, w.lunch_duty, w.b_speed if b_day else w.speed
            )
        heap: list[tuple[float, int, str, int]] = []
        seq = 0

        def push(at: float, kind: str, window: int = 0) -> None:
            nonlocal seq
            seq += 1
            heapq.heappush(heap, (at, seq, kind, window))

        for w in hall.windows:
            push(tod(w.opens), "sign_in", w.number)
        for at in self._arrival_times(rng):
            push(at, "arrive")
        lunch_from, lunch_to = tod(hall.lunch[0]), tod(hall.lunch[1])
        records: dict[int, TicketRecord] = {}
        self.waiting = {}

        def phase(clerk: Clerk, name: str, at: float) -> None:
            clerk.phase, clerk.since = name, at

        def wake(number: int, at: float) -> None:
            clerk = self.clerks[number]
            if not clerk.lunch_duty and not clerk.lunch_done and lunch_from <= at < lunch_to:
                self.engine.pause(number, "lunch")
                clerk.state, clerk.lunch_done = "lunch", True
                push(lunch_to + rng.uniform(0, hall.lunch_return_s), "resume", number)
                return
            try:
                called = self.engine.call_next(number)
            except errors.NoneWaiting:
                clerk.state = "idle"
                return
            clerk.state, clerk.service = "busy", called.service_code
            phase(clerk, "called", at)
            record = self.waiting.pop(called.id, None)
            if record is not None:
                record.called_at = called.called_at
            if rng.random() < hall.no_show:
                push(at + hall.recall_after_s, "recall", number)
                push(at + hall.no_show_after_s, "no_show", number)
            else:
                start = at + rng.uniform(*hall.walk_s)
                push(start, "start", number)
                push(
                    start + handling_s(hall, called.service_code, clerk.speed, rng),
                    "finish",
                    number,
                )

        while heap:
            at, _seq, kind, number = heapq.heappop(heap)
            self.clock.set(at_tod(day, at))
            clerk = self.clerks.get(number)
            if kind == "arrive":
                code = self._pick_service(rng)
                record = self._issue(day, code, rng.random() < hall.priority_share)
                records[record.ticket_id] = record
                self.waiting[record.ticket_id] = record
                if self.observer is not None:
                    self.observer(self, record, at)
                for idle in self.clerks.values():
                    if idle.state == "idle" and code in idle.services:
                        wake(idle.number, at)
                        if record.called_at is not None:
                            break
            elif kind == "sign_in" and clerk:
                self.engine.sign_in(number, clerk.staff_no)
                wake(number, at)
            elif kind == "resume":
                self.engine.resume(number)
                wake(number, at)
            elif kind == "recall":
                self.engine.recall(number)
            elif kind == "no_show" and clerk:
                self.engine.no_show(number)
                phase(clerk, "turnaround", at)
                push(at + rng.uniform(*hall.turnaround_s), "free", number)
            elif kind == "start" and clerk:
                self.engine.start(number)
                phase(clerk, "serving", at)
            elif kind == "finish" and clerk:
                done = self.engine.finish(number, "done")
                phase(clerk, "turnaround", at)
                if done.started_at and done.finished_at:
                    took = (done.finished_at - done.started_at).total_seconds()
                    self._recent[done.service_code].append(took)
                push(at + rng.uniform(*hall.turnaround_s), "free", number)
            elif kind == "free":
                wake(number, at)
        for number, clerk in self.clerks.items():
            if clerk.state == "lunch":
                self.engine.resume(number)
            if clerk.state != "closed":
                self.engine.sign_out(number)
        self.result.records.extend(sorted(records.values(), key=lambda r: r.ticket_id))

    def _arrival_times(self, rng: random.Random) -> list[float]:
        """A Poisson stream with a peak, by thinning."""
        hall = self.hall
        top = self.rate * max(1.0, hall.peak_factor)
        begin = tod(hall.open_at)
        end = tod(self.options.close_at or hall.close_at)
        times, at = [], begin
        while True:
            at += rng.expovariate(top)
            if at >= end:
                return times
            if rng.random() * top < arrival_rate(hall, self.rate, at):
                times.append(at)

    def _pick_service(self, rng: random.Random) -> str:
        pick = rng.random()
        for service in self.hall.services:
            pick -= service.share
            if pick < 0:
                return service.code
        return self.hall.services[-1].code

    def _issue(self, day: dt.date, code: str, priority: bool) -> TicketRecord:
        if self.estimator is not None:  # the forecast worked out before the issue, timed
            began, cpu = time.perf_counter(), time.process_time()
            self.estimator.current()
            self.result.latencies_ms.append((time.perf_counter() - began) * 1000)
            self.result.cpu_ms.append((time.process_time() - cpu) * 1000)
        waiting = len(self.waiting)
        issued = self.engine.issue_ticket(code, priority=priority)
        recent = self._recent[code]
        average = (
            sum(recent) / len(recent) if recent else self.hall.service(code).promised_min * 60.0
        )
        open_windows = sum(
            1 for c in self.clerks.values() if c.state in ("idle", "busy") and code in c.services
        )
        return TicketRecord(
            ticket_id=issued.ticket.id,
            day=day,
            service=code,
            priority=priority,
            issued_at=issued.ticket.issued_at,
            estimate_s=issued.estimated_wait_s,
            naive_s=issued.people_ahead * average / max(1, open_windows),
            people_ahead=issued.people_ahead,
            waiting=waiting,
            note=issued.wait_note,
            low_s=issued.wait_low_s,
            high_s=issued.wait_high_s,
        )


def simulate(
    days: int,
    estimator: LiveEstimates | None,
    options: SimOptions | None = None,
    progress: Callable[[int, dt.date], None] | None = None,
) -> SimResult:
    """Run `days` working days in a fresh hall in a temporary directory."""
    options = options or SimOptions()
    with tempfile.TemporaryDirectory(prefix="hallsim-") as tmp:
        db = open_hall(Path(tmp), options.hall)
        try:
            sim = HallSim(db, estimator, options)
            sim.run_days(days, progress)
            return sim.result
        finally:
            db.dispose()
