"""The admin console's ops over a real server on 127.0.0.1: applied at once, audited in the
same transaction, announced; unreachable for every other role."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.composition import build_hall
from app.config import Config
from app.hall.caller import CONSOLE
from app.hall.context import Hall
from app.hall.report_jobs import ReportJobs
from app.hall.table import build_table
from app.models import AuditLog
from app.queue import QueueEngine
from tests.net.conftest import TOKENS, Connect, call, ok, refused
from tests.visitor import rate

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 40
CONSOLE_ONLY = sorted(c.name for c in build_table() if c.roles <= frozenset(CONSOLE))


@pytest.fixture
def hall_config(tmp_path: Path) -> Config:
    """The net tests' config, with the server's reports folder in the test's own folder."""
    return Config(
        hall_name="测试大厅",
        notice="测试通知",
        tokens=TOKENS,
        max_message_bytes=4096,
        reports_dir=str(tmp_path / "reports"),
    )


@pytest.fixture
def hall(engine: QueueEngine, hall_config: Config) -> Iterator[Hall]:
    """The hall with its report jobs, as the composition root builds it."""
    reports = ReportJobs(engine.db, hall_config.resolved_reports_dir())
    yield build_hall(engine, hall_config, reports=reports)
    reports.close()


def audit_rows(engine: QueueEngine) -> list[Any]:
    with engine.db.read() as conn:
        return list(conn.execute(select(AuditLog).order_by(AuditLog.id)).all())


def test_every_console_command_is_forbidden_to_the_counter_the_kiosk_and_the_display(
    qtbot: QtBot, connect: Connect
) -> None:
    assert {"service_save", "window_save", "staff_save", "audit_log", "report_start"} <= set(
        CONSOLE_ONLY
    )
    for role in ("counter", "kiosk", "display"):
        client = connect(role)
        for name in CONSOLE_ONLY:
            assert refused(qtbot, client, name, data={}) == "forbidden", (role, name)


def test_a_new_service_is_audited_announced_and_issued_at_once(
    qtbot: QtBot, connect: Connect, engine: QueueEngine
) -> None:
    display, kiosk, admin = connect("display"), connect("kiosk"), connect("admin")
    heard: list[dict[str, Any]] = []
    display.event_received.connect(heard.append)
    data = {"code": "G", "name": "出入境", "promised_minutes": 12, "daily_cap": 50,
            "open_at": "08:00", "close_at": "17:00"}  # fmt: skip
    result = ok(qtbot, admin, "service_save", data=data)
    assert result["target"] == "service:G" and result["after"]["name"] == "出入境"
    row = audit_rows(engine)[-1]
    assert (row.id, row.actor, row.action, row.before) == (
        result["audit_id"], "admin", "service_create", None,
    )  # fmt: skip
    assert row.after["code"] == "G"
    qtbot.waitUntil(lambda: any(e["kind"] == "config_changed" for e in heard), timeout=5000)
    event = next(e for e in heard if e["kind"] == "config_changed")
    assert event["data"]["what"] == "services" and event["data"]["target"] == "service:G"
    assert "G" in [s["code"] for s in ok(qtbot, admin, "snapshot")["services"]]
    assert ok(qtbot, kiosk, "issue_ticket", service="G")["ticket"]["number"] == "G001"


def test_a_windows_new_priority_order_is_used_by_the_next_call(
    qtbot: QtBot, connect: Connect, engine: QueueEngine
) -> None:
    admin = connect("admin")
    engine.issue_ticket("A")
    engine.issue_ticket("C")
    before = ok(qtbot, admin, "config_windows")[0]
    assert before["number"] == 1 and before["services"] == ["A", "F"]
    ok(qtbot, admin, "window_save", number=1, data={"services": ["C", "A"]})
    engine.sign_in(1, "1001")
    assert engine.call_next(1).number == "C001"
    row = audit_rows(engine)[-1]
    assert (row.action, row.target) == ("window_update", "window:1")
    assert (row.before["services"], row.after["services"]) == (["A", "F"], ["C", "A"])


def test_a_refused_change_says_why_in_both_languages_and_leaves_no_audit_row(
    qtbot: QtBot, connect: Connect, engine: QueueEngine
) -> None:
    admin = connect("admin")
    done, error = call(qtbot, admin, "window_save", number=2, data={"services": ["A", "Z"]})
    assert not done and error["code"] == "invalid_config"
    assert "Z" in error["zh"] and "unknown service" in error["en"]
    done, error = call(qtbot, admin, "service_save", code="A", data={"code": "B"})
    assert not done and "已被使用" in error["zh"]
    done, error = call(qtbot, admin, "service_save", data="x")
    assert not done and (error["code"], error["field"]) == ("bad_request", "data")
    assert audit_rows(engine) == []


def test_staff_photo_and_password_reset_then_the_clerk_logs_in_with_the_new_one(
    qtbot: QtBot, connect: Connect, engine: QueueEngine
) -> None:
    admin = connect("admin")
    photo = base64.b64encode(PNG).decode()
    ok(qtbot, admin, "staff_save", staff_no="1001", data={"photo": photo, "title": "主任科员"})
    assert ok(qtbot, admin, "config_staff_photo", staff_no="1001")["photo"] == photo
    ok(qtbot, admin, "staff_reset_password", staff_no="1001", password="newpass1")
    actions = [(r.action, r.target) for r in audit_rows(engine)]
    assert actions == [("staff_update", "staff:1001"), ("staff_password_reset", "staff:1001")]
    assert "newpass1" not in str(audit_rows(engine)[-1].after)
    # a reset password is changed at the first login with it (issue 14)
    clerk = connect("counter", window=1, staff_no="1001", password="newpass1",
                    new_password="own-pass-1001")  # fmt: skip
    assert clerk.is_connected


