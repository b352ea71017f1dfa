"""Work handed from any thread to the Qt thread that owns a Poster (the hall's thread, in
the server and the one-PC hall: the keypad bus's frames reach the engine through it)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal

log = logging.getLogger(__name__)


class Poster(QObject):
    """Runs functions handed over from any thread on the thread that owns this object."""

    posted = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.posted.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def post(self, work: Callable[[], None]) -> None:
        self.posted.emit(work)

    def _run(self, work: Callable[[], None]) -> None:
        try:
            work()
        except Exception:
            log.exception("work posted to the hall's thread failed")
