"""The monthly appraisal report (月度考核) with the 红旗窗口 ranking, and the yearly ranking."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable, Paragraph

from app.appraisal.attendance import PAUSE_REASON_ZH, FindingKind
from app.appraisal.followups import FollowUpView
from app.appraisal.ranking import MonthAppraisal, YearRanking, month_bounds
from app.appraisal.ratings import CorrectionView
from app.appraisal.scoring import AppraisalRow
from app.appraisal.settings import NATIONAL_SCALE, AppraisalSettings, ScoreWeights
from app.reports.layout import (
    GOOD_BG,
    Styles,
    build_pdf,
    heading,
    minutes,
    none_line,
    percent,
    table,
)

HEADER = [
    "名次",
    "对象",
    "得分",
    "办结",
    "等候均值",
    "等候P90",
    "等候最长",
    "办理均值",
    "办理P90",
    "限时办结率",
    "满意率",
    "参评率",
    "差评",
    "回访 办结/逾期",
    "投诉 (有效)",
    "考勤问题",
    "暂停(分)",
    "备注",
]

WEIGHT_NAMES = {
    "satisfaction": "满意率",
    "promised_time": "限时办结率",
    "volume": "办件量（与最多者之比）",
    "waiting": "等候达标率",
    "coverage": "参评率",
    "per_substantiated_complaint": "每件有效投诉扣分",
    "per_criticism": "每次值班窗口通报批评扣分",
    "per_overdue_follow_up": "每件逾期回访扣分",
    "per_attendance_finding": "每项考勤问题扣分",
}


def _note(row: AppraisalRow, flag_label: str) -> str:
    notes = []
    if row.red_flag and flag_label:
        notes.append(flag_label)
    if row.excluded:
        notes.append(row.excluded if "取消评先" in row.excluded else f"不参评：{row.excluded}")
    if row.talk:
        notes.append("连续两月末位，约谈")
    elif row.bottom:
        notes.append("本月末位")
    return "；".join(notes)


def row_cells(row: AppraisalRow, flag_label: str, s: Styles) -> list[Any]:
    t = row.tickets
    findings = "、".join(f"{k.zh}{n}" for k, n in row.attendance.items()) if row.attendance else "0"
    return [
        row.rank if row.rank is not None else "—",
        Paragraph(row.label, s.cell),
        f"{row.score:.2f}" if row.score is not None else "—",
        t.finished,
        minutes(t.wait.avg_s),
        minutes(t.wait.p90_s),
        minutes(t.wait.max_s),
        minutes(t.handle.avg_s),
        minutes(t.handle.p90_s),
        percent(t.promised_share),
        percent(t.satisfaction),
        percent(t.coverage),
        t.bad,
        f"{row.follow_ups.closed}/{row.follow_ups.overdue}",
        f"{row.complaints.complaints} ({row.complaints.substantiated})",
        Paragraph(findings, s.cell),
        f"{row.pauses.seconds / 60:.0f}",
        Paragraph(_note(row, flag_label), s.cell),
    ]


def _ranking_table(s: Styles, rows: list[AppraisalRow], flag_label: str) -> Flowable:
    if not rows:
        return none_line(s)
    widths = [24, 62, 34, 30, 34, 34, 34, 34, 34, 40, 40, 40, 26, 40, 36, 52, 34, 146]
    return table(
        s,
        HEADER,
        [row_cells(r, flag_label, s) for r in rows],
        widths=widths,
        highlight=[i for i, r in enumerate(rows) if r.red_flag],
        highlight_color=GOOD_BG,
    )


def labels(report: MonthAppraisal) -> tuple[dict[int, str], dict[int, str]]:
    """Window and clerk labels by id, from the ranking rows."""
    return {r.key: r.label for r in report.windows}, {r.key: r.label for r in report.staff}


def follow_up_status(item: FollowUpView, today: dt.date | None) -> str:
    if item.closed_at is not None:
        return "逾期办结" if item.overdue(item.closed_at.date()) else "已办结"
    if today is not None and item.overdue(today):
        return "逾期未办结"
    return "办理中"


FOLLOW_UP_ROWS = 100


def _follow_up_table(s: Styles, report: MonthAppraisal) -> list[Flowable]:
    """The month's 差评 follow-ups that are still open or were closed late (all in Excel)."""
    total = len(report.follow_ups)
    if not total:
        return [none_line(s)]
    windows, staff = labels(report)
    pending = [
        (f, follow_up_status(f, report.as_of))
        for f in report.follow_ups
        if follow_up_status(f, report.as_of) != "已办结"
    ]
    done = total - len(pending)
    out: list[Flowable] = [
        none_line(s, f"本月差评 {total} 件，按期办结 {done} 件；未办结或逾期的如下：")
    ]
    if not pending:
        return [none_line(s, f"本月差评 {total} 件，均已按期办结。")]
    rows = [
        [
            f.number,
            windows.get(f.window_id, str(f.window_id)),
            staff.get(f.staff_id, "—") if f.staff_id is not None else "—",
            NATIONAL_SCALE.label(f.level) if f.level <= NATIONAL_SCALE.size else str(f.level),
            f.opened_on.isoformat(),
            f.deadline.isoformat(),
            status,
            Paragraph(f.visit_result or "—", s.cell),
        ]
        for f, status in pending[:FOLLOW_UP_ROWS]
    ]
    out.append(
        table(
            s,
            ["号码", "窗口", "工作人员", "评价", "差评日期", "办结期限", "状态", "回访结果"],
            rows,
            widths=[50, 60, 80, 60, 70, 70, 70, 310],
            highlight=[i for i, row in enumerate(rows) if "逾期" in row[6]],
        )
    )
    if len(pending) > FOLLOW_UP_ROWS:
        out.append(none_line(s, f"（仅列出前 {FOLLOW_UP_ROWS} 件，全部见 Excel 表）"))
    return out


