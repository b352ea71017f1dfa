"""Wait estimates kept current off the request path.

The engine tells LiveEstimates of every committed event; a worker thread works a new forecast
out of one read snapshot once the hall has been quiet for a moment (at most `max_delay_s`
after the first change, and at least every `max_age_s` while nothing happens, since waits also
change with the clock). Issuing and the kiosk only look figures up in the latest forecast, so
a rush never waits on a simulation and the server's thread never runs one. The worker leaves
the processor three quarters of the time (`duty`), so a long queue cannot starve the server, and
while it works the interpreter hands the GIL over every 0.2 ms (sys.setswitchinterval; the
default 5 ms would let each of a command's statements wait up to 5 ms for the worker).

background=False works the forecast out on the caller's thread when it is asked for and the
hall has changed or the clock moved: tests and simulations on a manual clock use it.

When a ticket is first called, the estimate it had in the latest forecast (made before the
call) is kept for the daily report's accuracy of estimates kept current (wait_estimates):
the worker writes them in one short transaction after its next forecast.
"""

from __future__ import annotations

import collections
import datetime as dt
import logging
import sys
import threading
import time
import weakref
from typing import Protocol

from sqlalchemy import Connection

from app.models import Database
from app.queue.clock import Clock
from app.queue.forecast import Forecast
from app.queue.predict_accuracy import LatestEstimate, store_latest
from app.queue.settings import QueueSettings
from app.queue.views import HallEvent

log = logging.getLogger(__name__)

# Events that change nothing a forecast depends on.
IGNORED = frozenset({"rating_recorded", "keypad_status", "printer_status", "ticket_print_state"})
RETRY_AFTER_S = 5.0
# The longest the server's thread waits for the GIL while the worker computes (process-wide;
# only lowered, and it costs nothing while one thread runs alone).
SWITCH_INTERVAL_S = 0.0002


class Forecaster(Protocol):
    settings: QueueSettings

    def forecast(self, conn: Connection, now: dt.datetime) -> Forecast: ...


class LiveEstimates:
    """The latest forecast of one hall (one engine), and the worker that keeps it current."""

    def __init__(
        self,
        predictor: Forecaster,
        *,
        background: bool = True,
        quiet_s: float = 0.2,
        max_delay_s: float = 1.0,
        max_age_s: float = 20.0,
        duty: float = 0.25,
    ) -> None:
        self.predictor = predictor
        self.background = background
        self.quiet_s, self.max_delay_s, self.max_age_s = quiet_s, max_delay_s, max_age_s
        self.duty = duty
        self.refresh_seconds: collections.deque[float] = collections.deque(maxlen=2000)
        self._db: Database | None = None
        self._clock: Clock | None = None
        self._forecast: Forecast | None = None
        self._lock = threading.Lock()
        self._dirty = True
        self._dirty_since = self._changed_at = time.monotonic()
        self._last_end = -1e9
        self._last_took = 0.0
        self._failed = False
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None
        self._closed = False
        self._latest: list[LatestEstimate] = []  # estimates at first calls, to be written

    def attach(self, db: Database, clock: Clock, settings: QueueSettings | None = None) -> None:
        """Called once by the engine that owns this object."""
        if self._db is not None and self._db is not db:
            raise ValueError("a LiveEstimates serves one engine")
        self._db, self._clock = db, clock
        if settings is not None:
            self.predictor.settings = settings
        if self.background and self._thread is None:
            self._thread = threading.Thread(
                target=_work, args=(weakref.ref(self), self._wake), name="wait-estimates",
                daemon=True,
            )  # fmt: skip
            weakref.finalize(self, self._wake.set)  # the worker ends when this object goes
            sys.setswitchinterval(min(sys.getswitchinterval(), SWITCH_INTERVAL_S))
            self._thread.start()

    def on_event(self, event: HallEvent) -> None:
        """An engine listener: the hall changed (cheap; the work happens later)."""
        if event.kind in IGNORED:
            return
        if event.kind == "ticket_called" and event.ticket_id is not None:
            forecast = self._forecast
            found = forecast.tickets.get(event.ticket_id) if forecast else None
            if forecast is not None and found is not None and found.wait_s is not None:
                with self._lock:
                    self._latest.append(LatestEstimate(event.ticket_id, forecast.at, found))
        now = time.monotonic()
        with self._lock:
            if not self._dirty:
                self._dirty, self._dirty_since = True, now
            self._changed_at = now
        if self.background:
            self._wake.set()

    def current(self) -> Forecast | None:
        """The latest forecast, at once (None before the first one is ready)."""
        if self.background:
            return self._forecast
        found = self._forecast
        assert self._clock is not None, "attach() first"
        if self._dirty or found is None or found.at != self._clock.now():
            found = self.refresh()
            self.flush()
        return found

    def flush(self) -> int:
        """Write the estimates kept at first calls (one short transaction); how many."""
        with self._lock:
            rows, self._latest = self._latest, []
        if not rows:
            return 0
        assert self._db is not None, "attach() first"
        try:
            with self._db.write() as conn:
                return store_latest(conn, rows)
        except BaseException:
            with self._lock:
                self._latest = rows + self._latest
            raise

    def refresh(self) -> Forecast:
        """Work a forecast out now, on this thread, from one read snapshot."""
        assert self._db is not None and self._clock is not None, "attach() first"
        began = time.perf_counter()
        with self._lock:
            self._dirty = False  # an event from here on is either in the snapshot or redone
        try:
            now = self._clock.now()
            with self._db.read() as conn:
                forecast = self.predictor.forecast(conn, now)
        except BaseException:
            with self._lock:
                self._dirty = True
            raise
        self._forecast = forecast
        took = time.perf_counter() - began
        self.refresh_seconds.append(took)
        self._last_took, self._last_end = took, time.monotonic()
        return forecast

    def close(self) -> None:
        """Stop the worker (it also stops when this object is dropped)."""
        self._closed = True
        self._wake.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(5)

    def _due_in(self) -> float:
        """Seconds until the worker should refresh (≤ 0: now)."""
        now = time.monotonic()
        with self._lock:
            dirty, since, changed = self._dirty, self._dirty_since, self._changed_at
        if self._failed:
            return self._last_end + RETRY_AFTER_S - now
        if self._forecast is None:
            return 0.0
        rest = self._last_took * (1.0 / self.duty - 1.0)  # leave the processor to the server
        if dirty:
            due = min(changed + self.quiet_s, since + self.max_delay_s)
            return max(due, self._last_end + rest) - now
        return self._last_end + max(rest, self.max_age_s) - now

    def _step(self) -> None:
        try:
            self.refresh()
            self.flush()
            self._failed = False
        except Exception:
            log.exception("working out the wait forecast failed")
            self._failed, self._last_end = True, time.monotonic()


def _work(ref: weakref.ReferenceType[LiveEstimates], wake: threading.Event) -> None:
    """The worker: holds its LiveEstimates only while it works, so that dropping it ends this."""
    while True:
        wake.clear()
        live = ref()
        if live is None or live._closed:
            return
        delay = live._due_in()
        if delay <= 0:
            live._step()
            del live
            continue
        wait = min(delay, live.max_age_s)
        del live
        wake.wait(wait)
