"""Staffing tabs: the window roster with its A/B 角 and who is due each day, leave requests
and their approval (the supervisor's), and the month's duty windows (值班窗口) with their
patrols of the hall."""

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
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.models import LeaveKind
from app.ui.admin.common import ALERT, GOOD, WARN, Api, RecordTable, cell_text, qdate
from app.ui.admin.pickers import (
    StaffPicker,
    SupervisorNote,
    date_edit,
    iso,
    moment,
    moment_edit,
    month_edit,
    month_of,
    window_box,
)

Now = Callable[[], dt.datetime]


class PeriodBar(QWidget):
    """From–to dates (this month by default), any `extra` widgets, and a Refresh button."""

    def __init__(self, today: dt.date, reload: Callable[[], None], *extra: QWidget) -> None:
        super().__init__()
        day = qdate(today)
        self.start_day = date_edit(QDate(day.year(), day.month(), 1))
        self.end_day = date_edit(QDate(day.year(), day.month(), day.daysInMonth()))
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(reload)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        parts: list[QWidget] = [QLabel(self.tr("Period")), self.start_day, QLabel("–")]
        for widget in (*parts, self.end_day, *extra):
            row.addWidget(widget)
        row.addStretch(1)
        row.addWidget(refresh)

    def args(self) -> dict[str, Any]:
        return {"start": iso(self.start_day), "end": iso(self.end_day)}


class RosterTab(QWidget):
    """The roster entries of a period (newest first: a later entry wins), who is due each
    working day (B covering A's approved leave marked), and a new entry."""

    def __init__(self, api: Api, now: Now) -> None:
        super().__init__()
        self.api = api
        self.period = PeriodBar(now().date(), self.reload)
        self.entries = RecordTable(
            [
                (self.tr("No."), "id"),
                (self.tr("Window"), "window"),
                (self.tr("From"), "start"),
                (self.tr("To"), "end"),
                (self.tr("A clerk"), "staff_a"),
                (self.tr("B clerk"), "staff_b"),
                (self.tr("Recorded by"), "recorded_by"),
            ]
        )
        self.duties = RecordTable(
            [
                (self.tr("Day"), "day"),
                (self.tr("Window"), "window"),
                (self.tr("A/B"), "role"),
                (self.tr("Due"), "staff"),
            ]
        )
        day = qdate(now().date())
        self.window_no = window_box()
        self.start_day = date_edit(day)
        self.end_day = date_edit(QDate(day.year(), day.month(), day.daysInMonth()))
        self.staff_a, self.staff_b = StaffPicker(api), StaffPicker(api, optional=True)
        self.save_button = QPushButton(self.tr("Save roster entry"))
        self.save_button.setObjectName("primaryButton")
        self.save_button.clicked.connect(self.save)
        box = QGroupBox(self.tr("Roster entry (A/B 角)"))
        form = QFormLayout(box)
        form.addRow(self.tr("Window"), self.window_no)
        form.addRow(self.tr("From"), self.start_day)
        form.addRow(self.tr("To"), self.end_day)
        form.addRow(self.tr("A clerk"), self.staff_a)
        form.addRow(self.tr("B clerk (covers A)"), self.staff_b)
        form.addRow("", self.save_button)
        hint = QLabel(
            self.tr(
                "A later entry for the same window and day replaces an earlier one. On a day "
                "A's approved leave covers, B is due (B 角顶岗); a day with no entry has no one "
                "due and no 旷工."
            )
        )
        hint.setWordWrap(True)
        lists = QVBoxLayout()
        lists.addWidget(QLabel(self.tr("Roster entries")))
        lists.addWidget(self.entries, 2)
        lists.addWidget(QLabel(self.tr("Who is due each working day")))
        lists.addWidget(self.duties, 3)
        side = QVBoxLayout()
        side.addWidget(box)
        side.addWidget(hint)
        side.addStretch(1)
        body = QHBoxLayout()
        body.addLayout(lists, 3)
        body.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.period)
        layout.addLayout(body)

    def start(self) -> None:
        self.staff_a.load()
        self.staff_b.load()
        self.reload()

    def reload(self) -> None:
        self.api.call("roster", self.period.args(), self._show)

    def _show(self, view: dict[str, Any]) -> None:
        self.entries.fill(view["entries"])
        self.duties.fill(view["duties"], lambda r: WARN if r["role"] == "B" else None)

    def save(self) -> None:
        args = {
            "window": self.window_no.value(),
            "start": iso(self.start_day),
            "end": iso(self.end_day),
            "staff_a": self.staff_a.value() or "",
            "staff_b": self.staff_b.value(),
        }
        self.api.call("roster_set", args, self._saved)

    def _saved(self, result: dict[str, Any]) -> None:
        self.api.tell(self.tr("Saved: {target}").format(target=result.get("target", "")))
        self.reload()


