"""The console's holidays-and-hours tab edits the hall name, display notice and hours on a
real hall server: saved, audited, shown back; a refusal is shown in the message bar.
(Real sockets, as the console runs on its own PC: see test_admin.py.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTime
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from app.composition import build_hall
from app.config import Config, Tokens
from app.hall.table import build_table
from app.models import AuditLog
from app.net.client import HallClient
from app.net.server import HallServer
from app.queue import ManualClock, QueueEngine
from app.ui.admin.config_tabs import HolidaysTab
from app.ui.admin.console import AdminConsole
from app.ui.admin.language import use_language
from tests.ui.table_client import ADMIN_TOKEN

pytestmark = pytest.mark.timeout(90)
WAIT = 10_000


@pytest.fixture
def server(engine: QueueEngine, tmp_path: Path) -> Iterator[HallServer]:
    tokens = Tokens(admin={"supervisor-pc": ADMIN_TOKEN})
    hall = build_hall(engine, Config(hall_name="测试大厅", notice="测试通知", tokens=tokens))
    hub = HallServer(hall, build_table(check_results=True))
    hub.listen("127.0.0.1", 0)
    yield hub
    hub.close()


@pytest.fixture
def console(
    qtbot: Any, qapp: QApplication, server: HallServer, clock: ManualClock, tmp_path: Path
) -> Iterator[AdminConsole]:
    def connect(staff_no: str, password: str) -> HallClient:
        credential = {"token": ADMIN_TOKEN, "staff_no": staff_no, "password": password}
        return HallClient(f"ws://127.0.0.1:{server.port}", "admin", credential)

    use_language(qapp, "zh_CN")
    made = AdminConsole(connect, reports_folder=tmp_path / "saved", now=clock.now)
    qtbot.addWidget(made)
    made.show()
    qtbot.waitExposed(made)
    made.login.staff_no.setText("admin")
    made.login.password.setText("admin123")
    made.login.button.click()
    qtbot.waitUntil(lambda: made.tabs is not None, timeout=WAIT)
    yield made
    made.close()
    use_language(qapp, "en")


def hours_tab(qtbot: Any, console: AdminConsole) -> HolidaysTab:
    tab = console.show_tab("holidays")
    assert isinstance(tab, HolidaysTab)
    qtbot.waitUntil(lambda: tab.hall.hall_name.text() == "测试大厅", timeout=WAIT)
    return tab


def test_the_tab_saves_notice_name_and_hours_and_the_server_audits_them(
    qtbot: Any, console: AdminConsole, engine: QueueEngine
) -> None:
    tab = hours_tab(qtbot, console)
    box = tab.hall
    assert box.notice.toPlainText() == "测试通知"
    assert box.open_at.time() == QTime(8, 30) and box.close_at.time() == QTime(17, 30)
    box.notice.setPlainText("午间 12:00–13:00 由 1、5 号窗口值班")
    box.hall_name.setText("新区政务服务中心")
    box.close_at.setTime(QTime(17, 0))
    box.save_button.click()
    qtbot.waitUntil(lambda: console.message.text() == "大厅设置已保存。", timeout=WAIT)
    with engine.db.read() as conn:
        row = conn.execute(select(AuditLog)).one()
    assert (row.actor, row.action, row.target) == ("admin", "hall_settings_update", "hall:settings")
    assert row.after == {
        "hall_name": "新区政务服务中心",
        "notice": "午间 12:00–13:00 由 1、5 号窗口值班",
        "open_at": "08:30",
        "close_at": "17:00",
    }
    qtbot.waitUntil(lambda: "17:00" in tab.hall_info.text(), timeout=WAIT)


def test_a_closing_time_before_opening_is_refused_in_the_message_bar(
    qtbot: Any, console: AdminConsole, engine: QueueEngine
) -> None:
    box = hours_tab(qtbot, console).hall
    box.close_at.setTime(QTime(8, 0))
    box.save()
    qtbot.waitUntil(lambda: console.message.isVisible(), timeout=WAIT)
    assert console.message.text() == "开门时间应早于关门时间"
    with engine.db.read() as conn:
        assert conn.execute(select(AuditLog)).first() is None
