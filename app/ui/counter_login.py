"""The workstation's login: staff number and password; the hall client logs in on connect."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.password_fields import NewPassword
from app.ui.widgets import MessageBar, panel, scaled

STYLE = """
#LoginPage { background: #eef2f7; }
#loginCard { background: white; border: 1px solid #cfd8e3; border-radius: 0.5em; }
#primaryButton { background: #0b4ea2; color: white; border-radius: 0.3em; padding: 0.3em 2em; }
#primaryButton:disabled { background: #90a4ae; }
"""


class LoginPage(QWidget):
    def __init__(self, window: int, on_login: Callable[..., None]) -> None:
        super().__init__()
        self.on_login = on_login
        self.setObjectName("LoginPage")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        row = QHBoxLayout(self)
        row.addStretch(1)
        card = panel("loginCard")
        row.addWidget(card, 2)
        row.addStretch(1)
        outer = QVBoxLayout(card)
        outer.addStretch(1)
        title = scaled(
            QLabel(self.tr("Window {window}: clerk login").format(window=window)), 0.05, bold=True
        )
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        outer.addWidget(title)
        form = QFormLayout()
        self.staff_no = scaled(QLineEdit(), 0.04)
        self.password = scaled(QLineEdit(), 0.04)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(scaled(QLabel(self.tr("Staff number")), 0.035), self.staff_no)
        form.addRow(scaled(QLabel(self.tr("Password")), 0.035), self.password)
        self.new_password = NewPassword(form, self.submit, lambda label: scaled(label, 0.035))
        for field in (self.new_password.first, self.new_password.again):
            scaled(field, 0.04)
        outer.addLayout(form)
        self.button = scaled(QPushButton(self.tr("Log in")), 0.04, bold=True)
        self.button.setObjectName("primaryButton")
        self.button.clicked.connect(self.submit)
        self.staff_no.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.submit)
        outer.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.message = scaled(MessageBar(timeout_ms=15000), 0.03)
        outer.addWidget(self.message)
        outer.addStretch(2)

    def submit(self) -> None:
        staff_no, password = self.staff_no.text().strip(), self.password.text()
        if not staff_no or not password:
            self.message.show_error(self.tr("Enter your staff number and password"))
            return
        more = self.new_password.value(self.message.show_error)
        if more is None:
            return
        self.set_busy(True)
        self.on_login(staff_no, password, **more)

    def set_busy(self, busy: bool) -> None:
        self.button.setEnabled(not busy)
        self.button.setText(self.tr("Logging in…") if busy else self.tr("Log in"))

    def failed(self, text: str, code: str = "") -> None:
        """A refused login; after password_change_required the new-password fields show
        (the password stays, the login is sent again with the new one)."""
        self.set_busy(False)
        if code == "password_change_required":
            self.new_password.ask()
        else:
            self.password.clear()
        self.message.show_error(text)
