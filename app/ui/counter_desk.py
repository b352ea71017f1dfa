"""The clerk's desk after login: big buttons with F-keys, the current ticket with a running
timer, this window's waiting list, today's own figures, and the keypad rating after finish.

Every action has its key, shown on its button (F1–F10, F12 logs out; the forms' own keys are
in counter_panels.py). A full case is F1 call, F5 start, F4 then 1 (办结): four keys."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, QTimer
from PySide6.QtGui import QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.counter_panels import (
    FinishPanel,
    NumberPanel,
    Panel,
    PausePanel,
    big_button,
    press_by_key,
    with_key,
)
from app.ui.counter_rating import DeskRating
from app.ui.counter_transfer import TransferPanel
from app.ui.i18n import error_text
from app.ui.interfaces import HallClientLike, KeypadLike
from app.ui.return_visit import ReturnVisitDialog, offer_return_visit
from app.ui.widgets import (
    ConnectionBanner,
    Debounce,
    MessageBar,
    apply_font_scale,
    panel,
    scaled,
)

ACTIONS: list[tuple[str, Qt.Key, object]] = [
    ("call_next", Qt.Key.Key_F1, QT_TRANSLATE_NOOP("Desk", "Call next")),
    ("recall", Qt.Key.Key_F2, QT_TRANSLATE_NOOP("Desk", "Recall")),
    ("no_show", Qt.Key.Key_F3, QT_TRANSLATE_NOOP("Desk", "No-show")),
    ("finish", Qt.Key.Key_F4, QT_TRANSLATE_NOOP("Desk", "Finish…")),
    ("start", Qt.Key.Key_F5, QT_TRANSLATE_NOOP("Desk", "Start serving")),
    ("hold", Qt.Key.Key_F6, QT_TRANSLATE_NOOP("Desk", "Hold")),
    ("transfer", Qt.Key.Key_F7, QT_TRANSLATE_NOOP("Desk", "Transfer…")),
    ("number", Qt.Key.Key_F8, QT_TRANSLATE_NOOP("Desk", "Call a number…")),
    ("pause", Qt.Key.Key_F9, QT_TRANSLATE_NOOP("Desk", "Pause / resume")),
    ("sign", Qt.Key.Key_F10, QT_TRANSLATE_NOOP("Desk", "Sign in / out")),
]
QUEUE_KINDS = (
    "ticket_issued",
    "ticket_called",
    "ticket_called_back",
    "ticket_transferred",
    "ticket_reactivated",
    "ticket_no_show",
    "ticket_held",
    "ticket_finished",
    "ticket_started",
    "ticket_recalled",
    "window_paused",
    "window_resumed",
    "window_signed_in",
    "window_signed_out",
    "rating_recorded",
    "config_changed",  # e.g. the window's service priority order was changed by the admin
)
STYLE = """
ClerkDesk { background: #eef2f7; }
#ticketCard, #sideCard { background: white; border: 1px solid #cfd8e3; border-radius: 0.4em; }
#actionButton { background: #1565c0; color: white; border-radius: 0.3em; padding: 0.3em; }
#actionButton:disabled { background: #b0bec5; color: #eceff1; }
#keyButton { background: white; border: 1px solid #90a4ae; border-radius: 0.3em; }
#overdue { color: #c62828; }
"""


def parse_time(value: Any) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if isinstance(value, str) and value else None


def minutes_seconds(seconds: float) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


class ClerkDesk(QWidget):
    def __init__(
        self,
        client: HallClientLike,
        window: int,
        keypad: KeypadLike | None = None,
        *,
        now: Callable[[], dt.datetime] = dt.datetime.now,
        default_promised_minutes: int = 15,
        on_logout: Callable[[], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.client, self.window_no, self.now = client, window, now
        self.state: dict[str, Any] = {}
        self.promised: dict[str, int] = {}
        self.default_promised = default_promised_minutes
        self.return_visit: ReturnVisitDialog | None = None  # after a 材料不齐 finish
        self.setObjectName("ClerkDesk")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        self._build(on_logout)
        self.ratings = DeskRating(client, window, self.rating, keypad, self._refused, self)
        self.ratings.changed.connect(self.show_state)
        self._refresh = Debounce(self.refresh, 250, self)
        self._reread_waiting = Debounce(self._read_waiting, 250, self)
        self._tick = QTimer(self)
        self._tick.timeout.connect(self._show_timer)
        self._tick.start(1000)
        client.connected_changed.connect(self._on_connected)
        client.connected_changed.connect(self.ratings.on_connected)
        client.event_received.connect(self._on_event)
        client.snapshot_received.connect(self._on_snapshot)
        self.show_state()
        if client.is_connected:
            self.refresh()
            client.request("snapshot", {}, self._on_snapshot)

    @property
    def rating_ticket(self) -> int | None:
        """The finished case waiting for its rating (no call meanwhile)."""
        return self.ratings.ticket

    # layout
    def _build(self, on_logout: Callable[[], None] | None) -> None:
        root = QVBoxLayout(self)
        root.addWidget(ConnectionBanner(self.client))
        head = QHBoxLayout()
        self.title = scaled(QLabel(""), 0.035, bold=True)
        self.clerk = scaled(QLabel(""), 0.028)
        self.status = scaled(QLabel(""), 0.028, bold=True)
        self.logout = scaled(QPushButton(with_key("F12", self.tr("Log out"))), 0.024)
        self.logout.setObjectName("keyButton")
        press_by_key(self, Qt.Key.Key_F12, self.logout)
        self.logout.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        if on_logout is not None:
            self.logout.clicked.connect(on_logout)
        for widget, stretch in ((self.title, 1), (self.clerk, 0), (self.status, 0)):
            head.addWidget(widget, stretch)
        head.addWidget(self.logout)
        root.addLayout(head)
        self.message = scaled(MessageBar(), 0.026)
        root.addWidget(self.message)

        middle = QHBoxLayout()
        card = panel("ticketCard")
        ticket = QVBoxLayout(card)
        self.number = scaled(QLabel(""), 0.12, bold=True)
        self.ticket_info = scaled(QLabel(""), 0.028)
        self.timer = scaled(QLabel(""), 0.035, bold=True)
        self.rating = scaled(QLabel(""), 0.028)
        for label in (self.number, self.ticket_info, self.timer, self.rating):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            ticket.addWidget(label)
        middle.addWidget(card, 3)
        side = panel("sideCard")
        column = QVBoxLayout(side)
        column.addWidget(scaled(QLabel(self.tr("Waiting for this window")), 0.026, bold=True))
        self.waiting = scaled(QListWidget(), 0.026)
        column.addWidget(self.waiting, 1)
        self.held = scaled(QLabel(""), 0.022)
        self.held.setWordWrap(True)
        column.addWidget(self.held)
        self.today = scaled(QLabel(""), 0.024)
        self.today.setWordWrap(True)
        column.addWidget(self.today)
        middle.addWidget(side, 2)
        root.addLayout(middle, 3)

        self.action_stack = QStackedWidget()
        buttons_page = QWidget()
        grid = QGridLayout(buttons_page)
        self.buttons: dict[str, QPushButton] = {}
        for index, (name, key, text) in enumerate(ACTIONS):
            key_name = QKeySequence(key).toString()
            tr = QCoreApplication.translate("Desk", str(text))
            button = big_button(with_key(key_name, tr))
            press_by_key(buttons_page, key, button)
            button.clicked.connect(lambda _=False, n=name: self.act(n))
            grid.addWidget(button, index // 5, index % 5)
            self.buttons[name] = button
        self.action_stack.addWidget(buttons_page)
        self.finish_panel = FinishPanel(self.send, self.show_buttons)
        self.transfer_panel = TransferPanel(self.send, self.show_buttons)
        self.number_panel = NumberPanel(self.send, self.show_buttons)
        self.pause_panel = PausePanel(self.send, self.show_buttons)
        for form in (self.finish_panel, self.transfer_panel, self.number_panel, self.pause_panel):
            self.action_stack.addWidget(form)
        root.addWidget(self.action_stack, 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        apply_font_scale(self)
        super().resizeEvent(event)

    # commands
    def act(self, name: str) -> None:
        """A button or its F-key: run the command, or open its form."""
        current = self.state.get("current")
        if name in ("call_next", "recall", "no_show", "start", "hold"):
            self.send(name, {})
        elif name == "finish":
            self._open(self.finish_panel)
        elif name == "transfer":
            self._open(self.transfer_panel)
        elif name == "number":
            self._open(self.number_panel)
            self.number_panel.set_held([t["number"] for t in self.state.get("held") or []])
        elif name == "pause":
            if self.state.get("paused"):
                self.send("resume", {})
            else:
                self._open(self.pause_panel)
        elif name == "sign" and current is None:
            self.send("sign_out" if self.state.get("signed_in") else "sign_in", {})

    def _open(self, form: Panel) -> None:
        """Show the form in place of the buttons; it takes the keyboard (not its fields)."""
        self.action_stack.setCurrentWidget(form)
        form.open()

    def show_buttons(self) -> None:
        self.action_stack.setCurrentIndex(0)
        self.setFocus()

    def send(self, op: str, args: dict[str, Any]) -> None:
        self.message.clear_message()
        self.client.request(op, args, lambda result: self._done(op, result), self._refused)

    def _refused(self, error: dict[str, Any]) -> None:
        self.message.show_error(error_text(error))
        self._refresh.trigger()

    def _done(self, op: str, result: Any) -> None:
        self.show_buttons()
        if op == "finish" and isinstance(result, dict) and result.get("outcome") == "incomplete":
            self.return_visit = offer_return_visit(self.client, result, self)  # 预约回访
        if op in ("sign_in", "sign_out", "pause", "resume") and isinstance(result, dict):
            self.on_window_state(result)
        self.refresh()

    # data
    def _on_connected(self, connected: bool) -> None:
        if connected:
            self.refresh()
        self.show_state()

    def _on_snapshot(self, snapshot: dict[str, Any]) -> None:
        services = snapshot.get("services") or []
        windows = [w for w in snapshot.get("windows") or [] if w.get("number") != self.window_no]
        self.promised = {
            s["code"]: int(s["promised_minutes"]) for s in services if s.get("promised_minutes")
        }
        self.transfer_panel.set_choices(services, windows)
        for window in snapshot.get("windows") or []:
            if window.get("number") == self.window_no:
                self.on_window_state(window)

    def _on_event(self, event: dict[str, Any]) -> None:
        self.ratings.on_event(event)
        kind = event.get("kind")
        if kind not in QUEUE_KINDS:
            return
        if kind == "config_changed" or (event.get("data") or {}).get("window") == self.window_no:
            self._refresh.trigger()
        else:  # a ticket issued, or another window's call or transfer: only the list changed
            self._reread_waiting.trigger()

    def refresh(self) -> None:
        if not self.client.is_connected:
            return
        self.client.request("window_state", {}, self.on_window_state)
        self._read_waiting()
        self.client.request("my_today", {}, self._show_today)

    def _read_waiting(self) -> None:
        if self.client.is_connected:
            self.client.request("waiting", {}, self._show_waiting)

    def on_window_state(self, state: dict[str, Any]) -> None:
        self.state = dict(state)
        self.show_state()

    # views
    def show_state(self) -> None:
        s = self.state
        self.title.setText(
            self.tr("Window {number}  {name}").format(number=self.window_no, name=s.get("name", ""))
        )
        self.clerk.setText(self.clerk_text())
        if not s.get("signed_in"):
            self.status.setText(self.tr("Not signed in"))
        elif s.get("paused"):
            self.status.setText(self.tr("Paused"))
        else:
            self.status.setText(self.tr("Serving"))
        current = s.get("current")
        if current:
            state = current.get("state")
            self.number.setText(str(current.get("number", "")))
            state_text = self.tr("being served") if state == "serving" else self.tr("called")
            self.ticket_info.setText(f"{current.get('service_name', '')}  ·  {state_text}")
        else:
            self.number.setText("—")
            self.ticket_info.setText(self.tr("No ticket at the window"))
        held = [t["number"] for t in s.get("held") or []]
        self.held.setText(
            self.tr("Held: {numbers}").format(numbers="、".join(held)) if held else ""
        )
        self._enable(s, current)
        self._show_timer()

    def clerk_text(self) -> str:
        """The clerk's name with the staff number, from the window while signed in, else from
        the login; "王芳（1001）", or the name alone, never empty brackets."""
        welcome = getattr(self.client, "welcome", {}) or {}
        name = self.state.get("staff_name") or welcome.get("staff_name") or ""
        number = self.state.get("staff_no") or welcome.get("staff_no") or ""
        if name and number:
            return f"{name}（{number}）"
        return str(name or number)

    def _enable(self, s: dict[str, Any], current: dict[str, Any] | None) -> None:
        signed_in, paused = bool(s.get("signed_in")), bool(s.get("paused"))
        called = bool(current) and current.get("state") == "called"  # type: ignore[union-attr]
        can_call = signed_in and not paused and not current and self.rating_ticket is None
        enabled = {
            "call_next": can_call,
            "recall": called,
            "no_show": called,
            "finish": bool(current),
            "start": called,
            "hold": bool(current),
            "transfer": bool(current),
            "number": can_call,
            "pause": signed_in and not current,
            "sign": not current,
        }
        online = self.client.is_connected
        for name, button in self.buttons.items():
            button.setEnabled(online and enabled[name])

    def _show_timer(self) -> None:
        current = self.state.get("current")
        if not current:
            self.timer.setText("")
            return
        since = parse_time(current.get("started_at")) or parse_time(current.get("called_at"))
        if since is None:
            self.timer.setText("")
            return
        elapsed = (self.now() - since).total_seconds()
        promised = int(
            current.get("promised_minutes")
            or self.promised.get(str(current.get("service_code")), self.default_promised)
        )
        text = self.tr("Time: {elapsed} (promised {minutes} min)").format(
            elapsed=minutes_seconds(elapsed), minutes=promised
        )
        overdue = current.get("state") == "serving" and elapsed > promised * 60
        if overdue:
            text += "  " + self.tr("Over the promised time!")
        self.timer.setText(text)
        self.timer.setObjectName("overdue" if overdue else "")
        self.timer.setStyleSheet("color: #c62828;" if overdue else "")

    def _show_waiting(self, tickets: list[dict[str, Any]]) -> None:
        self.waiting.clear()
        for ticket in tickets:
            text = f"{ticket['number']}  {ticket.get('service_name', '')}"
            if ticket.get("priority"):
                text += "  " + self.tr("[green channel]")
            self.waiting.addItem(text)

    def _show_today(self, figures: dict[str, Any]) -> None:
        average = figures.get("avg_handling_s")
        rate = figures.get("satisfaction_rate")
        self.today.setText(
            self.tr(
                "Today: {served} served · average {average} · satisfaction {rate} ({rated} rated)"
            ).format(
                served=figures.get("served", 0),
                average=minutes_seconds(average) if average is not None else "—",
                rate=f"{rate * 100:.0f}%" if rate is not None else "—",
                rated=figures.get("rated", 0),
            )
        )
