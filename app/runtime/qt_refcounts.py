"""A guard against the reference-count fault of PySide6 6.12.0 on CPython 3.11.

In that build every call of a Qt method returning void (``QTimer.start``, ``QWebSocket.ping``,
``QEventLoop.quit``…) hands back ``None`` without owning a reference, and ``Signal.emit()``
does the same with ``True``. Each call drops one reference; a long-running hall server or
client soon brings the count to zero and the interpreter aborts ("none_dealloc: deallocating
None"). CPython 3.12+ makes these singletons immortal, which hides the fault; here we give
them the same protection: when a probe at import sees the loss, ``None``, ``True`` and
``False`` get a reference cushion so large that the losses never reach zero. Remove this once
the project pins a PySide6 without the fault.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, QTimer, Signal

PROBES = 8
CUSHION = 1 << 50


class _Probe(QObject):
    fired = Signal()


def _losses() -> tuple[int, int]:
    """References to None lost by void calls and to True lost by emit(), per call."""
    timer, probe = QTimer(), _Probe()
    none_before = sys.getrefcount(None)
    for _ in range(PROBES):
        timer.stop()
    none_lost = none_before - sys.getrefcount(None)
    true_before = sys.getrefcount(True)
    for _ in range(PROBES):
        probe.fired.emit()
    true_lost = true_before - sys.getrefcount(True)
    return none_lost // PROBES, true_lost // PROBES


def _cushion(obj: object) -> None:
    ctypes.c_ssize_t.from_address(id(obj)).value += CUSHION


def guard() -> bool:
    """Protect None/True/False if this PySide6 leaks them; True when it had to."""
    if sys.version_info >= (3, 12):
        return False  # immortal singletons: the fault is harmless
    none_lost, true_lost = _losses()
    if none_lost <= 0 and true_lost <= 0:
        return False
    if sys.getrefcount(None) < CUSHION:
        for obj in (None, True, False):
            _cushion(obj)
    return True


GUARDED = guard()
