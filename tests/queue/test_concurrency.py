"""Two processes on one database at the same instant: no ticket called twice, no number twice."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hall_records import PG_URL, fresh_pg_database
from sqlalchemy import func, select

from app.models import Database, Event, Ticket
from app.queue import QueueEngine, QueueSettings

CHILD = Path(__file__).with_name("concurrent_child.py")
TICKETS = 160


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgresql",
            marks=pytest.mark.skipif(not PG_URL, reason="HALLQUEUE_TEST_PG_URL is not set"),
        ),
    ]
)
def hall_url(request: pytest.FixtureRequest) -> Iterator[str]:
    if request.param == "postgresql":
        fresh_pg_database(PG_URL).dispose()
        yield PG_URL
    else:
        path: Path = request.getfixturevalue("db_path")
        yield f"sqlite:///{path}"


def _together(url: str, *jobs: tuple[str, str]) -> list[list[str]]:
    """Start one child per job, release them at once, return each one's result lines."""
    children = [
        subprocess.Popen(
            [sys.executable, str(CHILD), url, role, arg],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for role, arg in jobs
    ]
    for child in children:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line == "READY\n", line + (child.stderr.read() if child.stderr else "")
    for child in children:
        assert child.stdin is not None
        child.stdin.write("go\n")
        child.stdin.flush()
    results = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        lines = out.splitlines()
        assert lines[-1] == "DONE"
        results.append(lines[:-1])
    return results


def _engine(url: str) -> QueueEngine:
    from crash_child import HallDayClock

    settings = QueueSettings(enforce_hours=False, enforce_calendar=False)
    return QueueEngine(Database(url), clock=HallDayClock(), settings=settings)


def test_two_processes_calling_never_share_a_ticket(hall_url: str) -> None:
    engine = _engine(hall_url)
    issued = {engine.issue_ticket("A").ticket.id for _ in range(TICKETS)}
    first, second = _together(hall_url, ("call", "1,2"), ("call", "5,8"))
    called = [int(line.split()[2]) for line in first + second]
    print(f"\ncalls per process: {len(first)} and {len(second)}")
    assert first and second, "the processes did not overlap"
    assert Counter(called).most_common(1)[0][1] == 1, "a ticket was given to two windows"
    assert set(called) == issued
    with engine.db.read() as conn:
        calls = Counter(
            conn.scalars(select(Event.ticket_id).where(Event.kind == "ticket_called")).all()
        )
        states = set(conn.scalars(select(Ticket.state)).all())
    assert set(calls) == issued and set(calls.values()) == {1}
    assert states == {"finished"}
    engine.db.dispose()


def test_two_processes_issuing_never_share_a_number(hall_url: str) -> None:
    first, second = _together(hall_url, ("issue", "60"), ("issue", "60"))
    numbers = [line.split()[2] for line in first + second]
    assert sorted(numbers) == [f"A{n:03d}" for n in range(1, 121)]
    db = Database(hall_url)
    with db.read() as conn:
        count, top = conn.execute(select(func.count(), func.max(Ticket.number))).one()
    assert (count, top) == (120, 120)
    db.dispose()
