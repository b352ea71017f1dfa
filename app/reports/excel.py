"""Excel export (openpyxl) of the 日报, numbers as numbers; the sheet helpers of every
workbook."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from app.appraisal.daily import DailySummary
from app.appraisal.metrics import TicketMetrics
from app.appraisal.settings import AppraisalSettings

_BOLD = Font(bold=True)
_FILL = PatternFill("solid", fgColor="DCE6F1")


def minutes_of(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60, 2)


def percent_of(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 2)


def sheet(wb: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    ws = wb.create_sheet(title)
    ws.append(list(header))
    for cell in ws[1]:
        cell.font = _BOLD
        cell.fill = _FILL
    for row in rows:
        ws.append(list(row))
    for column in ws.columns:
        width = max(len(str(c.value or "")) for c in column)
        ws.column_dimensions[column[0].column_letter].width = min(max(8, width * 1.6), 50)
    ws.freeze_panes = "A2"


TIME_HEADER = ["等候均值(分)", "等候P90(分)", "等候最长(分)", "办理均值(分)", "办理P90(分)"]
TIME_HEADER += ["办理最长(分)"]


def times(m: TicketMetrics) -> list[float | None]:
    return [
        minutes_of(m.wait.avg_s),
        minutes_of(m.wait.p90_s),
        minutes_of(m.wait.max_s),
        minutes_of(m.handle.avg_s),
        minutes_of(m.handle.p90_s),
        minutes_of(m.handle.max_s),
    ]


def write_daily_xlsx(summary: DailySummary, settings: AppraisalSettings, path: Path) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    h = summary.hall
    sheet(
        wb,
        "总体",
        ["项目", "数值"],
        [
            ("日期", summary.day.isoformat()),
            ("取号", h.issued),
            ("办结", h.finished),
            ("过号", h.no_show),
            ("超时办结", h.overdue),
            ("平均等候(分)", minutes_of(h.wait.avg_s)),
            ("等候P90(分)", minutes_of(h.wait.p90_s)),
            ("最长等候(分)", minutes_of(h.wait.max_s)),
            ("平均办理(分)", minutes_of(h.handle.avg_s)),
            ("办理P90(分)", minutes_of(h.handle.p90_s)),
            ("最长办理(分)", minutes_of(h.handle.max_s)),
            ("参评数", h.rated),
            ("满意率(%)", percent_of(h.satisfaction)),
            ("参评率(%)", percent_of(h.coverage)),
            ("差评", h.bad),
        ],
    )
    sheet(
        wb,
        "分事项",
        ["代码", "事项", "取号", "办结", "过号", *TIME_HEADER, "超时"],
        [
            [code, name, m.issued, m.finished, m.no_show, *times(m), m.overdue]
            for code, name, m in summary.services
        ],
    )
    sheet(
        wb,
        "分窗口",
        ["窗口", "办结", "过号", *TIME_HEADER, "超时", "参评", "满意率(%)"],
        [
            [no, m.finished, m.no_show, *times(m), m.overdue, m.rated, percent_of(m.satisfaction)]
            for no, m in summary.windows
        ],
    )
    sheet(wb, "分时段取号", ["时", "取号"], summary.hourly)
    dist = summary.ratings
    rating_rows: list[list[Any]] = [
        [settings.scale(size).label(level), level, size, count]
        for (size, level), count in sorted(dist.levels.items())
    ]
    rating_rows.append(["未评价", None, None, dist.not_rated])
    rating_rows.append(["无评价记录", None, None, dist.no_rating])
    sheet(wb, "评价分布", ["评价", "等级", "等级数", "件数"], rating_rows)
    sheet(
        wb,
        "差评",
        ["号码", "窗口", "工作人员", "评价", "时间", "回访期限"],
        [
            [b.number, b.window_no, b.staff, b.level_label, b.at, b.deadline]
            for b in summary.bad_ratings
        ],
    )
    sheet(
        wb,
        "超时办结",
        ["号码", "事项", "窗口", "办理用时(分)", "承诺时限(分)"],
        [
            [c.number, c.service, c.window_no, round(c.handle_min, 2), c.promised_min]
            for c in summary.overdue_cases
        ],
    )
    p = summary.prediction
    sheet(
        wb,
        "预测准确度",
        ["预测", "样本数", "平均绝对误差(分)", "平均偏差(分)", "±5分钟内(%)"],
        [
            [
                label,
                a.tickets,
                minutes_of(a.mean_abs_error_s),
                minutes_of(a.bias_s),
                percent_of(a.within_5min),
            ]
            for label, a in (("出票时", p.at_issue), ("叫号前最新", p.latest))
        ]
        if p
        else [["无数据"]],
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
