"""The hall's name, display notice and hours edited by an admin over a real server: audited in
the same transaction, announced, shown on the lobby display, used by appraisal and the
closing-time jobs; unreachable for every other role."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.hall.jobs import ServerJobs
from app.models import AuditLog
from app.models.hall_settings import save_settings
from app.queue import ManualClock, QueueEngine
from app.reports.closing import ClosingPlan
from tests.net.conftest import Connect, call, ok, refused

NEW_OPS = ("hall_settings", "hall_settings_save")


def audit_rows(engine: QueueEngine) -> list[Any]:
    with engine.db.read() as conn:
        return list(conn.execute(select(AuditLog).order_by(AuditLog.id)).all())


def test_the_config_files_values_are_in_effect_until_an_admin_saves(
    qtbot: QtBot, connect: Connect
) -> None:
    settings = ok(qtbot, connect("admin"), "hall_settings")
    expected = {"hall_name": "测试大厅", "notice": "测试通知", "open_at": "08:30",
                "close_at": "17:30"}  # fmt: skip
    assert {k: settings[k] for k in expected} == expected
    assert settings["defaults"] == expected


def test_a_saved_notice_is_audited_announced_and_in_the_displays_next_snapshot(
    qtbot: QtBot, connect: Connect, engine: QueueEngine
) -> None:
    display, admin = connect("display"), connect("admin")
    heard: list[dict[str, Any]] = []
    display.event_received.connect(heard.append)
    assert ok(qtbot, display, "snapshot")["notice"] == "测试通知"
    data = {"notice": "今日 12:00–13:00 午间值班窗口：1、5 号", "hall_name": "新区大厅"}
    result = ok(qtbot, admin, "hall_settings_save", data=data)
    assert result["target"] == "hall:settings"
    [row] = audit_rows(engine)
    assert (row.id, row.actor, row.action, row.target) == (
        result["audit_id"], "admin", "hall_settings_update", "hall:settings",
    )  # fmt: skip
    assert (row.before["notice"], row.after["notice"]) == (
        "测试通知", "今日 12:00–13:00 午间值班窗口：1、5 号",
    )  # fmt: skip
    qtbot.waitUntil(lambda: any(e["kind"] == "config_changed" for e in heard), timeout=5000)
    event = next(e for e in heard if e["kind"] == "config_changed")
    assert event["data"]["what"] == "hall_settings"
    snapshot = ok(qtbot, display, "snapshot")
    assert snapshot["notice"] == "今日 12:00–13:00 午间值班窗口：1、5 号"
    assert snapshot["hall_name"] == "新区大厅"
    late: list[dict[str, Any]] = []
    newcomer = connect("display", wait=False)
    newcomer.snapshot_received.connect(late.append)
    qtbot.waitUntil(lambda: bool(late), timeout=5000)
    assert late[0]["notice"].startswith("今日 12:00")


def test_new_hours_are_used_by_appraisal_and_a_refused_save_leaves_no_trace(
    qtbot: QtBot, connect: Connect, engine: QueueEngine
) -> None:
    admin = connect("admin")
    done, error = call(qtbot, admin, "hall_settings_save", data={"open_at": "18:00"})
    assert not done and error["code"] == "invalid_config"
    assert "开门时间应早于关门时间" in error["zh"] and "before the closing" in error["en"]
    done, error = call(qtbot, admin, "hall_settings_save", data="x")
    assert not done and (error["code"], error["field"]) == ("bad_request", "data")
    assert audit_rows(engine) == []
    ok(qtbot, admin, "hall_settings_save", data={"open_at": "09:00", "close_at": "17:00"})
    hours = ok(qtbot, admin, "rating_scales")["hours"]
    assert (hours["open_at"], hours["close_at"]) == ("09:00", "17:00")
    assert ok(qtbot, admin, "hall_settings")["defaults"]["open_at"] == "08:30"


def test_the_counter_the_kiosk_and_the_display_cannot_read_or_save_hall_settings(
    qtbot: QtBot, connect: Connect, engine: QueueEngine
) -> None:
    for role in ("counter", "kiosk", "display"):
        client = connect(role)
        for name in NEW_OPS:
            assert refused(qtbot, client, name, data={"notice": "x"}) == "forbidden", role
    assert audit_rows(engine) == []


def test_the_closing_jobs_follow_a_changed_closing_time(
    qtbot: QtBot, engine: QueueEngine, clock: ManualClock, tmp_path: Path
) -> None:
    plan = ClosingPlan(tmp_path / "reports", None)
    jobs = ServerJobs(engine, plan)
    jobs.start()
    try:
        assert jobs.plan.settings.hours.close_at == dt.time(17, 30)
        defaults = {"hall_name": "大厅", "notice": "", "open_at": "08:30", "close_at": "17:30"}
        with engine.db.write() as conn:
            save_settings(conn, {"close_at": "16:00"}, defaults=defaults, at=clock.now())
        jobs.tick()  # 09:00: not due
        assert jobs.plan.settings.hours.close_at == dt.time(16, 0)
        assert jobs.plan.settings.hours.open_at == dt.time(8, 30)
        assert jobs.plan.due(dt.datetime(2026, 11, 23, 16, 1))
        assert not plan.due(dt.datetime(2026, 11, 23, 16, 1))  # the config file's 17:30
    finally:
        jobs.stop()
