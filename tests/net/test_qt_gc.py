"""Garbage is collected by the main thread's timer, never by a worker thread."""

from __future__ import annotations

import gc
import threading
from typing import Any

from app.runtime.qt_gc import MainThreadGc


class Cycle:
    def __init__(self, freed: list[str]) -> None:
        self.me = self
        self.freed = freed

    def __del__(self) -> None:
        self.freed.append(threading.current_thread().name)


def test_cycles_are_freed_on_the_main_thread_only(qtbot: Any) -> None:
    collector = MainThreadGc(interval_ms=20).start()
    try:
        assert not gc.isenabled()
        freed: list[str] = []

        def churn() -> None:  # a worker allocating a lot would trigger collections itself
            for _ in range(50_000):
                Cycle(freed)

        worker = threading.Thread(target=churn, name="worker")
        worker.start()
        worker.join()
        assert freed == []  # nothing was collected on the worker
        qtbot.waitUntil(lambda: len(freed) > 1000, timeout=5000)
        assert set(freed) == {threading.main_thread().name}
    finally:
        collector.stop()
        gc.disable()  # the test session keeps automatic collection off (tests/conftest.py)
        gc.collect()


def test_settling_keeps_what_start_up_built_out_of_later_collections(qtbot: Any) -> None:
    """After settle() the objects alive at the end of start-up are frozen (no collection
    walks them again), and cycles made afterwards are still freed by the timer."""
    collector = MainThreadGc(interval_ms=20).start()
    try:
        collector.settle()
        assert gc.get_freeze_count() > 1000
        freed: list[str] = []
        for _ in range(5_000):
            Cycle(freed)
        qtbot.waitUntil(lambda: len(freed) > 1000, timeout=5000)
    finally:
        collector.stop()
        gc.unfreeze()
        gc.disable()  # the test session keeps automatic collection off (tests/conftest.py)
        gc.collect()
