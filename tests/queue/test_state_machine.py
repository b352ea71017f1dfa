"""Random command sequences on three windows, checked against a simple model of the queue.

Invariants after every step: the database agrees with the model ticket by ticket; no ticket is
served (finished) twice; none is lost; numbers are contiguous per service; a window has at most
one ticket in service; every command either succeeds as the model expects or is refused as the
model expects, and a refusal writes nothing.
"""

from __future__ import annotations

import atexit
import datetime as dt
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy import func, select

from app.models import Database, Event, Ticket
from app.models.demo import seed_demo
from app.queue import ManualClock, QueueEngine, errors

WINDOWS = {1: "AF", 2: "AC", 5: "CA"}  # the demo hall's services per window, in rank order
SERVICES = "ACF"
PRIORITY = st.sampled_from([False, False, False, True])  # 绿色通道 is the exception
# The files live in memory-backed /dev/shm when there is one: fsync is then free, so the
# examples run fast; durability has its own test (test_crash.py).
_SCRATCH = "/dev/shm" if Path("/dev/shm").is_dir() else None
_template: Path | None = None


def template() -> Path:
    """One migrated, seeded file for the whole module; each example copies it."""
    global _template
    if _template is None:
        folder = tempfile.mkdtemp(prefix="hall-sm-", dir=_SCRATCH)
        atexit.register(shutil.rmtree, folder, True)
        path = Path(folder) / "template.db"
        db = Database(f"sqlite:///{path}")
        seed_demo(db)
        with db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        db.dispose()
        _template = path
    return _template


@dataclass
class Model:
    id: int
    number: str
    service: str
    priority: bool
    queue_at: dt.datetime
    state: str = "waiting"
    window: int | None = None
    target: int | None = None
    recalls: int = 0


class QueueMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="hall-sm-", dir=_SCRATCH))
        shutil.copy(template(), self.dir / "hall.db")
        self.db = Database(f"sqlite:///{self.dir / 'hall.db'}", migrate=False, check=False)
        self.clock = ManualClock(dt.datetime(2026, 11, 23, 9, 0))
        self.engine = QueueEngine(self.db, clock=self.clock)
        self.tickets: dict[str, Model] = {}
        self.issued: Counter[str] = Counter()
        self.paused = dict.fromkeys(WINDOWS, False)
        for window in WINDOWS:
            self.engine.sign_in(window, str(1000 + window))

    def teardown(self) -> None:
        self.db.dispose()
        shutil.rmtree(self.dir, ignore_errors=True)

    # helpers

    def current(self, window: int) -> Model | None:
        found = [t for t in self.tickets.values() if t.window == window and t.state in IN_SERVICE]
        assert len(found) <= 1
        return found[0] if found else None

    def expect_refusal(self, error: type[errors.QueueError], command: object) -> None:
        seq = self.engine.last_seq()
        try:
            command()  # type: ignore[operator]
        except error:
            assert self.engine.last_seq() == seq
            return
        raise AssertionError(f"expected {error.__name__}")

    def next_for(self, window: int) -> Model | None:
        ranks = WINDOWS[window]

        def key(t: Model) -> tuple[int, int, int, dt.datetime, int]:
            sent_here = t.target == window
            rank = 0 if sent_here else ranks.index(t.service)
            return (not t.priority, not sent_here, rank, t.queue_at, t.id)

        eligible = [
            t
            for t in self.tickets.values()
            if t.state == "waiting"
            and (t.target == window or (t.target is None and t.service in ranks))
        ]
        return min(eligible, key=key) if eligible else None

    def ready(self, window: int) -> type[errors.QueueError] | None:
        if self.paused[window]:
            return errors.WindowPaused
        if self.current(window) is not None:
            return errors.WindowBusy
        return None

    @initialize(
        tickets=st.lists(
            st.tuples(st.sampled_from(SERVICES), PRIORITY, st.integers(0, 120)),
            min_size=2,
            max_size=12,
        )
    )
    def morning_queue(self, tickets: list[tuple[str, bool, int]]) -> None:
        """Visitors are already waiting when the windows open (so calls have a choice)."""
        for service, priority, seconds in tickets:
            self.clock.advance(seconds=seconds)
            self.issue(service, priority)

    @rule(seconds=st.integers(1, 90))
    def time_passes(self, seconds: int) -> None:
        self.clock.advance(seconds=seconds)

    # rules

    @rule(service=st.sampled_from(SERVICES), priority=PRIORITY)
    def issue(self, service: str, priority: bool) -> None:
        issued = self.engine.issue_ticket(service, priority=priority).ticket
        self.issued[service] += 1
        assert issued.number == f"{service}{self.issued[service]:03d}"
        self.tickets[issued.number] = Model(
            issued.id, issued.number, service, priority, issued.queue_at
        )

    @rule(window=st.sampled_from(sorted(WINDOWS)))
    def call_next(self, window: int) -> None:
        blocked = self.ready(window)
        expected = self.next_for(window)
        if blocked:
            self.expect_refusal(blocked, lambda: self.engine.call_next(window))
        elif expected is None:
            self.expect_refusal(errors.NoneWaiting, lambda: self.engine.call_next(window))
        else:
            called = self.engine.call_next(window)
            assert called.number == expected.number
            expected.state, expected.window, expected.target = "called", window, None
            expected.recalls = 0

    @rule(window=st.sampled_from(sorted(WINDOWS)))
    def recall(self, window: int) -> None:
        current = self.current(window)
        if current is None:
            self.expect_refusal(errors.NoTicketInService, lambda: self.engine.recall(window))
        elif current.state != "called":
            self.expect_refusal(errors.BadTicketState, lambda: self.engine.recall(window))
        elif current.recalls >= 3:
            self.expect_refusal(errors.RecallLimit, lambda: self.engine.recall(window))
        else:
            current.recalls += 1
            assert self.engine.recall(window).recalls == current.recalls

    @rule(window=st.sampled_from(sorted(WINDOWS)))
    def start(self, window: int) -> None:
        current = self.current(window)
        if current is None:
            self.expect_refusal(errors.NoTicketInService, lambda: self.engine.start(window))
        else:
            self.engine.start(window)
            current.state = "serving"

    @rule(window=st.sampled_from(sorted(WINDOWS)))
    def no_show(self, window: int) -> None:
        current = self.current(window)
        if current is None:
            self.expect_refusal(errors.NoTicketInService, lambda: self.engine.no_show(window))
        elif current.state != "called":
            self.expect_refusal(errors.BadTicketState, lambda: self.engine.no_show(window))
        else:
            self.engine.no_show(window)
            current.state = "no_show"

    @rule(data=st.data())
    def reactivate(self, data: st.DataObject) -> None:
        gone = sorted(n for n, t in self.tickets.items() if t.state == "no_show")
        if not gone:
            return
        ticket = self.tickets[data.draw(st.sampled_from(gone))]
        self.engine.reactivate(ticket.number)
        ticket.state, ticket.window, ticket.queue_at = "waiting", None, self.clock.now()

    @rule(window=st.sampled_from(sorted(WINDOWS)))
    def hold(self, window: int) -> None:
        current = self.current(window)
        if current is None:
            self.expect_refusal(errors.NoTicketInService, lambda: self.engine.hold(window))
        else:
            self.engine.hold(window)
            current.state = "held"

    @rule(window=st.sampled_from(sorted(WINDOWS)), data=st.data())
    def call_back(self, window: int, data: st.DataObject) -> None:
        held = sorted(n for n, t in self.tickets.items() if t.state == "held")
        if not held:
            return
        ticket = self.tickets[data.draw(st.sampled_from(held))]
        blocked = self.ready(window)
        if blocked:
            self.expect_refusal(blocked, lambda: self.engine.call_back(window, ticket.number))
        elif ticket.window != window:
            self.expect_refusal(
                errors.BadTicketState, lambda: self.engine.call_back(window, ticket.number)
            )
        else:
            self.engine.call_back(window, ticket.number)
            ticket.state, ticket.recalls = "called", 0

    @rule(
        window=st.sampled_from(sorted(WINDOWS)),
        to_service=st.sampled_from(SERVICES),
        to_window=st.sampled_from(sorted(WINDOWS)),
        by_window=st.booleans(),
    )
    def transfer(self, window: int, to_service: str, to_window: int, by_window: bool) -> None:
        current = self.current(window)
        if by_window:
            move = lambda: self.engine.transfer(window, to_window=to_window)  # noqa: E731
        else:
            move = lambda: self.engine.transfer(window, to_service=to_service)  # noqa: E731
        if current is None:
            self.expect_refusal(errors.NoTicketInService, move)
        elif by_window and to_window == window:
            self.expect_refusal(errors.BadTicketState, move)
        else:
            moved = move()
            assert moved.queue_at == current.queue_at and moved.number == current.number
            current.state, current.window, current.recalls = "waiting", None, 0
            if by_window:
                current.target = to_window
            else:
                current.service, current.target = to_service, None

    @rule(window=st.sampled_from(sorted(WINDOWS)), outcome=st.sampled_from(["done", "consult"]))
    def finish(self, window: int, outcome: str) -> None:
        current = self.current(window)
        if current is None:
            self.expect_refusal(
                errors.NoTicketInService, lambda: self.engine.finish(window, outcome)
            )
        else:
            self.engine.finish(window, outcome)
            current.state = "finished"

    @rule(window=st.sampled_from(sorted(WINDOWS)))
    def pause_or_resume(self, window: int) -> None:
        if self.paused[window]:
            self.engine.resume(window)
            self.paused[window] = False
        elif self.current(window) is not None:
            self.expect_refusal(errors.WindowBusy, lambda: self.engine.pause(window, "break"))
        else:
            self.engine.pause(window, "break")
            self.paused[window] = True

    # invariants

    @invariant()
    def database_agrees_with_the_model(self) -> None:
        with self.db.read() as conn:
            rows = conn.execute(
                select(Ticket.prefix, Ticket.number, Ticket.state, Ticket.window_id)
            ).all()
            finished_twice = conn.execute(
                select(Event.ticket_id)
                .where(Event.kind == "ticket_finished")
                .group_by(Event.ticket_id)
                .having(func.count() > 1)
            ).all()
        assert finished_twice == [], "a ticket was served twice"
        states = {f"{r.prefix}{r.number:03d}": r.state for r in rows}
        assert states == {n: t.state for n, t in self.tickets.items()}, "lost or wrong"
        for prefix in SERVICES:
            numbers = sorted(r.number for r in rows if r.prefix == prefix)
            assert numbers == list(range(1, len(numbers) + 1)), f"gap in {prefix}"
        in_service = Counter(r.window_id for r in rows if r.state in IN_SERVICE)
        assert all(count == 1 for count in in_service.values())


IN_SERVICE = ("called", "serving")

QueueMachine.TestCase.settings = settings(
    max_examples=30,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
test_queue_machine = QueueMachine.TestCase