class LeaveTab(QWidget):
    """Leave requests of a period (pending in yellow); a new request; the supervisor
    approves or refuses the selected one."""

    def __init__(self, api: Api, now: Now) -> None:
        super().__init__()
        self.api = api
        self.pending_only = QCheckBox(self.tr("pending only"))
        self.pending_only.toggled.connect(self.reload)
        self.period = PeriodBar(now().date(), self.reload, self.pending_only)
        self.table = RecordTable(
            [
                (self.tr("No."), "id"),
                (self.tr("Clerk"), "staff"),
                (self.tr("Kind"), "kind_zh"),
                (self.tr("From"), "start"),
                (self.tr("To"), "end"),
                (self.tr("Reason"), "reason"),
                (self.tr("Status"), "status_zh"),
                (self.tr("Decided by"), "decided_by"),
                (self.tr("Decided at"), "decided_at"),
            ]
        )
        self.table.itemSelectionChanged.connect(self._on_select)
        start = dt.datetime.combine(now().date() + dt.timedelta(days=1), dt.time())  # whole day
        self.staff = StaffPicker(api)
        self.kind = QComboBox()
        for kind in LeaveKind:
            self.kind.addItem(kind.zh, kind.value)
        self.start_at, self.end_at = (
            moment_edit(start),
            moment_edit(start.replace(hour=23, minute=59)),
        )
        self.reason = QLineEdit()
        self.record_button = QPushButton(self.tr("Record request"))
        self.record_button.clicked.connect(self.record)
        new = QGroupBox(self.tr("Leave request (请假)"))
        form = QFormLayout(new)
        form.addRow(self.tr("Clerk"), self.staff)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("From"), self.start_at)
        form.addRow(self.tr("To"), self.end_at)
        form.addRow(self.tr("Reason"), self.reason)
        form.addRow("", self.record_button)
        self.note = QLineEdit()
        self.approve_button = QPushButton(self.tr("Approve"))
        self.approve_button.setObjectName("primaryButton")
        self.refuse_button = QPushButton(self.tr("Refuse"))
        self.approve_button.clicked.connect(lambda: self.decide(True))
        self.refuse_button.clicked.connect(lambda: self.decide(False))
        self.chosen = QLabel(self.tr("Select a pending request"))
        decide = QGroupBox(self.tr("Approval (审批)"))
        form2 = QFormLayout(decide)
        form2.addRow(self.chosen)
        form2.addRow(self.tr("Note"), self.note)
        buttons = QHBoxLayout()
        buttons.addWidget(self.refuse_button)
        buttons.addStretch(1)
        buttons.addWidget(self.approve_button)
        form2.addRow(buttons)
        self.supervisor_note = SupervisorNote(api, self.approve_button, self.refuse_button)
        form2.addRow(self.supervisor_note)
        side = QVBoxLayout()
        side.addWidget(new)
        side.addWidget(decide)
        side.addStretch(1)
        body = QHBoxLayout()
        body.addWidget(self.table, 3)
        body.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.period)
        layout.addLayout(body)

    def start(self) -> None:
        self.staff.load()
        self.reload()

    def reload(self) -> None:
        args = {**self.period.args(), "pending_only": self.pending_only.isChecked()}
        self.api.call("leaves", args, self._show)

    def _show(self, rows: list[dict[str, Any]]) -> None:
        colours = {"pending": WARN, "approved": GOOD, "rejected": ALERT}
        self.table.fill(rows, lambda r: colours.get(r["status"]))
        self._on_select()

    def _on_select(self) -> None:
        row = self.table.selected()
        if row is None:
            self.chosen.setText(self.tr("Select a pending request"))
        else:
            span = f"{cell_text(row['start'])} – {cell_text(row['end'])}"
            self.chosen.setText(f"{row['staff']} {row['kind_zh']} {span}")

    def record(self) -> None:
        args = {
            "staff_no": self.staff.value() or "",
            "kind": self.kind.currentData(),
            "start": moment(self.start_at),
            "end": moment(self.end_at),
            "reason": self.reason.text().strip(),
        }
        self.api.call("leave_record", args, self._saved)

    def decide(self, approve: bool) -> None:
        row = self.table.selected()
        if row is not None:
            args = {"id": row["id"], "approve": approve, "note": self.note.text().strip()}
            self.api.call("leave_decide", args, self._saved)

    def _saved(self, result: dict[str, Any]) -> None:
        self.api.tell(self.tr("Saved: {target}").format(target=result.get("target", "")))
        self.reason.clear()
        self.note.clear()
        self.reload()


