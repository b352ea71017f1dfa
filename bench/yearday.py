"""One working day of the demo hall through the real QueueEngine: visitors take tickets,
clerks sign in (some late), call, finish (材料不齐 with the missing materials), get rated,
pause (breaks, meetings, lunch), hand their 午间值班 window over at lunch, sign out.

A discrete-event loop on a ManualClock: every engine command runs at its simulated moment.
An action that needs a window free (a pause, a sign-out, a hand-over) waits for the case in
hand to finish; the window calls no one new meanwhile.
"""

from __future__ import annotations

import datetime as dt
import heapq
import itertools
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field

from app.models import RatingPath
from app.queue import ManualClock, QueueEngine, errors
from bench.yearplan import (
    A_CLERK,
    B_CLERK,
    CLERKS,
    MATERIALS,
    PROMISED,
    SERVICE_MIX,
    WINDOW_SERVICES,
    YearPlan,
)

# (bench.yearplan is imported above: run from the repository root, `python -m bench.yearsim`)

LUNCH_COVER = {1: "1009", 4: "1010"}  # B clerks hold these 午间值班 windows 12:00–13:30
SWAP = (6, 5)
DEBUG = False  # window 5's clerk holds window 6 from 12:00 to 12:45, then lunches


def at(day: dt.date, hhmm: str, minutes: float = 0) -> dt.datetime:
    h, m = (int(x) for x in hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(h, m)) + dt.timedelta(minutes=minutes)


@dataclass
class Action:
    run: Callable[[], None]
    windows: tuple[int, ...] = ()  # windows that must be free first


@dataclass
class DayStats:
    issued: int = 0
    finished: int = 0
    rated: int = 0
    commands: int = 0
    refusals: dict[str, int] = field(default_factory=dict)


