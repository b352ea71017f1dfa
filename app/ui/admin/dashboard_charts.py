"""The dashboard's charts (QtCharts): arrivals and calls per hour against the same weekday's
average, waiting per service with the longest wait, the windows' states, satisfaction day by
day. Each chart is redrawn whole from the command's result; nothing is animated."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QHorizontalBarSeries,
    QLineSeries,
    QPieSeries,
    QScatterSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen

ARRIVALS, CALLS = QColor("#1565c0"), QColor("#2e7d32")
STATE_COLOURS = {
    "serving": QColor("#2e7d32"),
    "calling": QColor("#66bb6a"),
    "free": QColor("#90caf9"),
    "paused": QColor("#f9a825"),
    "not_staffed": QColor("#cfd8dc"),
}


class Chart(QChartView):
    """A chart view with the dashboard's look: no animation, legend below, a small title."""

    def __init__(self) -> None:
        super().__init__()
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(160)
        chart = self.chart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setBackgroundRoundness(4)

    def clear(self, title: str) -> QChart:
        chart = self.chart()
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        chart.setTitle(title)
        font = QFont(chart.titleFont())
        font.setBold(True)
        chart.setTitleFont(font)
        return chart


def _line(name: str, colour: QColor, values: Sequence[float], *, dashed: bool) -> QLineSeries:
    series = QLineSeries()
    series.setName(name)
    pen = QPen(colour.lighter(125) if dashed else colour)
    pen.setWidth(2)
    if dashed:
        pen.setStyle(Qt.PenStyle.DashLine)
    series.setPen(pen)
    for index, value in enumerate(values):
        series.append(index, value)
    return series


class HoursChart(Chart):
    """Bars: today's arrivals and calls per hour; dashed lines: the same weekday's average."""

    def show_hours(self, title: str, names: Sequence[str], hours: list[dict[str, Any]]) -> None:
        """`names`: arrivals, calls, their averages (legend); `hours`: dashboard_day's."""
        chart = self.clear(title)
        labels = [self.tr("{hour}:00").format(hour=h["hour"]) for h in hours]
        bars = QBarSeries()
        for name, key, colour in ((names[0], "arrivals", ARRIVALS), (names[1], "calls", CALLS)):
            bar = QBarSet(name)
            bar.setColor(colour)
            bar.append([float(h[key]) for h in hours])
            bars.append(bar)
        chart.addSeries(bars)
        axis_x = QBarCategoryAxis()
        axis_x.append(labels)
        axis_y = QValueAxis()
        axis_y.setLabelFormat("%d")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        bars.attachAxis(axis_x)
        bars.attachAxis(axis_y)
        top = max([1.0, *(float(h[k]) for h in hours for k in ("arrivals", "calls"))])
        for name, key, colour in (
            (names[2], "arrivals_avg", ARRIVALS),
            (names[3], "calls_avg", CALLS),
        ):
            if not hours or hours[0].get(key) is None:
                continue  # no earlier such weekday yet
            values = [float(h[key] or 0) for h in hours]
            top = max(top, *values)
            line = _line(name, colour, values, dashed=True)
            chart.addSeries(line)
            line.attachAxis(axis_x)
            line.attachAxis(axis_y)
        axis_y.setRange(0, _nice(top))
        axis_y.setTickCount(min(6, int(_nice(top)) + 1))


class WaitingChart(Chart):
    """Horizontal bars: the people waiting per service; its label says the longest wait."""

    def show_services(self, title: str, rows: list[tuple[str, int]]) -> None:
        """`rows`: (label, waiting) per service, top to bottom."""
        chart = self.clear(title)
        chart.legend().setVisible(False)
        series = QHorizontalBarSeries()
        waiting = QBarSet("")
        waiting.setColor(ARRIVALS)
        waiting.append([float(n) for _, n in reversed(rows)])
        series.append(waiting)
        series.setLabelsVisible(True)
        series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsInsideEnd)
        waiting.setLabelColor(QColor("white"))
        chart.addSeries(series)
        axis_y = QBarCategoryAxis()
        axis_y.append([label for label, _ in reversed(rows)])
        axis_x = QValueAxis()
        axis_x.setLabelFormat("%d")
        top = _nice(max([1.0, *(float(n) for _, n in rows)]))
        axis_x.setRange(0, top)
        axis_x.setTickCount(min(6, int(top) + 1))
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_y)
        series.attachAxis(axis_x)


class WindowsChart(Chart):
    """A ring: how many windows serve, call, wait free, pause, or have no clerk."""

    def show_counts(self, title: str, parts: list[tuple[str, str, int]]) -> None:
        """`parts`: (state, label, count)."""
        chart = self.clear(title)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignRight)
        ring = QPieSeries()
        ring.setHoleSize(0.45)
        for state, label, count in parts:
            if not count:
                continue
            piece = ring.append(f"{label} {count}", count)
            piece.setColor(STATE_COLOURS.get(state, QColor("#90a4ae")))
        chart.addSeries(ring)


class SatisfactionChart(Chart):
    """Satisfaction (%) of each day with rated cases over the period; the day itself larger."""

    def show_days(
        self, title: str, name: str, points: list[dict[str, Any]], first: dt.date, last: dt.date
    ) -> None:
        chart = self.clear(title)
        chart.legend().setVisible(False)
        line, dots = QLineSeries(), QScatterSeries()
        line.setName(name)
        pen = QPen(CALLS)
        pen.setWidth(2)
        line.setPen(pen)
        dots.setColor(CALLS)
        dots.setMarkerSize(8)
        for point in points:
            if point.get("satisfaction") is None:
                continue
            at = _msecs(dt.date.fromisoformat(str(point["first"])))
            value = round(float(point["satisfaction"]) * 100, 1)
            line.append(at, value)
            dots.append(at, value)
        chart.addSeries(line)
        chart.addSeries(dots)
        axis_x = QDateTimeAxis()
        axis_x.setFormat("MM-dd")
        axis_x.setTickCount(6)
        half_day = 12 * 3600 * 1000  # the first and the last day's dots off the edges
        axis_x.setRange(
            QDateTime.fromMSecsSinceEpoch(_msecs(first) - half_day),
            QDateTime.fromMSecsSinceEpoch(_msecs(last) + half_day),
        )
        axis_y = QValueAxis()
        axis_y.setRange(0, 104)  # a little room above 100%: its dots are not cut in half
        axis_y.setLabelFormat("%d%%")
        axis_y.setTickType(QValueAxis.TickType.TicksDynamic)
        axis_y.setTickAnchor(0)
        axis_y.setTickInterval(20)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        for series in (line, dots):
            series.attachAxis(axis_x)
            series.attachAxis(axis_y)


def _msecs(day: dt.date) -> int:
    return int(dt.datetime.combine(day, dt.time(12)).timestamp() * 1000)


def _nice(top: float) -> float:
    """An axis end a little above the largest value: 1, 2, 5, 10, 20, 50…"""
    step = 1.0
    while True:
        for factor in (1, 2, 5):
            if step * factor >= top:
                return step * factor
        step *= 10
