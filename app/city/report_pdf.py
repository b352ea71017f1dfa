"""The city's monthly report as a 通报: halls side by side, 红旗窗口 city-wide and per hall,
satisfaction and 差评 整改 by hall, and the halls whose uploads are behind."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from app.appraisal.ranking import month_bounds
from app.city.appraisal import CityMonth, HallMonth
from app.reports.layout import (
    Styles,
    build_pdf,
    clip,
    date_zh,
    heading,
    key_figures,
    letterhead,
    minutes,
    percent,
    signature,
    spacer,
    table,
)

DEFAULT_ISSUER = "市政务服务管理办公室"
BLUE, GREEN, RED = (
    colors.HexColor("#4F81BD"),
    colors.HexColor("#70AD47"),
    colors.HexColor("#C0504D"),
)


def city_title(month: dt.date) -> str:
    return f"关于{month.year}年{month.month}月全市政务服务大厅考评情况的通报"


def _when(moment: dt.datetime | None) -> str:
    return "—" if moment is None else moment.strftime("%m-%d %H:%M")


def _overview(s: Styles, report: CityMonth) -> Flowable:
    t = report.totals
    opened = sum(h.rectification.opened for h in report.halls)
    in_time = sum(h.rectification.closed_in_time for h in report.halls)
    return key_figures(
        s,
        [
            ("参评大厅", str(len(report.halls))),
            ("取号", f"{t.issued:,}"),
            ("办结", f"{t.finished:,}"),
            ("参评", f"{t.rated:,}"),
            ("满意率", percent(t.satisfaction)),
            ("差评", f"{t.bad:,}"),
            ("差评按期整改率", percent(in_time / opened if opened else None)),
            ("全市红旗窗口", str(len(report.city_red_flags))),
            ("参评率", percent(t.coverage)),
            ("回访逾期", str(sum(h.rectification.overdue for h in report.halls))),
            ("上报滞后大厅", str(len(report.behind))),
            ("统计截至", date_zh(report.as_of)),
        ],
    )


BARS_PER_CHART = 30  # a chart of 30 halls is 142 mm tall: it fits a landscape page's frame


def satisfaction_charts(halls: list[HallMonth], font: str) -> list[Drawing]:
    """Each hall's satisfaction as a bar, best on top, 30 halls to a chart (a city of 50 or
    more halls gets several, on one scale); halls behind in red."""
    ranked = sorted(halls, key=lambda h: -(h.tickets.satisfaction or 0.0))
    low = min((h.tickets.satisfaction or 1.0 for h in ranked), default=1.0)
    floor = max(0, int(low * 100) // 5 * 5 - 5)
    chunks = [ranked[i : i + BARS_PER_CHART] for i in range(0, len(ranked), BARS_PER_CHART)]
    return [satisfaction_bars(chunk, font, floor) for chunk in chunks or [[]]]


def satisfaction_bars(
    ranked: list[HallMonth], font: str, floor: int, width: float = 250 * mm
) -> Drawing:
    """One chart of `ranked` (best first), its value axis from `floor` to 100 %."""
    bar = 4.2 * mm
    height = max(30 * mm, bar * len(ranked) + 16 * mm)
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 45 * mm, 8 * mm
    chart.width, chart.height = width - 60 * mm, bar * max(1, len(ranked))
    top_first = list(reversed(ranked))
    chart.data = [[round((h.tickets.satisfaction or 0.0) * 100, 2) for h in top_first] or [0]]
    chart.categoryAxis.categoryNames = [clip(h.name, 14) for h in top_first] or [""]
    for axis in (chart.categoryAxis.labels, chart.valueAxis.labels):
        axis.fontName, axis.fontSize = font, 7
    chart.valueAxis.valueMin = floor
    chart.valueAxis.valueMax = 100
    chart.bars[0].fillColor = BLUE
    for index, h in enumerate(top_first):
        chart.bars[(0, index)].fillColor = RED if h.behind else GREEN if h.red_flags else BLUE
    chart.barLabelFormat = "%.2f"
    chart.barLabels.fontName, chart.barLabels.fontSize = font, 6
    chart.barLabels.boxAnchor, chart.barLabels.dx = "w", 3
    drawing.add(chart)
    legend = "满意率（%），红色：数据上报滞后的大厅"
    drawing.add(String(45 * mm, height - 5 * mm, legend, fontName=font, fontSize=7))
    return drawing


def _halls_table(s: Styles, report: CityMonth) -> Flowable:
    rows, behind = [], []
    ranked = sorted(report.halls, key=lambda h: -(h.tickets.satisfaction or 0.0))
    for n, h in enumerate(ranked):
        t, r = h.tickets, h.rectification
        rows.append(
            [
                n + 1,
                clip(h.name, 14),
                f"{t.issued:,}",
                f"{t.finished:,}",
                minutes(t.wait.avg_s),
                minutes(t.handle.avg_s),
                percent(t.promised_share),
                percent(t.coverage),
                percent(t.satisfaction),
                t.bad,
                f"{r.closed_in_time}/{r.opened}",
                percent(r.rate),
                clip("、".join(w.label for w in h.red_flags) or "无", 22),
                "滞后" if h.behind else "正常",
            ]
        )
        if h.behind:
            behind.append(n)
    header = [
        "序",
        "大厅",
        "取号",
        "办结",
        "等候均值",
        "办理均值",
        "限时办结率",
        "参评率",
        "满意率",
        "差评",
        "按期整改",
        "整改率",
        "本厅红旗窗口",
        "上报",
    ]
    widths = [18, 92, 44, 44, 40, 40, 46, 40, 40, 30, 50, 40, 150, 30]
    return table(s, header, rows, [w * 0.95 for w in widths], highlight=behind)


def _city_flags(s: Styles, report: CityMonth) -> list[Flowable]:
    flags = report.city_red_flags
    if not flags:
        return [Paragraph("本月无全市红旗窗口。", s.body)]
    rows = [
        [
            w.row.rank,
            clip(w.hall, 16),
            w.row.label,
            f"{w.row.score:.2f}",
            percent(w.row.tickets.satisfaction),
            w.row.tickets.finished,
            percent(w.row.tickets.promised_share),
            percent(w.row.tickets.coverage),
        ]
        for w in flags
    ]
    header = ["全市名次", "大厅", "窗口", "本厅得分", "满意率", "办结", "限时办结率", "参评率"]
    return [table(s, header, rows, [40, 120, 70, 50, 50, 50, 60, 50])]


def _hall_flags(s: Styles, report: CityMonth) -> Flowable:
    rows = []
    for h in report.halls:
        flags = "、".join(f"{w.label}（{w.score:.2f}）" for w in h.red_flags) or "无"
        barred = "；".join(f"{w.label}：{w.excluded}" for w in h.windows if w.excluded) or "无"
        ranked = [w for w in h.windows if w.rank is not None]
        rows.append(
            [clip(h.name, 16), len(ranked), Paragraph(flags, s.cell), Paragraph(barred, s.cell)]
        )
    return table(
        s,
        ["大厅", "参评窗口", "本厅红旗窗口（得分）", "不参评红旗窗口及原因"],
        rows,
        [110, 50, 250, 330],
    )


def _rectification(s: Styles, report: CityMonth) -> Flowable:
    rows, late = [], []
    for n, h in enumerate(report.halls):
        r = h.rectification
        rows.append(
            [
                clip(h.name, 16),
                h.tickets.bad,
                r.opened,
                r.closed,
                r.closed_in_time,
                r.overdue,
                r.open,
                percent(r.rate),
            ]
        )
        if r.overdue:
            late.append(n)
    header = ["大厅", "差评", "回访开启", "已办结", "按期办结", "逾期", "未办结", "按期整改率"]
    return table(s, header, rows, [130, 50, 60, 60, 60, 50, 60, 70], highlight=late)


def _uploads(s: Styles, report: CityMonth) -> list[Flowable]:
    behind = report.behind
    text = (
        "、".join(h.name for h in behind)
        + f"，共{len(behind)}个大厅数据上报滞后，请及时核查网络与服务器。"
        if behind
        else "各大厅数据均已按时上报。"
    )
    rows = [
        [
            clip(h.name, 16),
            _when(h.hall.last_contact),
            _when(h.hall.hall_clock),
            f"{h.hall.backlog:,}",
            _when(h.hall.oldest_pending),
            f"{h.hall.records:,}",
            "滞后" if h.behind else "正常",
        ]
        for h in report.halls
    ]
    header = ["大厅", "最近上报（市）", "大厅时钟", "上报时积压", "积压最早", "累计记录", "状态"]
    highlight = [n for n, h in enumerate(report.halls) if h.behind]
    return [
        Paragraph(text, s.body),
        spacer(2),
        table(s, header, rows, [130, 70, 70, 60, 70, 70, 40], highlight=highlight),
    ]


def city_story(report: CityMonth, issuer: str = DEFAULT_ISSUER) -> list[Flowable]:
    s = Styles()
    first, last = month_bounds(report.month)
    uploads = _uploads(s, report)
    return [
        *letterhead(s, issuer, city_title(report.month)),
        Paragraph("各政务服务中心、便民服务中心：", s.body),
        Paragraph(
            f"现将{date_zh(first)}至{date_zh(last)}全市各政务服务大厅考评情况通报如下"
            "（依各大厅上报的办件、评价、回访、考勤记录，按统一考评规则计算；时间单位：分钟）。",
            s.indented,
        ),
        *heading(s, "一、总体情况"),
        _overview(s, report),
        *heading(s, "二、各大厅情况对比（按满意率排序）", 60),
        _halls_table(s, report),
        spacer(),
        *satisfaction_charts(report.halls, s.font),
        *heading(s, "三、全市红旗窗口"),
        Paragraph(
            "全市各窗口按其在本厅考评中的得分统一排名（办件量以本厅办件最多的窗口为基准），"
            "不参评及本厅末位的窗口除外。",
            s.body,
        ),
        *_city_flags(s, report),
        *heading(s, "四、各大厅红旗窗口"),
        _hall_flags(s, report),
        *heading(s, "五、差评回访整改情况"),
        _rectification(s, report),
        *heading(s, "六、数据上报情况"),
        *uploads[:-1],
        signature(s, issuer, report.as_of, [uploads[-1]]),
    ]


def write_city_pdf(report: CityMonth, path: Path, issuer: str = DEFAULT_ISSUER) -> Path:
    build_pdf(path, city_story(report, issuer), city_title(report.month), wide=True)
    return path
