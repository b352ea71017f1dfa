"""Outbox fixtures: the demo hall on a real SQLite file with its uplinks switched on, and a
finished, rated case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from app.models import Database, RatingPath
from app.models.outbox import CITY, PROVINCE
from app.outbox.items import enable
from app.queue import ManualClock, QueueEngine


@pytest.fixture
def province(db: Database) -> Database:
    """The hall uploading to a province (the channel on)."""
    enable(db, PROVINCE, "http://127.0.0.1/haocha")
    return db


@pytest.fixture
def city(db: Database) -> Database:
    enable(db, CITY, "postgresql://city")
    return db


Rate = Callable[..., Any]


@pytest.fixture
def rate(engine: QueueEngine, clock: ManualClock) -> Rate:
    """rate(level, window=1, case_no=…, reasons=…, path=…): a visitor served and rated."""

    def run(
        level: int | None,
        window: int = 1,
        *,
        case_no: str | None = None,
        item_code: str | None = None,
        reasons: dict[str, Any] | None = None,
        path: RatingPath = RatingPath.TABLET,
        service: str = "A",
    ) -> Any:
        engine.sign_in(window, str(1000 + window))
        ticket = engine.issue_ticket(service).ticket
        engine.call_number(window, ticket.number)
        engine.finish(window, "done", case_no=case_no, item_code=item_code)
        clock.advance(seconds=5)
        if level is None:
            clock.advance(minutes=5)
            return engine.expire_ratings()[0]
        session = engine.rating_session(ticket.id)
        assert session is not None
        return engine.answer_rating(
            session.session, window=window, level=level, path=path, reasons=reasons
        )

    return run
