"""`python -m app --smoke` drives one whole case over the network and exits 0."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_smoke_run_passes_and_says_what_it_did(tmp_path: Path) -> None:
    env = {**os.environ, "HALLQUEUE_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "app", "--smoke"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    steps = (
        "issued A001",
        "called A001",
        "display received",
        "simulated keypad",
        "rating recorded",
    )
    for step in (*steps, "passed"):
        assert step in done.stdout
