"""The new-password fields of a login form: hidden until the server says the password was set
by an administrator and must be changed (password_change_required); then the login is sent
again with new_password. The server checks the policy (app.models.passwords): this only
checks that the two entries agree."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit


class NewPassword:
    """Two password fields (new, again) added to a form, hidden until ``ask()``."""

    def __init__(
        self,
        form: QFormLayout,
        submit: Callable[[], None],
        label: Callable[[QLabel], QLabel] = lambda x: x,
    ) -> None:
        self.form = form
        self.first, self.again = QLineEdit(), QLineEdit()
        self.labels = [
            label(QLabel(QCoreApplication.translate("NewPassword", "New password"))),
            label(QLabel(QCoreApplication.translate("NewPassword", "New password again"))),
        ]
        hint = QCoreApplication.translate("NewPassword", "8+ characters, not only digits")
        for field, text in ((self.first, hint), (self.again, "")):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setPlaceholderText(text)
        self.first.returnPressed.connect(self.again.setFocus)
        self.again.returnPressed.connect(submit)
        form.addRow(self.labels[0], self.first)
        form.addRow(self.labels[1], self.again)
        self.show(False)

    def show(self, shown: bool) -> None:
        for widget in (*self.labels, self.first, self.again):
            widget.setVisible(shown)

    @property
    def asked(self) -> bool:
        return not self.first.isHidden()

    def ask(self) -> None:
        self.show(True)
        self.first.clear()
        self.again.clear()
        self.first.setFocus()

    def value(self, show_error: Callable[[str], None]) -> dict[str, str] | None:
        """{} when not asked; {"new_password": …} when both entries agree; None (and the
        error shown) when they do not."""
        if not self.asked:
            return {}
        if not self.first.text() or self.first.text() != self.again.text():
            show_error(QCoreApplication.translate("NewPassword", "The two new passwords differ"))
            return None
        return {"new_password": self.first.text()}

    def reset(self) -> None:
        self.first.clear()
        self.again.clear()
        self.show(False)
