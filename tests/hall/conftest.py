"""The command table driven in-process: the real CommandTable over the test's engine (a real
SQLite file), run for a caller exactly as the server runs it, without the network."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from app.composition import build_hall
from app.config import Config
from app.errors import HallError
from app.hall.caller import Caller, Role
from app.hall.command import CommandTable
from app.hall.context import Hall
from app.hall.table import build_table
from app.models import AuditLog, Event
from app.queue import QueueEngine
from tests.hall.people import caller_for
from tests.net.conftest import TOKENS


@pytest.fixture
def hall_config() -> Config:
    return Config(hall_name="测试大厅", notice="测试通知", tokens=TOKENS)


@pytest.fixture
def hall(engine: QueueEngine, hall_config: Config) -> Hall:
    return build_hall(engine, hall_config)


@pytest.fixture
def table() -> CommandTable:
    """Every reply checked against its command's declared result type."""
    return build_table(check_results=True)


class Act:
    """run(role_or_caller, name, at=window, **args) → the plain result; refused(...) → the
    HallError it was refused with."""

    def __init__(self, hall: Hall, table: CommandTable) -> None:
        self.hall, self.table = hall, table
        self._callers: dict[tuple[Role, int], Caller] = {}

    def caller(self, role: Role, window: int = 1) -> Caller:
        key = (role, window)
        if key not in self._callers:
            self._callers[key] = caller_for(self.hall.engine.db, role, window=window)
        return self._callers[key]

    def _who(self, who: Role | Caller, at: int) -> Caller:
        return who if isinstance(who, Caller) else self.caller(who, at)

    def run(self, who: Role | Caller, name: str, /, at: int = 1, **args: Any) -> Any:
        """`at`: a counter's window (its login's); every other keyword is an argument."""
        return self.table.run(self.hall, self._who(who, at), name, args)

    def refused(self, who: Role | Caller, name: str, /, at: int = 1, **args: Any) -> HallError:
        try:
            result = self.table.run(self.hall, self._who(who, at), name, args)
        except HallError as exc:
            assert exc.zh and exc.en, exc
            return exc
        raise AssertionError(f"{name} {args} was not refused: {result!r}")


@pytest.fixture
def act(hall: Hall, table: CommandTable) -> Act:
    return Act(hall, table)


def written(engine: QueueEngine) -> tuple[int, int]:
    """(events, audit rows): what any write leaves behind."""
    with engine.db.read() as conn:
        events = conn.scalar(select(func.count()).select_from(Event)) or 0
        audits = conn.scalar(select(func.count()).select_from(AuditLog)) or 0
    return int(events), int(audits)
