"""The counter screen above a window: number and name, current ticket, the clerk's public
identity (工作人员身份公开: name, photo, staff number, services) and "暂停服务" while paused."""

from __future__ import annotations

import base64
from typing import Any

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPixmap, QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.ui.interfaces import HallClientLike
from app.ui.widgets import ConnectionBanner, Debounce, apply_font_scale, panel, scaled

WINDOW_KINDS = (
    "ticket_called",
    "ticket_called_back",
    "ticket_recalled",
    "ticket_started",
    "ticket_finished",
    "ticket_no_show",
    "ticket_held",
    "ticket_transferred",
    "window_paused",
    "window_resumed",
    "window_signed_in",
    "window_signed_out",
    "config_changed",
)
STYLE = """
CounterScreen { background: #0b2a55; }
QLabel { color: #ffffff; }
#ticketPanel { background: #123a73; }
#ticketPanel[paused="true"] { background: #8e1b1b; }
#identityPanel { background: #0e3266; }
#caption { color: #9fc3ff; }
"""


def avatar(name: str, size: int, *, background: str = "#0e3266") -> QPixmap:
    """A stand-in photo: the surname on a coloured disc."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(background))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#4f83cc"))
    painter.setPen(Qt.PenStyle.NoPen)
    painter.drawEllipse(0, 0, size, size)
    font = QFont()
    font.setPixelSize(max(8, size // 2))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRect(0, 0, size, size), int(Qt.AlignmentFlag.AlignCenter), name[:1] or "?")
    painter.end()
    return pixmap


class CounterScreen(QWidget):
    """Shows one window's state; follows its events and refreshes from the hall snapshot."""

    def __init__(self, client: HallClientLike, window: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.client = client
        self.window_no = window
        self.state: dict[str, Any] = {"number": window}
        self.service_names: dict[str, str] = {}
        self._photo: QPixmap | None = None
        self.setObjectName("CounterScreen")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        self.setWindowTitle(self.tr("Window {window}").format(window=window))
        self._refresh = Debounce(self.request_state, 300, self)
        self._build()
        self.show_state()
        client.connected_changed.connect(self._on_connected)
        client.event_received.connect(self.on_event)
        client.snapshot_received.connect(self.on_snapshot)
        if client.is_connected:
            self.request_state()

    def _build(self) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(ConnectionBanner(self.client))
        head = QHBoxLayout()
        head.setContentsMargins(24, 12, 24, 12)
        self.window_title = scaled(QLabel(""), 0.09, bold=True)
        self.window_name = scaled(QLabel(""), 0.06)
        head.addWidget(self.window_title)
        head.addWidget(self.window_name, 1, Qt.AlignmentFlag.AlignRight)
        root.addLayout(head)

        self.ticket_panel = panel("ticketPanel")
        ticket = QVBoxLayout(self.ticket_panel)
        self.status = scaled(QLabel(""), 0.06)
        self.status.setObjectName("caption")
        self.ticket = scaled(QLabel(""), 0.2, bold=True)
        for label in (self.status, self.ticket):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            ticket.addWidget(label)
        root.addWidget(self.ticket_panel, 3)

        identity = panel("identityPanel")
        grid = QGridLayout(identity)
        grid.setContentsMargins(24, 12, 24, 12)
        self.photo = QLabel()
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        grid.addWidget(self.photo, 0, 0, 3, 1)
        self.staff_name = scaled(QLabel(""), 0.07, bold=True)
        self.staff_no = scaled(QLabel(""), 0.045)
        self.services = scaled(QLabel(""), 0.04)
        self.services.setWordWrap(True)
        grid.addWidget(self.staff_name, 0, 1)
        grid.addWidget(self.staff_no, 1, 1)
        grid.addWidget(self.services, 2, 1)
        grid.setColumnStretch(1, 1)
        root.addWidget(identity, 2)

    def resizeEvent(self, event: QResizeEvent) -> None:
        apply_font_scale(self)
        self._show_photo()
        super().resizeEvent(event)

    # data
    def _on_connected(self, connected: bool) -> None:
        if connected:
            self.request_state()

    def request_state(self) -> None:
        if self.client.is_connected:
            self.client.request("snapshot", {}, self.on_snapshot, self._snapshot_refused)

    def _snapshot_refused(self, error: dict[str, Any]) -> None:
        """A counter's own connection may not read the hall snapshot: ask for its window."""
        if error.get("code") != "offline":
            self.client.request("window_state", {}, self.on_window_state)

    def on_snapshot(self, snapshot: dict[str, Any]) -> None:
        services = snapshot.get("services") or []
        if services:
            self.service_names = {s["code"]: s["name"] for s in services}
        for window in snapshot.get("windows") or []:
            if window.get("number") == self.window_no:
                self.on_window_state(window)

    def on_window_state(self, state: dict[str, Any]) -> None:
        staff_before = self.state.get("staff_no")
        self.state = dict(state)
        if "staff_photo" in state:
            self.on_photo({"staff_no": state.get("staff_no"), "photo": state["staff_photo"]})
        elif state.get("staff_no") != staff_before:
            self._photo = None
            self._ask_photo()
        self.show_state()

    def _ask_photo(self) -> None:
        staff_no = self.state.get("staff_no")
        if staff_no and self.client.is_connected:
            self.client.request("staff_photo", {"staff_no": staff_no}, self.on_photo)

    def on_photo(self, reply: dict[str, Any]) -> None:
        """The clerk's photo (base64), or None: the surname disc stands in for it."""
        if reply.get("staff_no") != self.state.get("staff_no"):
            return  # another clerk has signed in since
        self._photo = None
        photo = reply.get("photo")
        if photo:
            pixmap = QPixmap()
            if pixmap.loadFromData(base64.b64decode(photo)):
                self._photo = pixmap
        self.show_state()

    def on_event(self, event: dict[str, Any]) -> None:
        data = event.get("data") or {}
        if event.get("kind") not in WINDOW_KINDS or data.get("window") not in (
            None,
            self.window_no,
        ):
            return
        kind = event["kind"]
        if data.get("window") == self.window_no:  # show it at once; the snapshot confirms it
            if kind in ("ticket_called", "ticket_called_back", "ticket_recalled"):
                self.state["current"] = {"number": data.get("number"), "state": "called"}
            elif kind == "ticket_started" and self.state.get("current"):
                self.state["current"] = {**self.state["current"], "state": "serving"}
            elif kind in ("ticket_finished", "ticket_no_show", "ticket_held", "ticket_transferred"):
                self.state["current"] = None
            elif kind == "window_paused":
                self.state |= {"paused": True, "pause_reason": data.get("reason")}
            elif kind == "window_resumed":
                self.state |= {"paused": False, "pause_reason": None}
            elif kind == "window_signed_in":
                self.state |= {
                    "signed_in": True,
                    "staff_no": data.get("staff_no"),
                    "staff_name": data.get("staff_name"),
                }
                self._photo = None
                self._ask_photo()
            elif kind == "window_signed_out":
                self.state |= {"signed_in": False, "staff_no": None, "staff_name": None}
                self._photo = None
            self.show_state()
        self._refresh.trigger()

    # view
    @property
    def paused(self) -> bool:
        return bool(self.state.get("paused")) or not self.state.get("signed_in")

    def show_state(self) -> None:
        s = self.state
        self.window_title.setText(self.tr("Window {window}").format(window=self.window_no))
        self.window_name.setText(str(s.get("name") or ""))
        current = s.get("current")
        if s.get("paused") or not s.get("signed_in"):
            self.status.setText(
                self.tr("Window not open") if not s.get("signed_in") else self.tr("Paused")
            )
            self.ticket.setText(self.tr("Service paused"))
        elif current:
            serving = current.get("state") == "serving"
            self.status.setText(self.tr("Now serving") if serving else self.tr("Now calling"))
            self.ticket.setText(str(current.get("number", "")))
        else:
            self.status.setText(self.tr("Please wait for your number to be called"))
            self.ticket.setText(self.tr("Welcome"))
        self.ticket_panel.setProperty("paused", self.paused)
        self.ticket_panel.style().unpolish(self.ticket_panel)
        self.ticket_panel.style().polish(self.ticket_panel)
        name = s.get("staff_name") or ""
        self.staff_name.setText(str(name) or self.tr("No clerk signed in"))
        self.staff_no.setText(
            self.tr("Staff number: {number}").format(number=s.get("staff_no")) if name else ""
        )
        codes = s.get("service_codes") or []
        names = "、".join(self.service_names.get(code, code) for code in codes)
        self.services.setText(self.tr("Services: {names}").format(names=names) if names else "")
        self._show_photo()

    def _show_photo(self) -> None:
        size = max(48, int(self.height() * 0.22))
        if self._photo is not None:
            self.photo.setPixmap(
                self._photo.scaled(
                    size,
                    size,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.photo.setPixmap(avatar(str(self.state.get("staff_name") or ""), size))
