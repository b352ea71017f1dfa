"""The announcement queue: plays items strictly one after another, never two at once."""

from __future__ import annotations

import logging
from collections import deque

from PySide6.QtCore import QObject, QTimer, Signal

from app.ui.voice.backends import Backend
from app.ui.voice.phrases import Announcement

log = logging.getLogger(__name__)


class AnnouncementQueue(QObject):
    """Every queued item is played once, in order; the next starts only after the previous one
    reported done. A backend that never reports done is cut off by a watchdog so the queue
    cannot stall; that item still counts as played."""

    started = Signal(object)  # Announcement
    finished = Signal(object)  # Announcement

    def __init__(
        self,
        backend: Backend,
        *,
        gap_ms: int = 400,
        watchdog_ms: int = 30_000,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.backend = backend
        self.gap_ms = gap_ms
        self._pending: deque[Announcement] = deque()
        self._current: Announcement | None = None
        self._token = 0
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.setInterval(watchdog_ms)
        self._watchdog.timeout.connect(self._on_watchdog)
        self._gap = QTimer(self)
        self._gap.setSingleShot(True)
        self._gap.timeout.connect(self._play_next)

    @property
    def busy(self) -> bool:
        return self._current is not None or self._gap.isActive()

    def pending(self) -> list[Announcement]:
        return list(self._pending)

    def enqueue(self, item: Announcement) -> None:
        self._pending.append(item)
        if not self.busy:
            self._play_next()

    def _play_next(self) -> None:
        if self._current is not None or not self._pending:
            return
        item = self._pending.popleft()
        self._current = item
        self._token += 1
        token = self._token
        self._watchdog.start()
        self.started.emit(item)
        try:
            self.backend.play(item, lambda: self._done(token))
        except Exception:  # a broken backend must not silence the hall for good
            log.exception("voice backend failed on %s", item)
            self._done(token)

    def _done(self, token: int) -> None:
        if token != self._token or self._current is None:
            return  # a late or repeated "done" from an item already finished
        item, self._current = self._current, None
        self._watchdog.stop()
        self.finished.emit(item)
        if self._pending:
            self._gap.start(self.gap_ms)

    def _on_watchdog(self) -> None:
        log.warning("voice backend did not finish %s in time", self._current)
        self.backend.stop()
        self._done(self._token)
