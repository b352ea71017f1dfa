"""Appointments on the screens, against the real command table: the desk offers the return
visit right after a 材料不齐 finish and books it; the console's 预约 tab books, lists with the
phone masked, and cancels. Screenshots in screenshots/ (git-ignored)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.models import Appointment
from app.queue import ManualClock, QueueEngine
from app.ui.admin.appointments_tab import AppointmentsTab
from app.ui.admin.common import Api
from app.ui.counter_desk import ClerkDesk
from tests.ui.conftest import ClientFactory, screenshot

WAIT = 5000


def test_the_desk_offers_and_books_the_return_visit_after_an_incomplete_case(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock, zh: None
) -> None:
    client = make_client("counter", window=1, staff_no="1001")
    desk = ClerkDesk(client, 1, now=clock.now)
    qtbot.addWidget(desk)
    engine.sign_in(1, "1001")
    engine.issue_ticket("A")
    engine.call_next(1)
    desk.refresh()
    qtbot.waitUntil(lambda: desk.buttons["finish"].isEnabled(), timeout=WAIT)
    assert desk.return_visit is None
    desk.act("finish")
    desk.finish_panel.choose("incomplete")  # asks for the missing materials, one per line
    desk.finish_panel.missing.setPlainText("身份证原件")
    desk.finish_panel.choose("incomplete")
    qtbot.waitUntil(lambda: desk.return_visit is not None, timeout=WAIT)
    dialog = desk.return_visit
    assert dialog is not None and dialog.windowTitle() == "预约回访"
    qtbot.waitUntil(lambda: dialog.slots.count() > 0, timeout=WAIT)
    assert "余 3 个" in dialog.slots.item(0).text()  # service A: 3 places a slot
    dialog.name.setText("李四")
    dialog.phone.setText("13900001111")
    with qtbot.waitSignal(dialog.booked, timeout=WAIT) as booked:
        dialog.book()
    notice = booked.args[0]
    code = notice["appointment"]["code"]
    assert code in dialog.notice.text.text() and "139****1111" in dialog.notice.text.text()
    assert not dialog.notice.qr.pixmap().isNull()
    screenshot(dialog, "desk-return-visit")
    with engine.db.read() as conn:
        row = conn.execute(select(Appointment.origin_ticket_id, Appointment.source)).one()
    assert tuple(row) == (1, "counter")


def test_the_front_desk_books_lists_and_cancels_in_the_console(
    qtbot: Any, make_client: ClientFactory, engine: QueueEngine, clock: ManualClock
) -> None:
    api = Api(make_client("admin"))
    tab = AppointmentsTab(api, lambda: clock.now().date())
    qtbot.addWidget(tab)
    tab.resize(1400, 800)
    tab.start()
    qtbot.waitUntil(lambda: tab.service.count() == 3 and tab.slots.count() > 0, timeout=WAIT)
    tab.service.setCurrentIndex(tab.service.findData("B"))
    qtbot.waitUntil(lambda: tab.slots.count() > 0 and "09:30" in tab.slots.item(0).text())
    tab.slots.setCurrentRow(0)  # today 09:30: 09:00 has begun
    tab.name.setText("张三")
    tab.phone.setText("13812345678")
    tab.book()
    qtbot.waitUntil(lambda: len(tab.table.rows) == 1, timeout=WAIT)
    row = tab.table.rows[0]
    assert (row["phone"], row["status"], row["source"]) == ("138****5678", "booked", "console")
    assert row["code"] in tab.notice.text.text()
    screenshot(tab, "console-appointments")
    tab.table.selectRow(0)
    tab.cancel()
    qtbot.waitUntil(lambda: tab.table.rows and tab.table.rows[0]["status"] == "cancelled")
