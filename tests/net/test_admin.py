"""Configuration changes: only an administrator's console reaches them, each lands in the audit
log with its actor, and its config_changed event carries the hall's next seq."""

from __future__ import annotations

from typing import Any

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.models import AuditLog
from app.queue import QueueEngine
from tests.hall.people import SUPERVISOR_NO, SUPERVISOR_PASSWORD, add_supervisor
from tests.net.conftest import Connect, ok, refused


def test_an_admin_change_is_audited_and_announced_with_a_seq(
    qtbot: QtBot, connect: Connect, engine: QueueEngine
) -> None:
    display = connect("display")
    heard: list[dict[str, Any]] = []
    display.event_received.connect(heard.append)
    assert refused(qtbot, display, "hall_settings_save", data={"notice": "x"}) == "forbidden"
    admin = connect("admin")
    audit_id = ok(qtbot, admin, "hall_settings_save", data={"notice": "新通知"})["audit_id"]
    with engine.db.read() as conn:
        row = conn.execute(select(AuditLog).where(AuditLog.id == audit_id)).one()
    assert (row.actor, row.action) == ("admin", "hall_settings_update")
    assert (row.before["notice"], row.after["notice"]) == ("测试通知", "新通知")
    qtbot.waitUntil(lambda: bool(heard), timeout=5000)
    assert heard[0]["kind"] == "config_changed" and heard[0]["seq"] == engine.last_seq()


def test_a_supervisors_console_reads_the_configuration_but_cannot_change_it(
    qtbot: QtBot, connect: Connect, engine: QueueEngine
) -> None:
    """Configuration changes are admin-only (issue 11); a supervisor logs in to the console."""
    add_supervisor(engine.db)
    supervisor = connect("admin", staff_no=SUPERVISOR_NO, password=SUPERVISOR_PASSWORD)
    assert supervisor.is_connected
    assert len(ok(qtbot, supervisor, "config_services")) > 0
    assert refused(qtbot, supervisor, "hall_settings_save", data={"notice": "x"}) == "forbidden"
    assert refused(qtbot, supervisor, "service_save", data={"code": "Q"}) == "forbidden"
    with engine.db.read() as conn:
        assert conn.execute(select(AuditLog)).first() is None
