"""Python's garbage collector, run on the Qt main thread only.

A cycle of Python objects that holds Qt objects is freed by whichever thread happens to
trigger a collection. In our processes that can be a report or keypad worker thread, and a
QObject destroyed from a thread that does not own it crashes the process (seen in reportlab
code on a report thread). So automatic collection is turned off and a timer on the main
thread collects instead, using the same thresholds Python would.

A collection stops the main thread for as long as it takes, and the hall server's main thread
announces the calls. So it looks often (every 100 ms: each look finds fewer young objects than
a longer wait would, so each collection is short), and the server freezes what it built at
start-up (``settle``: the modules, the engine, the table) out of every later collection. In
bench/fanout.py's 300-window hall (which logs the server's collections) the longest pause
while serving went from 26 ms to 7–13 ms.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

INTERVAL_MS = 100


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

    def settle(self) -> None:
        """Start-up is done: collect once, then keep everything alive now out of later
        collections (it lives as long as the process)."""
        gc.collect()
        gc.freeze()

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
