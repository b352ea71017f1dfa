"""The command table driven in-process: the real CommandTable over the test's engine (a real
SQLite file), run for a caller exactly as the server runs it, without the network."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.config import Config
from app.errors import HallError
from app.hall.caller import Caller, Role
from app.hall.command import CommandTable
from app.hall.context import Hall, build_hall
from app.hall.report_jobs import ReportJobs
from app.hall.table import build_table
from app.models import AuditLog, Event
from app.queue import QueueEngine
from tests.hall.people import caller_for
from tests.tokens import TOKENS


@pytest.fixture
def hall_config() -> Config:
    return Config(
        hall_name="测试大厅", notice="测试通知", tokens=TOKENS, issuer="测试市政务服务中心"
    )


@pytest.fixture
def hall(engine: QueueEngine, hall_config: Config, tmp_path: Path) -> Iterator[Hall]:
    reports = ReportJobs(engine.db, tmp_path / "reports")
    yield build_hall(engine, hall_config, reports=reports)
    reports.close()


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


# Callers by role for the console's commands (tests/hall/test_staffing_commands.py ...)
SUPERVISOR = Caller(Role.SUPERVISOR, "admin:2001", None, "2001", "督查主管", None, "supervisor")
ADMIN = Caller(Role.ADMIN, "admin:admin", None, "admin", "大厅管理员", None, "admin")
CALLERS = {
    Role.KIOSK: Caller(Role.KIOSK, "kiosk1"),
    Role.DISPLAY: Caller(Role.DISPLAY, "lobby"),
    Role.COUNTER: Caller(Role.COUNTER, "window-1", 1, "1001", "王芳"),
    Role.EVALUATOR: Caller(Role.EVALUATOR, "tablet-1", 1),
    Role.SUPERVISOR: SUPERVISOR,
    Role.ADMIN: ADMIN,
}
Run = Callable[..., Any]


@pytest.fixture
def run(table: CommandTable, hall: Hall) -> Run:
    """run(caller, op, **args) → the command's result as JSON values (the server's path)."""

    def call(caller: Caller, op: str, **args: Any) -> Any:
        return table.run(hall, caller, op, args)

    return call


@pytest.fixture
def refused(run: Run) -> Callable[..., HallError]:
    """refused(caller, op, **args) → the typed refusal (fails when the command succeeds)."""

    def call(caller: Caller, op: str, **args: Any) -> HallError:
        with pytest.raises(HallError) as caught:
            run(caller, op, **args)
        return caught.value

    return call


def audit_rows(engine: QueueEngine) -> list[tuple[str, str, str]]:
    """(actor, action, target) of every audit row, oldest first."""
    with engine.db.read() as conn:
        rows = conn.execute(
            select(AuditLog.actor, AuditLog.action, AuditLog.target).order_by(AuditLog.id)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]
