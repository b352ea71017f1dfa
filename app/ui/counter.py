"""The clerk workstation: login, then the desk. The hall client is built at login, because a
counter's connection carries the clerk's staff number and password."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from app.ui.counter_desk import ClerkDesk
from app.ui.counter_login import LoginPage
from app.ui.i18n import error_text
from app.ui.interfaces import HallClientLike, KeypadLike
from app.ui.widgets import apply_font_scale

# (staff_no, password, new_password=… at a forced change) → a hall client for this window,
# not yet opened
ConnectCounter = Callable[..., HallClientLike]


class ClerkWorkstation(QWidget):
    logged_in = Signal(object)  # the connected hall client
    logged_out = Signal()

    def __init__(
        self,
        window: int,
        connect: ConnectCounter,
        keypad: KeypadLike | None = None,
        *,
        login_timeout_s: int = 15,
        now: Callable[[], dt.datetime] = dt.datetime.now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.window_no = window
        self.connect_counter = connect
        self.keypad = keypad
        self.now = now
        self.client: HallClientLike | None = None
        self.desk: ClerkDesk | None = None
        self.setWindowTitle(self.tr("Window {window} workstation").format(window=window))
        self.pages = QStackedWidget()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self.login = LoginPage(window, self._log_in)
        self.pages.addWidget(self.login)
        self.login.staff_no.setFocus()  # type the number, Enter, the password, Enter
        self._login_timer = QTimer(self)
        self._login_timer.setSingleShot(True)
        self._login_timer.setInterval(login_timeout_s * 1000)
        self._login_timer.timeout.connect(self._login_timed_out)
        self._dropped: list[HallClientLike] = []

    def resizeEvent(self, event: QResizeEvent) -> None:
        apply_font_scale(self)
        super().resizeEvent(event)

    def _log_in(self, staff_no: str, password: str, **more: str) -> None:
        client = self.connect_counter(staff_no, password, **more)
        self.client = client
        client.connected_changed.connect(self._on_connected)
        auth_failed = getattr(client, "auth_failed", None)  # app.net's client has it
        if auth_failed is not None:
            auth_failed.connect(self._on_auth_failed)
        self._login_timer.start()
        client.open()

    def _on_connected(self, connected: bool) -> None:
        if connected and self.desk is None and self.client is not None:
            self._login_timer.stop()
            self.desk = ClerkDesk(
                self.client, self.window_no, self.keypad, now=self.now, on_logout=self.log_out
            )
            self.pages.addWidget(self.desk)
            self.pages.setCurrentWidget(self.desk)
            self.login.set_busy(False)
            self.login.password.clear()
            self.login.new_password.reset()
            apply_font_scale(self)
            self.desk.setFocus()
            self.logged_in.emit(self.client)

    def _on_auth_failed(self, error: dict[str, Any]) -> None:
        """A refused login, or the session taken over by a login elsewhere (back to the
        login page, saying so)."""
        if self.desk is not None:
            self.log_out()
        self._drop_client()
        self.login.failed(error_text(error), str(error.get("code", "")))

    def _login_timed_out(self) -> None:
        if self.desk is None:
            self._drop_client()
            self.login.failed(
                self.tr("Could not log in: wrong staff number or password, or no server.")
            )

    def _drop_client(self) -> None:
        self._login_timer.stop()
        if self.client is not None:
            client, self.client = self.client, None
            client.close()
            # Often called from the client's own signal: keep it alive until the next turn
            # of the event loop, so it is never freed while it is still emitting.
            self._dropped.append(client)
            QTimer.singleShot(0, self._dropped.clear)

    def log_out(self) -> None:
        """Back to the login page; attendance sign-out is its own command (F10)."""
        if self.desk is not None:
            self.pages.removeWidget(self.desk)
            self.desk.deleteLater()
            self.desk = None
            self.logged_out.emit()
        self._drop_client()
        self.pages.setCurrentWidget(self.login)
        self.login.staff_no.setFocus()
