"""Appraisal tabs: 差评 follow-ups, attendance with the inspection records (值班巡查, 明察暗访,
中心督查); the complaints register is in complaints_tab.py, the monthly ranking in
ranking_tab.py."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.models import Ground
from app.ui.admin.common import ALERT, WARN, Api, RecordTable, qdate
from app.ui.admin.pickers import StaffPicker, date_edit, iso, optional_window


class FollowUpsTab(QWidget):
    """差评 follow-ups: overdue ones in red; 回访 result, rectification, close."""

    def __init__(self, api: Api) -> None:
        super().__init__()
        self.api = api
        self.open_only = QCheckBox(self.tr("open only"))
        self.open_only.setChecked(True)
        self.open_only.toggled.connect(self.reload)
        self.table = RecordTable(
            [
                (self.tr("Ticket"), "number"),
                (self.tr("Window"), "window"),
                (self.tr("Clerk"), "staff"),
                (self.tr("Rating"), "level_label"),
                (self.tr("Opened"), "opened_on"),
                (self.tr("Deadline"), "deadline"),
                (self.tr("Status"), "status"),
                (self.tr("Visit result"), "visit_result"),
                (self.tr("Rectification"), "rectification"),
            ]
        )
        self.table.itemSelectionChanged.connect(self._on_select)
        self.visit_result, self.rectification = QPlainTextEdit(), QPlainTextEdit()
        for edit in (self.visit_result, self.rectification):
            edit.setMaximumHeight(80)
        self.close_it = QCheckBox(self.tr("close the follow-up"))
        save = QPushButton(self.tr("Save"))
        save.clicked.connect(self.save)
        box = QGroupBox(self.tr("Selected follow-up"))
        form = QFormLayout(box)
        form.addRow(self.tr("Visit result (回访)"), self.visit_result)
        form.addRow(self.tr("Rectification (整改)"), self.rectification)
        form.addRow(self.close_it, save)
        side = QVBoxLayout()
        side.addWidget(self.open_only)
        side.addWidget(box)
        side.addStretch(1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.table, 3)
        layout.addLayout(side, 2)

    def start(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.api.call("follow_ups", {"open_only": self.open_only.isChecked()}, self._show)

    def _show(self, rows: list[dict[str, Any]]) -> None:
        self.table.fill(rows, lambda r: ALERT if r.get("overdue") else None)

    def _on_select(self) -> None:
        row = self.table.selected()
        if row is not None:
            self.visit_result.setPlainText(row.get("visit_result", ""))
            self.rectification.setPlainText(row.get("rectification", ""))

    def save(self) -> None:
        row = self.table.selected()
        if row is None:
            return
        args = {
            "id": row["id"],
            "visit_result": self.visit_result.toPlainText(),
            "rectification": self.rectification.toPlainText(),
            "close": self.close_it.isChecked(),
        }
        self.api.call("follow_up_update", args, lambda _r: self.reload())


class AttendanceTab(QWidget):
    """Attendance findings for a period and the duty-window inspection records."""

    def __init__(self, api: Api, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self.api = api
        day = qdate(today())
        self.start_day = date_edit(QDate(day.year(), day.month(), 1))
        self.end_day = date_edit(day)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.reload)
        top = QHBoxLayout()
        for widget in (QLabel(self.tr("Period")), self.start_day, QLabel("–"), self.end_day):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(refresh)
        self.findings = RecordTable(
            [
                (self.tr("Day"), "day"),
                (self.tr("Clerk"), "staff"),
                (self.tr("Window"), "window"),
                (self.tr("Finding"), "kind_zh"),
                (self.tr("Minutes"), "minutes"),
            ]
        )
        self.inspections = RecordTable(
            [
                (self.tr("Time"), "at"),
                (self.tr("Kind"), "kind_zh"),
                (self.tr("Duty window"), "duty_window_no"),
                (self.tr("Inspector"), "inspector"),
                (self.tr("Window"), "window_no"),
                (self.tr("Staff"), "staff"),
                (self.tr("Findings"), "findings"),
                (self.tr("Criticism"), "criticism"),
                (self.tr("Conduct"), "conduct_zh"),
            ]
        )
        self.kind = QComboBox()
        for value, label in (
            ("patrol", self.tr("Duty-window patrol (值班巡查)")),
            ("unannounced", self.tr("Unannounced visit (明察暗访)")),
            ("centre", self.tr("Centre inspection (中心督查)")),
        ):
            self.kind.addItem(label, value)
        self.conduct = QComboBox()
        self.conduct.addItem(self.tr("— (by the kind: 7, or 3 for a visit)"), None)
        for ground in Ground:
            self.conduct.addItem(f"{ground.number}. {ground.short_zh}", ground.value)
        self.duty_window, self.window_no = optional_window(), optional_window()
        self.inspector, self.staff = QLineEdit(), StaffPicker(api, optional=True)
        self.text = QLineEdit()
        self.criticism = QCheckBox(self.tr("criticism (通报批评)"))
        record = QPushButton(self.tr("Record inspection"))
        record.clicked.connect(self.record)
        box = QGroupBox(self.tr("Inspection"))
        form = QFormLayout(box)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Duty window"), self.duty_window)
        form.addRow(self.tr("Inspector"), self.inspector)
        form.addRow(self.tr("Window concerned"), self.window_no)
        form.addRow(self.tr("Staff"), self.staff)
        form.addRow(self.tr("Findings"), self.text)
        form.addRow(self.tr("评先 ground named"), self.conduct)
        form.addRow(self.criticism, record)
        lists = QVBoxLayout()
        lists.addWidget(QLabel(self.tr("Attendance findings")))
        lists.addWidget(self.findings, 3)
        lists.addWidget(QLabel(self.tr("Inspections")))
        lists.addWidget(self.inspections, 2)
        body = QHBoxLayout()
        body.addLayout(lists, 3)
        side = QVBoxLayout()
        side.addWidget(box)
        side.addStretch(1)
        body.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body)

    def start(self) -> None:
        self.staff.load()
        self.reload()

    def reload(self) -> None:
        period = {"start": iso(self.start_day), "end": iso(self.end_day)}
        self.api.call("attendance", period, lambda rows: self.findings.fill(rows))
        self.api.call(
            "inspections",
            period,
            lambda rows: self.inspections.fill(rows, lambda r: WARN if r["criticism"] else None),
        )

    def record(self) -> None:
        args = {
            "findings": self.text.text(),
            "duty_window": self.duty_window.value() or None,
            "inspector": self.inspector.text(),
            "window": self.window_no.value() or None,
            "staff_no": self.staff.value(),
            "criticism": self.criticism.isChecked(),
            "kind": self.kind.currentData(),
            "conduct": self.conduct.currentData(),
        }
        self.api.call("inspection_record", args, lambda _r: self.reload())