class DutyTab(QWidget):
    """The month's four duty windows (the convenor first), its patrols, and the working days
    short of the required patrols (the convenor's shortfall: not 红旗窗口)."""

    def __init__(self, api: Api, now: Now) -> None:
        super().__init__()
        self.api = api
        self.now = now
        self.month = month_edit(now().date())
        show = QPushButton(self.tr("Show"))
        show.clicked.connect(self.reload)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Month")))
        top.addWidget(self.month)
        top.addWidget(show)
        top.addWidget(self.summary, 1)
        self.roster = RecordTable(
            [
                (self.tr("Order"), "position"),
                (self.tr("Duty window"), "window"),
                (self.tr("Role"), "role"),
            ]
        )
        self.roster.setMaximumHeight(160)
        self.patrols = RecordTable(
            [
                (self.tr("Time"), "at"),
                (self.tr("Duty window"), "duty_window"),
                (self.tr("Patroller"), "staff"),
                (self.tr("Findings"), "findings"),
            ]
        )
        self.short_days = RecordTable([(self.tr("Day"), "day"), (self.tr("Patrols"), "patrols")])
        self.windows = [window_box(n) for n in (1, 2, 3, 4)]
        self.save_button = QPushButton(self.tr("Save duty windows"))
        self.save_button.clicked.connect(self.save)
        plan = QGroupBox(self.tr("Duty windows of the month"))
        form = QFormLayout(plan)
        form.addRow(self.tr("1 (convenor, 召集人)"), self.windows[0])
        for n, box in enumerate(self.windows[1:], start=2):
            form.addRow(str(n), box)
        form.addRow("", self.save_button)
        self.duty_window = QComboBox()
        self.patroller = StaffPicker(api, optional=True)
        self.at = moment_edit(now())
        self.findings = QLineEdit("未发现问题")
        self.record_button = QPushButton(self.tr("Record patrol"))
        self.record_button.setObjectName("primaryButton")
        self.record_button.clicked.connect(self.record)
        patrol = QGroupBox(self.tr("Patrol (巡查)"))
        form2 = QFormLayout(patrol)
        form2.addRow(self.tr("Duty window"), self.duty_window)
        form2.addRow(self.tr("Patroller"), self.patroller)
        form2.addRow(self.tr("Time"), self.at)
        form2.addRow(self.tr("Findings"), self.findings)
        form2.addRow("", self.record_button)
        lists = QVBoxLayout()
        lists.addWidget(QLabel(self.tr("Duty windows")))
        lists.addWidget(self.roster)
        lists.addWidget(QLabel(self.tr("Patrol records")))
        lists.addWidget(self.patrols, 1)
        side = QVBoxLayout()
        side.addWidget(plan)
        side.addWidget(patrol)
        side.addWidget(QLabel(self.tr("Working days short of patrols")))
        side.addWidget(self.short_days, 1)
        body = QHBoxLayout()
        body.addLayout(lists, 3)
        body.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body)

    def start(self) -> None:
        self.patroller.load()
        self.reload()

    def reload(self) -> None:
        self.api.call("duty_month", {"month": month_of(self.month)}, self._show)

    def _show(self, month: dict[str, Any]) -> None:
        roles = {True: self.tr("Convenor (召集人)"), False: self.tr("Duty window")}
        rows = [{**r, "role": roles[r["convenor"]]} for r in month["roster"]]
        self.roster.fill(rows, lambda r: GOOD if r["convenor"] else None)
        self.patrols.fill(month["patrols"])
        self.short_days.fill(month["short_days"], lambda _r: ALERT)
        chosen = self.duty_window.currentData()
        self.duty_window.clear()
        for row in month["roster"]:
            self.duty_window.addItem(self.tr("Window {n}").format(n=row["window"]), row["window"])
        self.duty_window.setCurrentIndex(max(0, self.duty_window.findData(chosen)))
        for box, row in zip(self.windows, month["roster"], strict=False):
            box.setValue(row["window"])
        self.record_button.setEnabled(bool(month["roster"]))
        if not month["roster"]:
            text = self.tr("{month}: no duty windows set; patrols are not checked.")
        else:
            text = self.tr(
                "{month}: {days} working days checked, {short} short of {need} patrols a day."
            )
        self.summary.setText(
            text.format(
                month=month["month"],
                days=month["checked_days"],
                short=len(month["short_days"]),
                need=month["patrols_per_day"],
            )
        )

    def save(self) -> None:
        args = {"month": month_of(self.month), "windows": [b.value() for b in self.windows]}
        self.api.call("duty_roster_set", args, self._saved)

    def record(self) -> None:
        args = {
            "duty_window": self.duty_window.currentData(),
            "findings": self.findings.text().strip(),
            "patroller_no": self.patroller.value(),
            "at": moment(self.at),
        }
        self.api.call("patrol_record", args, self._saved)

    def _saved(self, result: dict[str, Any]) -> None:
        self.api.tell(self.tr("Saved: {target}").format(target=result.get("target", "")))
        self.reload()
