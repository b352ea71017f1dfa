"""The monthly appraisal tab: windows and clerks ranked, 红旗窗口 in green."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.ui.admin.common import ALERT, GOOD, Api, RecordTable, percent, qdate


class AppraisalTab(QWidget):
    """The month's windows and clerks ranked; 红旗窗口 green, excluded and 约谈 marked."""

    def __init__(self, api: Api, today: Callable[[], dt.date] = dt.date.today) -> None:
        super().__init__()
        self.api = api
        self.month = QDateEdit(qdate(today()))
        self.month.setDisplayFormat("yyyy-MM")
        show = QPushButton(self.tr("Appraise"))
        show.clicked.connect(self.reload)
        self.red_flags = QLabel()
        self.red_flags.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Month")))
        top.addWidget(self.month)
        top.addWidget(show)
        top.addWidget(self.red_flags, 1)
        columns = [
            (self.tr("Rank"), "rank"),
            (self.tr("Window / clerk"), "label"),
            (self.tr("Score"), "score"),
            (self.tr("Cases"), "finished"),
            (self.tr("Satisfaction"), "satisfaction_text"),
            (self.tr("Rated"), "coverage_text"),
            (self.tr("In promised time"), "promised_text"),
            (self.tr("差评"), "bad"),
            (self.tr("Substantiated complaints"), "complaints_substantiated"),
            (self.tr("Attendance findings"), "attendance"),
            (self.tr("Not eligible because"), "excluded"),
            (self.tr("Talk (约谈)"), "talk"),
        ]
        self.windows, self.staff = RecordTable(columns), RecordTable(columns)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(QLabel(self.tr("Windows (红旗窗口 in green)")))
        layout.addWidget(self.windows, 3)
        layout.addWidget(QLabel(self.tr("Clerks")))
        layout.addWidget(self.staff, 2)

    def start(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.api.call(
            "appraisal_month", {"month": self.month.date().toString("yyyy-MM")}, self._show
        )

    @staticmethod
    def _rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            r
            | {
                "satisfaction_text": percent(r.get("satisfaction")),
                "coverage_text": percent(r.get("coverage")),
                "promised_text": percent(r.get("promised_share")),
            }
            for r in rows
        ]

    def _show(self, result: dict[str, Any]) -> None:
        def colour(row: dict[str, Any]) -> Any:
            if row.get("red_flag"):
                return GOOD
            return ALERT if row.get("talk") or row.get("bottom") else None

        self.windows.fill(self._rows(result["windows"]), colour)
        self.staff.fill(self._rows(result["staff"]), None)
        flags = "、".join(result["red_flags"]) or self.tr("none")
        self.red_flags.setText(
            self.tr("红旗窗口 {month}: {flags}").format(month=result["month"], flags=flags)
        )
