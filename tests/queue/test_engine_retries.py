"""A command that loses a race runs again in a fresh transaction; a refusal never does."""

from __future__ import annotations

import pytest

from app.queue import QueueEngine, errors
from app.queue.store import Tx


def test_a_lost_race_is_retried_and_only_the_winning_attempt_is_kept(
    engine: QueueEngine,
) -> None:
    heard: list[str] = []
    engine.subscribe(lambda event: heard.append(event.kind))
    attempts: list[int] = []

    def command(tx: Tx) -> str:
        attempts.append(1)
        tx.log("probe", attempt=len(attempts))
        if len(attempts) == 1:
            raise errors.Conflict("another window claimed it first")
        return "done"

    assert engine.run(command) == "done"
    assert len(attempts) == 2
    [event] = engine.events_after(0)
    assert event.kind == "probe" and event.data == {"attempt": 2}
    assert heard == ["probe"]


def test_a_driver_level_unique_violation_is_retried(engine: QueueEngine) -> None:
    attempts: list[int] = []
    driver = engine.db.engine.dialect.dbapi  # sqlite3 or psycopg: what the raw cursor raises
    assert driver is not None

    def command(tx: Tx) -> int:
        attempts.append(1)
        if len(attempts) < 3:
            raise driver.IntegrityError("duplicate key: tickets (day, prefix, number)")
        return len(attempts)

    assert engine.run(command) == 3


def test_a_refusal_is_not_retried(engine: QueueEngine) -> None:
    attempts: list[int] = []

    def command(tx: Tx) -> None:
        attempts.append(1)
        tx.log("probe")
        raise errors.NoneWaiting(1)

    with pytest.raises(errors.NoneWaiting):
        engine.run(command)
    assert attempts == [1] and engine.events_after(0) == []


def test_a_race_lost_every_time_gives_up(engine: QueueEngine) -> None:
    def command(tx: Tx) -> None:
        raise errors.Conflict("always taken")

    with pytest.raises(errors.Conflict):
        engine.run(command)
