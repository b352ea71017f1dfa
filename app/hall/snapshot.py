"""The snapshot clients get on connect, kept fresh by the events instead of rebuilt each time.

Building the full hall state costs a handful of queries per window (a hall of 300 windows
takes seconds), so the server keeps each window's state until an event says that window
changed, and the service loads for a few seconds (they depend on the clock: service hours).
The hall name and notice are the admin's (hall_settings) if set, else the config file's;
they are read again after a config_changed event.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from sqlalchemy import select

from app.hall.wire import plain
from app.models import Window
from app.models.hall_settings import stored_settings
from app.queue import QueueEngine
from app.queue.queries import recent_calls
from app.queue.views import HallEvent, WindowState

SERVICES_TTL_S = 5.0
# Events that change no window's state (window_state: clerk, pause, current and held tickets).
NO_WINDOW_CHANGE = frozenset(
    {
        "ticket_issued",
        "ticket_reactivated",
        "rating_requested",
        "rating_recorded",
        "rating_anomaly",
        "keypad_status",
        "printer_status",
    }
)
DEVICE_KINDS = frozenset({"keypad_status", "printer_status"})
EVERYTHING = frozenset({"config_changed"})


class HallView:
    def __init__(self, engine: QueueEngine, hall_name: str, notice: str) -> None:
        self.engine = engine
        self.hall_name = hall_name  # the config file's: used when no admin has set one
        self.notice = notice
        self._hall: dict[str, Any] | None = None
        self._day: dt.date | None = None
        self._numbers: list[int] = []
        self._windows: dict[int, WindowState] = {}
        self._services: tuple[float, list[Any]] | None = None
        self._built: dict[str, Any] | None = None
        engine.subscribe(self.on_event)

    def on_event(self, event: HallEvent) -> None:
        """Forget what the event may have changed (called for every committed event)."""
        self._built = None
        if event.kind in EVERYTHING:
            self._hall = None
        if event.kind not in DEVICE_KINDS:
            self._services = None
        if event.kind in NO_WINDOW_CHANGE:
            return
        number = event.data.get("window")
        if event.kind in EVERYTHING or not isinstance(number, int):
            self._day = None  # unknown effect: rebuild every window
        else:
            self._windows.pop(number, None)

    def snapshot(self) -> dict[str, Any]:
        """The hall's full state as JSON values; the same object until something changed."""
        now = time.monotonic()
        if self._services is not None and now - self._services[0] > SERVICES_TTL_S:
            self._services, self._built = None, None
        if self._day != self.engine.clock.now().date():
            self._built = self._services = None  # a new day: everything starts afresh
        if self._built is None:
            seq = self.engine.last_seq()  # first: nothing later is folded in unannounced
            hall = self._hall_settings()
            state = {
                "seq": seq,
                "hall_name": hall.get("hall_name", self.hall_name),
                "notice": hall.get("notice", self.notice),
                "windows": plain(self._window_states()),
                "services": plain(self._service_loads(now)),
                "recent_calls": self._recent_calls(),
            }
            self._built = state
        return self._built

    def _recent_calls(self) -> list[dict[str, Any]]:
        with self.engine.db.read() as conn:
            return recent_calls(conn, self.engine.clock.now().date())

    def _hall_settings(self) -> dict[str, Any]:
        if self._hall is None:
            with self.engine.db.read() as conn:
                self._hall = stored_settings(conn)
        return self._hall

    def _window_states(self) -> list[WindowState]:
        today = self.engine.clock.now().date()
        if self._day != today:
            with self.engine.db.read() as conn:
                self._numbers = list(
                    conn.scalars(
                        select(Window.number).where(Window.active.is_(True)).order_by(Window.number)
                    )
                )
            self._windows.clear()
            self._day = today
        for number in self._numbers:
            if number not in self._windows:
                self._windows[number] = self.engine.window_state(number)
        return [self._windows[number] for number in self._numbers]

    def _service_loads(self, now: float) -> list[Any]:
        if self._services is None:
            self._services = (now, list(self.engine.service_loads()))
        return self._services[1]
