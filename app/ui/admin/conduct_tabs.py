"""Conduct tabs: the year's grounds for 取消年度评先资格 (every source, recorded ones
withdrawable; the supervisor records them with the evidence), and 一次性告知 (the notices the
counters wrote, printed as the 一次性告知单; the failures to give one, two a month bringing a
通报批评)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
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

from app.models import Ground
from app.ui.admin.common import ALERT, Api, RecordTable, qdate
from app.ui.admin.pickers import StaffPicker, SupervisorNote, date_edit, iso, optional_window
from app.ui.admin.report_job import ReportJob
from app.ui.admin.staffing_tabs import PeriodBar


def text_box(height: int = 64) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setMaximumHeight(height)
    return edit


class GroundsTab(QWidget):
    """Each clerk's grounds in a year, as the yearly ranking applies them; the supervisor
    records a ground with what happened and the evidence, or withdraws one recorded in error
    (it stays on file, listed below)."""

    def __init__(self, api: Api, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self.api = api
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today().year)
        show = QPushButton(self.tr("Show"))
        show.clicked.connect(self.reload)
        self.summary = QLabel()
        top = QHBoxLayout()
        for widget in (QLabel(self.tr("Year")), self.year, show):
            top.addWidget(widget)
        top.addWidget(self.summary, 1)
        self.clerks = RecordTable(
            [
                (self.tr("Clerk"), "staff"),
                (self.tr("Grounds"), "n"),
                (self.tr("评先 status"), "summary"),
            ]
        )
        self.clerks.itemSelectionChanged.connect(self._show_grounds)
        self.grounds = RecordTable(
            [
                (self.tr("Day"), "day"),
                (self.tr("No."), "number"),
                (self.tr("Ground"), "ground_zh"),
                (self.tr("Source"), "source"),
                (self.tr("What happened"), "note"),
                (self.tr("Evidence"), "evidence"),
            ]
        )
        self.grounds.itemSelectionChanged.connect(self._on_ground)
        self.withdrawn = RecordTable(
            [
                (self.tr("Day"), "day"),
                (self.tr("Clerk"), "staff"),
                (self.tr("Ground"), "ground_zh"),
                (self.tr("What happened"), "note"),
                (self.tr("Withdrawn by"), "withdrawn_by"),
                (self.tr("Reason"), "reason"),
            ]
        )
        lists = QVBoxLayout()
        lists.addWidget(QLabel(self.tr("Clerks who lose 评先 this year")))
        lists.addWidget(self.clerks, 2)
        lists.addWidget(QLabel(self.tr("Grounds of the selected clerk")))
        lists.addWidget(self.grounds, 3)
        lists.addWidget(QLabel(self.tr("Withdrawn records (on file, not counted)")))
        lists.addWidget(self.withdrawn, 1)
        side = QVBoxLayout()
        side.addWidget(self._record_box(today()))
        side.addWidget(self._withdraw_box())
        side.addWidget(SupervisorNote(api, self.record_button, self.withdraw_button))
        side.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(lists, 3)
        body.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body)
        self.may_decide = self.record_button.isEnabled()
        self._on_ground()

    def _record_box(self, today: dt.date) -> QGroupBox:
        self.staff = StaffPicker(self.api)
        self.ground = QComboBox()
        for ground in Ground:
            self.ground.addItem(f"{ground.number}. {ground.zh}", ground.value)
        self.ground.setMinimumContentsLength(20)
        self.day = date_edit(qdate(today))
        self.window_no = optional_window()
        self.note, self.evidence = text_box(), text_box()
        self.evidence.setPlaceholderText(self.tr("e.g. video 10:42, complaint letter no. 7"))
        self.record_button = QPushButton(self.tr("Record ground"))
        self.record_button.setObjectName("primaryButton")
        self.record_button.clicked.connect(self.record)
        box = QGroupBox(self.tr("Record a ground (取消评先)"))
        form = QFormLayout(box)
        form.addRow(self.tr("Clerk"), self.staff)
        form.addRow(self.tr("Ground"), self.ground)
        form.addRow(self.tr("Day"), self.day)
        form.addRow(self.tr("Window"), self.window_no)
        form.addRow(self.tr("What happened"), self.note)
        form.addRow(self.tr("Evidence"), self.evidence)
        form.addRow("", self.record_button)
        return box

    def _withdraw_box(self) -> QGroupBox:
        self.reason = QLineEdit()
        self.withdraw_button = QPushButton(self.tr("Withdraw the selected record"))
        self.withdraw_button.clicked.connect(self.withdraw)
        box = QGroupBox(self.tr("Withdraw a record made in error"))
        form = QFormLayout(box)
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow("", self.withdraw_button)
        return box

    def start(self) -> None:
        self.staff.load()
        self.reload()

    def reload(self) -> None:
        self.api.call("grounds_year", {"year": self.year.value()}, self._show)

    def _show(self, year: dict[str, Any]) -> None:
        rows = [{**c, "n": len(c["grounds"])} for c in year["clerks"]]
        self.clerks.fill(rows, lambda _r: ALERT)
        if self.clerks.selected() is None and rows:
            self.clerks.selectRow(0)
        self._show_grounds()
        self.withdrawn.fill(year["withdrawn"])
        self.summary.setText(
            self.tr("{year}: {n} clerks lose 评先 (judged as of {as_of})").format(
                year=year["year"], n=len(rows), as_of=year["as_of"]
            )
        )

    def _show_grounds(self) -> None:
        clerk = self.clerks.selected()
        self.grounds.fill(clerk["grounds"] if clerk else [])
        self._on_ground()

    def _on_ground(self) -> None:
        row = self.grounds.selected()  # only a recorded ground can be withdrawn
        self.withdraw_button.setEnabled(self.may_decide and bool(row and row.get("record_id")))

    def record(self) -> None:
        args = {
            "staff_no": self.staff.value() or "",
            "ground": self.ground.currentData(),
            "day": iso(self.day),
            "window": self.window_no.value() or None,
            "note": self.note.toPlainText().strip(),
            "evidence": self.evidence.toPlainText().strip(),
        }
        self.api.call("ground_record", args, self._saved)

    def withdraw(self) -> None:
        row = self.grounds.selected()
        if row is None or not row.get("record_id"):
            self.api.error.emit(self.tr("Select a ground recorded by a supervisor"))
            return
        args = {"id": row["record_id"], "reason": self.reason.text().strip()}
        self.api.call("ground_withdraw", args, self._saved)

    def _saved(self, result: dict[str, Any]) -> None:
        self.api.tell(self.tr("Saved: {target}").format(target=result.get("target", "")))
        self.note.clear()
        self.evidence.clear()
        self.reason.clear()
        self.reload()


class NoticesTab(QWidget):
    """The 一次性告知单 written in a period (the selected one shown and saved as a PDF to
    print), and the failures to give one, with the clerks who reached a 通报批评."""

    def __init__(
        self, api: Api, folder: Path, today: Callable[[], dt.date] = dt.date.today
    ) -> None:
        super().__init__()
        self.api = api
        self.folder = folder
        self.period = PeriodBar(today(), self.reload)
        self.notices = RecordTable(
            [
                (self.tr("Ticket"), "number"),
                (self.tr("Day"), "day"),
                (self.tr("Service"), "service"),
                (self.tr("Window"), "window"),
                (self.tr("Clerk"), "staff"),
                (self.tr("Missing materials"), "items_text"),
            ]
        )
        self.notices.itemSelectionChanged.connect(self._preview)
        self.preview = QPlainTextEdit()
        self.preview.setReadOnly(True)
        self.print_button = QPushButton(self.tr("Save the 一次性告知单 as PDF"))
        self.print_button.setEnabled(False)
        self.print_button.clicked.connect(self.print_selected)
        self.job = ReportJob(api, self)
        self.job.finished.connect(lambda _files: self._preview())
        self.failures = RecordTable(
            [
                (self.tr("Day"), "day"),
                (self.tr("Clerk"), "staff"),
                (self.tr("What happened"), "note"),
                (self.tr("Evidence"), "evidence"),
                (self.tr("Recorded by"), "recorded_by"),
            ]
        )
        self.criticised = QLabel()
        self.criticised.setWordWrap(True)
        self.criticised.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.staff = StaffPicker(api)
        self.day = date_edit(qdate(today()))
        self.window_no = optional_window()
        self.note, self.evidence = QLineEdit(), QLineEdit()
        record = QPushButton(self.tr("Record failure"))
        record.clicked.connect(self.record)
        box = QGroupBox(self.tr("A failure of 一次性告知"))
        form = QFormLayout(box)
        form.addRow(self.tr("Clerk"), self.staff)
        form.addRow(self.tr("Day"), self.day)
        form.addRow(self.tr("Window"), self.window_no)
        form.addRow(self.tr("What happened"), self.note)
        form.addRow(self.tr("Evidence"), self.evidence)
        form.addRow("", record)
        lists = QVBoxLayout()
        lists.addWidget(QLabel(self.tr("One-time notices (一次性告知单)")))
        lists.addWidget(self.notices, 3)
        lists.addWidget(QLabel(self.tr("Failures of 一次性告知")))
        lists.addWidget(self.failures, 2)
        lists.addWidget(self.criticised)
        side = QVBoxLayout()
        side.addWidget(QLabel(self.tr("Selected notice")))
        side.addWidget(self.preview, 1)
        side.addWidget(self.print_button)
        side.addWidget(box)
        body = QHBoxLayout()
        body.addLayout(lists, 3)
        body.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.period)
        layout.addLayout(body)

    def start(self) -> None:
        self.staff.load()
        self.reload()

    def reload(self) -> None:
        self.api.call("notices", self.period.args(), self._show_notices)
        self.api.call("notice_failures", self.period.args(), self._show_failures)

    def _show_notices(self, rows: list[dict[str, Any]]) -> None:
        self.notices.fill([{**r, "items_text": "；".join(r["items"])} for r in rows])
        self._preview()

    def _show_failures(self, found: dict[str, Any]) -> None:
        names = {c["staff"] for c in found["criticised"]}
        self.failures.fill(found["failures"], lambda r: ALERT if r["staff"] in names else None)
        text = "；".join(f"{c['staff']} {c['month']}：{c['failures']}" for c in found["criticised"])
        self.criticised.setText(
            self.tr("通报批评 ({n} or more failures in a month): {who}").format(
                n=found["threshold"], who=text or self.tr("none")
            )
        )

    def _preview(self) -> None:
        row = self.notices.selected()
        self.print_button.setEnabled(row is not None and not self.job.running)
        if row is None:
            self.preview.clear()
            return
        lines = [
            self.tr("Ticket {number} · {service} · window {window} · {staff} · {at}").format(
                number=row["number"],
                service=row["service"],
                window=row["window"],
                staff=row["staff"] or "—",
                at=row["at"][:16].replace("T", " "),
            ),
            "",
            *(f"{n}. {item}" for n, item in enumerate(row["items"], 1)),
        ]
        if row.get("note"):
            lines += ["", row["note"]]
        self.preview.setPlainText("\n".join(lines))

    def print_selected(self) -> None:
        row = self.notices.selected()
        if row is not None:
            self.print_button.setEnabled(False)
            args = {"kind": "notice", "date": row["day"], "number": row["number"]}
            self.job.start(args, self.folder)

    def record(self) -> None:
        args = {
            "staff_no": self.staff.value() or "",
            "day": iso(self.day),
            "window": self.window_no.value() or None,
            "note": self.note.text().strip(),
            "evidence": self.evidence.text().strip(),
        }
        self.api.call("notice_failure_record", args, self._saved)

    def _saved(self, result: dict[str, Any]) -> None:
        self.api.tell(self.tr("Saved: {target}").format(target=result.get("target", "")))
        self.note.clear()
        self.evidence.clear()
        self.reload()
