"""How many examples a property-based test tries: fewer under scripts/mutants.py, which runs
the tests once per planted fault (HALL_MUTANTS=1)."""

from __future__ import annotations

import os


def examples(n: int) -> int:
    return max(n // 10, 20) if os.environ.get("HALL_MUTANTS") else n
