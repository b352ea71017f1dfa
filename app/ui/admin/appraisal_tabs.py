"""Appraisal tabs: the complaints register, 差评 follow-ups, attendance with duty-window
inspections (the monthly ranking is in ranking_tab.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.ui.admin.common import ALERT, WARN, Api, RecordTable, qdate


def date_edit(day: QDate) -> QDateEdit:
    edit = QDateEdit(day)
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def optional_window() -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, 999)
    box.setSpecialValueText("—")
    return box


def iso(edit: QDateEdit) -> str:
    return edit.date().toString("yyyy-MM-dd")


class ComplaintsTab(QWidget):
    def __init__(self, api: Api, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self.api = api
        self.today = today
        day = qdate(today())
        self.start_day = date_edit(QDate(day.year(), day.month(), 1))
        self.end_day = date_edit(day)
        self.open_only = QCheckBox(self.tr("open only"))
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.reload)
        top = QHBoxLayout()
        for widget in (QLabel(self.tr("Received")), self.start_day, QLabel("–"), self.end_day):
            top.addWidget(widget)
        top.addWidget(self.open_only)
        top.addStretch(1)
        top.addWidget(refresh)
        self.table = RecordTable(
            [
                (self.tr("No."), "id"),
                (self.tr("Received"), "received_at"),
                (self.tr("Kind"), "kind_zh"),
                (self.tr("Source"), "source"),
                (self.tr("Window"), "window_no"),
                (self.tr("Staff"), "staff"),
                (self.tr("Content"), "content"),
                (self.tr("Deadline"), "deadline"),
                (self.tr("Status"), "status"),
                (self.tr("Routed to"), "routed_to"),
                (self.tr("Result"), "result"),
                (self.tr("Substantiated"), "substantiated"),
            ]
        )
        # Register
        self.kind = QComboBox()
        for value, label in (
            ("complaint", self.tr("Complaint (投诉)")),
            ("suggestion", self.tr("Suggestion (建议)")),
            ("consult", self.tr("Enquiry (咨询)")),
        ):
            self.kind.addItem(label, value)
        self.source, self.complainant, self.contact = QLineEdit(), QLineEdit(), QLineEdit()
        self.window_no, self.staff_no = optional_window(), QLineEdit()
        self.content = QPlainTextEdit()
        self.content.setMaximumHeight(70)
        self.special = QCheckBox(self.tr("special case (7 working days)"))
        register = QPushButton(self.tr("Register"))
        register.clicked.connect(self.register)
        new = QGroupBox(self.tr("New entry"))
        form = QFormLayout(new)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Source"), self.source)
        form.addRow(self.tr("Complainant"), self.complainant)
        form.addRow(self.tr("Contact"), self.contact)
        form.addRow(self.tr("Window"), self.window_no)
        form.addRow(self.tr("Staff no."), self.staff_no)
        form.addRow(self.tr("Content"), self.content)
        form.addRow(self.special, register)
        # Route / close the selected one
        self.route_to = QLineEdit()
        route = QPushButton(self.tr("Route"))
        route.clicked.connect(self.route)
        self.result, self.feedback = QLineEdit(), QLineEdit()
        self.substantiated = QCheckBox(self.tr("substantiated (有效投诉)"))
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.close_selected)
        handle = QGroupBox(self.tr("Selected entry"))
        form2 = QFormLayout(handle)
        form2.addRow(self.tr("Route to"), self.route_to)
        form2.addRow("", route)
        form2.addRow(self.tr("Result"), self.result)
        form2.addRow(self.tr("Feedback"), self.feedback)
        form2.addRow(self.substantiated, close)
        side = QVBoxLayout()
        side.addWidget(new)
        side.addWidget(handle)
        side.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.table, 3)
        body.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body)

    def start(self) -> None:
        self.reload()

    def reload(self) -> None:
        args = {
            "start": iso(self.start_day),
            "end": iso(self.end_day),
            "open_only": self.open_only.isChecked(),
        }
        self.api.call("complaints", args, self._show)

    def _show(self, rows: list[dict[str, Any]]) -> None:
        self.table.fill(rows, lambda r: ALERT if r.get("overdue") else None)

    def register(self) -> None:
        args = {
            "kind": self.kind.currentData(),
            "content": self.content.toPlainText().strip(),
            "source": self.source.text(),
            "complainant": self.complainant.text(),
            "contact": self.contact.text(),
            "window": self.window_no.value() or None,
            "staff_no": self.staff_no.text().strip() or None,
            "special": self.special.isChecked(),
        }
        self.api.call("complaint_register", args, self._done)

    def route(self) -> None:
        row = self.table.selected()
        if row is not None:
            self.api.call(
                "complaint_route", {"id": row["id"], "to": self.route_to.text()}, self._done
            )

    def close_selected(self) -> None:
        row = self.table.selected()
        if row is not None:
            args = {
                "id": row["id"],
                "result": self.result.text(),
                "feedback": self.feedback.text(),
                "substantiated": self.substantiated.isChecked(),
            }
            self.api.call("complaint_close", args, self._done)

    def _done(self, result: dict[str, Any]) -> None:
        self.api.tell(self.tr("Saved: {target}").format(target=result.get("target", "")))
        self.content.clear()
        self.reload()


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
                (self.tr("Duty window"), "duty_window_no"),
                (self.tr("Inspector"), "inspector"),
                (self.tr("Window"), "window_no"),
                (self.tr("Findings"), "findings"),
                (self.tr("Criticism"), "criticism"),
            ]
        )
        self.duty_window, self.window_no = optional_window(), optional_window()
        self.inspector, self.staff_no = QLineEdit(), QLineEdit()
        self.text = QLineEdit()
        self.criticism = QCheckBox(self.tr("criticism (通报批评)"))
        record = QPushButton(self.tr("Record inspection"))
        record.clicked.connect(self.record)
        box = QGroupBox(self.tr("Duty-window inspection"))
        form = QFormLayout(box)
        form.addRow(self.tr("Duty window"), self.duty_window)
        form.addRow(self.tr("Inspector"), self.inspector)
        form.addRow(self.tr("Window concerned"), self.window_no)
        form.addRow(self.tr("Staff no."), self.staff_no)
        form.addRow(self.tr("Findings"), self.text)
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
            "staff_no": self.staff_no.text().strip() or None,
            "criticism": self.criticism.isChecked(),
        }
        self.api.call("inspection_record", args, lambda _r: self.reload())
