"""The lobby display: the latest call large, recent calls, waiting counts, clock, notice, voice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLayout, QVBoxLayout, QWidget

from app.ui.interfaces import HallClientLike
from app.ui.voice import AnnouncementQueue, announcement_for_event
from app.ui.widgets import (
    ClockLabel,
    ConnectionBanner,
    Debounce,
    Marquee,
    apply_font_scale,
    panel,
    scale_margins,
    scaled,
)

CALL_KINDS = ("ticket_called", "ticket_called_back", "ticket_recalled")
REFRESH_KINDS = (
    *CALL_KINDS,
    "ticket_issued",
    "ticket_transferred",
    "ticket_reactivated",
    "ticket_no_show",
    "config_changed",
)
RECENT_ROWS = 8
FLASHES = 6  # colour changes of a new call (three blinks)
STYLE = """
LobbyDisplay { background: #0b2a55; }
QLabel { color: #ffffff; }
#latestPanel { background: #123a73; border-radius: 0.3em; }
#latestPanel[flash="true"] { background: #c62828; }
#recentPanel, #servicePanel { background: #0e3266; }
#caption { color: #9fc3ff; }
#notice { background: #06203f; color: #ffe082; }
"""


def unique_calls(calls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Newest first, each number once (a recall moves it to the top, it is not listed twice)."""
    seen: set[str] = set()
    kept = []
    for call in calls:
        number = str(call.get("number", ""))
        if number not in seen:
            seen.add(number)
            kept.append(call)
    return kept[:RECENT_ROWS]


class LobbyDisplay(QWidget):
    """Full screen in the hall, read from 10 m: everything is large, high contrast."""

    def __init__(
        self,
        client: HallClientLike,
        voice: AnnouncementQueue | None = None,
        *,
        now: Callable[[], dt.datetime] = dt.datetime.now,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.client = client
        self.voice = voice
        self.setObjectName("LobbyDisplay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(STYLE)
        self.setWindowTitle(self.tr("Lobby display"))
        self.recent: list[dict[str, Any]] = []
        self.services: list[dict[str, Any]] = []
        self._flashes_left = 0
        self._flash = QTimer(self)
        self._flash.setInterval(450)
        self._flash.timeout.connect(self._flash_step)
        self._refresh = Debounce(self.request_snapshot, 400, self)
        self._build(now)
        client.connected_changed.connect(self._on_connected)
        client.event_received.connect(self.on_event)
        client.snapshot_received.connect(self.on_snapshot)
        if client.is_connected:
            self.request_snapshot()

    # layout
    def _build(self, now: Callable[[], dt.datetime]) -> None:
        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        self.banner = ConnectionBanner(self.client)
        root.addWidget(self.banner)

        top = QHBoxLayout()
        self._margined: list[tuple[QLayout, int, int]] = [(top, 24, 12)]
        self.hall_name = scaled(QLabel(self.tr("Government service hall")), 0.05, bold=True)
        self.clock = scaled(ClockLabel(now), 0.035)
        top.addWidget(self.hall_name, 1)
        top.addWidget(self.clock, 0, Qt.AlignmentFlag.AlignRight)
        root.addLayout(top)

        middle = QHBoxLayout()
        middle.setSpacing(24)
        self._margined.append((middle, 24, 12))
        self.latest_panel = panel("latestPanel")
        latest = QVBoxLayout(self.latest_panel)
        self.latest_caption = scaled(QLabel(self.tr("Now calling")), 0.035)
        self.latest_caption.setObjectName("caption")
        self.latest_number = scaled(QLabel(""), 0.15, bold=True)
        self.latest_window = scaled(QLabel(""), 0.09, bold=True)
        for label in (self.latest_caption, self.latest_number, self.latest_window):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            latest.addWidget(label)
        self._show_latest(None)
        middle.addWidget(self.latest_panel, 3)

        recent_panel = panel("recentPanel")
        self.recent_grid = QGridLayout(recent_panel)
        caption = scaled(QLabel(self.tr("Recent calls")), 0.035, bold=True)
        caption.setObjectName("caption")
        self.recent_grid.addWidget(caption, 0, 0, 1, 2)
        self.recent_labels: list[tuple[QLabel, QLabel]] = []
        for row in range(RECENT_ROWS):
            number = scaled(QLabel(""), 0.045, bold=True)
            window = scaled(QLabel(""), 0.045)
            window.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.recent_grid.addWidget(number, row + 1, 0)
            self.recent_grid.addWidget(window, row + 1, 1)
            self.recent_labels.append((number, window))
        middle.addWidget(recent_panel, 2)
        root.addLayout(middle, 1)

        service_panel = panel("servicePanel")
        self.service_grid = QGridLayout(service_panel)
        self._margined.append((self.service_grid, 24, 8))
        root.addWidget(service_panel)

        self.notice = scaled(Marquee(""), 0.04)
        self.notice.setObjectName("notice")
        self.notice.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        root.addWidget(self.notice)

    def resizeEvent(self, event: QResizeEvent) -> None:
        apply_font_scale(self)
        scale_margins(self._margined, self.height())
        super().resizeEvent(event)

    # data
    def _on_connected(self, connected: bool) -> None:
        if connected:
            self.request_snapshot()

    def request_snapshot(self) -> None:
        if self.client.is_connected:
            self.client.request("snapshot", {}, self.on_snapshot)

    def on_snapshot(self, snapshot: dict[str, Any]) -> None:
        """The whole state after (re)connecting: nothing is announced from it."""
        if snapshot.get("hall_name"):
            self.hall_name.setText(str(snapshot["hall_name"]))
        self.notice.setText(str(snapshot.get("notice") or ""))
        self.recent = unique_calls(list(snapshot.get("recent_calls") or []))
        self._show_recent()
        self._show_latest(self.recent[0] if self.recent else None)
        self.services = list(snapshot.get("services") or [])
        self._show_services()

    def on_event(self, event: dict[str, Any]) -> None:
        kind = event.get("kind")
        if kind in CALL_KINDS:
            data = event.get("data") or {}
            call = {
                "number": data.get("number", ""),
                "window": data.get("window"),
                "window_name": data.get("window_name", ""),
                "at": event.get("at"),
            }
            self.recent = unique_calls([call, *self.recent])
            self._show_recent()
            self._show_latest(call)
            self.start_flash()
            item = announcement_for_event(event)
            if item is not None and self.voice is not None:
                self.voice.enqueue(item)
        if kind in REFRESH_KINDS:
            self._refresh.trigger()

    # views
    def _show_latest(self, call: dict[str, Any] | None) -> None:
        if call is None:
            self.latest_number.setText(self.tr("Welcome"))
            self.latest_window.setText(self.tr("Please take a ticket and wait for your call"))
            return
        number = f'<span style="color:#ffeb3b">{call["number"]}</span>'
        window = f'<span style="color:#ffeb3b">{call["window"]}</span>'
        self.latest_number.setText(self.tr("Number {number}, please").format(number=number))
        self.latest_window.setText(self.tr("go to window {window}").format(window=window))

    def _show_recent(self) -> None:
        for row, (number, window) in enumerate(self.recent_labels):
            if row < len(self.recent):
                call = self.recent[row]
                number.setText(str(call.get("number", "")))
                window.setText(self.tr("Window {window}").format(window=call.get("window")))
            else:
                number.setText("")
                window.setText("")

    def _show_services(self) -> None:
        while self.service_grid.count():
            item = self.service_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        columns = 3 if len(self.services) > 4 else max(1, len(self.services))
        for index, service in enumerate(self.services):
            text = self.tr("{code} {name}: {waiting} waiting").format(
                code=service.get("code", ""),
                name=service.get("name", ""),
                waiting=service.get("waiting", 0),
            )
            if not service.get("open", True):
                text += self.tr(" (closed)")
            label = scaled(QLabel(text), 0.035)
            self.service_grid.addWidget(label, index // columns, index % columns)
        apply_font_scale(self)

    def start_flash(self) -> None:
        self._flashes_left = FLASHES
        self._flash_step()
        self._flash.start()

    def _flash_step(self) -> None:
        on = self._flashes_left % 2 == 0 and self._flashes_left > 0
        self.latest_panel.setProperty("flash", on)
        self.latest_panel.style().unpolish(self.latest_panel)
        self.latest_panel.style().polish(self.latest_panel)
        if self._flashes_left <= 0:
            self._flash.stop()
        self._flashes_left -= 1

    @property
    def flashing(self) -> bool:
        return self._flash.isActive()
