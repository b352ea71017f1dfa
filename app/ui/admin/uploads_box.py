"""The hall's uploads on the supervisor's monitor: for the province's 好差评 platform and the
city's appraisal database, whether the channel is on, what waits to go and since when, what
went today, what was refused, and the last error (the command outbox_status). A stuck
channel or refused records are tinted; the live alarms say the same on every console."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGroupBox, QVBoxLayout

from app.ui.admin.common import ALERT, WARN, Api, RecordTable

POLL_MS = 30_000


class UploadsBox(QGroupBox):
    def __init__(self, api: Api) -> None:
        super().__init__(self.tr("Uploads (好差评 and city)"))
        self.api = api
        self.table = RecordTable(
            [
                (self.tr("Uplink"), "label"),
                (self.tr("State"), "state_text"),
                (self.tr("Pending"), "pending"),
                (self.tr("Oldest pending"), "oldest_pending_at"),
                (self.tr("Sent today"), "delivered_today"),
                (self.tr("Refused"), "rejected"),
                (self.tr("Last success"), "last_success_at"),
                (self.tr("Last error"), "last_error"),
            ]
        )
        QVBoxLayout(self).addWidget(self.table)
        self._fit()
        self._poll = QTimer(self)
        self._poll.timeout.connect(self.refresh)
        self._poll.start(POLL_MS)

    def refresh(self) -> None:
        self.api.call("outbox_status", {}, self.show_status)

    def show_status(self, channels: list[dict[str, Any]]) -> None:
        self.table.fill([self._row(c) for c in channels], self._colour)
        self._fit()

    def _fit(self) -> None:
        """As tall as its rows (two uplinks): the windows above take the rest of the page."""
        table = self.table
        rows = sum(table.rowHeight(r) for r in range(table.rowCount()))
        table.setFixedHeight(table.horizontalHeader().sizeHint().height() + rows
                             + 2 * table.frameWidth() + 2)  # fmt: skip

    def _row(self, channel: dict[str, Any]) -> dict[str, Any]:
        labels = {"province": self.tr("Province 好差评"), "city": self.tr("City database")}
        if not channel.get("enabled"):
            state = self.tr("Off")
        elif channel.get("stuck"):
            state = self.tr("Stuck")
        elif channel.get("failures"):
            state = self.tr("Retrying ({n} failed)").format(n=channel["failures"])
        else:
            state = self.tr("On")
        name = str(channel.get("name", ""))
        return channel | {"label": labels.get(name, name), "state_text": state}

    @staticmethod
    def _colour(row: dict[str, Any]) -> QColor | None:
        if row.get("enabled") and (row.get("stuck") or row.get("rejected")):
            return ALERT
        if row.get("enabled") and row.get("failures"):
            return WARN
        return None
