"""The admin console against a real hall server on 127.0.0.1: login (the demo admin; a
supervisor may appraise but not configure; a clerk is refused), the live monitor, a
configuration change applied and audited, reports with progress, languages.

Real sockets rather than the loopback: the console is its own program on a LAN PC, and its
login (the password checked on the server's login thread, auth_failed over the wire) and its
large replies (report files) are part of what is tested."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication
from sqlalchemy import select, update

from app.composition import build_hall
from app.config import Config, Tokens
from app.hall.caller import Caller, Role
from app.hall.report_jobs import ReportJobs
from app.hall.table import build_table
from app.models import AuditLog, Staff
from app.models.outbox import PROVINCE, OutboxItem
from app.models.passwords import hash_password
from app.models.staff_config import save_staff, set_own_password
from app.models.window_config import list_windows
from app.net.client import HallClient
from app.net.server import HallServer
from app.outbox.items import REJECTED, enable
from app.queue import ManualClock, QueueEngine
from app.ui.admin.common import ALERT
from app.ui.admin.complaints_tab import ComplaintsTab
from app.ui.admin.config_tabs import StaffTab, WindowsTab
from app.ui.admin.console import AdminConsole
from app.ui.admin.language import use_language
from app.ui.admin.monitor import MonitorTab
from app.ui.admin.ops_tabs import ReportsTab
from app.ui.admin.ranking_tab import AppraisalTab
from app.ui.resources import i18n_dir
from tests.ui.conftest import colour_spread, screenshot
from tests.ui.table_client import ADMIN_TOKEN
from tests.ui.test_i18n import LUPDATE, messages
from tests.visitor import rate

pytestmark = pytest.mark.timeout(90)
WAIT = 10_000


@pytest.fixture
def server(engine: QueueEngine, tmp_path: Path) -> Iterator[HallServer]:
    settings = Config(hall_name="测试大厅", reports_dir=str(tmp_path / "server-reports"),
                      tokens=Tokens(admin={"supervisor-pc": ADMIN_TOKEN}))  # fmt: skip
    reports = ReportJobs(engine.db, settings.resolved_reports_dir())
    hub = HallServer(build_hall(engine, settings, reports=reports), build_table(check_results=True))
    hub.listen("127.0.0.1", 0)
    yield hub
    hub.close()
    reports.close()


@pytest.fixture
def chinese(qapp: QApplication) -> Iterator[None]:
    use_language(qapp, "zh_CN")
    yield
    use_language(qapp, "en")


@pytest.fixture
def console(
    qtbot: Any, server: HallServer, clock: ManualClock, tmp_path: Path
) -> Iterator[AdminConsole]:
    def connect(staff_no: str, password: str) -> HallClient:
        credential = {"token": ADMIN_TOKEN, "staff_no": staff_no, "password": password}
        return HallClient(f"ws://127.0.0.1:{server.port}", "admin", credential)

    made = AdminConsole(connect, reports_folder=tmp_path / "saved", now=clock.now)
    qtbot.addWidget(made)
    made.resize(1400, 860)
    made.show()
    qtbot.waitExposed(made)
    yield made
    made.close()


@pytest.fixture
def busy_hall(engine: QueueEngine, clock: ManualClock) -> QueueEngine:
    for window, staff in ((1, "1001"), (2, "1002"), (3, "1003")):
        engine.sign_in(window, staff)
    for code in "AAABBCDAEF":
        engine.issue_ticket(code)
    engine.call_next(1)
    engine.call_next(3)
    clock.advance(minutes=2)
    engine.start(1)
    engine.pause(2, "meeting")
    clock.advance(minutes=40)  # the tickets still waiting have waited 42 minutes
    return engine


def log_in(
    qtbot: Any, console: AdminConsole, staff_no: str = "admin", pw: str = "admin123"
) -> None:
    console.login.staff_no.setText(staff_no)
    console.login.password.setText(pw)
    console.login.button.click()


def logged_in(qtbot: Any, console: AdminConsole) -> None:
    """Logged in as the demo hall's administrator (the console's role admin)."""
    log_in(qtbot, console)
    qtbot.waitUntil(lambda: console.tabs is not None, timeout=WAIT)
    assert console.client is not None and console.client.welcome["role"] == "admin"  # type: ignore[attr-defined]


def shot(qtbot: Any, console: AdminConsole, name: str) -> None:
    qtbot.wait(100)
    image = screenshot(console, name)
    colours, share = colour_spread(image)
    assert colours > 20, f"{name}: only {colours} colours; blank?"
    assert share > 0.05, f"{name}: almost all background"


def test_the_console_shows_the_live_hall_and_saves_a_windows_priority_order(
    qtbot: Any,
    chinese: None,
    busy_hall: QueueEngine,
    server: HallServer,
    console: AdminConsole,
) -> None:
    logged_in(qtbot, console)
    monitor = console.pages["monitor"]
    assert isinstance(monitor, MonitorTab)
    qtbot.waitUntil(lambda: monitor.windows.rowCount() == 8, timeout=WAIT)
    states = {row["number"]: row["state_text"] for row in monitor.windows.rows}
    assert (states[1], states[2], states[3], states[4]) == (
        "办理中",
        "暂停（会议）",
        "呼叫中",
        "未签到",
    )
    assert monitor.windows.rows[0]["current_number"] == "A001"
    assert monitor.windows.rows[0]["timer"] == "40:00"  # since the case started
    qtbot.waitUntil(lambda: len(monitor.long_waits) == 8, timeout=WAIT)
    assert monitor.long_waits[0]["waited_min"] == 42
    assert monitor.windows.rows[2]["current_number"] == "B001"
    busy_hall.no_show(3)
    busy_hall.call_next(3)  # a new call reaches the monitor through the hall's events
    qtbot.waitUntil(lambda: monitor.windows.rows[2]["current_number"] == "B002", timeout=WAIT)
    assert "B002" not in [t["number"] for t in monitor.long_waits]  # called: not waiting
    window_1 = Caller(Role.COUNTER, "window-1", 1, "1001")
    server.table.run(server.hall, window_1, "device_status", {"online": False})  # its keypad
    qtbot.waitUntil(lambda: len(monitor.device_table.rows) == 1, timeout=WAIT)
    assert monitor.device_table.rows[0]["online_text"] == "离线"
    shot(qtbot, console, "admin_monitor")

    windows = console.show_tab("windows")
    assert isinstance(windows, WindowsTab)
    qtbot.waitUntil(lambda: windows.table.rowCount() == 8, timeout=WAIT)
    windows.table.selectRow(0)
    assert windows.codes() == ["A", "F"]
    windows.priority.setCurrentRow(1)
    windows.move_service(-1)
    assert windows.codes() == ["F", "A"]
    windows.save()
    qtbot.waitUntil(lambda: console.message.isVisible(), timeout=WAIT)
    assert "已保存" in console.message.text()
    with busy_hall.db.read() as conn:
        row = conn.execute(select(AuditLog)).one()
    assert (row.actor, row.action, row.target) == ("admin", "window_update", "window:1")
    assert row.after["services"] == ["F", "A"]
    qtbot.waitUntil(lambda: windows.table.rows[0]["services"] == ["F", "A"], timeout=WAIT)
    shot(qtbot, console, "admin_windows")


def test_a_refused_change_is_shown_in_the_one_message_bar(
    qtbot: Any, chinese: None, console: AdminConsole
) -> None:
    logged_in(qtbot, console)
    windows = console.show_tab("windows")
    assert isinstance(windows, WindowsTab)
    qtbot.waitUntil(lambda: windows.table.rowCount() == 8, timeout=WAIT)
    windows.table.selectRow(1)
    windows.set_codes([])
    windows.save()
    qtbot.waitUntil(lambda: console.message.isVisible(), timeout=WAIT)
    assert console.message.text() == "启用的窗口至少要办理一个事项"


def test_a_clerk_cannot_log_in_to_the_console(
    qtbot: Any, chinese: None, console: AdminConsole
) -> None:
    log_in(qtbot, console, "1001", "123456")
    qtbot.waitUntil(lambda: console.login.message.isVisible(), timeout=WAIT)
    # the same words as a wrong password: the answer does not tell which numbers exist
    assert console.login.message.text() == "工号或密码错误"
    assert console.tabs is None
    log_in(qtbot, console, "admin", "wrong-password")
    qtbot.waitUntil(lambda: "密码错误" in console.login.message.text(), timeout=WAIT)


def test_a_report_is_made_on_the_server_with_progress_and_saved_here(
    qtbot: Any, console: AdminConsole, busy_hall: QueueEngine, tmp_path: Path
) -> None:
    logged_in(qtbot, console)
    reports = console.show_tab("reports")
    assert isinstance(reports, ReportsTab)
    reports.make()
    assert not reports.start_button.isEnabled()
    qtbot.waitUntil(lambda: reports.start_button.isEnabled(), timeout=30_000)
    assert reports.progress.value() == 1000
    saved = sorted(p.name for p in (tmp_path / "saved").iterdir())
    assert saved == ["daily-2026-11-23.pdf", "daily-2026-11-23.xlsx"]
    assert (tmp_path / "saved" / saved[0]).read_bytes().startswith(b"%PDF")


def test_english_can_be_chosen_at_login(qtbot: Any, chinese: None, console: AdminConsole) -> None:
    assert console.login.button.text() == "登录"
    console.login.language.setCurrentIndex(console.login.language.findData("en"))
    assert console.login.button.text() == "Log in"
    console.login.language.setCurrentIndex(console.login.language.findData("zh_CN"))
    assert console.login.button.text() == "登录"


def test_every_string_of_the_console_has_a_chinese_translation(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    admin = Path(__file__).parents[2] / "app" / "ui" / "admin"
    sources = sorted(str(p) for p in admin.glob("*.py"))
    subprocess.run([str(LUPDATE), *sources, "-ts", str(fresh)], check=True, capture_output=True)
    catalog = i18n_dir() / "hallqueue_admin_zh_CN.ts"
    shipped = messages(catalog)
    missing = [key for key in messages(fresh) if not shipped.get(key)]
    assert missing == [], "run resources/i18n/update.sh and translate these"
    assert (i18n_dir() / "hallqueue_admin_zh_CN.qm").stat().st_mtime >= catalog.stat().st_mtime - 1
    assert sys.executable  # lupdate comes from this interpreter's environment


def test_every_tab_loads_without_a_refusal_and_a_complaint_is_registered(
    qtbot: Any, busy_hall: QueueEngine, console: AdminConsole
) -> None:
    logged_in(qtbot, console)
    errors: list[str] = []
    assert console.api is not None
    console.api.error.connect(errors.append)
    for key in console.pages:
        console.show_tab(key)
        qtbot.wait(150)
    appraisal = console.pages["appraisal"]
    assert isinstance(appraisal, AppraisalTab)
    qtbot.waitUntil(lambda: appraisal.windows.rowCount() == 3, timeout=WAIT)  # staffed ones
    assert [r["label"] for r in appraisal.windows.rows] == ["1号窗口", "2号窗口", "3号窗口"]
    assert errors == []
    complaints = console.show_tab("complaints")
    assert isinstance(complaints, ComplaintsTab)
    complaints.content.setPlainText("等候时间太长")
    complaints.window_no.setValue(3)
    complaints.register()
    qtbot.waitUntil(lambda: complaints.table.rowCount() == 1, timeout=WAIT)
    assert complaints.table.rows[0]["window_no"] == 3
    assert complaints.table.rows[0]["kind_zh"] == "投诉"
    assert errors == []


def test_the_admin_command_runs_the_console() -> None:
    from app.__main__ import build_parser
    from app.cli.roles import cmd_admin

    assert build_parser().parse_args(["admin"]).handler is cmd_admin


def test_a_staff_photo_is_scaled_sent_and_shown_and_a_password_reset(
    qtbot: Any, engine: QueueEngine, console: AdminConsole
) -> None:
    logged_in(qtbot, console)
    staff = console.show_tab("staff")
    assert isinstance(staff, StaffTab)
    with engine.db.read() as conn:
        everyone = len(conn.execute(select(Staff.id)).all())
    qtbot.waitUntil(lambda: staff.table.rowCount() == everyone, timeout=WAIT)
    staff.table.selectRow(1)
    image = QImage(1200, 1600, QImage.Format.Format_RGB32)
    image.fill(QColor("#3366aa"))
    staff.set_photo(image)
    staff.save()
    qtbot.waitUntil(lambda: bool(staff.table.rows[1].get("has_photo")), timeout=WAIT)
    with engine.db.read() as conn:
        photo = conn.scalar(select(Staff.photo).where(Staff.staff_no == "1002"))
    assert photo is not None and photo.startswith(b"\xff\xd8\xff")
    assert QImage.fromData(photo).size().toTuple() == (240, 320)
    staff.table.selectRow(1)
    qtbot.waitUntil(lambda: staff.photo_label.pixmap() is not None
                    and not staff.photo_label.pixmap().isNull(), timeout=WAIT)  # fmt: skip
    staff.reset_password("fresh-secret")
    qtbot.waitUntil(lambda: "Password reset for" in console.message.text(), timeout=WAIT)
    with engine.db.read() as conn:
        actions = list(conn.scalars(select(AuditLog.action).order_by(AuditLog.id)))
    assert actions == ["staff_update", "staff_password_reset"]


def test_a_supervisor_appraises_and_reads_the_configuration_but_may_not_change_it(
    qtbot: Any, chinese: None, busy_hall: QueueEngine, console: AdminConsole
) -> None:
    """Every tab loads for a supervisor and a complaint is registered; saving a window is
    refused by the server and the message bar says so plainly; nothing is changed."""
    with busy_hall.db.write() as conn:
        save_staff(conn, {"staff_no": "9001", "name": "赵主管", "role": "supervisor",
                          "password": "supervisor-pw"})  # fmt: skip
        # as if already changed at a first login (the forced change: test_lan_screens.py)
        set_own_password(conn, "9001", hash_password("supervisor-pw"))
    log_in(qtbot, console, "9001", "supervisor-pw")
    qtbot.waitUntil(lambda: console.tabs is not None, timeout=WAIT)
    assert console.client is not None and console.client.welcome["role"] == "supervisor"  # type: ignore[attr-defined]
    assert console.api is not None
    errors: list[str] = []
    console.api.error.connect(errors.append)
    for key in console.pages:
        console.show_tab(key)
        qtbot.wait(150)
    complaints = console.show_tab("complaints")
    assert isinstance(complaints, ComplaintsTab)
    complaints.content.setPlainText("窗口人员态度生硬")
    complaints.window_no.setValue(1)
    complaints.register()
    qtbot.waitUntil(lambda: complaints.table.rowCount() == 1, timeout=WAIT)
    assert errors == []

    windows = console.show_tab("windows")
    assert isinstance(windows, WindowsTab)
    qtbot.waitUntil(lambda: windows.table.rowCount() == 8, timeout=WAIT)
    windows.table.selectRow(0)
    windows.priority.setCurrentRow(1)
    windows.move_service(-1)
    windows.save()
    qtbot.waitUntil(lambda: bool(errors), timeout=WAIT)
    assert errors == ["当前登录（主管）无权执行此操作，请联系管理员。"]
    assert console.message.text() == errors[0]
    with busy_hall.db.read() as conn:
        assert list_windows(conn)[0]["services"] == ["A", "F"]
        actions = list(conn.scalars(select(AuditLog.action)))
    assert "window_update" not in actions


def test_a_request_asked_after_the_console_closed_is_dropped_quietly(
    qtbot: Any, server: HallServer, clock: ManualClock, tmp_path: Path
) -> None:
    """A tab's timer may still ask after the console closed: its "offline" answer comes when
    the console is gone and must not raise (nothing is logged as an error)."""

    def connect(staff_no: str, password: str) -> HallClient:
        credential = {"token": ADMIN_TOKEN, "staff_no": staff_no, "password": password}
        return HallClient(f"ws://127.0.0.1:{server.port}", "admin", credential)

    console = AdminConsole(connect, reports_folder=tmp_path, now=clock.now)
    logged_in(qtbot, console)
    api = console.api
    assert api is not None
    console.close()
    api.call("hall_state")  # answered "offline" on the next turn of the loop...
    shiboken6.delete(console)  # ...when the console and its Api are gone
    qtbot.wait(50)


def test_the_monitor_shows_the_uploads_and_tints_refused_records(
    qtbot: Any, chinese: None, engine: QueueEngine, console: AdminConsole
) -> None:
    """The 好差评 uplink off, then on with a rating waiting to go, then with a record the
    platform refused (tinted): what outbox_status says, in the supervisor's words."""
    logged_in(qtbot, console)
    monitor = console.show_tab("monitor")
    assert isinstance(monitor, MonitorTab)
    box = monitor.uploads
    qtbot.waitUntil(lambda: len(box.table.rows) == 2, timeout=WAIT)
    assert [r["state_text"] for r in box.table.rows] == ["未开启", "未开启"]
    enable(engine.db, PROVINCE, "https://hcp.example.gov.cn/api")
    engine.sign_in(1, "1001")
    engine.issue_ticket("A")
    engine.call_next(1)
    engine.clock.advance(seconds=3)  # type: ignore[attr-defined]
    rate(engine, engine.finish(1, "done").id, 5)
    box.refresh()
    qtbot.waitUntil(lambda: box.table.rows[0]["pending"] == 1, timeout=WAIT)
    row = box.table.rows[0]
    assert (row["label"], row["state_text"], row["rejected"]) == ("省好差评平台", "正常", 0)
    assert box.table.item(0, 0).background().color() != ALERT
    with engine.db.write() as conn:
        conn.execute(update(OutboxItem).values(state=REJECTED, last_error="400 bad item"))
    box.refresh()
    qtbot.waitUntil(lambda: box.table.rows[0]["rejected"] == 1, timeout=WAIT)
    assert box.table.item(0, 0).background().color() == ALERT
