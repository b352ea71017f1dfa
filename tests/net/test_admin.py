"""Admin ops: only the admin role reaches them, and each change lands in the audit log."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.models import AuditLog
from app.net.ops import OPS, Args, OpContext
from app.queue import QueueEngine
from tests.net.conftest import Connect, ok, refused


def _rename_notice(ctx: OpContext, args: Args) -> Any:
    """An admin change the way the admin issue will write them: audit, then announce."""
    before, after = {"notice": ctx.config.notice}, {"notice": args.text("notice")}
    audit_id = ctx.audit("set_notice", "hall", before, after)
    ctx.note("config_changed", what="notice")
    return audit_id


def test_an_admin_change_is_audited_and_announced_with_a_seq(
    qtbot: QtBot, connect: Connect, engine: QueueEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(OPS, "set_notice", (frozenset({"admin"}), _rename_notice))
    display = connect("display")
    heard: list[dict[str, Any]] = []
    display.event_received.connect(heard.append)
    assert refused(qtbot, display, "set_notice", notice="x") == "forbidden"
    admin = connect("admin")
    audit_id = ok(qtbot, admin, "set_notice", notice="新通知")
    with engine.db.read() as conn:
        row = conn.execute(select(AuditLog).where(AuditLog.id == audit_id)).one()
    assert (row.actor, row.action, row.after) == ("admin", "set_notice", {"notice": "新通知"})
    assert row.before == {"notice": "测试通知"}
    qtbot.waitUntil(lambda: bool(heard), timeout=5000)
    assert heard[0]["kind"] == "config_changed" and heard[0]["seq"] == engine.last_seq()
