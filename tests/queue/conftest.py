"""Queue fixtures: the engine on a real SQLite file, and on PostgreSQL when a URL is given.

Set HALLQUEUE_TEST_PG_URL (e.g. postgresql+psycopg://hall:hall@127.0.0.1/hall_test) to run
the engine tests a second time against that database; its public schema is wiped per test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hall_records import BACKENDS, PG_URL, fresh_pg_database

from app.models import Database
from app.queue import QueueEngine


@pytest.fixture(params=BACKENDS)
def db(request: pytest.FixtureRequest) -> Iterator[Database]:
    """The demo hall on a real SQLite file, or on PostgreSQL (overrides the root fixture)."""
    if request.param == "postgresql":
        database = fresh_pg_database(PG_URL)
    else:
        path: Path = request.getfixturevalue("db_path")
        database = Database(f"sqlite:///{path}")
    yield database
    database.dispose()


@pytest.fixture
def open_window(engine: QueueEngine) -> Callable[..., None]:
    """Sign clerks in at windows: open_window(1, 2) uses clerks 1001, 1002."""

    def sign(*windows: int) -> None:
        for number in windows:
            engine.sign_in(number, str(1000 + number))

    return sign