class HallDay:
    def __init__(self, engine: QueueEngine, clock: ManualClock, rng: random.Random) -> None:
        self.engine, self.clock, self.rng = engine, clock, rng
        self.events: list[tuple[dt.datetime, int, str, object]] = []
        self.seq = itertools.count()
        self.staff: dict[int, str | None] = {w: None for w in WINDOW_SERVICES}
        self.paused: dict[int, bool] = {w: False for w in WINDOW_SERVICES}
        self.busy: dict[int, int | None] = {w: None for w in WINDOW_SERVICES}  # ticket id
        self.draining: dict[int, int] = {w: 0 for w in WINDOW_SERVICES}
        self.swapped: dict[int, tuple[str, str]] = {}  # duty window → (its clerk, relief)
        self.waiting: dict[str, int] = {code: 0 for code in SERVICE_MIX}
        self.stats = DayStats()

    # the loop
    def schedule(self, when: dt.datetime, kind: str, payload: object) -> None:
        heapq.heappush(self.events, (when, next(self.seq), kind, payload))

    def act(self, when: dt.datetime, run: Callable[[], None], *windows: int) -> None:
        self.schedule(when, "act", Action(run, windows))

    def command(self, label: str, run: Callable[[], object]) -> object | None:
        self.stats.commands += 1
        try:
            return run()
        except errors.QueueError as exc:
            self.stats.refusals[exc.code] = self.stats.refusals.get(exc.code, 0) + 1
            if DEBUG:
                print(self.clock.now(), label, exc)
            return None

    def run(self) -> DayStats:
        while self.events:
            self.step()
        return self.stats

    def next_at(self) -> dt.datetime | None:
        """When the next thing happens (None: the day is over)."""
        return self.events[0][0] if self.events else None

    def step(self) -> None:
        """The next thing that happens, at its moment (several halls' days can interleave)."""
        when, _, kind, payload = heapq.heappop(self.events)
        self.clock.set(when)
        if kind == "arrive":
            self._arrive(str(payload))
        elif kind == "call":
            self._call(int(payload))  # type: ignore[call-overload]
        elif kind == "done":
            self._done(int(payload))  # type: ignore[call-overload]
        else:
            assert isinstance(payload, Action)
            self._action(when, payload)

    def _action(self, when: dt.datetime, action: Action) -> None:
        waiting = [w for w in action.windows if self.busy[w] is not None]
        if waiting:
            for w in waiting:
                self.draining[w] += 1
            self.schedule(
                when + dt.timedelta(seconds=30),
                "act",
                Action(self._undrain(action), action.windows),
            )
            return
        action.run()
        for w in action.windows:
            self.schedule(when, "call", w)

    def _undrain(self, action: Action) -> Callable[[], None]:
        def run() -> None:
            for w in action.windows:
                self.draining[w] = max(0, self.draining[w] - 1)
            action.run()

        return run

    # visitors and cases
    def _arrive(self, service: str) -> None:
        issued = self.command("issue", lambda: self.engine.issue_ticket(service))
        if issued is None:
            return
        self.stats.issued += 1
        self.waiting[service] += 1
        for w, services in WINDOW_SERVICES.items():
            if service in services and self.busy[w] is None:
                self.schedule(self.clock.now(), "call", w)

    def _ready(self, w: int) -> bool:
        return (
            any(self.waiting[code] for code in WINDOW_SERVICES[w])
            and self.staff[w] is not None
            and not self.paused[w]
            and self.busy[w] is None
            and self.draining[w] == 0
        )

    def _call(self, w: int) -> None:
        if not self._ready(w):
            return
        view = self.command("call", lambda: self.engine.call_next(w))
        if view is None:
            return
        self.busy[w] = int(view.id)  # type: ignore[attr-defined]
        clerk = CLERKS[self.staff[w] or "1001"]
        code = view.service_code  # type: ignore[attr-defined]
        self.waiting[code] -= 1
        median = PROMISED[code] * clerk.speed
        minutes = math.exp(math.log(median) + self.rng.gauss(0, 0.45))
        walk = self.rng.uniform(0.3, 1.5)
        self.schedule(self.clock.now() + dt.timedelta(minutes=walk + minutes), "done", w)

    def _done(self, w: int) -> None:
        ticket = self.busy[w]
        assert ticket is not None
        rng, engine = self.rng, self.engine
        clerk = CLERKS[self.staff[w] or "1001"]
        if rng.random() < 0.03:
            self.command("no_show", lambda: engine.no_show(w))
        else:
            roll = rng.random()
            if roll < 0.05:
                missing = rng.sample(MATERIALS, rng.randint(1, 3))
                self.command("finish", lambda: engine.finish(w, "incomplete", missing=missing))
            else:
                outcome = "consult" if roll < 0.08 else "done"
                self.command("finish", lambda: engine.finish(w, outcome))
            self.stats.finished += 1
            if rng.random() < 0.97:
                level = self._level(clerk.satisfied, clerk.bad)
                if level is not None:  # 未评价: the session runs out (closed at the next finish)
                    self.command("rate", lambda: self._rate(ticket, level))
                self.stats.rated += 1
        self.busy[w] = None
        self.schedule(self.clock.now() + dt.timedelta(seconds=rng.uniform(10, 40)), "call", w)

    def _rate(self, ticket: int, level: int) -> None:
        """The visitor presses a key on the window's keypad a few seconds after the finish."""
        session = self.engine.rating_session(ticket)
        assert session is not None
        self.engine.answer_rating(
            session.session, window=session.window, level=level, path=RatingPath.BUS
        )

    def _level(self, satisfied: float, bad: float) -> int | None:
        roll = self.rng.random()
        if roll < 0.06:
            return None  # 未评价
        roll = self.rng.random()
        if roll < satisfied:
            return 5 if self.rng.random() < 0.75 else 4
        if roll < satisfied + bad:
            return 2 if self.rng.random() < 0.7 else 1
        return 3

    # clerks
    def elsewhere(self, w: int, staff: str) -> bool:
        return any(s == staff for k, s in self.staff.items() if k != w)

    def sign_in(self, w: int, staff: str, tries: int = 60) -> Callable[[], None]:
        """Sign in; a clerk still at another window (a case running late) comes a minute later."""

        def run() -> None:
            if self.elsewhere(w, staff):
                if tries:
                    later = self.clock.now() + dt.timedelta(minutes=1)
                    self.act(later, self.sign_in(w, staff, tries - 1))
                return
            if self.command("sign_in", lambda: self.engine.sign_in(w, staff)) is not None:
                self.staff[w], self.paused[w] = staff, False

        return run

    def sign_out(self, w: int) -> Callable[[], None]:
        def run() -> None:
            if self.staff[w] is not None:
                self.command("sign_out", lambda: self.engine.sign_out(w))
                self.staff[w], self.paused[w] = None, False

        return run

    def pause(
        self,
        w: int,
        reason: str,
        note: str = "",
        *,
        minutes: float = 0,
        until: dt.datetime | None = None,
    ) -> Callable[[], None]:
        """Pause when the case in hand is done; resume `minutes` later, or at `until`."""

        def run() -> None:
            if (
                self.staff[w] is not None
                and not self.paused[w]
                and self.command("pause", lambda: self.engine.pause(w, reason, note)) is not None
            ):
                self.paused[w] = True
                now = self.clock.now()
                end = max(until, now) if until else now + dt.timedelta(minutes=minutes)
                self.act(end, self.resume(w))

        return run

    def away(self, w: int, minutes: float) -> Callable[[], None]:
        """Sign out (when the case in hand is done) and come back `minutes` later."""

        def run() -> None:
            staff = self.staff[w]
            if staff is not None:
                self.sign_out(w)()
                self.act(self.clock.now() + dt.timedelta(minutes=minutes), self.sign_in(w, staff))

        return run

    def handover(self, w: int, to: str) -> Callable[[], None]:
        """`to` takes over window w, unless they are signed in at another window."""

        def run() -> None:
            if self.staff[w] == to or self.elsewhere(w, to):
                return
            self.sign_out(w)()
            self.sign_in(w, to)()

        return run

    def swap_in(self, duty: int, other: int) -> Callable[[], None]:
        """The clerk of `other` leaves it for lunch and holds the 午间值班 window `duty`."""

        def run() -> None:
            relief, held = self.staff[other], self.staff[duty]
            if relief is None or held is None:
                return
            self.sign_out(other)()
            self.handover(duty, relief)()
            self.swapped[duty] = (held, relief)

        return run

    def swap_back(self, duty: int, other: int, back: dt.datetime) -> Callable[[], None]:
        def run() -> None:
            if duty not in self.swapped:
                return
            held, relief = self.swapped.pop(duty)
            self.handover(duty, held)()
            self.act(max(back, self.clock.now()), self.sign_in(other, relief))

        return run

    def resume(self, w: int) -> Callable[[], None]:
        def run() -> None:
            if self.paused[w]:
                self.command("resume", lambda: self.engine.resume(w))
                self.paused[w] = False

        return run