def _attendance_table(s: Styles, report: MonthAppraisal) -> Flowable:
    """Per clerk: lateness, early leave, missing sign-out, unexplained leaves, pause time."""
    minutes: dict[int, dict[FindingKind, list[int]]] = {}
    for f in report.attendance:
        minutes.setdefault(f.staff_id, {}).setdefault(f.kind, []).append(f.minutes)

    def cell(per: dict[FindingKind, list[int]], kind: FindingKind, with_minutes: bool) -> str:
        found = per.get(kind, [])
        if not found:
            return "0"
        return f"{len(found)}次/{sum(found)}分钟" if with_minutes else f"{len(found)}次"

    def pauses(row: AppraisalRow) -> str:
        parts = [
            f"{PAUSE_REASON_ZH.get(reason, reason)}{secs / 60:.0f}"
            for reason, secs in sorted(row.pauses.by_reason.items())
        ]
        return "、".join(parts) or "0"

    rows = []
    for row in report.staff:
        if not (row.attendance_total or row.pauses.count):
            continue
        per = minutes.get(row.key, {})
        rows.append(
            [
                row.label,
                cell(per, FindingKind.LATE, True),
                cell(per, FindingKind.EARLY_LEAVE, True),
                cell(per, FindingKind.NO_SIGN_OUT, False),
                cell(per, FindingKind.LONG_LEAVE, True),
                Paragraph(pauses(row), s.cell),
            ]
        )
    if not rows:
        return none_line(s)
    return table(
        s,
        ["工作人员", "迟到", "早退", "未签退", "离岗超时未说明", "暂停（分钟）"],
        rows,
        widths=[100, 80, 80, 60, 100, 250],
    )


