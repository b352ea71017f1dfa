"""Parts of the kiosk: a service button, the touch keypad for appointment codes, the ticket
page, and the printing that runs off the GUI thread."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.ui.interfaces import PrinterLike
from app.ui.wait_words import wait_words
from app.ui.widgets import scaled

KEYS = "1234567890ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def joined(*parts: str, between: str = "  ·  ") -> str:
    return between.join(part for part in parts if part)


class ServiceButton(QPushButton):
    """A large touch button: the service name, the number waiting and the wait (as the ticket
    tells it: wait_words), or why the service takes no tickets."""

    def __init__(self, load: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.code = str(load["code"])
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setObjectName("serviceButton")
        layout = QVBoxLayout(self)
        self.name = scaled(QLabel(""), 0.042, bold=True)
        self.detail = scaled(QLabel(""), 0.032)
        for label in (self.name, self.detail):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            layout.addWidget(label)
        self.update_load(load)

    def update_load(self, load: dict[str, Any], windows: dict[str, Any] | None = None) -> None:
        """`windows`: the service's availability (app.hall.availability), when known."""
        self.load = load
        self.name.setText(f"{load['code']}  {load['name']}")
        if load.get("open", True):
            waiting = self.tr("{waiting} waiting").format(waiting=load.get("waiting", 0))
            detail = joined(waiting, wait_words(load, windows), between="\n")
            self.setEnabled(True)
        else:
            reason = str(load.get("closed_reason") or "")
            detail = self.tr("No tickets now: {reason}").format(reason=reason)
            self.setEnabled(False)
        self.detail.setText(detail)
        colour = "white" if self.isEnabled() else "#37474f"
        for label in (self.name, self.detail):
            label.setStyleSheet(f"color: {colour};")


class TouchKeypad(QWidget):
    """Digits and letters for a code typed by touch; a scanner types into the same field."""

    def __init__(self, target: QLineEdit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.target = target
        grid = QGridLayout(self)
        grid.setSpacing(8)
        columns = 10
        for index, key in enumerate(KEYS):
            button = scaled(QPushButton(key), 0.035, bold=True)
            button.setObjectName("keyButton")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            button.clicked.connect(lambda _=False, k=key: self.target.insert(k))
            grid.addWidget(button, index // columns, index % columns)
        row = len(KEYS) // columns + 1
        self.backspace = scaled(QPushButton(self.tr("Delete")), 0.03)
        self.backspace.clicked.connect(self.target.backspace)
        self.clear = scaled(QPushButton(self.tr("Clear")), 0.03)
        self.clear.clicked.connect(self.target.clear)
        for button in (self.backspace, self.clear):
            button.setObjectName("keyButton")
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        grid.addWidget(self.backspace, row, 6, 1, 2)
        grid.addWidget(self.clear, row, 8, 1, 2)


class TicketPage(QWidget):
    """The ticket just taken: the number very large, people ahead, the wait, printing state."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.caption = scaled(QLabel(self.tr("Your number")), 0.04)
        self.number = scaled(QLabel(""), 0.22, bold=True)
        self.number.setObjectName("bigNumber")
        self.service = scaled(QLabel(""), 0.045)
        self.ahead = scaled(QLabel(""), 0.04)
        self.print_state = scaled(QLabel(""), 0.035)
        self.print_state.setWordWrap(True)
        self.done = scaled(QPushButton(self.tr("Done")), 0.04, bold=True)
        self.done.setObjectName("primaryButton")
        for label in (self.caption, self.number, self.service, self.ahead, self.print_state):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addWidget(self.done, 0, Qt.AlignmentFlag.AlignHCenter)

    def show_ticket(self, issued: dict[str, Any], windows: dict[str, Any] | None = None) -> None:
        ticket = issued["ticket"]
        self.number.setText(str(ticket["number"]))
        service = str(ticket.get("service_name", ""))
        if ticket.get("priority"):
            service += "  " + self.tr("(green channel)")
        self.service.setText(service)
        ahead = self.tr("{ahead} people ahead of you").format(ahead=issued.get("people_ahead", 0))
        self.ahead.setText(joined(ahead, wait_words(issued, windows)))
        self.print_state.setText(self.tr("Printing your ticket…"))
        self.print_state.setStyleSheet("")

    def show_printed(self, ok: bool, number: str) -> None:
        if ok:
            self.print_state.setText(self.tr("Please take your ticket below."))
            self.print_state.setStyleSheet("")
        else:
            self.print_state.setText(
                self.tr(
                    "The ticket could not be printed. Please remember your number {number} "
                    "or ask the staff at the information desk."
                ).format(number=number)
            )
            self.print_state.setStyleSheet("color: #b71c1c;")

    def show_no_printer(self, number: str) -> None:
        self.print_state.setText(
            self.tr("Please remember your number {number}.").format(number=number)
        )
        self.print_state.setStyleSheet("")


class PrintRunner(QObject):
    """Runs printer.print_ticket(slip) on a worker thread; `finished` comes back on the GUI
    thread with (ticket_id, ok, error text)."""

    finished = Signal(int, bool, str)

    def __init__(self, printer: PrinterLike | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.printer = printer

    def print_slip(self, ticket_id: int, slip: Any) -> None:
        if self.printer is None:
            self.finished.emit(ticket_id, False, "no printer")
            return
        printer = self.printer

        def work() -> None:
            try:
                printer.print_ticket(slip)
            except Exception as exc:  # any device failure is shown to the visitor
                self.finished.emit(ticket_id, False, str(exc))
            else:
                self.finished.emit(ticket_id, True, "")

        threading.Thread(target=work, name="ticket-printer", daemon=True).start()
