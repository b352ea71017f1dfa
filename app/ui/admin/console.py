"""The admin console (`python -m app admin`): a login for an admin or supervisor, then tabs
for the live hall, the configuration, appraisal, reports and the audit log. Every request
runs through the hall client (never blocking the GUI thread); refusals and notices appear
in one message bar at the bottom."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.admin.appointments_tab import AppointmentsTab
from app.ui.admin.appraisal_tabs import AttendanceTab, FollowUpsTab
from app.ui.admin.common import Api
from app.ui.admin.complaints_tab import ComplaintsTab
from app.ui.admin.conduct_tabs import GroundsTab, NoticesTab
from app.ui.admin.config_tabs import HolidaysTab, ServicesTab, StaffTab, WindowsTab
from app.ui.admin.dashboard import DashboardTab
from app.ui.admin.language import LANGUAGES, use_language
from app.ui.admin.locks_tab import LocksTab
from app.ui.admin.monitor import MonitorTab
from app.ui.admin.ops_tabs import AuditTab, ReportsTab, SlipFactory, TicketsTab
from app.ui.admin.ranking_tab import AppraisalTab
from app.ui.admin.staffing_tabs import DutyTab, LeaveTab, RosterTab
from app.ui.i18n import error_text
from app.ui.interfaces import HallClientLike, PrinterLike
from app.ui.password_fields import NewPassword
from app.ui.widgets import ConnectionBanner, MessageBar, panel

# (staff_no, password, new_password=… at a forced change) → an unopened client
ConnectAdmin = Callable[..., HallClientLike]
LOGIN_TIMEOUT_MS = 15_000
STYLE = """
#AdminLogin { background: #eef2f7; }
#loginCard { background: white; border: 1px solid #cfd8e3; border-radius: 8px; }
#primaryButton { background: #0b4ea2; color: white; border-radius: 4px; padding: 4px 18px; }
#primaryButton:disabled { background: #90a4ae; }
"""


class AdminLogin(QWidget):
    def __init__(self, on_login: Callable[..., None], language: str) -> None:
        super().__init__()
        self.on_login = on_login
        self.setObjectName("AdminLogin")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        card = panel("loginCard")
        card.setFixedWidth(420)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        column = QVBoxLayout(card)
        title = QLabel(self.tr("Hall administration: log in"))
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = title.font()
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        title.setFont(font)
        column.addWidget(title)
        form = QFormLayout()
        self.staff_no, self.password = QLineEdit(), QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.language = QComboBox()
        for code, name in LANGUAGES:
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        form.addRow(self.tr("Staff number"), self.staff_no)
        form.addRow(self.tr("Password"), self.password)
        self.new_password = NewPassword(form, self.submit)
        form.addRow(self.tr("Language"), self.language)
        column.addLayout(form)
        self.button = QPushButton(self.tr("Log in"))
        self.button.setObjectName("primaryButton")
        self.button.clicked.connect(self.submit)
        self.staff_no.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.submit)
        column.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        self.message = MessageBar(timeout_ms=15000)
        column.addWidget(self.message)

    def submit(self) -> None:
        staff_no, password = self.staff_no.text().strip(), self.password.text()
        if not staff_no or not password:
            self.message.show_error(self.tr("Enter your staff number and password"))
            return
        more = self.new_password.value(self.message.show_error)
        if more is None:
            return
        self.button.setEnabled(False)
        self.on_login(staff_no, password, **more)

    def failed(self, text: str, code: str = "") -> None:
        self.button.setEnabled(True)
        if code == "password_change_required":
            self.new_password.ask()
        else:
            self.password.clear()
        self.message.show_error(text)


class AdminConsole(QMainWindow):
    logged_in = Signal(object)

    def __init__(
        self,
        connect: ConnectAdmin,
        *,
        printer: PrinterLike | None = None,
        slip_factory: SlipFactory | None = None,
        reports_folder: Path | None = None,
        language: str = "zh_CN",
        now: Callable[[], dt.datetime] = dt.datetime.now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.connect_admin = connect
        self.printer = printer
        self.slip_factory = slip_factory
        self.reports_folder = reports_folder or Path.home() / "hallqueue-reports"
        self.language = language
        self.now = now
        self.client: HallClientLike | None = None
        self.api: Api | None = None
        self.tabs: QTabWidget | None = None
        self.pages: dict[str, QWidget] = {}
        self._started: set[int] = set()
        self._dropped: list[HallClientLike] = []
        self.setStyleSheet(STYLE)
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self._login_timer = QTimer(self)
        self._login_timer.setSingleShot(True)
        self._login_timer.setInterval(LOGIN_TIMEOUT_MS)
        self._login_timer.timeout.connect(self._login_timed_out)
        self._build_login()

    def _build_login(self) -> None:
        self.setWindowTitle(self.tr("Hall administration"))
        self.login = AdminLogin(self._log_in, self.language)
        self.login.language.currentIndexChanged.connect(self._language_chosen)
        self.stack.addWidget(self.login)
        self.stack.setCurrentWidget(self.login)

    def _language_chosen(self) -> None:
        language = self.login.language.currentData()
        if language == self.language:
            return
        self.language = language
        app = QApplication.instance()
        if app is not None:
            use_language(app, language)
        staff_no = self.login.staff_no.text()
        old = self.login
        self._build_login()
        self.login.staff_no.setText(staff_no)
        self.stack.removeWidget(old)
        old.deleteLater()

    # Login
    def _log_in(self, staff_no: str, password: str, **more: str) -> None:
        client = self.connect_admin(staff_no, password, **more)
        self.client = client
        client.connected_changed.connect(self._on_connected)
        auth_failed = getattr(client, "auth_failed", None)
        if auth_failed is not None:
            auth_failed.connect(self._on_auth_failed)
        self._login_timer.start()
        client.open()

    def _on_auth_failed(self, error: dict[str, Any]) -> None:
        self._drop_client()
        self.login.failed(error_text(error), str(error.get("code", "")))

    def _login_timed_out(self) -> None:
        if self.tabs is None:
            self._drop_client()
            self.login.failed(self.tr("Could not log in: no answer from the hall server."))

    def _drop_client(self) -> None:
        self._login_timer.stop()
        if self.client is not None:
            self.client.close()
            # Kept until later: this may run inside one of the client's own signals.
            self._dropped.append(self.client)
            QTimer.singleShot(0, self._dropped.clear)
            self.client = None

    def _on_connected(self, connected: bool) -> None:
        if connected and self.tabs is None and self.client is not None:
            self._login_timer.stop()
            self._build_console(self.client)
            self.logged_in.emit(self.client)

    # The console
    def _build_console(self, client: HallClientLike) -> None:
        self.api = Api(client, self)
        today = lambda: self.now().date()  # noqa: E731
        welcome = getattr(client, "welcome", {}) or {}
        self.setWindowTitle(
            self.tr("Hall administration — {name}").format(
                name=welcome.get("staff_name") or welcome.get("staff_no") or ""
            )
        )
        self.pages = {
            "dashboard": DashboardTab(self.api, self.now),
            "monitor": MonitorTab(self.api, self.now),
            "services": ServicesTab(self.api),
            "windows": WindowsTab(self.api),
            "staff": StaffTab(self.api),
            "holidays": HolidaysTab(self.api),
            "tickets": TicketsTab(self.api, self.printer, self.slip_factory),
            "complaints": ComplaintsTab(self.api, today),
            "follow_ups": FollowUpsTab(self.api),
            "attendance": AttendanceTab(self.api, today),
            "roster": RosterTab(self.api, self.now),
            "leave": LeaveTab(self.api, self.now),
            "duty": DutyTab(self.api, self.now),
            "grounds": GroundsTab(self.api, today),
            "notices": NoticesTab(self.api, self.reports_folder, today),
            "appraisal": AppraisalTab(self.api, today),
            "reports": ReportsTab(self.api, self.reports_folder, today),
            "audit": AuditTab(self.api),
            "appointments": AppointmentsTab(self.api, today),
            "locks": LocksTab(self.api),
        }
        titles = {
            "dashboard": self.tr("Dashboard"),
            "monitor": self.tr("Hall monitor"),
            "services": self.tr("Services"),
            "windows": self.tr("Windows"),
            "staff": self.tr("Staff"),
            "holidays": self.tr("Holidays and hours"),
            "tickets": self.tr("Unprinted tickets"),
            "complaints": self.tr("Complaints"),
            "follow_ups": self.tr("差评 follow-ups"),
            "attendance": self.tr("Attendance"),
            "roster": self.tr("Roster (A/B)"),
            "leave": self.tr("Leave"),
            "duty": self.tr("Duty windows"),
            "grounds": self.tr("评先 grounds"),
            "notices": self.tr("One-time notices"),
            "appraisal": self.tr("Appraisal"),
            "reports": self.tr("Reports"),
            "audit": self.tr("Audit log"),
            "appointments": self.tr("Appointments"),
            "locks": self.tr("Login locks"),
        }
        self.tabs = QTabWidget()
        for key, page in self.pages.items():
            self.tabs.addTab(page, titles[key])
        self.message = MessageBar(timeout_ms=10_000)
        self.api.error.connect(self.message.show_error)
        self.api.info.connect(self.message.show_info)
        holder = QWidget()
        column = QVBoxLayout(holder)
        column.setContentsMargins(4, 4, 4, 4)
        column.addWidget(ConnectionBanner(client))
        column.addWidget(self.tabs, 1)
        column.addWidget(self.message)
        self.stack.addWidget(holder)
        self.stack.setCurrentWidget(holder)
        self.tabs.currentChanged.connect(self._start_tab)
        self._start_tab(0)

    def _start_tab(self, index: int) -> None:
        """Each tab loads its data the first time it is shown."""
        if self.tabs is None or index in self._started:
            return
        self._started.add(index)
        page = self.tabs.widget(index)
        start = getattr(page, "start", None)
        if start is not None:
            start()

    def show_tab(self, key: str) -> QWidget:
        assert self.tabs is not None
        page = self.pages[key]
        self.tabs.setCurrentWidget(page)
        return page

    def closeEvent(self, event: Any) -> None:
        self._drop_client()
        super().closeEvent(event)
