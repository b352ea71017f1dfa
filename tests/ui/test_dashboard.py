"""The supervisor's dashboard, the console's first tab, against a real hall server on
127.0.0.1: the figures, the charts' data (what they draw), the alarms, kept live by the hall's
events; screenshots at the console's sizes (screenshots/, git-ignored: look at them)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCharts import QBarSeries, QHorizontalBarSeries, QLineSeries, QPieSeries

import tests.ui.test_admin as admin_tests
from app.appraisal.followups import sync_follow_ups
from app.appraisal.settings import DEFAULT_SETTINGS
from app.hall.caller import Caller, Role
from app.net.server import HallServer
from app.queue import ManualClock, QueueEngine
from app.ui.admin.console import AdminConsole
from app.ui.admin.dashboard import DashboardTab
from tests.ui.test_admin import WAIT, logged_in, shot
from tests.visitor import rate

pytestmark = pytest.mark.timeout(120)
server, console, chinese = admin_tests.server, admin_tests.console, admin_tests.chinese


def past_mondays(engine: QueueEngine, clock: ManualClock, weeks: int) -> None:
    """Earlier Mondays: window 1 serves 3 tickets at 9:00 and 2 at 10:00, each rated."""
    for week in range(weeks, 0, -1):
        day = dt.date(2026, 11, 23) - dt.timedelta(weeks=week)
        clock.set(dt.datetime.combine(day, dt.time(8, 20)))
        engine.sign_in(1, "1001")
        for hour, count in ((9, 3), (10, 2)):
            for n in range(count):
                clock.set(dt.datetime.combine(day, dt.time(hour, 5 + n)))
                ticket = engine.issue_ticket("A").ticket
                engine.call_next(1)
                engine.finish(1, "done")
                rate(engine, ticket.id, 5 if n else 4)
    clock.set(dt.datetime(2026, 11, 23, 8, 20))


@pytest.fixture
def morning(engine: QueueEngine, clock: ManualClock) -> QueueEngine:
    """Two earlier Mondays, then this Monday morning: clerks at windows 1–4, a case finished
    and rated 差评, tickets waiting, window 4 paused."""
    past_mondays(engine, clock, 2)
    for window, staff in ((1, "1001"), (2, "1002"), (3, "1003"), (4, "1004")):
        engine.sign_in(window, staff)
    clock.set(dt.datetime(2026, 11, 23, 9, 0))
    for code in "AABBCDAE":
        engine.issue_ticket(code)
    first = engine.call_next(1)
    engine.start(1)
    engine.finish(1, "done")
    rate(engine, first.id, 1)
    with engine.db.write() as conn:
        sync_follow_ups(conn, DEFAULT_SETTINGS)
    engine.call_next(3)
    engine.start(3)
    engine.call_next(2)
    engine.pause(4, "meeting", "")
    clock.set(dt.datetime(2026, 11, 23, 9, 35))
    return engine


def values(series: Any) -> list[list[float]]:
    return [[s.at(i) for i in range(s.count())] for s in series.barSets()]


def test_the_dashboard_is_the_first_tab_and_shows_the_morning(
    qtbot: Any,
    chinese: None,
    morning: QueueEngine,
    server: HallServer,
    console: AdminConsole,
) -> None:
    logged_in(qtbot, console)
    assert console.tabs is not None and console.tabs.currentIndex() == 0
    dash = console.pages["dashboard"]
    assert isinstance(dash, DashboardTab) and console.tabs.widget(0) is dash
    qtbot.waitUntil(lambda: dash.tiles["waiting"].value.text() == "5", timeout=WAIT)
    assert dash.tiles["waiting"].detail.text() == "最长 35 分钟（A003）"
    assert dash.tiles["windows"].value.text() == "2 / 4"  # serving or calling, of staffed
    qtbot.waitUntil(lambda: dash.tiles["today"].value.text() == "8", timeout=WAIT)
    assert dash.tiles["satisfaction"].value.text() == "0.0%"
    assert dash.tiles["month"].value.text() == "90.9%"  # 10 of the 11 rated
    bars = next(s for s in dash.hours.chart().series() if isinstance(s, QBarSeries))
    arrivals, calls = values(bars)
    hours = [h["hour"] for h in dash.day["hours"]]
    assert arrivals[hours.index(9)] == 8 and calls[hours.index(9)] == 3
    averages = [s for s in dash.hours.chart().series() if isinstance(s, QLineSeries)]
    assert [s.at(hours.index(9)).y() for s in averages] == [3.0, 3.0]  # two Mondays, 3 each
    assert "前 2 个星期一" in dash.hours.chart().title()
    waiting = next(s for s in dash.waiting.chart().series() if isinstance(s, QHorizontalBarSeries))
    assert sum(values(waiting)[0]) == 5
    ring = dash.windows.chart().series()[0]
    assert isinstance(ring, QPieSeries)
    assert sorted(piece.label() for piece in ring.slices()) == sorted(
        ["服务中 1", "呼叫中 1", "空闲 1", "暂停 1", "未上岗 4"]
    )
    alarms = [dash.alarm_list.item(i).text() for i in range(dash.alarm_list.count())]
    assert any("A003" in line and "35 分钟" in line for line in alarms)
    assert not any("回访" in line for line in alarms)  # the follow-up is not due for weeks
    shot(qtbot, console, "dashboard_1400x860")
    for width, height in ((1920, 1080), (1366, 768)):
        console.resize(width, height)
        shot(qtbot, console, f"dashboard_{width}x{height}")


def test_the_dashboard_follows_the_hall_and_its_alarms(
    qtbot: Any,
    chinese: None,
    morning: QueueEngine,
    server: HallServer,
    console: AdminConsole,
    clock: ManualClock,
) -> None:
    logged_in(qtbot, console)
    dash = console.pages["dashboard"]
    assert isinstance(dash, DashboardTab)
    qtbot.waitUntil(lambda: dash.tiles["waiting"].value.text() == "5", timeout=WAIT)
    morning.finish(3, "done")
    morning.call_next(3)  # a call: the dashboard hears it
    qtbot.waitUntil(lambda: dash.tiles["waiting"].value.text() == "4", timeout=WAIT)
    window_2 = Caller(Role.COUNTER, "window-2", 2, "1002")
    server.table.run(server.hall, window_2, "device_status", {"online": False})
    morning.log_rating_anomaly("too_fast", 3, path="bus")
    server.hall.alarms.set("storage", {"code": "storage_lost", "zh": "数据库文件丢失", "en": "x"})

    def lines() -> list[str]:
        return [dash.alarm_list.item(i).text() for i in range(dash.alarm_list.count())]

    qtbot.waitUntil(lambda: any("数据库文件丢失" in line for line in lines()), timeout=WAIT)
    qtbot.waitUntil(lambda: any("2 号窗口评价器" in line for line in lines()), timeout=WAIT)
    qtbot.waitUntil(lambda: any("评价异常" in line for line in lines()), timeout=WAIT)
    assert lines()[0].startswith("大厅告警")  # the gravest first
    clock.set(dt.datetime(2026, 12, 11, 9, 0))  # three working days before the deadline
    dash.refresh_now()
    qtbot.waitUntil(lambda: any("差评回访 A001" in line for line in lines()), timeout=WAIT)
    assert dash.tiles["alarms"].property("alarm") is True


def test_the_console_remembers_its_size_and_place(qtbot: Any, tmp_path: Path) -> None:
    """Not maximised by a window manager: a sensible share of the screen, then the last
    geometry the console was closed with."""
    from app.ui.launch import restore_geometry, save_geometry

    store = tmp_path / "geometry.ini"
    first = AdminConsole(lambda no, pw: None)  # type: ignore[arg-type, return-value]
    qtbot.addWidget(first)
    restore_geometry(first, "admin", store)
    screen = first.screen().availableGeometry()
    assert first.width() >= screen.width() * 0.8 and first.height() >= screen.height() * 0.8
    size = (screen.width() // 2 + 11, screen.height() // 2 + 7)
    first.setGeometry(screen.x() + 40, screen.y() + 30, *size)
    save_geometry(first, "admin", store)
    again = AdminConsole(lambda no, pw: None)  # type: ignore[arg-type, return-value]
    qtbot.addWidget(again)
    assert restore_geometry(again, "admin", store)
    assert (again.width(), again.height()) == size
