"""The small editors the appraisal and staffing tabs share: dates, months, moments, window
numbers, a clerk picked by name, and the note shown where a decision is the supervisor's."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import QComboBox, QDateEdit, QDateTimeEdit, QLabel, QSpinBox, QWidget

from app.ui.admin.common import Api, qdate


def date_edit(day: QDate) -> QDateEdit:
    edit = QDateEdit(day)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def month_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(qdate(day))
    edit.setDisplayFormat("yyyy-MM")
    return edit


def moment_edit(when: dt.datetime) -> QDateTimeEdit:
    edit = QDateTimeEdit(QDateTime(qdate(when.date()), QTime(when.hour, when.minute)))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd HH:mm")
    return edit


def optional_window() -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, 999)
    box.setSpecialValueText("—")
    return box


def window_box(number: int = 1) -> QSpinBox:
    box = QSpinBox()
    box.setRange(1, 999)
    box.setValue(number)
    return box


def iso(edit: QDateEdit) -> str:
    return edit.date().toString("yyyy-MM-dd")


def month_of(edit: QDateEdit) -> str:
    return edit.date().toString("yyyy-MM")


def moment(edit: QDateTimeEdit) -> str:
    return edit.dateTime().toString("yyyy-MM-ddTHH:mm")


class StaffPicker(QComboBox):
    """A clerk by name (the value is the staff number), filled from the hall's staff list;
    with `optional`, a first "—" entry means nobody."""

    def __init__(self, api: Api, *, optional: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.api = api
        self.optional = optional
        self.setMinimumContentsLength(12)

    def load(self) -> None:
        self.api.call("config_staff", {}, self._fill)

    def _fill(self, rows: list[dict[str, Any]]) -> None:
        chosen = self.value()
        self.clear()
        if self.optional:
            self.addItem("—", None)
        for row in rows:
            if row.get("active", True):
                self.addItem(f"{row['name']}（{row['staff_no']}）", row["staff_no"])
        self.set_value(chosen)

    def value(self) -> str | None:
        data = self.currentData()
        return str(data) if data else None

    def set_value(self, staff_no: str | None) -> None:
        index = self.findData(staff_no) if staff_no else -1
        self.setCurrentIndex(max(0, index))


class SupervisorNote(QLabel):
    """Where a decision is the supervisor's (督查主管) — approving leave, recording or
    withdrawing a 评先 ground — an administrator's login sees it, with its controls disabled.
    The server decides in the end: these commands are declared for the supervisor only."""

    def __init__(self, api: Api, *controls: QWidget) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setStyleSheet("color: #8a6d3b;")
        welcome = getattr(api.client, "welcome", {}) or {}
        self.supervisor = welcome.get("role") == "supervisor"
        self.setText(self.tr("Only the supervisor (督查主管) decides this; you may view it."))
        self.setVisible(not self.supervisor)
        for control in controls:
            control.setEnabled(self.supervisor)
