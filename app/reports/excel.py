"""Excel exports (openpyxl) of the 日报 and the monthly appraisal, numbers as numbers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from app.appraisal.attendance import PAUSE_REASON_ZH
from app.appraisal.daily import DailySummary
from app.appraisal.metrics import TicketMetrics
from app.appraisal.ranking import MonthAppraisal
from app.appraisal.scoring import AppraisalRow
from app.appraisal.settings import AppraisalSettings

_BOLD = Font(bold=True)
_FILL = PatternFill("solid", fgColor="DCE6F1")


def _min(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60, 2)


def _pct(share: float | None) -> float | None:
    return None if share is None else round(share * 100, 2)


def _sheet(wb: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
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


def _times(m: TicketMetrics) -> list[float | None]:
    return [
        _min(m.wait.avg_s),
        _min(m.wait.p90_s),
        _min(m.wait.max_s),
        _min(m.handle.avg_s),
        _min(m.handle.p90_s),
        _min(m.handle.max_s),
    ]


def write_daily_xlsx(summary: DailySummary, settings: AppraisalSettings, path: Path) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    h = summary.hall
    _sheet(
        wb,
        "总体",
        ["项目", "数值"],
        [
            ("日期", summary.day.isoformat()),
            ("取号", h.issued),
            ("办结", h.finished),
            ("过号", h.no_show),
            ("超时办结", h.overdue),
            ("平均等候(分)", _min(h.wait.avg_s)),
            ("等候P90(分)", _min(h.wait.p90_s)),
            ("最长等候(分)", _min(h.wait.max_s)),
            ("平均办理(分)", _min(h.handle.avg_s)),
            ("办理P90(分)", _min(h.handle.p90_s)),
            ("最长办理(分)", _min(h.handle.max_s)),
            ("参评数", h.rated),
            ("满意率(%)", _pct(h.satisfaction)),
            ("参评率(%)", _pct(h.coverage)),
            ("差评", h.bad),
        ],
    )
    _sheet(
        wb,
        "分事项",
        ["代码", "事项", "取号", "办结", "过号", *TIME_HEADER, "超时"],
        [
            [code, name, m.issued, m.finished, m.no_show, *_times(m), m.overdue]
            for code, name, m in summary.services
        ],
    )
    _sheet(
        wb,
        "分窗口",
        ["窗口", "办结", "过号", *TIME_HEADER, "超时", "参评", "满意率(%)"],
        [
            [no, m.finished, m.no_show, *_times(m), m.overdue, m.rated, _pct(m.satisfaction)]
            for no, m in summary.windows
        ],
    )
    _sheet(wb, "分时段取号", ["时", "取号"], summary.hourly)
    dist = summary.ratings
    rating_rows: list[list[Any]] = [
        [settings.scale(size).label(level), level, size, count]
        for (size, level), count in sorted(dist.levels.items())
    ]
    rating_rows.append(["未评价", None, None, dist.not_rated])
    rating_rows.append(["无评价记录", None, None, dist.no_rating])
    _sheet(wb, "评价分布", ["评价", "等级", "等级数", "件数"], rating_rows)
    _sheet(
        wb,
        "差评",
        ["号码", "窗口", "工作人员", "评价", "时间", "回访期限"],
        [
            [b.number, b.window_no, b.staff, b.level_label, b.at, b.deadline]
            for b in summary.bad_ratings
        ],
    )
    _sheet(
        wb,
        "超时办结",
        ["号码", "事项", "窗口", "办理用时(分)", "承诺时限(分)"],
        [
            [c.number, c.service, c.window_no, round(c.handle_min, 2), c.promised_min]
            for c in summary.overdue_cases
        ],
    )
    p = summary.prediction
    _sheet(
        wb,
        "预测准确度",
        ["样本数", "平均绝对误差(分)", "平均偏差(分)", "±5分钟内(%)"],
        [[p.count, _min(p.mae_s), _min(p.bias_s), _pct(p.within_5min)]] if p else [["无数据"]],
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


RANK_HEADER = [
    "名次",
    "对象",
    "得分",
    "办结",
    "过号",
    *TIME_HEADER,
    "限时办结率(%)",
    "满意率(%)",
    "参评率(%)",
    "差评",
    "回访数",
    "回访已办结",
    "回访逾期",
    "登记件数",
    "投诉",
    "有效投诉",
    "值班检查",
    "通报批评",
    "考勤问题",
    "暂停(分)",
    *(f"{zh}(分)" for zh in PAUSE_REASON_ZH.values()),
    "红旗/评先",
    "不参评原因",
    "末位",
    "约谈",
]


def rank_cells(r: AppraisalRow) -> list[Any]:
    t = r.tickets
    return [
        r.rank,
        r.label,
        r.score,
        t.finished,
        t.no_show,
        *_times(t),
        _pct(t.promised_share),
        _pct(t.satisfaction),
        _pct(t.coverage),
        t.bad,
        r.follow_ups.total,
        r.follow_ups.closed,
        r.follow_ups.overdue,
        r.complaints.total,
        r.complaints.complaints,
        r.complaints.substantiated,
        r.inspections.records,
        r.inspections.criticism,
        r.attendance_total,
        round(r.pauses.seconds / 60, 1),
        *(round(r.pauses.by_reason.get(reason, 0) / 60, 1) for reason in PAUSE_REASON_ZH),
        "是" if r.red_flag else "",
        r.excluded,
        "是" if r.bottom else "",
        "是" if r.talk else "",
    ]


def write_month_xlsx(report: MonthAppraisal, path: Path) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    _sheet(wb, "窗口考核", RANK_HEADER, [rank_cells(r) for r in report.windows])
    _sheet(wb, "人员考核", RANK_HEADER, [rank_cells(r) for r in report.staff])
    windows = {r.key: r.label for r in report.windows}
    staff = {r.key: r.label for r in report.staff}
    _sheet(
        wb,
        "差评回访",
        [
            "号码",
            "窗口",
            "工作人员",
            "等级",
            "差评日期",
            "办结期限",
            "办结时间",
            "回访结果",
            "整改情况",
        ],
        [
            [
                f.number,
                windows.get(f.window_id),
                staff.get(f.staff_id) if f.staff_id is not None else None,
                f.level,
                f.opened_on,
                f.deadline,
                f.closed_at,
                f.visit_result,
                f.rectification,
            ]
            for f in report.follow_ups
        ],
    )
    _sheet(
        wb,
        "考勤",
        ["日期", "工作人员", "窗口", "问题", "分钟"],
        [
            [f.day, staff.get(f.staff_id), windows.get(f.window_id), f.kind.zh, f.minutes]
            for f in report.attendance
        ],
    )
    _sheet(
        wb,
        "红旗窗口",
        ["名次", "窗口", "得分"],
        [[r.rank, r.label, r.score] for r in report.red_flags],
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
