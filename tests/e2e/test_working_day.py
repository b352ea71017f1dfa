"""A morning at the one-PC hall (`python -m app`: the server on 127.0.0.1, the kiosk, window 1's
workstation with its simulated keypad, the lobby display) and the supervisor's console, all on
a real X server and driven as people drive them: a visitor clicks a service on the kiosk; the
clerk types the login, signs in with F10, calls with F1, finishes one case with F5 F4 1 and
another by clicking 办结 and pressing 1; the visitors rate on the keypad (a click, a key); the
display shows the call; the dashboard shows the cases. Each step is checked on the screen or
in the database file."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from app.config import Config
from app.ui.admin.console import AdminConsole
from app.ui.admin.dashboard import DashboardTab
from app.ui.admin.language import use_language
from app.ui.launch import EmbeddedParts
from tests.e2e.conftest import STEP_S, Person, grab, wait_for

pytestmark = pytest.mark.timeout(180)
WAIT = STEP_S * 1000
PLACES = {  # on the 3840×2160 X screen, side by side (no window manager stacks them)
    "kiosk": (0, 0, 1080, 1920),
    "station": (1090, 0, 1366, 768),
    "keypad": (2470, 0, 640, 200),
    "display": (1090, 790, 1280, 720),
    "console": (2380, 790, 1440, 900),
}


@pytest.fixture
def hall(qapp: QApplication, tmp_path: Path) -> Iterator[tuple[EmbeddedParts, AdminConsole]]:
    use_language(qapp, "zh_CN")
    parts = EmbeddedParts(Config(voice_backend="chime"), tmp_path)
    console = AdminConsole(lambda no, password: parts.hall.admin(no, password))
    widgets = {
        "kiosk": parts.kiosk,
        "station": parts.station,
        "keypad": parts.keypad_panel,
        "display": parts.display,
        "console": console,
    }
    for name, widget in widgets.items():
        widget.setGeometry(*PLACES[name])
        widget.show()
    yield parts, console
    console.close()
    parts.close()
    use_language(qapp, "en")


def rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    """What the hall's database file holds now (read by sqlite3 beside the server)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
        return list(conn.execute(sql))


def ticket(db: Path, number: int) -> tuple[Any, ...]:
    found = rows(db, f"SELECT state, outcome FROM tickets WHERE prefix = 'A' AND number = {number}")
    return found[0] if found else (None, None)