def arrivals(rng: random.Random, day: dt.date, count: int) -> list[tuple[dt.datetime, str]]:
    """Visitors from 08:30 to 16:45, busier in the morning; each with a service."""
    out = []
    codes, weights = list(SERVICE_MIX), list(SERVICE_MIX.values())
    for _ in range(count):
        minute = rng.triangular(0, 495, 120)
        out.append((at(day, "08:30", minute), rng.choices(codes, weights)[0]))
    return sorted(out)


def plan_clerks(hall: HallDay, day: dt.date, plan: YearPlan) -> None:
    """Sign-ins, pauses, lunch hand-overs and sign-outs of every window today."""
    rng = hall.rng
    away = plan.leave.get(day, set()) | plan.absent.get(day, set())
    covering: set[str] = set()
    for w in WINDOW_SERVICES:
        a = A_CLERK[w]
        clerk = a if a not in away else (B_CLERK[w] if a in plan.leave.get(day, set()) else None)
        if clerk is None or clerk in covering:
            continue  # 旷工, or B covers another window already: this one stays closed
        covering.add(clerk)
        profile = CLERKS[clerk]
        late = rng.random() < profile.late
        arrive = (
            at(day, "08:20", rng.uniform(3, 30)) if late else at(day, "08:05", rng.uniform(0, 14))
        )
        hall.act(arrive, hall.sign_in(w, clerk))
        _lunch(hall, day, plan, w, clerk)
        _pauses(hall, day, plan, w, clerk)
        if plan.half_day_leave.get(day) == clerk:
            continue  # signed out for lunch, away (approved) all afternoon
        if plan.no_sign_out.get(day) == clerk:
            continue
        early = rng.random() < profile.early
        leave_at = (
            at(day, "17:05", rng.uniform(0, 20)) if early else at(day, "17:30", rng.uniform(0, 15))
        )
        hall.act(leave_at, hall.sign_out(w), w)


