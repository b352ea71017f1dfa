"""The command table run in-process: the real table (every reply checked against its declared
type), a hall on the demo database, and a caller of each role."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from app.config import Config
from app.errors import HallError
from app.hall.caller import Caller, Role
from app.hall.command import CommandTable
from app.hall.context import Hall, build_hall
from app.hall.report_jobs import ReportJobs
from app.hall.table import build_table
from app.models import AuditLog
from app.queue import QueueEngine

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
def table() -> CommandTable:
    return build_table(check_results=True)


@pytest.fixture
def hall(engine: QueueEngine, tmp_path: Path) -> Iterator[Hall]:
    config = Config(hall_name="测试大厅", issuer="测试市政务服务中心")
    reports = ReportJobs(engine.db, tmp_path / "reports")
    yield build_hall(engine, config, reports=reports)
    reports.close()


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
