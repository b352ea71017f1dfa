"""Emitting signals many times keeps the interpreter's references to True (PySide6 6.12.0)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from app.net.signals import emit


class _Source(QObject):
    happened = Signal(object)


def test_a_thousand_emits_do_not_eat_references_to_true() -> None:
    source = _Source()
    heard: list[object] = []
    source.happened.connect(heard.append)
    before = sys.getrefcount(True)
    for n in range(1000):
        emit(source.happened, n)
    assert len(heard) == 1000
    assert sys.getrefcount(True) - before >= -2
