"""Shared fixtures: real SQLite files built by the real migrations, a settable clock."""

from __future__ import annotations

import datetime as dt
import gc
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The tests' own config and data folder (the hall key is made beside the config): never the
# home folder of whoever runs them.
os.environ.setdefault("HALLQUEUE_HOME", tempfile.mkdtemp(prefix="hallqueue-tests-"))

from app.models import Database, sqlite_url
from app.models.demo import seed_demo
from app.queue import ManualClock, QueueEngine


@pytest.fixture(scope="session", autouse=True)
def _garbage_collected_on_the_main_thread() -> Iterator[None]:
    """As in the programs (app/runtime/qt_gc.py): a worker thread never frees Qt objects."""
    gc.disable()
    yield
    gc.enable()


@pytest.fixture(autouse=True)
def _collect_after_each_test() -> Iterator[None]:
    yield
    gc.collect()


# A Monday, inside the demo hall's hours.
MONDAY_9 = dt.datetime(2026, 11, 23, 9, 0, 0)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated and seeded database file; tests copy it instead of migrating again."""
    path = tmp_path_factory.mktemp("template") / "hall.db"
    db = Database(sqlite_url(path))
    seed_demo(db)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


@pytest.fixture
def db_path(demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "hall.db"
    shutil.copy(demo_template, path)
    return path


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = Database(sqlite_url(db_path))
    yield database
    database.dispose()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(MONDAY_9)


@pytest.fixture
def engine(db: Database, clock: ManualClock) -> QueueEngine:
    return QueueEngine(db, clock=clock)
