"""Many Qt calls and signal emits do not wear out None/True (PySide6 6.12.0 on CPython 3.11)."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import app.net
from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal
class Source(QObject):
    happened = Signal(object)
app = QCoreApplication([])
timer, source = QTimer(), Source()
source.happened.connect(lambda value: None)
for n in range(60_000):
    timer.stop()
    source.happened.emit(n)
print("alive")
"""


def test_a_process_survives_60000_void_calls_and_emits() -> None:
    """Without the guard this aborts with 'none_dealloc' / 'bool_dealloc'."""
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-500:]
    assert done.stdout.strip() == "alive"
