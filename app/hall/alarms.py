"""The hall's live alarms: conditions a supervisor must see now (the database's storage lost,
a backup destination unreachable). They are not records: they are not written to the
database (which may be the thing that failed), and they clear themselves when the condition
ends. The server sends every change to the clients, and the current set to each new one."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

Listener = Callable[[str, dict[str, Any] | None], None]


class Alarms:
    def __init__(self) -> None:
        self._current: dict[str, dict[str, Any]] = {}
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def current(self) -> dict[str, dict[str, Any]]:
        with self._lock:
            return dict(self._current)

    def set(self, key: str, alarm: dict[str, Any] | None) -> bool:
        """Raise (alarm given) or clear (None) one alarm; True when that changed anything.
        Listeners hear of a change on the caller's thread."""
        with self._lock:
            if self._current.get(key) == alarm:
                return False
            if alarm is None:
                self._current.pop(key, None)
            else:
                self._current[key] = dict(alarm)
        for listener in self._listeners:
            listener(key, alarm)
        return True
