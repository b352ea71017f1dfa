"""Operations tabs: reprint of unprinted tickets, reports made on the server (with a
progress bar, saved on this PC), and the audit log of every admin change."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.admin.common import ALERT, Api, RecordTable, qdate
from app.ui.admin.report_job import ReportJob
from app.ui.interfaces import PrinterLike
from app.ui.kiosk_pages import PrintRunner

SlipFactory = Callable[[dict[str, Any], str], Any]


class TicketsTab(QWidget):
    """Today's waiting tickets whose slip is not known to be printed. "Reprint" prints the
    selected one on this PC's ticket printer (off the GUI thread) and then marks it printed
    on the server (audited); "Mark handed over" only marks it."""

    def __init__(
        self,
        api: Api,
        printer: PrinterLike | None,
        slip_factory: SlipFactory | None,
        hall_name: str = "",
    ) -> None:
        super().__init__()
        self.api = api
        self.slip_factory = slip_factory
        self.hall_name = hall_name
        self.runner = PrintRunner(printer, self)
        self.runner.finished.connect(self._on_printed)
        self.table = RecordTable(
            [
                (self.tr("Ticket"), "number"),
                (self.tr("Service"), "service_name"),
                (self.tr("Issued"), "issued_at"),
                (self.tr("Kiosk"), "kiosk"),
                (self.tr("Print state"), "print_state"),
            ]
        )
        refresh = QPushButton(self.tr("Refresh"))
        self.reprint_button = QPushButton(self.tr("Reprint on this PC's printer"))
        self.reprint_button.setEnabled(printer is not None and slip_factory is not None)
        mark = QPushButton(self.tr("Mark handed over"))
        refresh.clicked.connect(self.reload)
        self.reprint_button.clicked.connect(self.reprint)
        mark.clicked.connect(self.mark_selected)
        buttons = QHBoxLayout()
        for button in (refresh, self.reprint_button, mark):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.table)

    def start(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.api.call(
            "unprinted_tickets",
            {},
            lambda rows: self.table.fill(
                rows, lambda r: ALERT if r["print_state"] == "failed" else None
            ),
        )

    def reprint(self) -> None:
        row = self.table.selected()
        if row is None or self.slip_factory is None:
            return
        issued = {
            "ticket": {**row, "day": row["issued_at"][:10], "priority": row["priority"]},
            "people_ahead": 0,
            "estimated_wait_s": None,
            "check": row.get("check", ""),  # the server's check code (the hall's key)
        }
        self.runner.print_slip(int(row["id"]), self.slip_factory(issued, self.hall_name))

    def _on_printed(self, ticket_id: int, ok: bool, error: str) -> None:
        if ok:
            self.mark(ticket_id)
        else:
            self.api.error.emit(self.tr("Printing failed: {error}").format(error=error))

    def mark_selected(self) -> None:
        row = self.table.selected()
        if row is not None:
            self.mark(int(row["id"]))

    def mark(self, ticket_id: int) -> None:
        self.api.call("mark_printed", {"ticket_id": ticket_id}, lambda _r: self.reload())


class ReportsTab(QWidget):
    """The 日报 or the monthly appraisal, made on the server; the files are saved here."""

    def __init__(
        self, api: Api, folder: Path, today: Callable[[], dt.date] = dt.date.today
    ) -> None:
        super().__init__()
        self.api = api
        self.saved: list[Path] = []
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Daily report (日报)"), "daily")
        self.kind.addItem(self.tr("Monthly appraisal (月度考核)"), "month")
        self.day = QDateEdit(qdate(today()))
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.folder = QLineEdit(str(folder))
        browse = QPushButton(self.tr("Folder…"))
        browse.clicked.connect(self._browse)
        self.start_button = QPushButton(self.tr("Make report"))
        self.start_button.setObjectName("primaryButton")
        self.start_button.clicked.connect(self.make)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1000)
        self.status = QLabel()
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        for widget in (self.kind, QLabel(self.tr("Day or month")), self.day, self.start_button):
            top.addWidget(widget)
        top.addStretch(1)
        where = QHBoxLayout()
        where.addWidget(QLabel(self.tr("Save to")))
        where.addWidget(self.folder, 1)
        where.addWidget(browse)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(where)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.job = ReportJob(api, self)
        self.job.progressed.connect(self._on_progress)
        self.job.saved.connect(self._on_saved)
        self.job.finished.connect(lambda _files: self.start_button.setEnabled(True))

    def start(self) -> None:
        """Nothing to load."""

    def _browse(self) -> None:
        chosen = QFileDialog.getExistingDirectory(
            self, self.tr("Save reports to"), self.folder.text()
        )
        if chosen:
            self.folder.setText(chosen)

    def make(self) -> None:
        kind = self.kind.currentData()
        args: dict[str, Any] = {"kind": kind}
        if kind == "daily":
            args["date"] = self.day.date().toString("yyyy-MM-dd")
        else:
            args["month"] = self.day.date().toString("yyyy-MM")
        self.start_button.setEnabled(False)
        self.progress.setValue(0)
        self.saved = []
        self.job.start(args, Path(self.folder.text()))

    def _on_progress(self, fraction: int, message: str) -> None:
        self.progress.setValue(fraction)
        self.status.setText(message)

    def _on_saved(self, path: Path) -> None:
        self.saved.append(path)
        self.status.setText(
            self.tr("Saved: {files}").format(files=", ".join(str(p) for p in self.saved))
        )


class AuditTab(QWidget):
    """Every admin change: who, when, what, before and after (newest first)."""

    def __init__(self, api: Api) -> None:
        super().__init__()
        self.api = api
        self.action = QLineEdit()
        self.action.setPlaceholderText(self.tr("action, e.g. window_update"))
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.reload)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Filter")))
        top.addWidget(self.action)
        top.addWidget(refresh)
        top.addStretch(1)
        self.table = RecordTable(
            [
                (self.tr("When"), "at"),
                (self.tr("Who"), "actor"),
                (self.tr("Action"), "action"),
                (self.tr("Target"), "target"),
            ]
        )
        self.table.itemSelectionChanged.connect(self._on_select)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        body = QHBoxLayout()
        body.addWidget(self.table, 3)
        body.addWidget(self.detail, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body)
        api.client.event_received.connect(self._on_event)

    def start(self) -> None:
        self.reload()

    def reload(self) -> None:
        args: dict[str, Any] = {"limit": 300}
        if self.action.text().strip():
            args["action"] = self.action.text().strip()
        self.api.call("audit_log", args, lambda rows: self.table.fill(rows))

    def _on_event(self, event: dict[str, Any]) -> None:
        if event.get("kind") == "config_changed":
            self.reload()

    def _on_select(self) -> None:
        row = self.table.selected()
        if row is None:
            return
        text = self.tr("Before:\n{before}\n\nAfter:\n{after}").format(
            before=json.dumps(row.get("before"), ensure_ascii=False, indent=2),
            after=json.dumps(row.get("after"), ensure_ascii=False, indent=2),
        )
        self.detail.setPlainText(text)
