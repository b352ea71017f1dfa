"""The workstation's small forms that replace the button grid for a moment: finish with an
outcome, transfer, call a given number, pause with a reason. Esc goes back to the buttons."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.ui.widgets import scaled

Send = Callable[[str, dict[str, Any]], None]

OUTCOMES: list[tuple[str, object, bool]] = [  # value, label, needs a note
    ("done", QT_TRANSLATE_NOOP("Labels", "Completed"), False),
    ("incomplete", QT_TRANSLATE_NOOP("Labels", "Materials incomplete (one-time notice)"), False),
    ("rejected", QT_TRANSLATE_NOOP("Labels", "Not accepted (give the reason)"), True),
    ("consult", QT_TRANSLATE_NOOP("Labels", "Consultation only"), False),
]
PAUSE_REASONS: list[tuple[str, object]] = [
    ("lunch", QT_TRANSLATE_NOOP("Labels", "Lunch break")),
    ("meeting", QT_TRANSLATE_NOOP("Labels", "Meeting")),
    ("business", QT_TRANSLATE_NOOP("Labels", "Official business")),
    ("break", QT_TRANSLATE_NOOP("Labels", "Short break")),
    ("other", QT_TRANSLATE_NOOP("Labels", "Other (give the reason)")),
]


def label(text: object) -> str:
    return QCoreApplication.translate("Labels", str(text))


def big_button(text: str, name: str = "actionButton") -> QPushButton:
    button = scaled(QPushButton(text), 0.028, bold=True)
    button.setObjectName(name)
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    return button


class Panel(QWidget):
    """A form with a title, its body, and a Cancel button (Esc)."""

    def __init__(self, title: str, on_cancel: Callable[[], None]) -> None:
        super().__init__()
        self.layout_ = QVBoxLayout(self)
        self.title = scaled(QLabel(title), 0.03, bold=True)
        self.layout_.addWidget(self.title)
        self.body = QVBoxLayout()
        self.layout_.addLayout(self.body, 1)
        self.note = scaled(QLineEdit(), 0.028)
        self.cancel = big_button(QCoreApplication.translate("Panel", "Cancel (Esc)"), "keyButton")
        self.cancel.setShortcut(Qt.Key.Key_Escape)
        self.cancel.clicked.connect(on_cancel)

    def finish_layout(self, *extra: QWidget) -> None:
        row = QHBoxLayout()
        for widget in extra:
            row.addWidget(widget)
        row.addWidget(self.cancel)
        self.layout_.addLayout(row)

    def reset(self) -> None:
        self.note.clear()


class FinishPanel(Panel):
    """办结 with the case's outcome; 不予受理 needs its reason. Keys 1–4 pick the outcome."""

    def __init__(self, send: Send, on_cancel: Callable[[], None]) -> None:
        super().__init__(self.tr("Finish the case: choose the outcome"), on_cancel)
        self.send = send
        self.note.setPlaceholderText(self.tr("Reason or note (required for not accepted)"))
        self.body.addWidget(self.note)
        # 办件编号 from the window's business system: typed, or scanned (a scanner types it).
        self.case_no = scaled(QLineEdit(), 0.024)
        self.case_no.setMaxLength(64)
        self.case_no.setPlaceholderText(self.tr("Case number from the business system (scan)"))
        self.body.addWidget(self.case_no)
        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for index, (value, text, _) in enumerate(OUTCOMES):
            button = big_button(f"{index + 1}  {label(text)}")
            button.setShortcut(str(index + 1))
            button.clicked.connect(lambda _=False, v=value: self.choose(v))
            grid.addWidget(button, index // 2, index % 2)
            self.buttons[value] = button
        self.body.addLayout(grid, 1)
        self.finish_layout()

    def choose(self, outcome: str) -> None:
        needs_note = next(need for value, _, need in OUTCOMES if value == outcome)
        if needs_note and not self.note.text().strip():
            self.note.setPlaceholderText(self.tr("Please give the reason first"))
            self.note.setFocus()
            return
        args = {"outcome": outcome, "note": self.note.text().strip()}
        if self.case_no.text().strip():
            args["case_no"] = self.case_no.text().strip()
        self.send("finish", args)

    def reset(self) -> None:
        super().reset()
        self.case_no.clear()


class TransferPanel(Panel):
    """转移: to another service (queue there by original time) or to a given window."""

    def __init__(self, send: Send, on_cancel: Callable[[], None]) -> None:
        super().__init__(self.tr("Transfer the current ticket"), on_cancel)
        self.send = send
        self.service = scaled(QComboBox(), 0.028)
        self.target_window = scaled(QComboBox(), 0.028)
        self.note.setPlaceholderText(self.tr("Note for the next window (optional)"))
        grid = QGridLayout()
        to_service = big_button(self.tr("To service"))
        to_service.clicked.connect(self._to_service)
        to_window = big_button(self.tr("To window"))
        to_window.clicked.connect(self._to_window)
        grid.addWidget(self.service, 0, 0)
        grid.addWidget(to_service, 0, 1)
        grid.addWidget(self.target_window, 1, 0)
        grid.addWidget(to_window, 1, 1)
        self.body.addLayout(grid)
        self.body.addWidget(self.note)
        self.finish_layout()

    def set_choices(self, services: list[dict[str, Any]], windows: list[dict[str, Any]]) -> None:
        self.service.clear()
        for service in services:
            self.service.addItem(f"{service['code']}  {service['name']}", service["code"])
        self.target_window.clear()
        for window in windows:
            text = self.tr("Window {number} {name}").format(
                number=window["number"], name=window.get("name", "")
            )
            self.target_window.addItem(text, window["number"])

    def _to_service(self) -> None:
        if self.service.currentData() is not None:
            args = {"to_service": self.service.currentData(), "note": self.note.text().strip()}
            self.send("transfer", args)

    def _to_window(self) -> None:
        if self.target_window.currentData() is not None:
            args = {
                "to_window": int(self.target_window.currentData()),
                "note": self.note.text().strip(),
            }
            self.send("transfer", args)


class NumberPanel(Panel):
    """A given number: call it (waiting or no-show), call back a held one, or requeue a
    no-show (过号重排)."""

    def __init__(self, send: Send, on_cancel: Callable[[], None]) -> None:
        super().__init__(self.tr("Call a given number"), on_cancel)
        self.send = send
        self.number = scaled(QLineEdit(), 0.04)
        self.number.setPlaceholderText(self.tr("Ticket number, e.g. A012"))
        self.number.returnPressed.connect(lambda: self._send("call_number"))
        self.body.addWidget(self.number)
        self.held = scaled(QLabel(""), 0.024)
        self.body.addWidget(self.held)
        row = QHBoxLayout()
        for op, text in (
            ("call_number", self.tr("Call this number")),
            ("call_back", self.tr("Call back a held ticket")),
            ("reactivate", self.tr("Requeue a no-show")),
        ):
            button = big_button(text)
            button.clicked.connect(lambda _=False, o=op: self._send(o))
            row.addWidget(button)
        self.body.addLayout(row, 1)
        self.finish_layout()

    def set_held(self, numbers: list[str]) -> None:
        self.held.setText(
            self.tr("Held here: {numbers}").format(numbers="、".join(numbers)) if numbers else ""
        )
        if numbers and not self.number.text():
            self.number.setText(numbers[0])

    def _send(self, op: str) -> None:
        number = self.number.text().strip().upper()
        if number:
            self.send(op, {"number": number})

    def reset(self) -> None:
        self.number.clear()


class PausePanel(Panel):
    """暂停 with a reason; "other" needs a note (leaving over 10 minutes needs a stated reason)."""

    def __init__(self, send: Send, on_cancel: Callable[[], None]) -> None:
        super().__init__(self.tr("Pause the window: why?"), on_cancel)
        self.send = send
        self.note.setPlaceholderText(self.tr("Reason (required for other)"))
        self.body.addWidget(self.note)
        grid = QGridLayout()
        self.buttons: dict[str, QPushButton] = {}
        for index, (value, text) in enumerate(PAUSE_REASONS):
            button = big_button(f"{index + 1}  {label(text)}")
            button.setShortcut(str(index + 1))
            button.clicked.connect(lambda _=False, v=value: self.choose(v))
            grid.addWidget(button, index // 3, index % 3)
            self.buttons[value] = button
        self.body.addLayout(grid, 1)
        self.finish_layout()

    def choose(self, reason: str) -> None:
        if reason == "other" and not self.note.text().strip():
            self.note.setPlaceholderText(self.tr("Please give the reason first"))
            self.note.setFocus()
            return
        self.send("pause", {"reason": reason, "note": self.note.text().strip()})
