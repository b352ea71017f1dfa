"""What every admin tab uses: the request helper that routes errors to the console's one
message bar, a read-only table filled from dicts, and small formatting helpers."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Sequence
from typing import Any

import shiboken6
from PySide6.QtCore import QDate, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from app.ui.i18n import error_text
from app.ui.interfaces import HallClientLike

OnOk = Callable[[Any], None]
ALERT = QColor("#fdecea")
GOOD = QColor("#e8f5e9")
WARN = QColor("#fff8e1")


class Api(QObject):
    """The logged-in client plus the console's message bar: `call(op, args, on_ok)`; a
    refusal is shown in the one message bar (and passed to on_error if given)."""

    error = Signal(str)
    info = Signal(str)

    def __init__(self, client: HallClientLike, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.client = client

    def call(
        self,
        op: str,
        args: dict[str, Any] | None = None,
        on_ok: OnOk | None = None,
        on_error: Callable[[dict[str, Any]], None] | None = None,
    ) -> int:
        def failed(error: dict[str, Any]) -> None:
            if not shiboken6.isValid(self):
                return  # the console closed meanwhile (a tab's timer asked after the logout)
            self.error.emit(self.refusal_text(error))
            if on_error is not None:
                on_error(error)

        return self.client.request(op, args or {}, on_ok, failed)

    def refusal_text(self, error: dict[str, Any]) -> str:
        """A refusal as the message bar tells it. The server decides what a login may do;
        when it says "forbidden" (a supervisor saving the configuration, which is for
        administrators; an administrator approving leave, which is the supervisor's), the bar
        says so plainly instead of naming the command."""
        if error.get("code") != "forbidden":
            return error_text(error)
        role = str((getattr(self.client, "welcome", {}) or {}).get("role") or "?")
        names = {"supervisor": self.tr("supervisor"), "admin": self.tr("administrator")}
        if role == "admin":  # what an administrator may not do is the supervisor's decision
            text = self.tr("Not allowed with this login ({role}); the supervisor decides this.")
        else:
            text = self.tr("Not allowed with this login ({role}); ask an administrator.")
        return text.format(role=names.get(role, role))

    def tell(self, text: str) -> None:
        self.info.emit(text)


Column = tuple[str, str]  # (header, key in the row dict)


class RecordTable(QTableWidget):
    """A read-only, row-selecting table of dicts; `rows[i]` is the dict behind row i."""

    def __init__(self, columns: Sequence[Column]) -> None:
        super().__init__(0, len(columns))
        self.columns = list(columns)
        self.rows: list[dict[str, Any]] = []
        self.setHorizontalHeaderLabels([header for header, _ in columns])
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)
        self.setAlternatingRowColors(True)

    def fill(
        self,
        rows: Sequence[dict[str, Any]],
        colour: Callable[[dict[str, Any]], QColor | None] | None = None,
    ) -> None:
        selected = self.selected()
        self.rows = list(rows)
        self.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            background = colour(row) if colour else None
            for c, (_, key) in enumerate(self.columns):
                item = QTableWidgetItem(cell_text(row.get(key)))
                item.setData(Qt.ItemDataRole.UserRole, r)
                if background is not None:
                    item.setBackground(QBrush(background))
                self.setItem(r, c, item)
        if selected is not None and selected in self.rows:
            self.selectRow(self.rows.index(selected))

    def selected(self) -> dict[str, Any] | None:
        indexes = self.selectionModel().selectedRows()
        if not indexes or indexes[0].row() >= len(self.rows):
            return None
        return self.rows[indexes[0].row()]


MOMENT = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2}(\.\d+)?)?$")


def cell_text(value: Any) -> str:
    """A value as a table cell: ✓ for true, a moment as "2026-11-23 09:00", lists joined."""
    if value is None:
        return ""
    if isinstance(value, str):
        moment = MOMENT.match(value)
        return f"{moment[1]} {moment[2]}" if moment else value
    if isinstance(value, bool):
        return "✓" if value else ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, list | tuple):
        return " › ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def percent(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


def minutes_since(iso: str | None, now: dt.datetime) -> str:
    """ "12:05" (minutes:seconds) since an ISO time; "" without one."""
    if not iso:
        return ""
    seconds = max(0, int((now - dt.datetime.fromisoformat(iso)).total_seconds()))
    return f"{seconds // 60}:{seconds % 60:02d}"


def qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)
