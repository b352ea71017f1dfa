"""Emitting Qt signals from Python without losing references to ``True``.

PySide6 6.12.0 on CPython 3.11 (where True is not immortal): every ``SignalInstance.emit()``
hands back ``True`` without owning a reference, so each call drops one reference to ``True``;
after a few thousand emits the interpreter aborts with "bool_dealloc: deallocating True or
False". The hall server and clients emit once per event, so they would die within the hour.
``emit()`` below gives the reference back when (and only when) this PySide6 has the fault,
found by a probe at import.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance

PROBES = 8


class _Probe(QObject):
    fired = Signal()


def _emit_drops_true() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(PROBES):
        probe.fired.emit()
    lost = before - sys.getrefcount(True)
    if lost > 0:
        for _ in range(lost):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    return lost >= PROBES


EMIT_DROPS_TRUE = _emit_drops_true()


def emit(signal: SignalInstance, *args: Any) -> None:
    signal.emit(*args)
    if EMIT_DROPS_TRUE:
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