def test_holidays_unprinted_tickets_and_the_audit_log_listing(
    qtbot: QtBot, connect: Connect, engine: QueueEngine
) -> None:
    admin = connect("admin")
    ok(qtbot, admin, "holiday_set", day="2026-12-25", name="测试假日", is_workday=False)
    assert ok(qtbot, admin, "config_holidays", year=2026)[-1]["day"] == "2026-12-25"
    ok(qtbot, admin, "holiday_remove", day="2026-12-25")
    issued = engine.issue_ticket("B")
    pending = ok(qtbot, admin, "unprinted_tickets")
    assert [t["number"] for t in pending] == ["B001"]
    ok(qtbot, admin, "mark_printed", ticket_id=issued.ticket.id)
    assert ok(qtbot, admin, "unprinted_tickets") == []
    log = ok(qtbot, admin, "audit_log", limit=10)
    assert [r["action"] for r in log] == ["ticket_reprinted", "holiday_remove", "holiday_set"]
    assert log[1]["before"]["name"] == "测试假日" and log[1]["after"] is None
    assert [r["action"] for r in ok(qtbot, admin, "audit_log", action="holiday_set")] == [
        "holiday_set"
    ]


def test_complaints_follow_ups_inspections_attendance_and_the_month(
    qtbot: QtBot, connect: Connect, engine: QueueEngine
) -> None:
    admin = connect("admin")
    made = ok(qtbot, admin, "complaint_register", kind="complaint", content="态度生硬",
              window=3, staff_no="1003", source="来电")  # fmt: skip
    complaint_id = int(made["target"].split(":")[1])
    ok(qtbot, admin, "complaint_route", id=complaint_id, to="3号窗口")
    ok(qtbot, admin, "complaint_close", id=complaint_id, result="已约谈", feedback="已电话反馈",
       substantiated=True)  # fmt: skip
    [entry] = ok(qtbot, admin, "complaints")
    assert (entry["status"], entry["substantiated"], entry["window_no"]) == ("closed", True, 3)
    assert refused(qtbot, admin, "complaint_route", id=complaint_id, to="x") == "invalid_input"

    engine.sign_in(3, "1003")
    ticket = engine.issue_ticket("B").ticket
    engine.call_next(3)
    engine.start(3)
    engine.finish(3, "done")
    engine.clock.advance(seconds=5)  # type: ignore[attr-defined]
    rate(engine, ticket.id, 1)  # 非常不满意 on window 3's keypad
    [follow] = ok(qtbot, admin, "follow_ups", open_only=True)
    assert (follow["number"], follow["window"], follow["level_label"]) == ("B001", 3, "非常不满意")
    ok(qtbot, admin, "follow_up_update", id=follow["id"], visit_result="已回访", close=True)
    assert ok(qtbot, admin, "follow_ups", open_only=True) == []

    ok(qtbot, admin, "inspection_record", findings="窗口脱岗", window=3, criticism=True)
    assert ok(qtbot, admin, "inspections")[0]["criticism"] is True
    findings = ok(qtbot, admin, "attendance", start="2026-11-23", end="2026-11-23")
    assert {f["kind"] for f in findings} == {"late"}  # signed in at 09:00, due 08:20
    month = ok(qtbot, admin, "appraisal_month", month="2026-11")
    row = next(r for r in month["windows"] if r["order"] == 3)
    assert row["finished"] == 1 and row["complaints_substantiated"] == 1
    assert "3号窗口" not in month["red_flags"] and row["excluded"]
    actions = [r.action for r in audit_rows(engine)]
    assert actions == ["complaint_register", "complaint_route", "complaint_close",
                       "follow_up_update", "inspection_record"]  # fmt: skip


@pytest.mark.timeout(60)
def test_a_daily_report_is_made_on_the_server_with_progress_and_sent_back(
    qtbot: QtBot, connect: Connect, engine: QueueEngine, tmp_path: Path
) -> None:
    admin = connect("admin")
    engine.issue_ticket("A")
    job = ok(qtbot, admin, "report_start", kind="daily", date="2026-11-23")["job"]
    seen: list[float] = []

    def finished() -> bool:
        status = ok(qtbot, admin, "report_status", job=job)
        seen.append(status["fraction"])
        return bool(status["done"])

    qtbot.waitUntil(finished, timeout=30_000)
    status = ok(qtbot, admin, "report_status", job=job)
    assert status["error"] is None and status["fraction"] == 1.0
    assert sorted(f["name"] for f in status["files"]) == [
        "daily-2026-11-23.pdf", "daily-2026-11-23.xlsx",
    ]  # fmt: skip
    pdf = ok(qtbot, admin, "report_file", job=job, name="daily-2026-11-23.pdf")
    assert base64.b64decode(pdf["data"]).startswith(b"%PDF")
    # beside the closing-time reports, not in their place (their file marks the day done)
    assert (tmp_path / "reports" / "on-demand" / "daily-2026-11-23.pdf").exists()
    assert not (tmp_path / "reports" / "daily-2026-11-23.pdf").exists()
    done, error = call(qtbot, admin, "report_start", kind="weekly")
    assert not done and (error["code"], error["field"]) == ("bad_request", "kind")
    with engine.db.read() as conn:
        assert conn.scalar(select(func.count()).select_from(AuditLog)) == 0


def test_a_save_that_changes_nothing_is_not_audited_or_announced(
    qtbot: QtBot, connect: Connect, engine: QueueEngine
) -> None:
    admin = connect("admin")
    seq = engine.last_seq()
    result = ok(qtbot, admin, "window_save", number=1, data={"services": ["A", "F"]})
    assert result["audit_id"] is None and result["after"]["services"] == ["A", "F"]
    assert audit_rows(engine) == [] and engine.last_seq() == seq
