"""预约回访: right after a 材料不齐 case the desk offers the visitor a slot of the same service
to come back with the missing materials, booked on the spot (return_visit_book). The visitor
leaves with the code, the time and the place (and a QR code of the code for the kiosk).

Self-contained: the desk only calls `offer_return_visit` when a finish came back incomplete.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.devices.printing.layout import qr_matrix
from app.ui.i18n import error_text
from app.ui.interfaces import HallClientLike

WEEKDAYS = "一二三四五六日"
SLOT_DAYS = 14


def qr_pixmap(text: str, size: int = 200) -> QPixmap:
    """The QR code of `text`, black on white, with its quiet zone."""
    matrix = qr_matrix(text)
    cells = len(matrix) + 8
    image = QImage(cells, cells, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                image.setPixelColor(x + 4, y + 4, QColor("black"))
    return QPixmap.fromImage(image.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio))


def slot_text(slot: dict[str, Any]) -> str:
    start = dt.datetime.fromisoformat(slot["start"])
    end = dt.datetime.fromisoformat(slot["end"])
    return f"{start:%m-%d} 周{WEEKDAYS[start.weekday()]} {start:%H:%M}–{end:%H:%M}"


class NoticeView(QWidget):
    """A booking's notice for the visitor: the text to read out or send, and the QR code."""

    def __init__(self) -> None:
        super().__init__()
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.qr = QLabel()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.text, 1)
        row.addWidget(self.qr)

    def show_notice(self, notice: dict[str, Any]) -> None:
        self.text.setText("\n".join(notice.get("printable") or [notice.get("text", "")]))
        self.qr.setPixmap(qr_pixmap(str(notice.get("qr_text", ""))))


class ReturnVisitDialog(QDialog):
    booked = Signal(dict)  # the notice (return_visit_book's result)

    def __init__(
        self, client: HallClientLike, case: dict[str, Any], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.case = case
        self.setWindowTitle(self.tr("Book the return visit"))
        intro = QLabel(
            self.tr("{number} {service}: materials incomplete. Book a time for the visitor "
                    "to come back with them.").format(
                number=case.get("number", ""), service=case.get("service_name", "")
            )
        )  # fmt: skip
        intro.setWordWrap(True)
        self.slots = QListWidget()
        self.name = QLineEdit()
        self.phone = QLineEdit()
        self.phone.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.book_button = QPushButton(self.tr("Book"))
        self.skip_button = QPushButton(self.tr("Not now"))
        self.book_button.clicked.connect(self.book)
        self.skip_button.clicked.connect(self.reject)
        self.notice = NoticeView()
        self.notice.hide()
        form = QFormLayout()
        form.addRow(self.tr("Visitor's name"), self.name)
        form.addRow(self.tr("Phone"), self.phone)
        buttons = QHBoxLayout()
        buttons.addWidget(self.book_button)
        buttons.addWidget(self.skip_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel(self.tr("Free slots")))
        layout.addWidget(self.slots, 1)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.notice)
        layout.addLayout(buttons)
        self.resize(560, 560)

    def load(self) -> None:
        args = {"service": self.case.get("service_code", ""), "days": SLOT_DAYS}
        self.client.request("appointment_slots", args, self._on_slots, self._on_error)

    def _on_slots(self, slots: list[dict[str, Any]]) -> None:
        self.slots.clear()
        for slot in slots:
            if slot.get("free", 0) <= 0:
                continue
            text = self.tr("{when} ({free} free)").format(when=slot_text(slot), free=slot["free"])
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, slot["start"])
            self.slots.addItem(item)
        if self.slots.count():
            self.slots.setCurrentRow(0)
        else:
            self.message.setText(self.tr("No free slot in the next two weeks."))

    def book(self) -> None:
        item = self.slots.currentItem()
        if item is None:
            self.message.setText(self.tr("Choose a slot first."))
            return
        args = {
            "slot": item.data(Qt.ItemDataRole.UserRole),
            "name": self.name.text().strip(),
            "phone": self.phone.text().strip(),
        }
        self.book_button.setEnabled(False)
        self.client.request("return_visit_book", args, self._on_booked, self._on_error)

    def _on_booked(self, notice: dict[str, Any]) -> None:
        self.notice.show_notice(notice)
        self.notice.show()
        for widget in (self.slots, self.name, self.phone, self.book_button):
            widget.setEnabled(False)
        self.skip_button.setText(self.tr("Close"))
        self.message.setText(self.tr("Booked. Give the visitor the code and the time."))
        self.booked.emit(notice)

    def _on_error(self, error: dict[str, Any]) -> None:
        self.book_button.setEnabled(True)
        self.message.setText(error_text(error))


def offer_return_visit(
    client: HallClientLike, case: dict[str, Any], parent: QWidget | None = None
) -> ReturnVisitDialog:
    """Show the dialog for a case that finished as 材料不齐 (not modal: the desk goes on)."""
    dialog = ReturnVisitDialog(client, case, parent)
    dialog.load()
    dialog.show()
    return dialog
