"""The monthly appraisal report as a 通报 (红头, date, signature lines), with the 红旗窗口
ranking, charts, and the long lists in appendices."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from app.appraisal.ranking import MonthAppraisal, month_bounds
from app.appraisal.ratings import CorrectionView
from app.appraisal.settings import AppraisalSettings
from app.reports.charts import score_bars, trend_chart
from app.reports.integrity_section import integrity_section
from app.reports.layout import (
    Styles,
    appendix,
    build_pdf,
    date_zh,
    heading,
    key_figures,
    letterhead,
    minutes,
    percent,
    signature,
    spacer,
)
from app.reports.ranking_table import ranking_table, scoring_rules
from app.reports.sections import (
    Appendix,
    attendance_detail,
    attendance_summary,
    complaint_section,
    corrections_section,
    duty_section,
    follow_up_section,
    labels,
    notice_section,
)

DEFAULT_ISSUER = "政务服务中心"


def month_title(month: dt.date) -> str:
    return f"关于{month.year}年{month.month}月窗口考核情况的通报"


def _overview(s: Styles, report: MonthAppraisal) -> Flowable:
    h = report.hall
    stats = report.complaints
    return key_figures(
        s,
        [
            ("办结", str(h.finished)),
            ("参评", str(h.rated)),
            ("满意率", percent(h.satisfaction)),
            ("差评", str(h.bad)),
            ("限时办结率", percent(h.promised_share)),
            ("平均等候（分）", minutes(h.wait.avg_s)),
            ("平均办理（分）", minutes(h.handle.avg_s)),
            ("参评率", percent(h.coverage)),
            ("咨询建议投诉", str(stats.total.received) if stats else "0"),
            ("有效投诉", str(stats.total.substantiated) if stats else "0"),
            ("考勤问题", str(len(report.attendance))),
            ("红旗窗口", str(len(report.red_flags))),
        ],
    )


def _red_flags(s: Styles, report: MonthAppraisal) -> list[Flowable]:
    flags = report.red_flags
    text = (
        "、".join(f"{r.label}（第{r.rank}名，{r.score:.2f}分）" for r in flags) if flags else "无"
    )
    out: list[Flowable] = [Paragraph(f"本月红旗窗口：{text}。", s.body)]
    excluded = [r for r in report.windows if r.excluded]
    if excluded:
        out.append(
            Paragraph(
                "不参评红旗窗口："
                + "；".join(f"{r.label}（{r.excluded}）" for r in excluded)
                + "。",
                s.body,
            )
        )
    talks = report.talks
    out.append(
        Paragraph(
            "连续两月排名末位、予以约谈："
            + ("、".join(r.label for r in talks) if talks else "无")
            + "。",
            s.body,
        )
    )
    return out


def month_story(
    report: MonthAppraisal,
    settings: AppraisalSettings,
    issuer: str = DEFAULT_ISSUER,
    signed_on: dt.date | None = None,
    corrections: list[CorrectionView] | None = None,
) -> list[Flowable]:
    """The 通报; with `corrections` (the month's rating corrections), their section too."""
    s = Styles()
    month = report.month
    first, last = month_bounds(month)
    signed_on = signed_on or report.as_of or dt.date.today()
    appendices: list[Appendix] = []
    story: list[Flowable] = [
        *letterhead(s, issuer, month_title(month)),
        Paragraph("各窗口、各位工作人员：", s.body),
        Paragraph(
            f"现将{date_zh(first)}至{date_zh(last)}窗口考核情况通报如下（时间单位：分钟）。",
            s.indented,
        ),
        *heading(s, "一、总体情况"),
        _overview(s, report),
        *heading(s, "二、红旗窗口"),
        *_red_flags(s, report),
        spacer(),
        score_bars(report.windows, s.font, width=250 * mm),
        *heading(s, "三、满意率趋势", 75),
        trend_chart(report.trend, s.font, width=250 * mm),
        *heading(s, "四、窗口考核排名"),
        ranking_table(s, report.windows, "红旗窗口", settings.weights),
        *heading(s, "五、投诉、咨询、建议办理情况"),
        *complaint_section(s, report.complaints, appendices),
        *heading(s, "六、值班巡查与明察暗访"),
        *duty_section(s, report, appendices),
        *heading(s, "七、一次性告知"),
        *notice_section(s, report),
        *heading(s, "八、差评回访"),
        *follow_up_section(s, report, appendices),
        *heading(s, "九、考勤情况"),
        attendance_summary(s, report),
    ]
    if report.attendance:
        windows, staff = labels(report)
        appendices.append(
            Appendix("考勤问题明细", [attendance_detail(s, report.attendance, windows, staff)])
        )
    story += [
        *heading(s, "十、工作人员考核"),
        ranking_table(s, report.staff, "", settings.weights),
    ]
    story += [
        *heading(s, "十一、评价途径与设备异常"),
        *integrity_section(s, report.ratings, labels(report)[0]),
    ]
    if corrections is not None:
        story += [*heading(s, "十二、评价更正"), *corrections_section(s, corrections, settings)]
    ending = scoring_rules(s, settings.weights)
    if appendices:
        listed = "；".join(f"{n}. {a.title}" for n, a in enumerate(appendices, 1))
        ending.append(Paragraph(f"附件：{listed}", s.body))
    story.append(signature(s, issuer, signed_on, ending))
    for number, item in enumerate(appendices, start=1):
        story += [*appendix(s, number, item.title), *item.flowables]
    return story


def write_month_pdf(
    report: MonthAppraisal,
    settings: AppraisalSettings,
    path: Path,
    corrections: list[CorrectionView] | None = None,
    *,
    issuer: str = DEFAULT_ISSUER,
    signed_on: dt.date | None = None,
) -> Path:
    """The month's 通报; with `corrections`, their section after the staff ranking."""
    title = month_title(report.month)
    footer = f"{issuer}　{title}　{date_zh(signed_on or report.as_of or dt.date.today())}"
    story = month_story(report, settings, issuer, signed_on, corrections)
    build_pdf(path, story, title, wide=True, footer=footer)
    return path
