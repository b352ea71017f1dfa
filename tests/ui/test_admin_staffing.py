"""The console's staffing and conduct tabs against a real hall server on 127.0.0.1: the
supervisor records a 评先 ground with its evidence and sees it in the year's grounds, approves
a leave (B covers A on the roster), sets the month's duty windows and records a patrol; an
administrator's login sees the decisions disabled and is refused by the server; the
complaint form's promised date, the inspection's kind and conduct, and the 一次性告知单
saved as a PDF. Screenshots of each new tab at 1920×1080 in Chinese."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton
from sqlalchemy import select

from app.hall.caller import Caller, Role
from app.models import AuditLog, ConductRecord, Leave
from app.net.server import HallServer
from app.queue import ManualClock, QueueEngine
from app.ui.admin.appraisal_tabs import AttendanceTab
from app.ui.admin.complaints_tab import ComplaintsTab
from app.ui.admin.conduct_tabs import GroundsTab, NoticesTab
from app.ui.admin.console import AdminConsole
from app.ui.admin.pickers import StaffPicker
from app.ui.admin.staffing_tabs import DutyTab, LeaveTab, RosterTab
from tests.ui import test_admin
from tests.ui.test_admin import WAIT, log_in, shot

# The console tests' fixtures: a real server on 127.0.0.1, the console, Chinese.
server, console, chinese = test_admin.server, test_admin.console, test_admin.chinese

SUPERVISOR = Caller(Role.SUPERVISOR, "admin:2001", None, "2001", "督查主管", None, "supervisor")


def click(qtbot: Any, button: QAbstractButton) -> None:
    assert button.isEnabled(), f"{button.text()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def as_supervisor(qtbot: Any, console: AdminConsole) -> list[str]:
    """Logged in as the demo hall's supervisor (2001); returns the message bar's errors."""
    log_in(qtbot, console, "2001", "123456")
    qtbot.waitUntil(lambda: console.tabs is not None, timeout=WAIT)
    assert console.client is not None and console.client.welcome["role"] == "supervisor"  # type: ignore[attr-defined]
    errors: list[str] = []
    assert console.api is not None
    console.api.error.connect(errors.append)
    return errors


def loaded(qtbot: Any, *pickers: StaffPicker) -> None:
    qtbot.waitUntil(lambda: all(p.count() >= 10 for p in pickers), timeout=WAIT)


def test_a_ground_recorded_with_evidence_is_in_the_years_grounds_and_can_be_withdrawn(
    qtbot: Any, chinese: None, engine: QueueEngine, console: AdminConsole
) -> None:
    errors = as_supervisor(qtbot, console)
    tab = console.show_tab("grounds")
    assert isinstance(tab, GroundsTab)
    loaded(qtbot, tab.staff)
    assert tab.record_button.isEnabled() and not tab.withdraw_button.isEnabled()
    tab.staff.set_value("1003")
    tab.ground.setCurrentIndex(tab.ground.findData("bribery"))
    tab.note.setPlainText("向申请人索要购物卡")
    tab.evidence.setPlainText("监控录像 11-20 10:42；举报信第 7 号")
    click(qtbot, tab.record_button)
    qtbot.waitUntil(lambda: len(tab.clerks.rows) == 1, timeout=WAIT)
    assert tab.clerks.rows[0]["staff"] == "张伟（1003）"
    assert tab.clerks.rows[0]["summary"] == "取消评先（第2项）"
    qtbot.waitUntil(lambda: len(tab.grounds.rows) == 1, timeout=WAIT)
    assert tab.grounds.item(0, 5).text() == "监控录像 11-20 10:42；举报信第 7 号"
    with engine.db.read() as conn:
        record = conn.execute(select(ConductRecord)).one()
        audit = conn.execute(select(AuditLog.actor, AuditLog.action)).all()
    assert (record.recorded_by, record.ground, record.day.isoformat()) == (
        "2001",
        "bribery",
        "2026-11-23",
    )
    assert [tuple(a) for a in audit] == [("2001", "ground_record")]

    tab.grounds.selectRow(0)  # a recorded ground: it may be withdrawn
    tab.reason.setText("经核实系他人所为")
    click(qtbot, tab.withdraw_button)
    qtbot.waitUntil(lambda: len(tab.withdrawn.rows) == 1, timeout=WAIT)
    assert tab.clerks.rows == [] and tab.withdrawn.rows[0]["reason"] == "经核实系他人所为"
    assert errors == []


def test_the_supervisor_approves_a_leave_and_b_is_due_on_the_roster(
    qtbot: Any, chinese: None, engine: QueueEngine, console: AdminConsole
) -> None:
    errors = as_supervisor(qtbot, console)
    roster = console.show_tab("roster")
    assert isinstance(roster, RosterTab)
    loaded(qtbot, roster.staff_a, roster.staff_b)
    roster.window_no.setValue(1)
    roster.staff_a.set_value("1001")
    roster.staff_b.set_value("1009")
    click(qtbot, roster.save_button)
    qtbot.waitUntil(lambda: len(roster.entries.rows) == 1, timeout=WAIT)

    leave = console.show_tab("leave")
    assert isinstance(leave, LeaveTab)
    loaded(qtbot, leave.staff)
    leave.staff.set_value("1001")
    leave.kind.setCurrentIndex(leave.kind.findData("sick"))
    leave.reason.setText("发热就医")
    qtbot.keyClicks(leave.reason, " 2d")
    click(qtbot, leave.record_button)
    qtbot.waitUntil(lambda: len(leave.table.rows) == 1, timeout=WAIT)
    assert leave.table.rows[0]["status_zh"] == "待审批"
    assert leave.table.rows[0]["start"] == "2026-11-24T00:00:00"  # tomorrow, all day
    assert leave.table.rows[0]["end"] == "2026-11-24T23:59:00"
    assert not leave.supervisor_note.isVisible()
    leave.table.selectRow(0)
    leave.note.setText("同意")
    click(qtbot, leave.approve_button)
    qtbot.waitUntil(lambda: leave.table.rows[0]["status_zh"] == "已批准", timeout=WAIT)
    with engine.db.read() as conn:
        decided = conn.execute(select(Leave.status, Leave.decided_by, Leave.reason)).one()
    assert tuple(decided) == ("approved", "2001", "发热就医 2d")

    console.show_tab("roster")
    roster.reload()
    qtbot.waitUntil(
        lambda: any(d["day"] == "2026-11-24" and d["role"] == "B" for d in roster.duties.rows),
        timeout=WAIT,
    )
    tuesday = [d for d in roster.duties.rows if d["day"] == "2026-11-24"]
    assert [(d["window"], d["staff"]) for d in tuesday] == [(1, "周婷（1009）")]
    assert errors == []


def test_the_duty_windows_are_set_and_a_patrol_recorded(
    qtbot: Any, chinese: None, engine: QueueEngine, console: AdminConsole
) -> None:
    errors = as_supervisor(qtbot, console)
    duty = console.show_tab("duty")
    assert isinstance(duty, DutyTab)
    qtbot.waitUntil(lambda: "未排值班窗口" in duty.summary.text(), timeout=WAIT)
    assert not duty.record_button.isEnabled()
    for box, number in zip(duty.windows, (5, 6, 7, 8), strict=True):
        box.setValue(number)
    click(qtbot, duty.save_button)
    qtbot.waitUntil(lambda: len(duty.roster.rows) == 4, timeout=WAIT)
    assert [(r["window"], r["convenor"]) for r in duty.roster.rows][:2] == [(5, True), (6, False)]
    assert duty.duty_window.count() == 4
    assert "已检查 15 个工作日，其中 15 天不足每天 2 次巡查" in duty.summary.text()
    loaded(qtbot, duty.patroller)
    duty.duty_window.setCurrentIndex(duty.duty_window.findData(6))
    duty.patroller.set_value("1006")
    click(qtbot, duty.record_button)
    qtbot.waitUntil(lambda: len(duty.patrols.rows) == 1, timeout=WAIT)
    assert duty.patrols.rows[0]["duty_window"] == 6
    assert duty.patrols.rows[0]["staff"] == "杨磊（1006）"
    assert duty.patrols.rows[0]["findings"] == "未发现问题"
    with engine.db.read() as conn:
        actions = list(conn.scalars(select(AuditLog.action).order_by(AuditLog.id)))
    assert actions == ["duty_roster_set", "patrol_record"]
    assert errors == []


def test_an_administrator_sees_the_supervisors_decisions_disabled_and_is_refused(
    qtbot: Any, chinese: None, engine: QueueEngine, server: HallServer, console: AdminConsole
) -> None:
    """The console disables what the server would refuse; asked anyway, the server refuses
    it as forbidden and the message bar names the supervisor; records of fact still work."""
    server.table.run(server.hall, SUPERVISOR, "leave_record", {"staff_no": "1002",
                     "kind": "personal", "start": "2026-11-25T00:00", "end": "2026-11-25T23:59",
                     "reason": "搬家"})  # fmt: skip
    log_in(qtbot, console)  # the demo administrator
    qtbot.waitUntil(lambda: console.tabs is not None, timeout=WAIT)
    assert console.api is not None
    errors: list[str] = []
    console.api.error.connect(errors.append)
    grounds = console.show_tab("grounds")
    assert isinstance(grounds, GroundsTab)
    assert not grounds.record_button.isEnabled() and not grounds.withdraw_button.isEnabled()
    leave = console.show_tab("leave")
    assert isinstance(leave, LeaveTab)
    assert leave.supervisor_note.isVisible()
    assert leave.supervisor_note.text() == "此事由督查主管决定；当前登录只能查看。"
    qtbot.waitUntil(lambda: len(leave.table.rows) == 1, timeout=WAIT)
    assert not leave.approve_button.isEnabled() and not leave.refuse_button.isEnabled()
    assert errors == []
    leave.table.selectRow(0)
    leave.decide(True)  # what a stale or modified console would ask
    qtbot.waitUntil(lambda: bool(errors), timeout=WAIT)
    assert errors == ["当前登录（管理员）无权执行此操作，此事由督查主管决定。"]
    with engine.db.read() as conn:
        assert conn.scalar(select(Leave.status)) == "pending"

    notices = console.show_tab("notices")
    assert isinstance(notices, NoticesTab)
    loaded(qtbot, notices.staff)
    notices.staff.set_value("1002")
    notices.note.setText("未告知需户口簿，群众二次跑")
    notices.record()
    qtbot.waitUntil(lambda: len(notices.failures.rows) == 1, timeout=WAIT)
    assert notices.failures.rows[0]["recorded_by"] == "admin"


def test_a_suggestion_gets_its_promised_date_and_an_inspection_its_kind_and_conduct(
    qtbot: Any, chinese: None, engine: QueueEngine, console: AdminConsole
) -> None:
    errors = as_supervisor(qtbot, console)
    complaints = console.show_tab("complaints")
    assert isinstance(complaints, ComplaintsTab)
    qtbot.waitUntil(lambda: len(complaints.stats.rows) == 4, timeout=WAIT)
    assert not complaints.promised_on.isEnabled()
    complaints.kind.setCurrentIndex(complaints.kind.findData("suggestion"))
    assert complaints.promised_on.isEnabled() and not complaints.special.isEnabled()
    assert complaints.promised_on.date().toString("yyyy-MM-dd") == "2026-11-28"
    complaints.content.setPlainText("建议增加自助复印机")
    click(qtbot, complaints.register_button)
    qtbot.waitUntil(lambda: len(complaints.table.rows) == 1, timeout=WAIT)
    assert complaints.table.rows[0]["deadline"] == "2026-11-28"
    complaints.table.selectRow(0)
    assert complaints.mark_button.text() == "标为重要"
    click(qtbot, complaints.mark_button)
    qtbot.waitUntil(lambda: complaints.table.rows[0]["important"] is True, timeout=WAIT)
    qtbot.waitUntil(lambda: complaints.mark_button.text() == "取消重要标记", timeout=WAIT)
    stats = {r["label"]: r["received"] for r in complaints.stats.rows}
    assert stats == {"咨询": 0, "建议": 1, "投诉": 0, "合计": 1}

    attendance = console.show_tab("attendance")
    assert isinstance(attendance, AttendanceTab)
    loaded(qtbot, attendance.staff)
    attendance.kind.setCurrentIndex(attendance.kind.findData("centre"))
    attendance.conduct.setCurrentIndex(attendance.conduct.findData("software"))
    attendance.staff.set_value("1004")
    attendance.window_no.setValue(4)
    attendance.text.setText("电脑安装游戏软件，影响办件")
    attendance.criticism.setChecked(True)
    attendance.record()
    qtbot.waitUntil(lambda: len(attendance.inspections.rows) == 1, timeout=WAIT)
    row = attendance.inspections.rows[0]
    assert (row["kind_zh"], row["conduct_zh"], row["staff"]) == (
        "中心督查",
        "无关软件影响工作",
        "刘洋（1004）",
    )
    grounds = console.show_tab("grounds")
    assert isinstance(grounds, GroundsTab)
    grounds.reload()
    qtbot.waitUntil(lambda: len(grounds.clerks.rows) == 1, timeout=WAIT)
    assert grounds.clerks.rows[0]["summary"] == "取消评先（第5项）"
    assert errors == []


def test_the_one_time_notice_is_shown_and_saved_as_a_pdf(
    qtbot: Any, engine: QueueEngine, console: AdminConsole, tmp_path: Path
) -> None:
    engine.sign_in(2, "1002")
    engine.issue_ticket("C")
    engine.call_next(2)
    engine.finish(2, "incomplete", "", missing=["购房合同原件", "婚姻状况证明"])
    errors = as_supervisor(qtbot, console)
    notices = console.show_tab("notices")
    assert isinstance(notices, NoticesTab)
    qtbot.waitUntil(lambda: len(notices.notices.rows) == 1, timeout=WAIT)
    notices.notices.selectRow(0)
    assert "1. 购房合同原件" in notices.preview.toPlainText()
    click(qtbot, notices.print_button)
    saved = tmp_path / "saved" / "notice-2026-11-23-C001.pdf"
    qtbot.waitUntil(saved.exists, timeout=30_000)
    qtbot.waitUntil(notices.print_button.isEnabled, timeout=WAIT)
    text = subprocess.run(["pdftotext", str(saved), "-"], capture_output=True, text=True).stdout
    assert "一次性告知单" in text and "2. 婚姻状况证明" in text
    assert errors == []


def test_screenshots_of_the_new_tabs_at_1920_by_1080_in_chinese(
    qtbot: Any,
    chinese: None,
    engine: QueueEngine,
    server: HallServer,
    clock: ManualClock,
    console: AdminConsole,
) -> None:
    """A hall with a roster, leave, duty windows, patrols, grounds, notices and complaints;
    each new tab drawn at full HD with no refusal."""
    run = lambda op, **args: server.table.run(server.hall, SUPERVISOR, op, args)  # noqa: E731
    for window, a, b in ((1, "1001", "1009"), (2, "1002", "1010"), (3, "1003", "1009")):
        run("roster_set", window=window, start="2026-11-23", end="2026-12-31", staff_a=a,
            staff_b=b)  # fmt: skip
    run("leave_record", staff_no="1001", kind="sick", start="2026-11-24T00:00",
        end="2026-11-24T23:59", reason="发热就医")  # fmt: skip
    run("leave_decide", id=1, approve=True, note="同意")
    run("leave_record", staff_no="1003", kind="annual", start="2026-11-26T00:00",
        end="2026-11-27T23:59", reason="年休假")  # fmt: skip
    run("duty_roster_set", month="2026-11", windows=[5, 6, 7, 8])
    for at, window, seen in (("2026-11-20T10:00", 5, "未发现问题"),
                             ("2026-11-20T15:00", 6, "8号窗口人员串岗，已提醒"),
                             ("2026-11-23T09:00", 5, "未发现问题")):  # fmt: skip
        run("patrol_record", duty_window=window, findings=seen, at=at)
    run("ground_record", staff_no="1003", ground="bribery", day="2026-11-20",
        note="向申请人索要购物卡", evidence="监控录像 11-20 10:42；举报信第 7 号")  # fmt: skip
    run("inspection_record", findings="暗访发现窗口人员玩手机", kind="unannounced",
        inspector="市督查室", window=4, staff_no="1004", criticism=True)  # fmt: skip
    for day in ("2026-11-05", "2026-11-18"):
        run("notice_failure_record", staff_no="1002", day=day, note="漏告知户口簿复印件",
            evidence="群众来电")  # fmt: skip
    run("complaint_register", kind="suggestion", content="建议增加自助复印机",
        promised_on="2026-11-30", important=True)  # fmt: skip
    run("complaint_register", kind="complaint", content="承诺3天办结未办结", window=5,
        staff_no="1005", overdue_promise=True)  # fmt: skip
    engine.sign_in(2, "1002")
    engine.issue_ticket("C")
    engine.call_next(2)
    engine.finish(2, "incomplete", "", missing=["购房合同原件", "婚姻状况证明", "身份证复印件"])

    errors = as_supervisor(qtbot, console)
    console.resize(1920, 1080)
    pages: list[tuple[str, Any]] = [
        ("roster", lambda t: len(t.duties.rows) > 10),
        ("leave", lambda t: len(t.table.rows) == 2),
        ("duty", lambda t: len(t.patrols.rows) == 3),
        ("grounds", lambda t: len(t.clerks.rows) == 3 and len(t.grounds.rows) > 0),
        ("notices", lambda t: len(t.notices.rows) == 1 and len(t.failures.rows) == 2),
        ("complaints", lambda t: len(t.stats.rows) == 4 and len(t.table.rows) == 2),
        ("attendance", lambda t: len(t.inspections.rows) == 1),
    ]
    for key, ready in pages:
        tab = console.show_tab(key)
        qtbot.waitUntil(lambda tab=tab, ready=ready: ready(tab), timeout=WAIT)  # type: ignore[misc]
        if key == "notices":
            tab.notices.selectRow(0)
        if key == "leave":
            tab.table.selectRow(1)
        shot(qtbot, console, f"admin_{key}")
    assert console.grab().size().toTuple() == (1920, 1080)
    assert errors == []
