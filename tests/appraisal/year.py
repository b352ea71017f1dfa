"""The simulated year (bench/yearsim.py) built once per test session and shared by the
appraisal and report tests; on a RAM disk when there is one (it is 30k engine commands)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.models import Database, sqlite_url
from bench.yearsim import SimSummary, simulate

VISITORS = 25  # a day; the bench runs 70
_built: dict[str, tuple[Path, SimSummary]] = {}


def year_db(factory: pytest.TempPathFactory) -> tuple[Path, SimSummary]:
    if "year" not in _built:
        shm = Path("/dev/shm")
        if shm.is_dir() and os.access(shm, os.W_OK):
            folder = Path(tempfile.mkdtemp(prefix="hallyear-", dir=shm))
            atexit.register(shutil.rmtree, folder, ignore_errors=True)
        else:
            folder = factory.mktemp("year")
        path = folder / "year.db"
        _built["year"] = (path, simulate(path, visitors=VISITORS))
    return _built["year"]


@pytest.fixture(scope="session")
def year(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, SimSummary]]:
    """The demo hall's simulated year (4 January – 30 November 2026), built once."""
    path, summary = year_db(tmp_path_factory)
    db = Database(sqlite_url(path), migrate=False)
    yield db, summary
    db.dispose()
