"""The ticket kiosk: large touch buttons per service, the green channel, appointment check-in,
the ticket shown big and printed; back to the start after a while without a touch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.i18n import error_text
from app.ui.interfaces import HallClientLike, PrinterLike
from app.ui.kiosk_pages import PrintRunner, ServiceButton, TicketPage, TouchKeypad
from app.ui.widgets import (
    ClockLabel,
    ConnectionBanner,
    Debounce,
    MessageBar,
    apply_font_scale,
    panel,
    scaled,
)

SlipFactory = Callable[[dict[str, Any], str], Any]
LOAD_KINDS = (
    "ticket_issued",
    "ticket_called",
    "ticket_called_back",
    "ticket_transferred",
    "ticket_reactivated",
    "config_changed",
    "window_signed_in",  # which windows serve a service: 暂无窗口办理 or not
    "window_signed_out",
    "window_paused",
    "window_resumed",
)
STYLE = """
KioskScreen { background: #f3f6fb; }
#header { background: #0b4ea2; }
#header QLabel { color: white; }
#groupCard { background: white; border: 1px solid #d0d9e6; border-radius: 0.5em; }
#groupName { color: #0b4ea2; }
#serviceButton { background: #1565c0; color: white; border-radius: 0.4em; min-height: 3em; }
#serviceButton:disabled { background: #cfd8dc; }
KioskScreen[priority="true"] #serviceButton:enabled { background: #2e7d32; }
#greenButton { background: #2e7d32; color: white; border-radius: 0.4em; padding: 0.5em; }
#greenButton:checked { background: #f9a825; color: black; }
#checkInButton, #primaryButton { background: #0b4ea2; color: white; border-radius: 0.4em;
    padding: 0.5em 1.5em; }
#keyButton { background: white; border: 1px solid #90a4ae; border-radius: 0.3em; }
#bigNumber { color: #0b4ea2; }
"""


def default_slip(issued: dict[str, Any], hall_name: str) -> dict[str, Any]:
    """What the printer gets when no slip builder is given: the ticket's facts as a dict."""
    ticket = issued["ticket"]
    return {
        "hall_name": hall_name,
        "ticket_id": ticket["id"],
        "number": ticket["number"],
        "service_name": ticket.get("service_name", ""),
        "priority": bool(ticket.get("priority")),
        "issued_at": ticket.get("issued_at"),
        "people_ahead": issued.get("people_ahead", 0),
        "estimated_wait_s": issued.get("estimated_wait_s"),
    }


