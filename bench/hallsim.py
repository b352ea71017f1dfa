"""A discrete-event simulation of a service hall, driven through the real QueueEngine.

Visitors arrive (Poisson, a morning peak), take tickets at the kiosk (the engine issues them and
the estimator under test predicts their wait inside the issuing transaction); clerks sign in,
call the next ticket, start, finish, mark no-shows after a recall, pause for lunch and resume,
all by engine commands on a real SQLite file, with a ManualClock moved by the simulation.
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
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from app.models import Database, Service, Staff, Window, WindowService, sqlite_url
from app.queue import ManualClock, QueueEngine, QueueSettings, errors
from app.queue.live_estimates import LiveEstimates

# code, mean handling minutes, share of arrivals, promised minutes (限时办结, the prior)
SERVICES = [
    ("A", 4.0, 0.30, 6),
    ("B", 6.0, 0.22, 10),
    ("C", 8.0, 0.18, 12),
    ("D", 10.0, 0.14, 15),
    ("E", 15.0, 0.10, 20),
    ("F", 20.0, 0.06, 30),
]
# number, services by rank, lunch duty, signs in at
WINDOWS = [
    (1, "AB", True, dt.time(8, 25)),
    (2, "AC", True, dt.time(8, 25)),
    (3, "BA", False, dt.time(8, 25)),
    (4, "BD", True, dt.time(8, 25)),
    (5, "CB", True, dt.time(8, 25)),
    (6, "CE", True, dt.time(8, 25)),
    (7, "DC", True, dt.time(8, 25)),
    (8, "DF", True, dt.time(8, 25)),
    (9, "ED", False, dt.time(8, 25)),
    (10, "EF", True, dt.time(8, 25)),
    (11, "FE", True, dt.time(8, 25)),
    (12, "ABF", True, dt.time(10, 0)),  # opens late
]


@dataclass(frozen=True)
class SimOptions:
    seed: int = 7
    first_day: dt.date = dt.date(2026, 11, 23)  # a Monday
    open_at: dt.time = dt.time(8, 30)
    close_at: dt.time = dt.time(17, 0)  # last ticket (earlier for a short test day)
    full_day_end: dt.time = dt.time(17, 0)  # the day the arrival rate is sized for
    peak: tuple[dt.time, dt.time] = (dt.time(9, 0), dt.time(11, 0))
    peak_factor: float = 2.0
    load: float = 1.2  # offered work ÷ window capacity over the day
    sigma: float = 0.6  # of log handling time
    no_show: float = 0.05
    priority_share: float = 0.02
    lunch: tuple[dt.time, dt.time] = (dt.time(12, 0), dt.time(13, 30))
    walk_s: tuple[float, float] = (15.0, 75.0)
    turnaround_s: tuple[float, float] = (5.0, 25.0)
    recall_after_s: float = 60.0
    no_show_after_s: float = 120.0


@dataclass
class TicketRecord:
    ticket_id: int
    day: dt.date
    service: str
    priority: bool
    issued_at: dt.datetime
    estimate_s: int | None
    naive_s: float  # people ahead × the service's mean handling time ÷ open windows serving it
    naive_hall_s: float  # all tickets waiting × the hall's mean handling time ÷ open windows
    people_ahead: int
    waiting: int
    called_at: dt.datetime | None = None

    @property
    def wait_s(self) -> float | None:
        if self.called_at is None:
            return None
        return (self.called_at - self.issued_at).total_seconds()


@dataclass
class _Clerk:
    number: int
    staff_no: str
    services: str
    lunch_duty: bool
    state: str = "closed"  # closed, idle, busy, lunch
    lunch_done: bool = False


@dataclass
class SimResult:
    records: list[TicketRecord] = field(default_factory=list)
    latencies_ms: list[float] = field(default_factory=list)  # wall clock
    cpu_ms: list[float] = field(default_factory=list)  # this process's CPU time


def open_hall(directory: Path, *, durable: bool = False) -> Database:
    """A fresh hall database (real migrations) with the sim's services, windows and clerks."""
    db = Database(sqlite_url(directory / "hall.db"))
    if not durable:  # a benchmark's file needs no fsync; the engine's SQL stays the same

        @event.listens_for(db.engine, "connect")
        def _fast(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute("PRAGMA synchronous=OFF")

        db.engine.dispose()
    with Session(db.engine) as session, session.begin():
        services = {}
        for order, (code, _mean, _share, promised) in enumerate(SERVICES):
            services[code] = Service(
                code=code,
                name=f"事项{code}",
                promised_minutes=promised,
                open_at=dt.time(8, 30),
                close_at=dt.time(17, 0),
                sort_order=order,
            )
        session.add_all(services.values())
        session.flush()
        for number, codes, duty, _opens in WINDOWS:
            staff = Staff(staff_no=f"{2000 + number}", name=f"clerk {number}")
            window = Window(number=number, name=f"窗口{number}", lunch_duty=duty)
            session.add_all([staff, window])
            session.flush()
            window.services = [
                WindowService(window_id=window.id, service_id=services[c].id, rank=r)
                for r, c in enumerate(codes)
            ]
    return db


def _at(day: dt.date, seconds: float) -> dt.datetime:
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(microseconds=round(seconds * 1e6))


def _tod(moment: dt.time) -> float:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


class HallSim:
    """Runs working days one after another on one database, recording every ticket."""

    def __init__(
        self, db: Database, estimator: LiveEstimates | None, options: SimOptions | None = None
    ) -> None:
        self.db = db
        self.options = options or SimOptions()
        self.clock = ManualClock(dt.datetime.combine(self.options.first_day, dt.time(8, 0)))
        self.result = SimResult()
        self._estimator = estimator
        self.engine = QueueEngine(
            db, clock=self.clock, settings=QueueSettings(enforce_hours=False), estimator=estimator
        )
        self._recent: dict[str, deque[float]] = {c: deque(maxlen=50) for c, *_ in SERVICES}
        self._recent_all: deque[float] = deque(maxlen=100)
        self._base_rate = self._rate_for_load()
        self.last_day: dt.date | None = None

    def _rate_for_load(self) -> float:
        """Base arrivals per second so that the day's work is `load` × the windows' capacity."""
        o = self.options
        day = _tod(o.full_day_end) - _tod(o.open_at)
        peak = _tod(o.peak[1]) - _tod(o.peak[0])
        lunch = _tod(o.lunch[1]) - _tod(o.lunch[0])
        capacity = 0.0
        for _n, _codes, duty, opens in WINDOWS:
            capacity += _tod(o.full_day_end) - max(_tod(o.open_at), _tod(opens))
            capacity -= 0 if duty else lunch
        mean_work = sum(m * 60 * share for _c, m, share, _p in SERVICES)
        walk = sum(o.walk_s) / 2 + sum(o.turnaround_s) / 2
        per_ticket = (1 - o.no_show) * (mean_work + walk) + o.no_show * o.no_show_after_s
        return o.load * capacity / per_ticket / (day + (o.peak_factor - 1) * peak)

    def run_days(self, days: int, progress: Callable[[int, dt.date], None] | None = None) -> None:
        day = self.options.first_day
        for index in range(days):
            while day.weekday() >= 5:
                day += dt.timedelta(days=1)
            self.run_day(day, random.Random(self.options.seed * 1000 + index))
            self.last_day = day
            if progress:
                progress(index, day)
            day += dt.timedelta(days=1)

    def run_day(self, day: dt.date, rng: random.Random) -> None:
        o = self.options
        clerks = {n: _Clerk(n, f"{2000 + n}", codes, duty) for n, codes, duty, _ in WINDOWS}
        heap: list[tuple[float, int, str, int]] = []
        seq = 0

        def push(at: float, kind: str, window: int = 0) -> None:
            nonlocal seq
            seq += 1
            heapq.heappush(heap, (at, seq, kind, window))

        for number, _codes, _duty, opens in WINDOWS:
            push(_tod(opens), "sign_in", number)
        for at in self._arrival_times(rng):
            push(at, "arrive")
        lunch_from, lunch_to = _tod(o.lunch[0]), _tod(o.lunch[1])
        current: dict[int, TicketRecord | None] = {}
        records: dict[int, TicketRecord] = {}

        def wake(number: int, at: float) -> None:
            clerk = clerks[number]
            if not clerk.lunch_duty and not clerk.lunch_done and lunch_from <= at < lunch_to:
                self.engine.pause(number, "lunch")
                clerk.state, clerk.lunch_done = "lunch", True
                push(lunch_to + rng.uniform(0, 120), "resume", number)
                return
            try:
                called = self.engine.call_next(number)
            except errors.NoneWaiting:
                clerk.state = "idle"
                return
            clerk.state = "busy"
            record = records.get(called.id)
            if record is not None and record.called_at is None:
                record.called_at = called.called_at
            current[number] = record
            if rng.random() < o.no_show:
                push(at + o.recall_after_s, "recall", number)
                push(at + o.no_show_after_s, "no_show", number)
            else:
                start = at + rng.uniform(*o.walk_s)
                push(start, "start", number)
                mean = self._mean_minutes(called.service_code) * 60
                mu = math.log(mean) - o.sigma**2 / 2
                push(start + rng.lognormvariate(mu, o.sigma), "finish", number)

        while heap:
            at, _seq, kind, number = heapq.heappop(heap)
            self.clock.set(_at(day, at))
            if kind == "arrive":
                code = self._pick_service(rng)
                waiting = sum(1 for r in records.values() if r.called_at is None)
                record = self._issue(day, code, rng.random() < o.priority_share, clerks, waiting)
                records[record.ticket_id] = record
                for clerk in clerks.values():
                    if clerk.state == "idle" and code in clerk.services:
                        wake(clerk.number, at)
                        if records[record.ticket_id].called_at is not None:
                            break
            elif kind == "sign_in":
                self.engine.sign_in(number, clerks[number].staff_no)
                wake(number, at)
            elif kind == "resume":
                self.engine.resume(number)
                wake(number, at)
            elif kind == "recall":
                self.engine.recall(number)
            elif kind == "no_show":
                self.engine.no_show(number)
                push(at + rng.uniform(*o.turnaround_s), "free", number)
            elif kind == "start":
                self.engine.start(number)
            elif kind == "finish":
                done = self.engine.finish(number, "done")
                if done.started_at and done.finished_at:
                    took = (done.finished_at - done.started_at).total_seconds()
                    self._recent[done.service_code].append(took)
                    self._recent_all.append(took)
                push(at + rng.uniform(*o.turnaround_s), "free", number)
            elif kind == "free":
                wake(number, at)
        for number, clerk in clerks.items():
            if clerk.state == "lunch":
                self.engine.resume(number)
            if clerk.state != "closed":
                self.engine.sign_out(number)
        self.result.records.extend(sorted(records.values(), key=lambda r: r.ticket_id))

    def _arrival_times(self, rng: random.Random) -> list[float]:
        """A Poisson stream with a peak, by thinning."""
        o = self.options
        top = self._base_rate * max(1.0, o.peak_factor)
        begin, end = _tod(o.open_at), _tod(o.close_at)
        peak = (_tod(o.peak[0]), _tod(o.peak[1]))
        times, at = [], begin
        while True:
            at += rng.expovariate(top)
            if at >= end:
                return times
            rate = self._base_rate * (o.peak_factor if peak[0] <= at < peak[1] else 1.0)
            if rng.random() * top < rate:
                times.append(at)

    def _pick_service(self, rng: random.Random) -> str:
        pick = rng.random()
        for code, _mean, share, _p in SERVICES:
            pick -= share
            if pick < 0:
                return code
        return SERVICES[-1][0]

    @staticmethod
    def _mean_minutes(code: str) -> float:
        return next(m for c, m, _s, _p in SERVICES if c == code)

    def _issue(
        self, day: dt.date, code: str, priority: bool, clerks: dict[int, _Clerk], waiting: int
    ) -> TicketRecord:
        if self._estimator is not None:  # the forecast worked out before the issue, timed
            began, cpu = time.perf_counter(), time.process_time()
            self._estimator.current()
            self.result.latencies_ms.append((time.perf_counter() - began) * 1000)
            self.result.cpu_ms.append((time.process_time() - cpu) * 1000)
        issued = self.engine.issue_ticket(code, priority=priority)
        recent = self._recent[code]
        promised = next(p for c, _m, _s, p in SERVICES if c == code)
        average = sum(recent) / len(recent) if recent else promised * 60.0
        open_windows = sum(
            1 for c in clerks.values() if c.state in ("idle", "busy") and code in c.services
        )
        naive = issued.people_ahead * average / max(1, open_windows)
        hall_average = (
            sum(self._recent_all) / len(self._recent_all)
            if self._recent_all
            else sum(p * 60.0 * share for _c, _m, share, p in SERVICES)
        )
        all_open = sum(1 for c in clerks.values() if c.state in ("idle", "busy"))
        naive_hall = waiting * hall_average / max(1, all_open)
        return TicketRecord(
            ticket_id=issued.ticket.id,
            day=day,
            service=code,
            priority=priority,
            issued_at=issued.ticket.issued_at,
            estimate_s=issued.estimated_wait_s,
            naive_s=naive,
            naive_hall_s=naive_hall,
            people_ahead=issued.people_ahead,
            waiting=waiting,
        )


def simulate(
    days: int,
    estimator: LiveEstimates | None,
    options: SimOptions | None = None,
    progress: Callable[[int, dt.date], None] | None = None,
) -> SimResult:
    """Run `days` working days in a fresh hall in a temporary directory."""
    with tempfile.TemporaryDirectory(prefix="hallsim-") as tmp:
        db = open_hall(Path(tmp))
        try:
            sim = HallSim(db, estimator, options)
            sim.run_days(days, progress)
            return sim.result
        finally:
            db.dispose()