def test_a_morning_at_the_hall_driven_by_clicks_and_keys(
    qtbot: Any, person: Person, hall: tuple[EmbeddedParts, AdminConsole], tmp_path: Path
) -> None:
    parts, console = hall
    db = tmp_path / "hall.db"
    kiosk, station, display = parts.kiosk, parts.station, parts.display

    # A visitor takes a ticket, then a second visitor another, by touching 社保医保.
    qtbot.waitUntil(lambda: "A" in kiosk.buttons, timeout=WAIT)
    grab(kiosk, "e2e_kiosk_start_1080x1920")
    person.click(kiosk.buttons["A"])
    qtbot.waitUntil(lambda: kiosk.ticket_page.number.text() == "A001", timeout=WAIT)
    assert kiosk.ticket_page.number.isVisible()
    grab(kiosk, "e2e_kiosk_ticket_1080x1920")
    person.click(kiosk.ticket_page.done)
    qtbot.waitUntil(lambda: kiosk.buttons["A"].isVisible(), timeout=WAIT)
    person.click(kiosk.buttons["A"])
    qtbot.waitUntil(lambda: kiosk.ticket_page.number.text() == "A002", timeout=WAIT)
    assert rows(db, "SELECT prefix || printf('%03d', number) FROM tickets ORDER BY id") == [
        ("A001",),
        ("A002",),
    ]

    # The clerk types the login; the header names the clerk without empty brackets.
    person.click(station.login.staff_no)
    person.at(station)
    person.type("1001")
    person.key("Return")
    person.type("123456")
    person.key("Return")
    qtbot.waitUntil(lambda: station.desk is not None and station.desk.isVisible(), timeout=WAIT)
    desk = station.desk
    assert desk is not None
    qtbot.waitUntil(lambda: desk.clerk.text() == "王芳（1001）", timeout=WAIT)
    person.at(station)
    person.keystrokes = 0
    person.key("F10")  # sign in
    wait_for(lambda: rows(db, "SELECT count(*) FROM staff_sessions") == [(1,)], "signed in")
    qtbot.waitUntil(lambda: desk.buttons["call_next"].isEnabled(), timeout=WAIT)
    grab(station, "e2e_desk_signed_in_1366x768")

    # Case 1: F1 calls, the display shows it; F5 starts, F4 1 finishes as 办结.
    person.keystrokes = 0
    person.key("F1")
    qtbot.waitUntil(lambda: desk.number.text() == "A001", timeout=WAIT)
    qtbot.waitUntil(lambda: "A001" in display.latest_number.text(), timeout=WAIT)
    assert display.latest_number.isVisible() and "1" in display.latest_window.text()
    wait_for(lambda: ticket(db, 1)[0] == "called", "A001 called")
    grab(display, "e2e_display_call_1280x720")
    qtbot.waitUntil(lambda: desk.buttons["start"].isEnabled(), timeout=WAIT)
    person.key("F5")
    wait_for(lambda: ticket(db, 1)[0] == "serving", "A001 started")
    person.key("F4", "1")
    wait_for(lambda: ticket(db, 1) == ("finished", "done"), "A001 finished as 办结")
    case_keys = person.keystrokes
    qtbot.waitUntil(lambda: "A001" in desk.rating.text(), timeout=WAIT)
    grab(station, "e2e_desk_rating_asked_1366x768")

    # The visitor reads the keypad (a key within 0.6 s of the request is flagged as faster
    # than a person), then clicks 非常满意.
    qtbot.wait(900)
    person.click(parts.keypad_panel.buttons[5])
    wait_for(lambda: rows(db, "SELECT level FROM ratings") == [(5,)], "A001 rated 5")
    qtbot.waitUntil(lambda: "非常满意" in desk.rating.text(), timeout=WAIT)

    # Case 2: F1, then the mouse on 办结 and the key 1 (the click leaves no text field focused).
    qtbot.waitUntil(lambda: desk.buttons["call_next"].isEnabled(), timeout=WAIT)
    person.at(station)
    person.key("F1")
    qtbot.waitUntil(lambda: desk.number.text() == "A002", timeout=WAIT)
    qtbot.waitUntil(lambda: desk.buttons["finish"].isEnabled(), timeout=WAIT)
    person.click(desk.buttons["finish"])
    qtbot.waitUntil(lambda: desk.finish_panel.isVisible(), timeout=WAIT)
    grab(station, "e2e_desk_finish_panel_1366x768")
    person.at(station)
    person.key("1")
    wait_for(lambda: ticket(db, 2) == ("finished", "done"), "A002 finished by click and 1")
    qtbot.waitUntil(lambda: "A002" in desk.rating.text(), timeout=WAIT)
    person.at(parts.keypad_panel)
    qtbot.wait(900)
    person.key("4")  # the keypad's own key: 满意
    wait_for(lambda: rows(db, "SELECT level FROM ratings ORDER BY id") == [(5,), (4,)], "rated 4")

    # Case 3: the 办件编号 scanned at the finish (Tab, Tab, the scanner types the digits and
    # Enter), then 1: the digits land in the field, not on the outcome buttons.
    person.click(kiosk.ticket_page.done)
    qtbot.waitUntil(lambda: kiosk.buttons["A"].isVisible(), timeout=WAIT)
    person.click(kiosk.buttons["A"])
    qtbot.waitUntil(lambda: kiosk.ticket_page.number.text() == "A003", timeout=WAIT)
    qtbot.waitUntil(lambda: desk.buttons["call_next"].isEnabled(), timeout=WAIT)
    person.at(station)
    person.key("F1")
    qtbot.waitUntil(lambda: desk.number.text() == "A003", timeout=WAIT)
    qtbot.waitUntil(lambda: desk.buttons["finish"].isEnabled(), timeout=WAIT)
    person.key("F4", "Tab", "Tab")
    person.type("370102202611300003")
    person.key("Return")
    assert ticket(db, 3)[0] == "called"  # the scanner's Enter finished nothing
    person.key("1")
    wait_for(lambda: ticket(db, 3) == ("finished", "done"), "A003 finished as 办结")
    case_no = rows(db, "SELECT case_no FROM tickets WHERE prefix = 'A' AND number = 3")
    assert case_no == [("370102202611300003",)]
    qtbot.waitUntil(lambda: "A003" in desk.rating.text(), timeout=WAIT)
    person.at(parts.keypad_panel)
    qtbot.wait(900)
    person.key("5")
    wait_for(lambda: len(rows(db, "SELECT level FROM ratings")) == 3, "A003 rated")

    # The supervisor logs in; the dashboard shows the morning.
    person.click(console.login.staff_no)
    person.at(console)
    person.type("admin")
    person.key("Return")
    person.type("admin123")
    person.key("Return")
    qtbot.waitUntil(lambda: console.tabs is not None, timeout=WAIT)
    dash = console.pages["dashboard"]
    assert isinstance(dash, DashboardTab) and dash.isVisible()
    qtbot.waitUntil(lambda: dash.tiles["today"].value.text() == "3", timeout=WAIT)
    qtbot.waitUntil(lambda: dash.tiles["satisfaction"].value.text() == "100.0%", timeout=WAIT)
    assert dash.tiles["today"].detail.text() == "已叫号 3"
    assert dash.tiles["satisfaction"].detail.text() == "3 条评价 · 差评 0"
    qtbot.waitUntil(lambda: dash.tiles["waiting"].value.text() == "0", timeout=WAIT)
    assert dash.tiles["alarms"].value.text() == "0"  # nobody waits long, nothing offline
    assert dash.alarm_list.item(0).text() == "无告警，一切正常"
    grab(console, "e2e_dashboard_1440x900")
    grab(station, "e2e_desk_after_three_cases_1366x768")
    print(f"clerk keystrokes for a full case (F1 call, F5 start, F4 1 办结): {case_keys}")
    assert case_keys == 4
