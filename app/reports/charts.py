"""Charts drawn with reportlab graphics (vector, with the embedded CJK font): arrivals by
hour, satisfaction by month, scores as bars."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.units import mm

from app.appraisal.scoring import AppraisalRow
from app.appraisal.trend import MonthPoint

BLUE = colors.HexColor("#4F81BD")
RED = colors.HexColor("#C0504D")
GREEN = colors.HexColor("#4E9A06")
GREY = colors.HexColor("#A6A6A6")
MAX_BARS = 30  # a longer ranking is charted by its first 30 (the table has them all)


def _drawing(width: float, height: float, font: str) -> Drawing:
    drawing = Drawing(width, height)
    drawing.initialFontName = font  # the renderer would start from Helvetica otherwise
    return drawing


def hourly_chart(hourly: list[tuple[int, int]], font: str) -> Drawing:
    """Bars of tickets issued per hour, from 8:00 to 17:00 at least."""
    counts = dict(hourly)
    hours = list(range(min([8, *counts]), max([17, *counts]) + 1))
    drawing = _drawing(180 * mm, 62 * mm, font)
    chart = VerticalBarChart()
    chart.x, chart.y = 14 * mm, 10 * mm
    chart.width, chart.height = 160 * mm, 46 * mm
    chart.data = [[counts.get(h, 0) for h in hours]]
    chart.categoryAxis.categoryNames = [f"{h}时" for h in hours]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = BLUE
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 6
    chart.barLabels.nudge = 5
    drawing.add(chart)
    drawing.add(String(0, 58 * mm, "取号人数 / tickets", fontName=font, fontSize=7))
    return drawing


def trend_chart(points: Sequence[MonthPoint], font: str, width: float = 180 * mm) -> Drawing:
    """满意率 by month as a line with its values; the axis starts near the lowest month."""
    shown = [p for p in points if p.satisfaction is not None]
    drawing = _drawing(width, 60 * mm, font)
    if not shown:
        drawing.add(String(0, 30 * mm, "无评价数据", fontName=font, fontSize=9))
        return drawing
    values = [round((p.satisfaction or 0.0) * 100, 1) for p in shown]
    low = max(0.0, (min(values) // 5) * 5 - 5)
    chart = HorizontalLineChart()
    chart.x, chart.y = 14 * mm, 10 * mm
    chart.width, chart.height = width - 20 * mm, 42 * mm
    chart.data = [values]
    chart.categoryAxis.categoryNames = [p.label for p in shown]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = low
    chart.valueAxis.valueMax = 100
    chart.valueAxis.valueStep = 5 if 100 - low <= 40 else 10
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.lines[0].strokeColor = BLUE
    chart.lines[0].strokeWidth = 1.5
    chart.lines[0].symbol = makeMarker("FilledCircle", size=3)
    chart.lineLabelFormat = "%.1f"
    chart.lineLabels.fontName = font
    chart.lineLabels.fontSize = 6
    chart.lineLabels.dy = 5
    drawing.add(chart)
    drawing.add(String(0, 56 * mm, "满意率（%）/ satisfaction", fontName=font, fontSize=7))
    return drawing


def score_bars(
    rows: Sequence[AppraisalRow], font: str, width: float = 180 * mm, picked: str = "红旗窗口"
) -> Drawing:
    """Ranked rows' scores as horizontal bars, best on top; picked rows green, excluded grey."""
    ranked = [r for r in rows if r.score is not None][:MAX_BARS]
    bar = 4.2 * mm
    height = max(30 * mm, bar * len(ranked) + 16 * mm)
    drawing = _drawing(width, height, font)
    if not ranked:
        drawing.add(String(0, 10 * mm, "无排名", fontName=font, fontSize=9))
        return drawing
    chart = HorizontalBarChart()
    chart.x, chart.y = 32 * mm, 8 * mm
    chart.width, chart.height = width - 50 * mm, bar * len(ranked)
    top_first = list(reversed(ranked))  # the chart draws its first category at the bottom
    chart.data = [[r.score or 0.0 for r in top_first]]
    chart.categoryAxis.categoryNames = [f"{r.rank}. {r.label}" for r in top_first]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 100
    chart.valueAxis.valueStep = 10
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.bars[0].fillColor = BLUE
    for index, row in enumerate(top_first):
        color = GREEN if row.red_flag else GREY if row.excluded else BLUE
        chart.bars[(0, index)].fillColor = color
    chart.barLabelFormat = "%.2f"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 6
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 3
    drawing.add(chart)
    legend = f"绿色：{picked}　灰色：不参评/取消评先　蓝色：其他"
    drawing.add(String(32 * mm, height - 5 * mm, legend, fontName=font, fontSize=7))
    return drawing
