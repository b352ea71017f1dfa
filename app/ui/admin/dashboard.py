"""The supervisor's dashboard, the console's first tab: "how is the morning going?" at a look.

Figures across the top (waiting and the longest wait, tickets and calls today, the windows,
satisfaction today and over 30 days, alarms), then the charts: arrivals and calls per hour
against the same weekday's average, waiting per service, the windows' states, satisfaction
day by day; and the alarms: the hall's live alarms (storage, backups), devices offline, long
waits, 差评 follow-ups coming due, rating anomalies.

Live: the hall's events re-read the present (dashboard_now, debounced) and, less often, the
day (dashboard_day); waits grow by themselves, so the present is re-read every half minute.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from app.ui.admin.common import ALERT, GOOD, WARN, Api, percent
from app.ui.admin.dashboard_charts import HoursChart, SatisfactionChart, WaitingChart, WindowsChart
from app.ui.i18n import in_ui_language
from app.ui.widgets import Debounce

NOW_POLL_MS = 30_000
DAY_POLL_MS = 300_000
DAY_KINDS = ("ticket_issued", "ticket_called", "ticket_finished", "rating_recorded")
LONG_WAITS_SHOWN = 5
STYLE = """
#tile { background: white; border: 1px solid #cfd8e3; border-radius: 6px; }
#tileValue { font-size: 20pt; font-weight: bold; color: #0b4ea2; }
#tile[alarm="true"] #tileValue { color: #c62828; }
#tileCaption { color: #546e7a; }
"""


class Tile(QFrame):
    """A figure with its caption and a line of detail."""

    def __init__(self, caption: str) -> None:
        super().__init__()
        self.setObjectName("tile")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 6, 10, 6)
        self.caption = QLabel(caption)
        self.caption.setObjectName("tileCaption")
        self.value = QLabel("—")
        self.value.setObjectName("tileValue")
        self.detail = QLabel("")
        self.detail.setObjectName("tileCaption")
        for label in (self.caption, self.value, self.detail):
            column.addWidget(label)

    def set_figure(self, value: str, detail: str = "", *, alarm: bool = False) -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        self.setProperty("alarm", alarm)
        self.style().unpolish(self)
        self.style().polish(self)


class DashboardTab(QWidget):
    def __init__(self, api: Api, now: Callable[[], dt.datetime] = dt.datetime.now) -> None:
        super().__init__()
        self.api, self.now = api, now
        self.current: dict[str, Any] = {}
        self.day: dict[str, Any] = {}
        self.alarms: dict[str, Any] = dict(getattr(api.client, "alarms", {}) or {})
        self.setStyleSheet(STYLE)
        self.tiles = {
            "waiting": Tile(self.tr("Waiting now")),
            "today": Tile(self.tr("Tickets today")),
            "windows": Tile(self.tr("Windows serving")),
            "satisfaction": Tile(self.tr("Satisfaction today")),
            "month": Tile(self.tr("Satisfaction, 30 days")),
            "alarms": Tile(self.tr("Alarms")),
        }
        self.hours = HoursChart()
        self.waiting = WaitingChart()
        self.windows = WindowsChart()
        self.satisfaction = SatisfactionChart()
        self.alarm_list = QListWidget()
        self.alarm_list.setWordWrap(True)
        self.alarm_list.setTextElideMode(Qt.TextElideMode.ElideNone)
        self._build()
        self._now_later = Debounce(self.refresh_now, 800, self)
        self._day_later = Debounce(self.refresh_day, 5_000, self)
        self._polls: list[QTimer] = []
        for interval, action in ((NOW_POLL_MS, self.refresh_now), (DAY_POLL_MS, self.refresh_day)):
            timer = QTimer(self)
            timer.timeout.connect(action)
            timer.start(interval)
            self._polls.append(timer)
        api.client.event_received.connect(self.on_event)
        alarms_changed = getattr(api.client, "alarms_changed", None)
        if alarms_changed is not None:
            alarms_changed.connect(self.on_alarms)

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        row = QHBoxLayout()
        for tile in self.tiles.values():
            row.addWidget(tile)
        layout.addLayout(row)
        grid = QGridLayout()
        grid.addWidget(self.hours, 0, 0, 1, 2)
        grid.addWidget(self.waiting, 0, 2)
        grid.addWidget(self.satisfaction, 1, 0)
        grid.addWidget(self.windows, 1, 1)
        alarms = QWidget()
        column = QVBoxLayout(alarms)
        column.setContentsMargins(0, 0, 0, 0)
        self.alarm_title = QLabel(self.tr("Alarms"))
        font = self.alarm_title.font()
        font.setBold(True)
        self.alarm_title.setFont(font)
        column.addWidget(self.alarm_title)
        column.addWidget(self.alarm_list, 1)
        grid.addWidget(alarms, 1, 2)
        for column_no, stretch in enumerate((3, 2, 3)):
            grid.setColumnStretch(column_no, stretch)
        grid.setRowStretch(0, 3)
        grid.setRowStretch(1, 2)
        layout.addLayout(grid, 1)

    # Data in
    def start(self) -> None:
        self.refresh_now()
        self.refresh_day()

    def refresh_now(self) -> None:
        self.api.call("dashboard_now", {}, self.show_now)

    def refresh_day(self) -> None:
        self.api.call("dashboard_day", {}, self.show_day)

    def on_event(self, event: dict[str, Any]) -> None:
        self._now_later.trigger()
        if event.get("kind") in DAY_KINDS:
            self._day_later.trigger()

    def on_alarms(self, alarms: dict[str, Any]) -> None:
        self.alarms = dict(alarms)
        self._show_alarms()

    # Showing
    def show_now(self, now: dict[str, Any]) -> None:
        self.current = now
        services = now.get("services") or []
        waiting = sum(int(s.get("waiting") or 0) for s in services)
        longest = max(services, key=lambda s: s.get("longest_wait_s") or -1, default=None)
        if longest and longest.get("longest_wait_s") is not None:
            detail = self.tr("longest {minutes} min ({number})").format(
                minutes=int(longest["longest_wait_s"]) // 60, number=longest["longest_number"]
            )
        else:
            detail = self.tr("nobody waiting")
        target = int(now.get("wait_target_minutes") or 0)
        long_wait = bool(now.get("long_wait_count"))
        self.tiles["waiting"].set_figure(str(waiting), detail, alarm=long_wait)
        counts = now.get("windows") or {}
        staffed = int(counts.get("total", 0)) - int(counts.get("not_staffed", 0))
        self.tiles["windows"].set_figure(
            f"{int(counts.get('serving', 0)) + int(counts.get('calling', 0))} / {staffed}",
            self.tr("{free} free · {paused} paused · {closed} not staffed").format(
                free=counts.get("free", 0),
                paused=counts.get("paused", 0),
                closed=counts.get("not_staffed", 0),
            ),
        )
        rows = []
        for s in services:
            label = f"{s['code']} {s['name']}"
            if s.get("longest_wait_s") is not None:
                minutes = int(s["longest_wait_s"]) // 60
                label += self.tr(" · longest {minutes} min").format(minutes=minutes)
            if s.get("reason"):
                label += self.tr(" · no window")
            rows.append((label, int(s.get("waiting") or 0)))
        title = self.tr("Waiting per service (wait target {minutes} min)").format(minutes=target)
        self.waiting.show_services(title, rows)
        parts = [
            ("serving", self.tr("serving"), int(counts.get("serving", 0))),
            ("calling", self.tr("calling"), int(counts.get("calling", 0))),
            ("free", self.tr("free"), int(counts.get("free", 0))),
            ("paused", self.tr("paused"), int(counts.get("paused", 0))),
            ("not_staffed", self.tr("not staffed"), int(counts.get("not_staffed", 0))),
        ]
        self.windows.show_counts(self.tr("Windows now"), parts)
        self._show_alarms()

    def show_day(self, day: dict[str, Any]) -> None:
        self.day = day
        hours = day.get("hours") or []
        arrivals = sum(int(h["arrivals"]) for h in hours)
        calls = sum(int(h["calls"]) for h in hours)
        self.tiles["today"].set_figure(str(arrivals), self.tr("{calls} called").format(calls=calls))
        compared = day.get("compared_days") or []
        weekday = self._weekday(str(day.get("day", "")))
        if compared:
            against = self.tr("average of the last {n} {weekday}s").format(
                n=len(compared), weekday=weekday
            )
        else:
            against = self.tr("no earlier {weekday} to compare yet").format(weekday=weekday)
        names = [
            self.tr("arrivals"),
            self.tr("calls"),
            self.tr("arrivals, {weekday} average").format(weekday=weekday),
            self.tr("calls, {weekday} average").format(weekday=weekday),
        ]
        self.hours.show_hours(
            self.tr("Tickets and calls per hour today ({against})").format(against=against),
            names,
            hours,
        )
        on_day, period = day.get("satisfaction_day") or {}, day.get("satisfaction_period") or {}
        self.tiles["satisfaction"].set_figure(
            percent(on_day.get("satisfaction")) or "—",
            self.tr("{rated} rated · {bad} 差评").format(
                rated=on_day.get("rated", 0), bad=on_day.get("bad", 0)
            ),
        )
        self.tiles["month"].set_figure(
            percent(period.get("satisfaction")) or "—",
            self.tr("{rated} rated · {bad} 差评").format(
                rated=period.get("rated", 0), bad=period.get("bad", 0)
            ),
        )
        first, last = period.get("first"), period.get("last")
        if first and last:
            self.satisfaction.show_days(
                self.tr("Satisfaction by day, last 30 days"),
                self.tr("satisfaction"),
                list(day.get("satisfaction_by_day") or []),
                dt.date.fromisoformat(first),
                dt.date.fromisoformat(last),
            )

    def _weekday(self, iso: str) -> str:
        names = [
            self.tr("Monday"),
            self.tr("Tuesday"),
            self.tr("Wednesday"),
            self.tr("Thursday"),
            self.tr("Friday"),
            self.tr("Saturday"),
            self.tr("Sunday"),
        ]
        try:
            return names[dt.date.fromisoformat(iso).weekday()]
        except ValueError:
            return ""

    def alarm_lines(self) -> list[tuple[str, QColor]]:
        """Every alarm as one line, the gravest first."""
        lines: list[tuple[str, QColor]] = []
        for key, alarm in sorted(self.alarms.items()):
            alarm = alarm if isinstance(alarm, dict) else {}
            text = in_ui_language(alarm.get("zh"), alarm.get("en"), alarm.get("code") or key)
            lines.append((self.tr("Hall alarm: {text}").format(text=text), ALERT))
        now = self.current
        for device in now.get("devices_offline") or []:
            if device.get("kind") == "keypad":
                what = self.tr("Rating keypad of window {n}").format(n=device.get("window"))
            else:
                what = self.tr("Ticket printer of kiosk {name}").format(name=device.get("kiosk"))
            lines.append((self.tr("{device} is offline").format(device=what), ALERT))
        for follow in now.get("follow_ups_due") or []:
            text = (
                self.tr("差评 follow-up {number} (window {window}) is overdue: due {deadline}")
                if follow.get("overdue")
                else self.tr("差评 follow-up {number} (window {window}) is due {deadline}")
            )
            lines.append(
                (
                    text.format(
                        number=follow.get("number"),
                        window=follow.get("window"),
                        deadline=follow.get("deadline"),
                    ),
                    ALERT if follow.get("overdue") else WARN,
                )
            )
        long_waits = now.get("long_waits") or []
        for ticket in long_waits[:LONG_WAITS_SHOWN]:
            lines.append(
                (
                    self.tr("{number} ({service}) has waited {minutes} min").format(
                        number=ticket.get("number"),
                        service=ticket.get("service_name"),
                        minutes=int(ticket.get("waited_s") or 0) // 60,
                    ),
                    WARN,
                )
            )
        more = int(now.get("long_wait_count") or 0) - min(len(long_waits), LONG_WAITS_SHOWN)
        if more > 0:
            lines.append((self.tr("…and {n} more waiting long").format(n=more), WARN))
        for anomaly in now.get("anomalies") or []:
            text = in_ui_language(anomaly.get("zh"), anomaly.get("en"), anomaly.get("anomaly"))
            at = str(anomaly.get("at", ""))[11:16]
            lines.append(
                (
                    self.tr("Rating anomaly at window {window}, {at}: {text}").format(
                        window=anomaly.get("window") or "?", at=at, text=text
                    ),
                    WARN,
                )
            )
        return lines

    def _show_alarms(self) -> None:
        lines = self.alarm_lines()
        self.alarm_list.clear()
        for text, colour in lines or [(self.tr("No alarms: all is well"), GOOD)]:
            item = QListWidgetItem(text)
            item.setBackground(QBrush(colour))
            self.alarm_list.addItem(item)
        count = len(lines)
        self.tiles["alarms"].set_figure(
            str(count),
            self.tr("see the list below") if count else self.tr("all is well"),
            alarm=bool(count),
        )
        self.alarm_title.setText(self.tr("Alarms ({n})").format(n=count))
