"""Login locks: the staff numbers and addresses locked for failed logins, and the unlock
button (login_unlock, audited on the server)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.ui.admin.common import Api, RecordTable


class LocksTab(QWidget):
    def __init__(self, api: Api) -> None:
        super().__init__()
        self.api = api
        self.table = RecordTable(
            [
                (self.tr("Kind"), "kind"),
                (self.tr("Staff number or address"), "key"),
                (self.tr("Locked since"), "since"),
                (self.tr("Minutes left"), "minutes_left"),
            ]
        )
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.clicked.connect(self.unlock)
        refresh = QPushButton(self.tr("Refresh"))
        refresh.clicked.connect(self.reload)
        top = QHBoxLayout()
        top.addWidget(
            QLabel(self.tr("Locked after too many failed logins; a lock lifts by itself."))
        )
        top.addStretch(1)
        top.addWidget(refresh)
        top.addWidget(self.unlock_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def start(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.api.call("login_lockouts", {}, self.table.fill)

    def unlock(self) -> None:
        row: dict[str, Any] | None = self.table.selected()
        if row is None:
            self.api.tell(self.tr("Choose a lock first"))
            return

        def done(_: Any) -> None:
            self.api.tell(self.tr("Unlocked {key}").format(key=row["key"]))
            self.reload()

        self.api.call("login_unlock", {"kind": row["kind"], "key": row["key"]}, done)