class KioskScreen(QWidget):
    """The kiosk's three pages: services (start), appointment check-in, the taken ticket."""

    def __init__(
        self,
        client: HallClientLike,
        printer: PrinterLike | None = None,
        *,
        slip_factory: SlipFactory = default_slip,
        idle_timeout_s: int = 60,
        ticket_timeout_s: int = 20,
        now: Callable[[], dt.datetime] = dt.datetime.now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.slip_factory = slip_factory
        self.hall_name = ""
        self.loads: list[dict[str, Any]] = []
        self.windows: dict[str, dict[str, Any]] = {}  # service code → its availability
        self.buttons: dict[str, ServiceButton] = {}
        self.cards: list[QWidget] = []  # one per service group, placed by _place_cards
        self._placed_columns = 0
        self.last_issued: dict[str, Any] | None = None
        self._busy = False
        self.setObjectName("KioskScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        self.setWindowTitle(self.tr("Ticket kiosk"))
        self.printer = PrintRunner(printer, self)
        self.printer.finished.connect(self._on_printed)
        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(idle_timeout_s * 1000)
        self.idle.timeout.connect(self.go_home)
        self.ticket_timeout_ms = ticket_timeout_s * 1000
        self._reload = Debounce(self.request_loads, 300, self)
        self._poll = QTimer(self)  # opening hours change with the clock, not with events
        self._poll.timeout.connect(self.request_loads)
        self._poll.start(30_000)
        self._build(now)
        QApplication.instance().installEventFilter(self)  # type: ignore[union-attr]
        client.connected_changed.connect(self._on_connected)
        client.event_received.connect(self._on_event)
        client.snapshot_received.connect(self._on_snapshot)
        if client.is_connected:
            self.request_loads()

    # layout
    def _build(self, now: Callable[[], dt.datetime]) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.addWidget(ConnectionBanner(self.client))
        header = panel("header")
        head = QHBoxLayout(header)
        self.title = scaled(QLabel(self.tr("Please choose your service")), 0.045, bold=True)
        head.addWidget(self.title, 1)
        head.addWidget(scaled(ClockLabel(now), 0.025))
        root.addWidget(header)
        self.message = scaled(MessageBar(), 0.03)
        root.addWidget(self.message)

        self.pages = QStackedWidget()
        root.addWidget(self.pages, 1)
        # start page
        self.start_page = QWidget()
        start = QVBoxLayout(self.start_page)
        self.service_grid = QGridLayout()
        self.service_grid.setSpacing(16)
        start.addLayout(self.service_grid, 1)
        bottom = QHBoxLayout()
        self.green = scaled(QPushButton(self.tr("Green channel")), 0.035, bold=True)
        self.green.setObjectName("greenButton")
        self.green.setCheckable(True)
        self.green.toggled.connect(self._on_green)
        self.green_hint = scaled(
            QLabel(self.tr("For the elderly, the disabled, urgent cases and key projects")), 0.025
        )
        self.green_hint.setWordWrap(True)
        self.check_in = scaled(QPushButton(self.tr("Appointment check-in")), 0.035, bold=True)
        self.check_in.setObjectName("checkInButton")
        self.check_in.clicked.connect(self.show_check_in)
        bottom.addWidget(self.green)
        bottom.addWidget(self.green_hint, 1)
        bottom.addWidget(self.check_in)
        start.addLayout(bottom)
        self.pages.addWidget(self.start_page)
        # check-in page
        self.check_in_page = QWidget()
        page = QVBoxLayout(self.check_in_page)
        page.addWidget(
            scaled(QLabel(self.tr("Scan your appointment code or type it in")), 0.04, bold=True)
        )
        self.code = scaled(QLineEdit(), 0.06)
        self.code.setPlaceholderText(self.tr("Appointment code"))
        self.code.returnPressed.connect(self.submit_code)
        page.addWidget(self.code)
        page.addWidget(TouchKeypad(self.code), 1)
        row = QHBoxLayout()
        back = scaled(QPushButton(self.tr("Back")), 0.035, bold=True)
        back.setObjectName("primaryButton")
        back.clicked.connect(self.go_home)
        self.code_ok = scaled(QPushButton(self.tr("Check in")), 0.035, bold=True)
        self.code_ok.setObjectName("primaryButton")
        self.code_ok.clicked.connect(self.submit_code)
        row.addWidget(back)
        row.addStretch(1)
        row.addWidget(self.code_ok)
        page.addLayout(row)
        self.pages.addWidget(self.check_in_page)
        # ticket page
        self.ticket_page = TicketPage()
        self.ticket_page.done.clicked.connect(self.go_home)
        self.pages.addWidget(self.ticket_page)

    def resizeEvent(self, event: QResizeEvent) -> None:
        if self._columns() != self._placed_columns:
            self._place_cards()
        apply_font_scale(self)
        super().resizeEvent(event)

    def _columns(self) -> int:
        """Two columns of service groups on a portrait screen (most 取号机 stand upright) or
        with few groups; three on a landscape screen with more than four."""
        portrait = self.height() > self.width()
        return 2 if portrait or len(self.cards) <= 4 else 3

    def _place_cards(self) -> None:
        columns = self._columns()
        for card in self.cards:
            self.service_grid.removeWidget(card)
        for index, card in enumerate(self.cards):
            self.service_grid.addWidget(card, index // columns, index % columns)
        self._placed_columns = columns

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (
            QEvent.Type.MouseButtonPress,
            QEvent.Type.TouchBegin,
            QEvent.Type.KeyPress,
        ):
            self.touch()
        return False

    def touch(self) -> None:
        """Someone is using the kiosk: restart the idle countdown."""
        if self.pages.currentWidget() is not self.start_page or self.green.isChecked():
            self.idle.start()

    # navigation
    def go_home(self) -> None:
        self.idle.stop()
        self.green.setChecked(False)
        self.code.clear()
        self.pages.setCurrentWidget(self.start_page)
        self.title.setText(self.tr("Please choose your service"))
        self.request_loads()

    def show_check_in(self) -> None:
        self.pages.setCurrentWidget(self.check_in_page)
        self.title.setText(self.tr("Appointment check-in"))
        self.code.setFocus()
        self.idle.start()

    def _on_green(self, on: bool) -> None:
        self.setProperty("priority", on)
        self.style().unpolish(self)
        self.style().polish(self)
        self.title.setText(
            self.tr("Green channel: please choose your service")
            if on
            else self.tr("Please choose your service")
        )
        if on:
            self.idle.start()

    # data
    def _on_connected(self, connected: bool) -> None:
        if connected:
            self.request_loads()

    def _on_snapshot(self, snapshot: dict[str, Any]) -> None:
        self.hall_name = str(snapshot.get("hall_name") or self.hall_name)
        if snapshot.get("services"):
            self.show_loads(snapshot["services"])

    def _on_event(self, event: dict[str, Any]) -> None:
        if event.get("kind") in LOAD_KINDS:
            self._reload.trigger()

    def request_loads(self) -> None:
        if self.client.is_connected:
            self.client.request("service_loads", {}, self.show_loads)
            self.client.request("service_availability", {}, self.show_availability)

    def show_loads(self, loads: list[dict[str, Any]]) -> None:
        codes = [load["code"] for load in loads]
        if codes != [load["code"] for load in self.loads]:
            self._rebuild_services(loads)
        self.loads = list(loads)
        self._show_buttons()

    def show_availability(self, services: list[dict[str, Any]]) -> None:
        """Which windows serve each service now (and, with none, why and until when)."""
        self.windows = {str(s["code"]): s for s in services}
        self._show_buttons()

    def _show_buttons(self) -> None:
        for load in self.loads:
            button = self.buttons.get(load["code"])
            if button is not None:
                button.update_load(load, self.windows.get(load["code"]))

    def _rebuild_services(self, loads: list[dict[str, Any]]) -> None:
        while self.service_grid.count():
            item = self.service_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.buttons = {}
        self.cards = []
        groups: dict[str, list[dict[str, Any]]] = {}
        for load in loads:
            groups.setdefault(str(load.get("group_name") or ""), []).append(load)
        for group, members in groups.items():
            card = panel("groupCard")
            box = QVBoxLayout(card)
            name = scaled(QLabel(group), 0.03, bold=True)
            name.setObjectName("groupName")
            box.addWidget(name)
            for load in members:
                button = ServiceButton(load)
                button.clicked.connect(lambda _=False, c=load["code"]: self.take_ticket(c))
                self.buttons[load["code"]] = button
                box.addWidget(button, 1)
            self.cards.append(card)
        self._place_cards()
        apply_font_scale(self)

    # taking a ticket
    def take_ticket(self, code: str) -> None:
        if self._busy:
            return  # one ticket per touch: a double tap must not take two
        self._busy = True
        args = {"service": code, "priority": self.green.isChecked()}
        self.client.request("issue_ticket", args, self._on_issued, self._on_refused)

    def submit_code(self) -> None:
        code = self.code.text().strip().upper()
        if not code or self._busy:
            return
        self._busy = True
        self.client.request("check_in", {"code": code}, self._on_issued, self._on_refused)

    def _on_refused(self, error: dict[str, Any]) -> None:
        self._busy = False
        self.message.show_error(error_text(error))
        self.request_loads()

    def _on_issued(self, issued: dict[str, Any]) -> None:
        self._busy = False
        self.last_issued = issued
        service = str(issued["ticket"].get("service_code", ""))
        self.ticket_page.show_ticket(issued, self.windows.get(service))
        self.pages.setCurrentWidget(self.ticket_page)
        self.title.setText(self.tr("Thank you"))
        self.green.setChecked(False)
        self.idle.start(self.ticket_timeout_ms)
        if self.printer.printer is None:  # a kiosk without a printer: the screen is the ticket
            self.ticket_page.show_no_printer(str(issued["ticket"]["number"]))
            return
        slip = self.slip_factory(issued, self.hall_name)
        self.printer.print_slip(int(issued["ticket"]["id"]), slip)

    def _on_printed(self, ticket_id: int, ok: bool, error: str) -> None:
        state = "printed" if ok else "failed"
        self.client.request("set_print_state", {"ticket_id": ticket_id, "state": state})
        issued = self.last_issued
        if issued is not None and issued["ticket"]["id"] == ticket_id:
            self.ticket_page.show_printed(ok, str(issued["ticket"]["number"]))
