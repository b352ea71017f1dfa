"""The month and year appraisal workbooks: the same content as the 通报 PDFs, one sheet per
section, every list in full, numbers as numbers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook

from app.appraisal.attendance import PAUSE_REASON_ZH, FindingKind
from app.appraisal.ranking import MonthAppraisal, YearRanking
from app.appraisal.ratings import CorrectionView
from app.appraisal.scoring import AppraisalRow, deductions
from app.appraisal.settings import AppraisalSettings
from app.appraisal.trend import MonthPoint
from app.reports.excel import TIME_HEADER, minutes_of, percent_of, sheet, times
from app.reports.sections import follow_up_status

RANK_HEADER = [
    "名次",
    "对象",
    "得分",
    "扣分",
    "在岗月数",
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
    "检查记录",
    "受批评",
    *(kind.zh for kind in FindingKind),
    "暂停(分)",
    *(f"{zh}(分)" for zh in PAUSE_REASON_ZH.values()),
    "红旗/评先",
    "不参评/取消评先",
    "末位",
    "约谈",
]


def rank_cells(r: AppraisalRow, settings: AppraisalSettings) -> list[Any]:
    t = r.tickets
    return [
        r.rank,
        r.label,
        r.score,
        round(deductions(r, settings.weights), 2),
        r.months,
        t.finished,
        t.no_show,
        *times(t),
        percent_of(t.promised_share),
        percent_of(t.satisfaction),
        percent_of(t.coverage),
        t.bad,
        r.follow_ups.total,
        r.follow_ups.closed,
        r.follow_ups.overdue,
        r.complaints.total,
        r.complaints.complaints,
        r.complaints.substantiated,
        r.inspections.records,
        r.inspections.criticism,
        *(r.attendance.get(kind, 0) for kind in FindingKind),
        round(r.pauses.seconds / 60, 1),
        *(round(r.pauses.by_reason.get(reason, 0) / 60, 1) for reason in PAUSE_REASON_ZH),
        "是" if r.red_flag else "",
        r.excluded,
        "是" if r.bottom else "",
        "是" if r.talk else "",
    ]


def _trend(wb: Workbook, points: list[MonthPoint]) -> None:
    sheet(
        wb,
        "满意率趋势",
        ["月份", "办结", "参评", "满意", "差评", "满意率(%)"],
        [
            [f"{p.month:%Y-%m}", p.finished, p.rated, p.good, p.bad, percent_of(p.satisfaction)]
            for p in points
        ],
    )


def write_month_xlsx(
    report: MonthAppraisal,
    path: Path,
    settings: AppraisalSettings,
    corrections: list[CorrectionView] | None = None,
) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    sheet(wb, "窗口考核", RANK_HEADER, [rank_cells(r, settings) for r in report.windows])
    sheet(wb, "人员考核", RANK_HEADER, [rank_cells(r, settings) for r in report.staff])
    sheet(
        wb,
        "红旗窗口",
        ["名次", "窗口", "得分"],
        [[r.rank, r.label, r.score] for r in report.red_flags],
    )
    _trend(wb, report.trend)
    windows = {r.key: r.label for r in report.windows}
    staff = {r.key: r.label for r in report.staff}
    stats = report.complaints
    sheet(
        wb,
        "投诉统计",
        ["类别", "登记", "已办结", "未办结", "按期办结", "逾期", "有效投诉", "不属实"],
        [
            [
                k.label,
                k.received,
                k.answered,
                k.open,
                k.on_time,
                k.overdue,
                k.substantiated,
                k.unfounded,
            ]
            for k in (stats.by_kind if stats else [])
        ],
    )
    overdue_ids = {c.id for c in stats.overdue} if stats else set()
    sheet(
        wb,
        "投诉登记",
        [
            "编号",
            "类别",
            "登记时间",
            "应答复时间",
            "窗口",
            "工作人员",
            "状态",
            "办结时间",
            "有效投诉",
            "逾期",
            "重要",
            "违诺超时",
            "内容",
            "处理结果",
            "反馈",
        ],
        [
            [
                c.id,
                c.kind_zh,
                c.received_at,
                c.due_at,
                c.window_no,
                c.staff,
                c.status.value,
                c.closed_at,
                c.substantiated,
                "是" if c.id in overdue_ids else "",
                "是" if c.important else "",
                "是" if c.overdue_promise else "",
                c.content,
                c.result,
                c.feedback,
            ]
            for c in (stats.entries if stats else [])
        ],
    )
    duty = report.duty
    sheet(
        wb,
        "值班窗口",
        ["顺序", "窗口", "召集人"],
        [[d.position, d.window_no, "是" if d.convenor else ""] for d in duty.roster]
        if duty
        else [],
    )
    sheet(
        wb,
        "巡查记录",
        ["时间", "值班窗口", "巡查人", "情况"],
        [[p.at, p.duty_window_no, p.staff, p.findings] for p in duty.patrols] if duty else [],
    )
    sheet(
        wb,
        "巡查不足",
        ["日期", "巡查次数"],
        [[day, n] for day, n in duty.short_days] if duty else [],
    )
    sheet(
        wb,
        "检查记录",
        ["时间", "类别", "检查人", "值班窗口", "窗口", "工作人员", "批评", "事由", "情况"],
        [
            [
                i.at,
                i.kind.zh,
                i.inspector,
                i.duty_window_no,
                i.window_no,
                i.staff,
                "是" if i.criticism else "",
                i.conduct.zh if i.conduct else "",
                i.findings,
            ]
            for i in report.inspections
        ],
    )
    sheet(
        wb,
        "一次性告知单",
        ["时间", "号码", "事项", "窗口", "工作人员", "所缺材料"],
        [
            [n.at, n.number, n.service, n.window_no, n.staff, "；".join(n.items)]
            for n in report.notices
        ],
    )
    criticised = {f.id for found in report.notice_criticisms.values() for f in found}
    sheet(
        wb,
        "告知未落实",
        ["日期", "工作人员", "窗口", "情况", "证据", "通报批评"],
        [
            [
                f.day,
                f.staff,
                windows.get(f.window_id or 0),
                f.note,
                f.evidence,
                "是" if f.id in criticised else "",
            ]
            for f in report.notice_failures
        ],
    )
    sheet(
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
            "状态",
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
                follow_up_status(f, report.as_of),
                f.visit_result,
                f.rectification,
            ]
            for f in report.follow_ups
        ],
    )
    sheet(
        wb,
        "考勤",
        ["日期", "工作人员", "窗口", "问题", "分钟"],
        [
            [f.day, staff.get(f.staff_id), windows.get(f.window_id), f.kind.zh, f.minutes]
            for f in report.attendance
        ],
    )
    sheet(
        wb,
        "评价更正",
        ["号码", "日期", "窗口", "工作人员", "原评价", "更正为", "更正人", "更正时间", "原因"],
        [
            [
                c.number,
                c.day,
                c.window_no,
                c.clerk,
                settings.scale(c.scale).label(c.before),
                settings.scale(c.scale).label(c.after),
                c.by,
                c.at,
                c.reason,
            ]
            for c in corrections or []
        ],
    )
    return _save(wb, path)


def write_year_xlsx(ranking: YearRanking, path: Path, settings: AppraisalSettings) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    sheet(wb, "人员排名", RANK_HEADER, [rank_cells(r, settings) for r in ranking.staff])
    sheet(
        wb,
        "评先人选",
        ["名次", "工作人员", "得分", "满意率(%)", "办结"],
        [
            [r.rank, r.label, r.score, percent_of(r.tickets.satisfaction), r.tickets.finished]
            for r in ranking.excellent
        ],
    )
    labels = {r.key: r.label for r in ranking.staff}
    sheet(
        wb,
        "取消评先依据",
        ["日期", "工作人员", "情形序号", "情形", "来源", "事实", "证据"],
        [
            [
                g.day,
                labels.get(staff_id),
                g.ground.number,
                g.ground.zh,
                g.source,
                g.note,
                g.evidence,
            ]
            for staff_id, found in ranking.grounds.items()
            for g in found
        ],
    )
    per: dict[int, dict[FindingKind, int]] = {}
    for f in ranking.attendance:
        per.setdefault(f.staff_id, {}).setdefault(f.kind, 0)
        per[f.staff_id][f.kind] += 1
    sheet(
        wb,
        "考勤统计",
        ["工作人员", "在岗月数", *(kind.zh for kind in FindingKind)],
        [
            [r.label, r.months, *(per.get(r.key, {}).get(kind, 0) for kind in FindingKind)]
            for r in ranking.staff
        ],
    )
    _trend(wb, ranking.trend)
    h = ranking.hall
    sheet(
        wb,
        "全年",
        ["项目", "数值"],
        [
            ("办结", h.finished),
            ("参评", h.rated),
            ("满意率(%)", percent_of(h.satisfaction)),
            ("差评", h.bad),
            ("限时办结率(%)", percent_of(h.promised_share)),
            ("平均等候(分)", minutes_of(h.wait.avg_s)),
        ],
    )
    return _save(wb, path)


def _save(wb: Workbook, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
