"""Python's garbage collector, run on the Qt main thread only.

A cycle of Python objects that holds Qt objects is freed by whichever thread happens to
trigger a collection. In our processes that can be a report or keypad worker thread, and a
QObject destroyed from a thread that does not own it crashes the process (seen in reportlab
code on a report thread). So automatic collection is turned off and a timer on the main
thread collects instead, using the same thresholds Python would.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 500


class MainThreadGc(QObject):
    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)

    def start(self) -> MainThreadGc:
        gc.disable()
        self._timer.start()
        return self

    def stop(self) -> None:
        self._timer.stop()
        gc.enable()

    def check(self) -> None:
        """Collect the generations whose counts passed their thresholds, oldest first."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self.thresholds[generation]:
                gc.collect(generation)
                return


_installed: MainThreadGc | None = None


def collect_on_main_thread(app: QObject) -> MainThreadGc:
    """Install once per process, parented to the application object."""
    global _installed
    if _installed is None:
        _installed = MainThreadGc(app).start()
    return _installed
