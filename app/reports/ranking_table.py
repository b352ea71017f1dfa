"""The ranking table of windows or clerks, one line per row, and the scoring rules' text."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from reportlab.platypus import Flowable, Paragraph

from app.appraisal.attendance import FindingKind
from app.appraisal.scoring import AppraisalRow, deductions
from app.appraisal.settings import ScoreWeights
from app.reports.layout import GOOD_BG, Styles, heading, minutes, none_line, percent, table

HEADER = [
    "名次",
    "对象",
    "得分",
    "办结",
    "等候均值",
    "等候P90",
    "办理均值",
    "限时办结率",
    "满意率",
    "参评率",
    "差评",
    "回访逾期",
    "有效投诉",
    "受批评",
    "旷工",
    "其他考勤",
    "扣分",
    "备注",
]
WIDTHS = [24, 74, 36, 34, 38, 38, 38, 44, 40, 40, 28, 36, 36, 32, 28, 36, 34, 138]

WEIGHT_NAMES = {
    "satisfaction": "满意率",
    "promised_time": "限时办结率",
    "volume": "办件量（与最多者之比）",
    "waiting": "等候达标率",
    "coverage": "参评率",
    "per_substantiated_complaint": "每件有效投诉扣分",
    "per_criticism": "每次受批评扣分",
    "per_overdue_follow_up": "每件逾期回访扣分",
    "per_attendance_finding": "每项其他考勤问题扣分",
    "per_absence": "每次旷工扣分",
}


def note(row: AppraisalRow, flag_label: str) -> str:
    notes = []
    if row.red_flag and flag_label:
        notes.append(flag_label)
    if row.excluded:
        notes.append(row.excluded if row.excluded.startswith("取消") else f"不参评：{row.excluded}")
    if row.talk:
        notes.append("连续两月末位，约谈")
    elif row.bottom:
        notes.append("本月末位")
    return "；".join(notes)


def row_cells(row: AppraisalRow, flag_label: str, weights: ScoreWeights, s: Styles) -> list[Any]:
    t = row.tickets
    absences = row.attendance.get(FindingKind.ABSENT, 0)
    return [
        row.rank if row.rank is not None else "—",
        row.label,
        f"{row.score:.2f}" if row.score is not None else "—",
        t.finished,
        minutes(t.wait.avg_s),
        minutes(t.wait.p90_s),
        minutes(t.handle.avg_s),
        percent(t.promised_share),
        percent(t.satisfaction),
        percent(t.coverage),
        t.bad,
        row.follow_ups.overdue,
        row.complaints.substantiated,
        row.inspections.criticism,
        absences,
        row.attendance_total - absences,
        f"{deductions(row, weights):.2f}",
        Paragraph(note(row, flag_label), s.cell),
    ]


def ranking_table(
    s: Styles, rows: list[AppraisalRow], flag_label: str, weights: ScoreWeights
) -> Flowable:
    if not rows:
        return none_line(s)
    return table(
        s,
        HEADER,
        [row_cells(r, flag_label, weights, s) for r in rows],
        widths=WIDTHS,
        highlight=[i for i, r in enumerate(rows) if r.red_flag],
        highlight_color=GOOD_BG,
    )


def scoring_rules(s: Styles, weights: ScoreWeights, year: bool = False) -> list[Flowable]:
    parts = [f"{WEIGHT_NAMES[f.name]} {getattr(weights, f.name):g}" for f in fields(weights)]
    period = (
        "年度扣分按在岗月数折算为月均值（各项扣分合计 ÷ 有签到的月数），"
        "使全年的问题不会累加到超过满分，也不因在岗月数多少而不公。"
        if year
        else "扣分为当月各项次数 × 每次扣分。"
    )
    text = (
        "得分 = 各项比率 × 权重之和（满分 100）− 扣分，最低 0 分。"
        + "；".join(parts)
        + "。"
        + period
        + "得分相同时依次比较满意率、办结量、差评少者，仍相同则名次并列。"
    )
    if not year:
        text += (
            "当月有有效投诉、受到批评、值班巡查不足（召集窗口）或一次性告知未落实被通报批评的"
            "窗口，以及排名末位的窗口不评红旗窗口；连续两个月排名末位的窗口予以约谈。"
        )
    else:
        text += "有《窗口工作人员岗位责任制》所列八种情形之一者，取消年度评先资格。"
    return [*heading(s, "评分办法"), Paragraph(text, s.body)]
