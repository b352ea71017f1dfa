"""The end-of-day report (日报) as a PDF."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from app.appraisal.daily import DailySummary
from app.appraisal.metrics import TicketMetrics
from app.appraisal.settings import AppraisalSettings
from app.reports.appointment_section import appointment_section
from app.reports.charts import hourly_chart
from app.reports.integrity_section import integrity_section
from app.reports.layout import (
    Styles,
    build_pdf,
    heading,
    key_figures,
    minutes,
    none_line,
    percent,
    spacer,
    table,
    weekday_zh,
)

OVERDUE_ROWS = 50  # the longest ones; the workbook lists more
TIME_HEADER = ["等候均值", "等候P90", "等候最长", "办理均值", "办理P90", "办理最长"]


def _times(m: TicketMetrics) -> list[str]:
    return [
        minutes(m.wait.avg_s),
        minutes(m.wait.p90_s),
        minutes(m.wait.max_s),
        minutes(m.handle.avg_s),
        minutes(m.handle.p90_s),
        minutes(m.handle.max_s),
    ]


def daily_story(
    summary: DailySummary, settings: AppraisalSettings, issuer: str = ""
) -> list[Flowable]:
    s = Styles()
    h = summary.hall
    day = summary.day
    place = f"{issuer}　" if issuer else ""
    story: list[Flowable] = [
        Paragraph("政务服务大厅日报", s.title),
        Paragraph(f"{place}{day.isoformat()}（{weekday_zh(day)}）　时间单位：分钟", s.subtitle),
        *heading(s, "一、总体情况"),
        key_figures(
            s,
            [
                ("取号", str(h.issued)),
                ("办结", str(h.finished)),
                ("过号", str(h.no_show)),
                ("未办结", str(h.issued - h.finished - h.no_show)),
                ("平均等候", minutes(h.wait.avg_s)),
                ("等候P90", minutes(h.wait.p90_s)),
                ("最长等候", minutes(h.wait.max_s)),
                ("超时办结", str(h.overdue)),
                ("平均办理", minutes(h.handle.avg_s)),
                ("办理P90", minutes(h.handle.p90_s)),
                ("最长办理", minutes(h.handle.max_s)),
                ("限时办结率", percent(h.promised_share)),
                ("参评数", str(h.rated)),
                ("参评率", percent(h.coverage)),
                ("满意率", percent(h.satisfaction)),
                ("差评", str(h.bad)),
            ],
        ),
        *heading(s, "二、分事项统计"),
    ]
    service_rows = [
        [f"{code} {name}", m.issued, m.finished, m.no_show, *_times(m), m.overdue]
        for code, name, m in summary.services
    ]
    story.append(
        table(s, ["事项", "取号", "办结", "过号", *TIME_HEADER, "超时"], service_rows)
        if service_rows
        else none_line(s)
    )
    story += heading(s, "三、分窗口统计")
    window_rows = [
        [
            f"{no}号窗口",
            m.finished,
            m.no_show,
            *_times(m),
            m.overdue,
            m.rated,
            percent(m.satisfaction),
        ]
        for no, m in summary.windows
    ]
    story.append(
        table(s, ["窗口", "办结", "过号", *TIME_HEADER, "超时", "参评", "满意率"], window_rows)
        if window_rows
        else none_line(s)
    )
    story += [*heading(s, "四、分时段取号"), hourly_chart(summary.hourly, s.font)]
    story += _ratings(summary, settings, s)
    story += _overdue(summary, s)
    story += _prediction(summary, s)
    windows = {m.key: f"{number}号窗口" for number, m in summary.windows}
    story += [
        *heading(s, "九、评价途径与设备异常"),
        *integrity_section(s, summary.integrity, windows),
        *heading(s, "十、预约情况"),
        *appointment_section(s, summary.appointments),
    ]
    return story


def _ratings(summary: DailySummary, settings: AppraisalSettings, s: Styles) -> list[Flowable]:
    dist = summary.ratings
    rows: list[list[Any]] = []
    for (size, level), count in sorted(dist.levels.items(), key=lambda kv: (kv[0][0], -kv[0][1])):
        scale = settings.scale(size)
        rows.append([scale.label(level), f"{level}/{size}", count])
    rows.append(["未评价", "—", dist.not_rated])
    rows.append(["无评价记录", "—", dist.no_rating])
    out: list[Flowable] = [
        *heading(s, "五、评价分布"),
        table(s, ["评价", "等级", "件数"], rows, widths=[40 * mm, 25 * mm, 25 * mm]),
        *heading(s, "六、差评清单"),
    ]
    if summary.bad_ratings:
        out.append(
            table(
                s,
                ["号码", "窗口", "工作人员", "评价", "时间", "回访期限"],
                [
                    [
                        b.number,
                        f"{b.window_no}号",
                        b.staff,
                        b.level_label,
                        f"{b.at:%H:%M:%S}",
                        b.deadline.isoformat() if b.deadline else "—",
                    ]
                    for b in summary.bad_ratings
                ],
            )
        )
    else:
        out.append(none_line(s))
    return out


def _overdue(summary: DailySummary, s: Styles) -> list[Flowable]:
    out: list[Flowable] = [*heading(s, "七、超时办结清单")]
    if not summary.overdue_cases:
        return [*out, none_line(s)]
    rows = [
        [
            c.number,
            c.service,
            f"{c.window_no}号" if c.window_no else "—",
            f"{c.handle_min:.1f}",
            c.promised_min,
        ]
        for c in summary.overdue_cases[:OVERDUE_ROWS]
    ]
    out.append(table(s, ["号码", "事项", "窗口", "办理用时", "承诺时限"], rows))
    if summary.hall.overdue > len(rows):
        total = summary.hall.overdue
        out.append(none_line(s, f"（共 {total} 件，仅列出用时最长的 {len(rows)} 件）"))
    return out


def _prediction(summary: DailySummary, s: Styles) -> list[Flowable]:
    """How right the wait told to visitors was: as printed at issue, and the latest estimate
    before the call (what the kiosk and the phone page showed last)."""
    p = summary.prediction
    out: list[Flowable] = [*heading(s, "八、等候时间预测准确度")]
    if p is None:
        return [*out, none_line(s, "无数据")]
    rows = [
        [label, str(a.tickets), minutes(a.mean_abs_error_s), minutes(a.bias_s),
         percent(a.within_5min)]
        for label, a in (("出票时（票面所印）", p.at_issue), ("叫号前最新预测", p.latest))
    ]  # fmt: skip
    header = ["预测", "样本数", "平均绝对误差", "平均偏差", "误差±5分钟内"]
    out.append(table(s, header, rows))
    out.append(spacer())
    out.append(none_line(s, "偏差为正表示预测偏长；样本为当日已叫号的票。"))
    return out


def chain_heads_section(heads: Mapping[str, Mapping[str, Any]], s: Styles) -> list[Flowable]:
    """十一、防篡改链头: each chain's last row and the start of its MAC when the report was made,
    kept on paper outside the database; `python -m app verify` compares the same heads."""
    rows = [[table, head["id"], head["digest"] or "—"] for table, head in heads.items()]
    return [
        *heading(s, "十一、防篡改链头"),
        table(s, ["链（表）", "末行号", "摘要"], rows, widths=[40 * mm, 25 * mm, 60 * mm]),
        spacer(),
        none_line(s, "请妥善保存本页；核对时末行号与摘要应与 verify 的输出一致。"),
    ]


def write_daily_pdf(
    summary: DailySummary,
    settings: AppraisalSettings,
    path: Path,
    heads: Mapping[str, Mapping[str, Any]] | None = None,
    *,
    issuer: str = "",
) -> Path:
    """The 日报; with `heads` (chain_heads when it was made), their anchor section last."""
    title = f"政务服务大厅日报 {summary.day.isoformat()}"
    story = daily_story(summary, settings, issuer)
    if heads is not None:
        story += chain_heads_section(heads, Styles())
    build_pdf(path, story, title, footer=f"{issuer}　{title}")
    return path