def _weights(s: Styles, weights: ScoreWeights) -> list[Flowable]:
    parts = [f"{WEIGHT_NAMES[f.name]} {getattr(weights, f.name):g}" for f in fields(weights)]
    return [
        *heading(s, "评分办法"),
        Paragraph(
            "得分 = 各项比率 × 权重之和（满分 100）− 扣分，最低 0 分。" + "；".join(parts) + "。"
            "得分相同时依次比较满意率、办结量、差评少者，仍相同则名次并列。"
            "当月有有效投诉或值班窗口通报批评的窗口、排名末位的窗口不评红旗窗口；"
            "连续两个月排名末位的窗口予以约谈。",
            s.body,
        ),
    ]


def month_story(report: MonthAppraisal, settings: AppraisalSettings) -> list[Flowable]:
    s = Styles()
    month = report.month
    first, last = month_bounds(month)
    flags = report.red_flags
    talks = report.talks
    story: list[Flowable] = [
        Paragraph(f"{month.year}年{month.month}月 窗口考核月报", s.title),
        Paragraph(f"统计期间：{first} 至 {last}　时间单位：分钟", s.subtitle),
        *heading(s, "一、红旗窗口"),
        Paragraph(
            "、".join(f"{r.label}（第{r.rank}名，{r.score:.2f}分）" for r in flags)
            if flags
            else "无",
            s.body,
        ),
        *heading(s, "二、窗口考核排名"),
        _ranking_table(s, report.windows, "红旗窗口"),
        *heading(s, "三、连续两月末位（约谈）"),
        Paragraph("、".join(r.label for r in talks) if talks else "无", s.body),
        *heading(s, "四、差评回访情况"),
        *_follow_up_table(s, report),
        *heading(s, "五、考勤情况"),
        _attendance_table(s, report),
        *heading(s, "六、工作人员考核"),
        _ranking_table(s, report.staff, ""),
    ]
    story += _weights(s, settings.weights)
    return story


def corrections_section(
    corrections: list[CorrectionView], settings: AppraisalSettings, s: Styles
) -> list[Flowable]:
    """评价更正: every correction of this month's ratings (the original rows stay)."""
    out: list[Flowable] = [*heading(s, "七、评价更正")]
    if not corrections:
        return [*out, none_line(s)]

    def level(c: CorrectionView, value: int | None) -> str:
        return settings.scale(c.scale).label(value)

    rows = [
        [
            c.number,
            c.day.isoformat(),
            f"{c.window_no}号" if c.window_no else "—",
            c.clerk or "—",
            level(c, c.before),
            level(c, c.after),
            c.by,
            f"{c.at:%Y-%m-%d %H:%M}",
            Paragraph(c.reason, s.cell),
        ]
        for c in corrections
    ]
    header = ["号码", "日期", "窗口", "工作人员", "原评价", "更正为", "更正人", "更正时间", "原因"]
    widths = [45, 60, 40, 60, 55, 55, 50, 80, 320]
    return [*out, table(s, header, rows, widths=widths)]


def write_month_pdf(
    report: MonthAppraisal,
    settings: AppraisalSettings,
    path: Path,
    corrections: list[CorrectionView] | None = None,
) -> Path:
    """The month report; with `corrections`, their table after the staff ranking."""
    title = f"{report.month.year}年{report.month.month}月 窗口考核月报"
    story = month_story(report, settings)
    if corrections is not None:
        story += corrections_section(corrections, settings, Styles())
    build_pdf(path, story, title, wide=True)
    return path


def write_year_pdf(ranking: YearRanking, settings: AppraisalSettings, path: Path) -> Path:
    s = Styles()
    excellent = ranking.excellent
    story: list[Flowable] = [
        Paragraph(f"{ranking.year}年度 工作人员考核排名", s.title),
        *heading(s, "一、评先人选"),
        Paragraph("、".join(r.label for r in excellent) if excellent else "无", s.body),
        *heading(s, "二、排名（有效投诉者取消评先）"),
        _ranking_table(s, ranking.staff, "评先"),
        *_weights(s, settings.weights),
    ]
    build_pdf(path, story, f"{ranking.year}年度 工作人员考核排名", wide=True)
    return path
