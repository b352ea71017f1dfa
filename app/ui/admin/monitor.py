"""The live hall monitor: every window (clerk, state, current ticket, its timer), waiting per
service, tickets waiting longer than a threshold, keypads and printers online or offline, and
the uploads to the province's 好差评 platform and the city (uploads_box.py).

Kept fresh by the hall's events: a snapshot replaces everything; any other event triggers a
(debounced) re-read of the hall state and the service loads; device events update the
device list directly. Long waits are re-read every half minute.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from app.ui.admin.common import ALERT, GOOD, WARN, Api, RecordTable, minutes_since
from app.ui.admin.uploads_box import UploadsBox
from app.ui.widgets import Debounce

LONG_WAIT_MIN = 30
LONG_WAIT_POLL_MS = 30_000
DEVICE_EVENTS = ("keypad_status", "printer_status")


class MonitorTab(QWidget):
    def __init__(self, api: Api, now: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        super().__init__()
        self.api = api
        self.now = now
        self.windows_state: list[dict[str, Any]] = []
        self.services: list[dict[str, Any]] = []
        self.devices: dict[tuple[str, Any], dict[str, Any]] = {}
        self.long_waits: list[dict[str, Any]] = []
        self.windows = RecordTable(
            [
                (self.tr("Window"), "number"),
                (self.tr("Name"), "name"),
                (self.tr("Clerk"), "clerk"),
                (self.tr("State"), "state_text"),
                (self.tr("Current ticket"), "current_number"),
                (self.tr("Timer"), "timer"),
                (self.tr("Held"), "held_count"),
                (self.tr("Services"), "service_codes"),
            ]
        )
        self.loads = RecordTable(
            [
                (self.tr("Service"), "code"),
                (self.tr("Name"), "name"),
                (self.tr("Waiting"), "waiting"),
                (self.tr("Issued today"), "issued_today"),
                (self.tr("Taking tickets"), "open"),
            ]
        )
        self.waits = RecordTable(
            [
                (self.tr("Ticket"), "number"),
                (self.tr("Service"), "service_name"),
                (self.tr("Issued"), "issued_time"),
                (self.tr("Waiting (min)"), "waited_min"),
            ]
        )
        self.device_table = RecordTable(
            [
                (self.tr("Device"), "label"),
                (self.tr("Online"), "online_text"),
                (self.tr("Since"), "at"),
            ]
        )
        self.threshold = QSpinBox()
        self.threshold.setRange(1, 240)
        self.threshold.setValue(LONG_WAIT_MIN)
        self.threshold.setSuffix(self.tr(" min"))
        self.threshold.valueChanged.connect(self.refresh_long_waits)
        self.summary = QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self._box(self.tr("Windows"), self.windows), 3)
        row = QHBoxLayout()
        row.addWidget(self._box(self.tr("Waiting per service"), self.loads), 3)
        waits = self._box(self.tr("Waiting longer than"), self.waits)
        inner = waits.layout()
        assert isinstance(inner, QVBoxLayout)
        inner.insertWidget(0, self.threshold)
        row.addWidget(waits, 2)
        row.addWidget(self._box(self.tr("Keypads and printers"), self.device_table), 2)
        layout.addLayout(row, 2)
        self.uploads = UploadsBox(api)
        layout.addWidget(self.uploads)
        self._reload = Debounce(self.refresh, 300, self)
        self._waits_later = Debounce(self.refresh_long_waits, 2000, self)
        self._tick = QTimer(self)
        self._tick.timeout.connect(self._show_windows)
        self._tick.start(1000)
        self._poll = QTimer(self)
        self._poll.timeout.connect(self.refresh_long_waits)
        self._poll.start(LONG_WAIT_POLL_MS)
        api.client.snapshot_received.connect(self.on_snapshot)
        api.client.event_received.connect(self.on_event)

    @staticmethod
    def _box(title: str, widget: QWidget) -> QGroupBox:
        box = QGroupBox(title)
        inner = QVBoxLayout(box)
        inner.addWidget(widget)
        return box

    # Data in
    def start(self) -> None:
        self.api.call("snapshot", {}, self.on_snapshot)
        self.api.call("devices", {}, self._on_devices)
        self.refresh_long_waits()
        self.uploads.refresh()

    def refresh(self) -> None:
        self.api.call("hall_state", {}, self._on_windows)
        self.api.call("service_loads", {}, self._on_loads)

    def on_snapshot(self, snapshot: dict[str, Any]) -> None:
        self._on_windows(snapshot.get("windows", []))
        self._on_loads(snapshot.get("services", []))
        self.refresh_long_waits()

    def on_event(self, event: dict[str, Any]) -> None:
        kind, data = event.get("kind"), event.get("data") or {}
        if kind in DEVICE_EVENTS:
            self._device(
                {
                    "kind": "keypad" if kind == "keypad_status" else "printer",
                    "window": data.get("window"),
                    "kiosk": data.get("kiosk"),
                    "online": bool(data.get("online")),
                    "at": str(event.get("at", ""))[:19],
                }
            )
            self._show_devices()
            return
        self._reload.trigger()
        if kind == "ticket_called" and any(
            t["number"] == data.get("number") for t in self.long_waits
        ):
            self.long_waits = [t for t in self.long_waits if t["number"] != data.get("number")]
            self.waits.fill(self.long_waits, lambda t: ALERT)  # no longer waiting
        if kind in ("ticket_issued", "ticket_called", "config_changed"):
            self._waits_later.trigger()

    def _on_windows(self, windows: list[dict[str, Any]]) -> None:
        self.windows_state = list(windows)
        self._show_windows()

    def _on_loads(self, loads: list[dict[str, Any]]) -> None:
        self.services = list(loads)
        self.loads.fill(self.services, lambda s: None if s.get("open") else WARN)
        waiting = sum(int(s.get("waiting") or 0) for s in self.services)
        signed = sum(1 for w in self.windows_state if w.get("signed_in"))
        self.summary.setText(
            self.tr("{waiting} waiting · {signed} of {total} windows staffed").format(
                waiting=waiting, signed=signed, total=len(self.windows_state)
            )
        )

    def _on_devices(self, devices: list[dict[str, Any]]) -> None:
        for device in devices:
            self._device(device)
        self._show_devices()

    def _device(self, device: dict[str, Any]) -> None:
        key = (device["kind"], device.get("window") or device.get("kiosk"))
        self.devices[key] = device

    def refresh_long_waits(self) -> None:
        """Asks for each service's waiting tickets and keeps those over the threshold."""
        codes = [s.get("code") for s in self.services if s.get("waiting")]
        found: list[dict[str, Any]] = []
        self.long_waits = found
        for code in codes:
            self.api.call("waiting_for", {"service": code}, lambda rows: self._on_waiting(rows))

    def _on_waiting(self, tickets: list[dict[str, Any]]) -> None:
        limit = dt.timedelta(minutes=self.threshold.value())
        now = self.now()
        numbers = {t["number"] for t in tickets}
        kept = [t for t in self.long_waits if t["number"] not in numbers]
        for ticket in tickets:
            issued = dt.datetime.fromisoformat(ticket["issued_at"])
            if now - issued >= limit:
                kept.append(
                    ticket
                    | {
                        "issued_time": issued.strftime("%H:%M"),
                        "waited_min": int((now - issued).total_seconds() // 60),
                    }
                )
        self.long_waits = sorted(kept, key=lambda t: t["issued_at"])
        self.waits.fill(self.long_waits, lambda t: ALERT)

    # Showing
    def _state_text(self, window: dict[str, Any]) -> str:
        if not window.get("signed_in"):
            return self.tr("Not staffed")
        if window.get("paused"):
            reasons = {
                "lunch": self.tr("lunch"),
                "meeting": self.tr("meeting"),
                "business": self.tr("on business"),
                "break": self.tr("short break"),
                "other": self.tr("other"),
            }
            reason = window.get("pause_reason") or ""
            return self.tr("Paused ({reason})").format(reason=reasons.get(reason, reason))
        current = window.get("current") or {}
        if current.get("state") == "called":
            return self.tr("Calling")
        if current.get("state") == "serving":
            return self.tr("Serving")
        return self.tr("Free")

    def _show_windows(self) -> None:
        now = self.now()
        rows = []
        for window in self.windows_state:
            current = window.get("current") or {}
            since = current.get("started_at") or current.get("called_at")
            clerk = window.get("staff_name") or ""
            if clerk:
                clerk = f"{clerk}（{window.get('staff_no')}）"
            rows.append(
                window
                | {
                    "clerk": clerk,
                    "state_text": self._state_text(window),
                    "current_number": current.get("number", ""),
                    "timer": minutes_since(since, now),
                    "held_count": len(window.get("held") or []) or "",
                }
            )
        self.windows.fill(rows, self._window_colour)

    @staticmethod
    def _window_colour(window: dict[str, Any]) -> QColor | None:
        if not window.get("signed_in"):
            return None
        if window.get("paused"):
            return WARN
        return GOOD if window.get("current") else None

    def _show_devices(self) -> None:
        rows = []
        for (kind, where), device in sorted(self.devices.items(), key=lambda i: str(i[0])):
            label = (
                self.tr("Keypad, window {n}").format(n=where)
                if kind == "keypad"
                else self.tr("Printer, kiosk {name}").format(name=where)
            )
            online = self.tr("online") if device.get("online") else self.tr("OFFLINE")
            rows.append(device | {"label": label, "online_text": online})
        self.device_table.fill(rows, lambda d: None if d.get("online") else ALERT)
