"""A forecast of the hall: when each waiting ticket, and a ticket taken now, will be called.

The wait predictor works a forecast out off the request path (see live_estimates.py); issuing
and the kiosk only look figures up in it, in O(1), so that no simulation ever runs while the
write lock is held or on the server's thread. One forecast answers all three places a visitor
meets an estimate (the kiosk's per-service figure, the printed slip, the ticket_issued event),
so they agree with each other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from app.models import Database
from app.queue.clock import Clock
from app.queue.settings import QueueSettings
from app.queue.views import HallEvent


@dataclass(frozen=True, slots=True)
class Outlook:
    """An estimate as a visitor should get it: a figure and its likely range, or a reason why
    there is none. Seconds from the moment of the estimate."""

    wait_s: int | None
    low_s: int | None = None  # the range that holds about four times in five
    high_s: int | None = None
    reason: str = ""  # a code from REASONS when wait_s is None or the range is wide

    def later(self, seconds: float) -> Outlook:
        """The same outlook, `seconds` later (the clock moved on since the forecast)."""
        if self.wait_s is None or seconds <= 0:
            return self

        def less(value: int | None) -> int | None:
            return None if value is None else max(0, round(value - seconds))

        return Outlook(less(self.wait_s), less(self.low_s), less(self.high_s), self.reason)


NO_OUTLOOK = Outlook(None, reason="no_window")


@dataclass(frozen=True)
class QueueOutlook:
    """One queue (a service's normal or priority tickets): when its tickets are called."""

    waits: tuple[Outlook, ...]  # the tickets waiting now, in the order they will be called
    new: Outlook  # a ticket joining the back of the queue now
    step_s: float  # seconds more per extra place behind `new` (tickets taken since)

    def at_place(self, place: int) -> Outlook:
        """The outlook of a ticket with `place` tickets of this queue before it."""
        if place < len(self.waits):
            return self.waits[max(0, place)]
        extra = (place - len(self.waits)) * self.step_s
        if extra <= 0 or self.new.wait_s is None:
            return self.new
        new = self.new

        def more(value: int | None) -> int | None:
            return None if value is None else round(value + extra)

        return Outlook(more(new.wait_s), more(new.low_s), more(new.high_s), new.reason)


@dataclass(frozen=True)
class Forecast:
    """The hall's forecast as of `at` (with the event log up to `seq` folded in)."""

    at: dt.datetime
    seq: int
    service_ids: dict[str, int]  # code → id of every active service
    queues: dict[tuple[int, bool], QueueOutlook]  # (service id, priority) → its queue
    tickets: dict[int, Outlook] = field(default_factory=dict)  # waiting ticket → its outlook
    no_window: dict[int, str] = field(default_factory=dict)  # service id → reason, if no call

    def new_ticket(self, service_id: int, priority: bool, ahead: int, now: dt.datetime) -> Outlook:
        """A ticket taken now with `ahead` people before it (engine.people_ahead: priority
        tickets of the service count for a normal one)."""
        if now.date() != self.at.date():
            return Outlook(None, reason="stale")
        queue = self.queues.get((service_id, priority))
        if queue is None:
            return Outlook(None, reason=self.no_window.get(service_id, "no_window"))
        place = ahead
        if not priority:
            front = self.queues.get((service_id, True))
            place -= len(front.waits) if front is not None else 0
        return queue.at_place(max(0, place)).later((now - self.at).total_seconds())

    def service(self, code: str, now: dt.datetime) -> Outlook:
        """What the kiosk shows for a service: the outlook of a normal ticket taken now."""
        service_id = self.service_ids.get(code)
        if service_id is None:
            return Outlook(None, reason="unknown")
        queue = self.queues.get((service_id, False))
        front = self.queues.get((service_id, True))
        ahead = (len(queue.waits) if queue else 0) + (len(front.waits) if front else 0)
        return self.new_ticket(service_id, False, ahead, now)

    def ticket(self, ticket_id: int, now: dt.datetime) -> Outlook | None:
        """The latest outlook of a waiting ticket (None if it was not waiting at `at`)."""
        found = self.tickets.get(ticket_id)
        return None if found is None else found.later((now - self.at).total_seconds())


# Why an estimate has no figure, or is better shown as a range: code → (zh, en).
REASONS: dict[str, tuple[str, str]] = {
    "no_window": ("暂无窗口办理", "no window is serving this now"),
    "not_today": ("今日可能无法办理", "may not be served today"),
    "after_hours": ("可能排到下班以后", "may run past closing time"),
    "little_history": ("数据较少，仅供参考", "little history yet: a rough guide"),
    "wide": ("等候时间不确定", "the wait is uncertain"),
    "stale": ("暂无法估计", "no estimate"),
    "unknown": ("暂无法估计", "no estimate"),
}


class WaitEstimates(Protocol):
    """What the engine needs of the wait predictor: told of every committed event, it keeps a
    forecast current; `current()` hands over the latest one at once (the engine takes it
    before opening a write transaction and looks figures up in it)."""

    def attach(self, db: Database, clock: Clock, settings: QueueSettings | None = None) -> None: ...

    def on_event(self, event: HallEvent) -> None: ...

    def current(self) -> Forecast | None: ...
