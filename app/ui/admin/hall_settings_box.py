"""The hall-wide settings an admin edits: hall name, display notice, opening and closing time
(saved on the server, audited; the lobby display shows the new name and notice at once)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTime, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTimeEdit,
)

from app.ui.admin.common import Api

MAX_NAME = 64


class HallSettingsBox(QGroupBox):
    saved = Signal(object)  # the server's reply: {audit_id, target, after}

    def __init__(self, api: Api) -> None:
        super().__init__()
        self.setTitle(self.tr("Hall name, display notice and hours"))
        self.api = api
        self.hall_name = QLineEdit()
        self.hall_name.setMaxLength(MAX_NAME)
        self.notice = QPlainTextEdit()
        self.notice.setPlaceholderText(self.tr("Scrolling notice on the lobby display"))
        self.notice.setMaximumHeight(90)
        self.open_at = QTimeEdit()
        self.close_at = QTimeEdit()
        for edit in (self.open_at, self.close_at):
            edit.setDisplayFormat("HH:mm")
        self.save_button = QPushButton(self.tr("Save hall settings"))
        self.save_button.clicked.connect(self.save)
        form = QFormLayout(self)
        form.addRow(self.tr("Hall name"), self.hall_name)
        form.addRow(self.tr("Display notice"), self.notice)
        form.addRow(self.tr("Opening time"), self.open_at)
        form.addRow(self.tr("Closing time"), self.close_at)
        form.addRow("", self.save_button)

    def load(self) -> None:
        self.api.call("hall_settings", {}, self.show_settings)

    def show_settings(self, settings: dict[str, Any]) -> None:
        self.hall_name.setText(settings["hall_name"])
        self.notice.setPlainText(settings["notice"])
        self.open_at.setTime(QTime.fromString(settings["open_at"], "HH:mm"))
        self.close_at.setTime(QTime.fromString(settings["close_at"], "HH:mm"))

    def data(self) -> dict[str, str]:
        return {
            "hall_name": self.hall_name.text().strip(),
            "notice": self.notice.toPlainText().strip(),
            "open_at": self.open_at.time().toString("HH:mm"),
            "close_at": self.close_at.time().toString("HH:mm"),
        }

    def save(self) -> None:
        self.api.call("hall_settings_save", {"data": self.data()}, self._on_saved)

    def _on_saved(self, result: dict[str, Any]) -> None:
        if result.get("after"):
            self.show_settings(result["after"])
        self.api.tell(self.tr("Hall settings saved."))
        self.saved.emit(result)
