"""The complaints register (咨询/建议/投诉): register (a 建议 with its promised reply date; a
投诉 special or about 违诺超时; any entry important), route, close, mark important; and the
month's statistics by kind and result, as the month report has them."""

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

from app.ui.admin.common import ALERT, WARN, Api, RecordTable, qdate
from app.ui.admin.pickers import StaffPicker, date_edit, iso, optional_window


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
                (self.tr("Status"), "status_text"),
                (self.tr("Important"), "important"),
                (self.tr("违诺超时"), "overdue_promise"),
                (self.tr("Routed to"), "routed_to"),
                (self.tr("Result"), "result"),
                (self.tr("Substantiated"), "substantiated"),
            ]
        )
        self.stats = RecordTable(
            [
                (self.tr("Kind"), "label"),
                (self.tr("Entries"), "received"),
                (self.tr("Answered"), "answered"),
                (self.tr("Open"), "open"),
                (self.tr("On time"), "on_time"),
                (self.tr("Overdue"), "overdue"),
                (self.tr("Substantiated"), "substantiated"),
                (self.tr("Unfounded"), "unfounded"),
            ]
        )
        self.stats.setMaximumHeight(150)
        self.stats_title = QLabel()
        lists = QVBoxLayout()
        lists.addWidget(self.table, 3)
        lists.addWidget(self.stats_title)
        lists.addWidget(self.stats, 1)
        side = QVBoxLayout()
        side.addWidget(self._register_box())
        side.addWidget(self._handle_box())
        side.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(lists, 3)
        body.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body)
        self.table.itemSelectionChanged.connect(self._on_select)
        self._kind_chosen()

    def _register_box(self) -> QGroupBox:
        self.kind = QComboBox()
        for value, label in (
            ("complaint", self.tr("Complaint (投诉)")),
            ("suggestion", self.tr("Suggestion (建议)")),
            ("consult", self.tr("Enquiry (咨询)")),
        ):
            self.kind.addItem(label, value)
        self.kind.currentIndexChanged.connect(self._kind_chosen)
        self.source, self.complainant, self.contact = QLineEdit(), QLineEdit(), QLineEdit()
        self.window_no, self.staff = optional_window(), StaffPicker(self.api, optional=True)
        self.content = QPlainTextEdit()
        self.content.setMaximumHeight(70)
        self.promised_on = date_edit(qdate(self.today() + dt.timedelta(days=5)))
        self.special = QCheckBox(self.tr("special case (7 working days)"))
        self.overdue_promise = QCheckBox(self.tr("about a promised time missed (违诺超时)"))
        self.important = QCheckBox(self.tr("important (kept beyond the year)"))
        self.register_button = QPushButton(self.tr("Register"))
        self.register_button.setObjectName("primaryButton")
        self.register_button.clicked.connect(self.register)
        box = QGroupBox(self.tr("New entry"))
        form = QFormLayout(box)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Reply promised on"), self.promised_on)
        form.addRow(self.tr("Source"), self.source)
        form.addRow(self.tr("Complainant"), self.complainant)
        form.addRow(self.tr("Contact"), self.contact)
        form.addRow(self.tr("Window"), self.window_no)
        form.addRow(self.tr("Staff"), self.staff)
        form.addRow(self.tr("Content"), self.content)
        form.addRow(self.special)
        form.addRow(self.overdue_promise)
        form.addRow(self.important, self.register_button)
        return box

    def _handle_box(self) -> QGroupBox:
        self.route_to = QLineEdit()
        route = QPushButton(self.tr("Route"))
        route.clicked.connect(self.route)
        self.result, self.feedback = QLineEdit(), QLineEdit()
        self.substantiated = QCheckBox(self.tr("substantiated (有效投诉)"))
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.close_selected)
        self.mark_button = QPushButton(self.tr("Mark important"))
        self.mark_button.setEnabled(False)
        self.mark_button.clicked.connect(self.toggle_important)
        box = QGroupBox(self.tr("Selected entry"))
        form = QFormLayout(box)
        form.addRow(self.tr("Route to"), self.route_to)
        form.addRow("", route)
        form.addRow(self.tr("Result"), self.result)
        form.addRow(self.tr("Feedback"), self.feedback)
        form.addRow(self.substantiated, close)
        form.addRow("", self.mark_button)
        return box

    def _kind_chosen(self) -> None:
        """A 建议 has a promised reply date; only a 投诉 is special or about 违诺超时."""
        kind = self.kind.currentData()
        self.promised_on.setEnabled(kind == "suggestion")
        for box in (self.special, self.overdue_promise):
            box.setEnabled(kind == "complaint")
            if kind != "complaint":
                box.setChecked(False)

    def start(self) -> None:
        self.staff.load()
        self.reload()

    def reload(self) -> None:
        args = {
            "start": iso(self.start_day),
            "end": iso(self.end_day),
            "open_only": self.open_only.isChecked(),
        }
        self.api.call("complaints", args, self._show)
        month = self.start_day.date().toString("yyyy-MM")
        self.api.call("complaint_stats", {"month": month}, self._show_stats)

    def _show(self, rows: list[dict[str, Any]]) -> None:
        states = {
            "open": self.tr("open"),
            "routed": self.tr("routed"),
            "closed": self.tr("closed"),
        }
        rows = [{**r, "status_text": states.get(r["status"], r["status"])} for r in rows]
        self.table.fill(rows, lambda r: ALERT if r.get("overdue") else None)
        self._on_select()

    def _show_stats(self, stats: dict[str, Any]) -> None:
        self.stats_title.setText(
            self.tr("Statistics of {month} ({overdue} overdue)").format(
                month=stats["month"], overdue=len(stats["overdue"])
            )
        )
        self.stats.fill(stats["by_kind"], lambda r: WARN if r["kind"] is None else None)

    def _on_select(self) -> None:
        row = self.table.selected()
        self.mark_button.setEnabled(row is not None)
        important = bool(row and row.get("important"))
        self.mark_button.setText(
            self.tr("Clear the important mark") if important else self.tr("Mark important")
        )

    def register(self) -> None:
        kind = self.kind.currentData()
        args = {
            "kind": kind,
            "content": self.content.toPlainText().strip(),
            "source": self.source.text(),
            "complainant": self.complainant.text(),
            "contact": self.contact.text(),
            "window": self.window_no.value() or None,
            "staff_no": self.staff.value(),
            "special": self.special.isChecked(),
            "overdue_promise": self.overdue_promise.isChecked(),
            "important": self.important.isChecked(),
            "promised_on": iso(self.promised_on) if kind == "suggestion" else None,
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

    def toggle_important(self) -> None:
        row = self.table.selected()
        if row is not None:
            args = {"id": row["id"], "important": not row.get("important")}
            self.api.call("complaint_set_important", args, self._done)

    def _done(self, result: dict[str, Any]) -> None:
        self.api.tell(self.tr("Saved: {target}").format(target=result.get("target", "")))
        self.content.clear()
        self.reload()
