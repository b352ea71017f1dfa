"""The planted faults of scripts/mutants.py still fit the code: each one's text occurs exactly
once in its file, and each file has the tests that should catch it (a refactor that moves
the text would otherwise leave a mutant that plants nothing)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from mutant_list import FAULTS, TESTS  # noqa: E402


def test_every_planted_fault_finds_its_text_once_and_has_its_tests() -> None:
    stale = [
        f"{f.label} ({f.path}: {(ROOT / f.path).read_text(encoding='utf-8').count(f.old)}×)"
        for f in FAULTS
        if (ROOT / f.path).read_text(encoding="utf-8").count(f.old) != 1
    ]
    assert stale == []
    untested = [f.label for f in FAULTS if not (f.tests or Path(f.path).name in TESTS)]
    assert untested == []
