"""Sections of the month report: complaints, duty windows and inspections, 一次性告知,
attendance and follow-ups; each gives its text for the body and its long lists for the
appendix (附件), one line per entry."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from reportlab.platypus import Flowable, KeepTogether, Paragraph

from app.appraisal.attendance import FINDING_ZH, PAUSE_REASON_ZH, Finding, FindingKind
from app.appraisal.complaint_stats import ComplaintStats
from app.appraisal.followups import FollowUpView
from app.appraisal.ranking import MonthAppraisal
from app.appraisal.ratings import CorrectionView
from app.appraisal.settings import NATIONAL_SCALE, AppraisalSettings
from app.reports.layout import Styles, clip, none_line, table

BODY_LIST_MAX = 10  # longer lists go to an appendix


@dataclass
class Appendix:
    title: str
    flowables: list[Flowable] = field(default_factory=list)


def labels(report: MonthAppraisal) -> tuple[dict[int, str], dict[int, str]]:
    """Window and clerk labels by id, from the ranking rows."""
    return {r.key: r.label for r in report.windows}, {r.key: r.label for r in report.staff}


def follow_up_status(item: FollowUpView, today: dt.date | None) -> str:
    if item.closed_at is not None:
        return "逾期办结" if item.overdue(item.closed_at.date()) else "已办结"
    if today is not None and item.overdue(today):
        return "逾期未办结"
    return "办理中"


def complaint_section(
    s: Styles, stats: ComplaintStats | None, appendices: list[Appendix]
) -> list[Flowable]:
    if stats is None or not stats.entries:
        return [none_line(s, "本月未登记咨询、建议、投诉。")]
    rows = [
        [
            k.label,
            k.received,
            k.answered,
            k.open,
            k.on_time,
            k.overdue,
            k.substantiated if k.kind is None or k.label == "投诉" else "—",
            k.unfounded if k.kind is None or k.label == "投诉" else "—",
        ]
        for k in stats.by_kind
    ]
    out: list[Flowable] = [
        table(
            s,
            ["类别", "登记", "已办结", "未办结", "按期办结", "逾期", "有效投诉", "不属实"],
            rows,
            widths=[60, 50, 50, 50, 56, 50, 56, 50],
            highlight=[len(rows) - 1],
        )
    ]
    overdue = stats.overdue
    if not overdue:
        out.append(none_line(s, "本月登记的各件均在时限内答复或仍在时限内。"))
        return out
    lines = [
        [
            f"第{c.id}号",
            c.kind_zh,
            f"{c.received_at:%m-%d %H:%M}",
            f"{c.due_at:%m-%d %H:%M}",
            f"{c.window_no}号" if c.window_no else "—",
            c.staff or "—",
            f"{c.closed_at:%m-%d %H:%M}" if c.closed_at else "未办结",
            clip(c.content, 30),
        ]
        for c in overdue
    ]
    overdue_table = table(
        s,
        ["编号", "类别", "登记时间", "应答复时间", "窗口", "工作人员", "办结时间", "内容"],
        lines,
        widths=[50, 36, 64, 64, 40, 90, 64, 366],
    )
    if len(lines) <= BODY_LIST_MAX:
        out.append(KeepTogether([none_line(s, f"逾期 {len(lines)} 件："), overdue_table]))
    else:
        out.append(none_line(s, f"逾期 {len(lines)} 件，清单见附件。"))
        appendices.append(Appendix("投诉、咨询、建议逾期清单", [overdue_table]))
    return out


def duty_section(s: Styles, report: MonthAppraisal, appendices: list[Appendix]) -> list[Flowable]:
    duty = report.duty
    out: list[Flowable] = []
    if duty is None or not duty.roster:
        out.append(none_line(s, "本月未排值班窗口。"))
    else:
        names = "、".join(
            f"{d.window_no}号窗口" + ("（召集人）" if d.convenor else "") for d in duty.roster
        )
        short = "、".join(f"{d:%m-%d}（{n}次）" for d, n in duty.short_days)
        out.append(
            Paragraph(
                f"本月值班窗口：{names}。巡查 {len(duty.patrols)} 次，"
                f"应巡查工作日 {duty.checked_days} 天，"
                + (
                    f"巡查不足每日两次的 {len(duty.short_days)} 天：{short}。"
                    if short
                    else "每日均巡查两次以上。"
                ),
                s.body,
            )
        )
    checks = report.inspections
    criticised = [i for i in checks if i.criticism]
    by_kind = Counter(i.kind.zh for i in checks)
    summary = "、".join(f"{k} {n} 次" for k, n in sorted(by_kind.items())) or "无"
    out.append(none_line(s, f"本月检查记录：{summary}；其中提出批评 {len(criticised)} 次。"))
    if not checks:
        return out
    lines = [
        [
            f"{i.at:%m-%d %H:%M}",
            i.kind.zh,
            clip(i.inspector or (f"{i.duty_window_no}号窗口" if i.duty_window_no else "—"), 10),
            f"{i.window_no}号" if i.window_no else "—",
            i.staff or "—",
            "是" if i.criticism else "",
            clip(i.findings, 46),
        ]
        for i in checks
    ]
    listing = table(
        s,
        ["时间", "类别", "检查人", "窗口", "工作人员", "批评", "情况"],
        lines,
        widths=[64, 56, 80, 40, 90, 30, 414],
        highlight=[n for n, i in enumerate(checks) if i.criticism],
    )
    if len(lines) <= BODY_LIST_MAX:
        out.append(listing)
    else:
        appendices.append(Appendix("值班巡查与明察暗访记录", [listing]))
        out.append(none_line(s, "检查记录见附件。"))
    return out


def notice_section(s: Styles, report: MonthAppraisal) -> list[Flowable]:
    written = Counter(n.staff for n in report.notices)
    failed = Counter(f.staff for f in report.notice_failures)
    criticised = {found[0].staff for found in report.notice_criticisms.values()}
    out: list[Flowable] = [
        none_line(
            s,
            f"本月出具一次性告知单 {len(report.notices)} 份；"
            f"一次性告知未落实 {len(report.notice_failures)} 次"
            + (f"，{len(criticised)} 人当月两次以上，予以通报批评。" if criticised else "。"),
        )
    ]
    people = sorted(set(written) | set(failed))
    if not people:
        return out
    rows = [
        [p or "—", written.get(p, 0), failed.get(p, 0), "通报批评" if p in criticised else ""]
        for p in people
    ]
    out.append(
        table(
            s,
            ["工作人员", "告知单", "未落实", "处理"],
            rows,
            widths=[110, 60, 60, 80],
            highlight=[n for n, r in enumerate(rows) if r[3]],
        )
    )
    return out


ATTENDANCE_KINDS = list(FindingKind)


def attendance_summary(s: Styles, report: MonthAppraisal) -> Flowable:
    """One line per clerk: the count of each kind of finding, and pause time by reason."""
    rows = []
    for row in report.staff:
        if not (row.attendance_total or row.pauses.count):
            continue
        pauses = "、".join(
            f"{PAUSE_REASON_ZH.get(reason, reason)}{secs / 60:.0f}"
            for reason, secs in sorted(row.pauses.by_reason.items())
        )
        rows.append(
            [
                row.label,
                *(row.attendance.get(k, 0) or "" for k in ATTENDANCE_KINDS),
                clip(pauses, 30),
            ]
        )
    if not rows:
        return none_line(s)
    header = ["工作人员", *(FINDING_ZH[k] for k in ATTENDANCE_KINDS), "暂停（分钟）"]
    widths = [80, *([44] * len(ATTENDANCE_KINDS)), 298]
    return table(s, header, rows, widths=widths)


def attendance_detail(
    s: Styles, findings: list[Finding], windows: dict[int, str], staff: dict[int, str]
) -> Flowable:
    rows = [
        [
            f.day.isoformat(),
            staff.get(f.staff_id, str(f.staff_id)),
            windows.get(f.window_id, "—"),
            f.kind.zh,
            f.minutes or "",
        ]
        for f in sorted(findings, key=lambda f: (f.day, f.staff_id))
    ]
    return table(
        s, ["日期", "工作人员", "窗口", "问题", "分钟"], rows, widths=[70, 100, 60, 110, 50]
    )


def follow_up_section(
    s: Styles, report: MonthAppraisal, appendices: list[Appendix]
) -> list[Flowable]:
    """Counts in the body; every follow-up not closed on time in the appendix."""
    total = len(report.follow_ups)
    if not total:
        return [none_line(s, "本月无差评。")]
    status = [(f, follow_up_status(f, report.as_of)) for f in report.follow_ups]
    counts = Counter(st for _, st in status)
    out: list[Flowable] = [
        none_line(
            s,
            f"本月差评 {total} 件，已按期办结 {counts['已办结']} 件，办理中 {counts['办理中']} 件，"
            f"逾期办结 {counts['逾期办结']} 件，逾期未办结 {counts['逾期未办结']} 件"
            + ("，明细见附件。" if total > counts["已办结"] else "。"),
        )
    ]
    pending = [(f, st) for f, st in status if st != "已办结"]
    if pending:
        windows, staff = labels(report)
        rows = [
            [
                f.number,
                windows.get(f.window_id, str(f.window_id)),
                staff.get(f.staff_id, "—") if f.staff_id is not None else "—",
                NATIONAL_SCALE.label(f.level) if f.level <= NATIONAL_SCALE.size else str(f.level),
                f.opened_on.isoformat(),
                f.deadline.isoformat(),
                st,
                clip(f.visit_result or "—", 34),
            ]
            for f, st in pending
        ]
        listing = table(
            s,
            ["号码", "窗口", "工作人员", "评价", "差评日期", "办结期限", "状态", "回访结果"],
            rows,
            widths=[44, 56, 90, 56, 64, 64, 60, 340],
            highlight=[i for i, row in enumerate(rows) if "逾期" in row[6]],
        )
        appendices.append(Appendix("差评回访未按期办结明细", [listing]))
    return out


def corrections_section(
    s: Styles, corrections: list[CorrectionView], settings: AppraisalSettings
) -> list[Flowable]:
    """评价更正: every correction of this month's ratings (the original rows stay)."""
    if not corrections:
        return [none_line(s)]

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
            clip(c.reason, 40),
        ]
        for c in corrections
    ]
    header = ["号码", "日期", "窗口", "工作人员", "原评价", "更正为", "更正人", "更正时间", "原因"]
    return [table(s, header, rows, widths=[45, 64, 40, 90, 56, 56, 50, 80, 293])]