def _lunch(hall: HallDay, day: dt.date, plan: YearPlan, w: int, clerk: str) -> None:
    noon, back = at(day, "12:00"), at(day, "13:30")
    if plan.half_day_leave.get(day) == clerk:
        hall.act(noon, hall.sign_out(w), w)
        return
    if w in LUNCH_COVER and not (w == 4 and day in plan.lunch_cover_missed):
        hall.act(noon, hall.handover(w, LUNCH_COVER[w]), w)
        # the cover takes no new case after 13:10, so that the window is handed back by 13:30
        hall.act(back - dt.timedelta(minutes=20), hall.handover(w, clerk), w)
    elif w == 4:
        hall.act(noon, hall.away(w, 90), w)  # no one holds the 午间值班 window today
    elif w in SWAP:
        duty, other = SWAP
        if w == duty:
            hall.act(noon, hall.swap_in(duty, other), duty, other)
            hall.act(at(day, "12:35"), hall.swap_back(duty, other, back), duty)
    else:
        start = at(day, "11:40") if plan.early_lunch.get(day) == clerk else noon
        hall.act(start, hall.pause(w, "lunch", until=back), w)


def _pauses(hall: HallDay, day: dt.date, plan: YearPlan, w: int, clerk: str) -> None:
    rng, profile = hall.rng, CLERKS[clerk]
    if rng.random() < 0.3:  # a short break, within the 10 minutes
        start = at(day, "10:00", rng.uniform(0, 60))
        hall.act(start, hall.pause(w, "break", minutes=rng.uniform(3, 9)), w)
    if rng.random() < profile.long_break:  # over 10 minutes and no word why
        start = at(day, "15:00", rng.uniform(0, 60))
        hall.act(start, hall.pause(w, "break", minutes=rng.uniform(15, 35)), w)
    if rng.random() < 0.03:  # a long one, explained
        start = at(day, "14:00", rng.uniform(0, 30))
        hall.act(start, hall.pause(w, "break", "去档案室调取材料", minutes=20), w)
    if clerk in plan.meetings.get(day, []):
        hall.act(at(day, "16:00"), hall.pause(w, "meeting", "月度例会", until=at(day, "16:40")), w)
    if clerk in plan.training.get(day, []):
        hall.act(at(day, "14:00"), hall.pause(w, "training", "业务培训", until=at(day, "15:00")), w)
    if day in plan.mid_day_out and plan.mid_day_out[day][0] == clerk:
        _, hhmm, minutes = plan.mid_day_out[day]
        hall.act(at(day, hhmm), hall.away(w, minutes), w)


def plan_day(
    engine: QueueEngine, clock: ManualClock, rng: random.Random, day: dt.date, plan: YearPlan
) -> HallDay:
    """The day's visitors and clerks, scheduled; `run()` or `step()` plays them."""
    hall = HallDay(engine, clock, rng)
    for when, service in arrivals(rng, day, plan.visitors_per_day):
        hall.schedule(when, "arrive", service)
    plan_clerks(hall, day, plan)
    return hall


def run_day(
    engine: QueueEngine, clock: ManualClock, rng: random.Random, day: dt.date, plan: YearPlan
) -> DayStats:
    stats = plan_day(engine, clock, rng, day, plan).run()
    clock.set(dt.datetime.combine(day, dt.time(23, 0)))
    engine.expire_ratings()  # the day's last unanswered sessions: 未评价
    return stats
