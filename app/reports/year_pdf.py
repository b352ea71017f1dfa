"""The yearly staff appraisal as a 通报: the ranking, the 评先 picks with their reasons, the
clerks whose 评先 is cancelled and on which grounds, and the evidence in an appendix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from app.appraisal.attendance import FINDING_ZH, FindingKind
from app.appraisal.grounds import counts
from app.appraisal.ranking import YearRanking
from app.appraisal.scoring import AppraisalRow
from app.appraisal.settings import AppraisalSettings
from app.reports.charts import score_bars, trend_chart
from app.reports.layout import (
    Styles,
    appendix,
    build_pdf,
    clip,
    date_zh,
    heading,
    key_figures,
    letterhead,
    minutes,
    none_line,
    percent,
    signature,
    table,
)
from app.reports.month_pdf import DEFAULT_ISSUER
from app.reports.ranking_table import ranking_table, scoring_rules


def year_title(year: int) -> str:
    return f"关于{year}年度窗口工作人员考核情况的通报"


def pick_reason(row: AppraisalRow) -> str:
    """Why a clerk is picked for 评先: rank, score and the figures behind it."""
    t = row.tickets
    return (
        f"第{row.rank}名，{row.score:.2f}分：办结 {t.finished} 件，"
        f"满意率 {percent(t.satisfaction)}，限时办结率 {percent(t.promised_share)}，"
        f"差评 {t.bad} 件，"
        f"考勤问题 {row.attendance_total} 项，无取消评先情形"
    )


def _picks(s: Styles, ranking: YearRanking) -> list[Flowable]:
    picks = ranking.excellent
    if not picks:
        return [none_line(s)]
    return [
        Paragraph(f"{n}. {r.label}　{pick_reason(r)}。", s.body) for n, r in enumerate(picks, 1)
    ]


def _cancelled(s: Styles, ranking: YearRanking) -> Flowable:
    labels = {r.key: r.label for r in ranking.staff}
    rows = []
    for staff_id, found in ranking.grounds.items():
        for ground, n in counts(found):
            first = min(g.day for g in found if g.ground is ground)
            rows.append(
                [
                    labels.get(staff_id, str(staff_id)),
                    f"第{ground.number}项",
                    ground.zh,
                    n,
                    first.isoformat(),
                ]
            )
    if not rows:
        return none_line(s, "无。")
    rows.sort(key=lambda r: (str(r[0]), str(r[1])))
    return table(
        s,
        ["工作人员", "情形", "取消年度评先资格的情形", "次数", "首次日期"],
        rows,
        widths=[90, 44, 430, 40, 70],
    )


def _evidence(s: Styles, ranking: YearRanking) -> Flowable:
    labels = {r.key: r.label for r in ranking.staff}
    rows = [
        [
            g.day.isoformat(),
            labels.get(staff_id, str(staff_id)),
            f"第{g.ground.number}项",
            g.source,
            clip(g.note, 30),
            clip(g.evidence, 44),
        ]
        for staff_id, found in ranking.grounds.items()
        for g in found
    ]
    rows.sort(key=lambda r: (r[1], r[0]))
    return table(
        s,
        ["日期", "工作人员", "情形", "来源", "事实", "证据"],
        rows,
        widths=[64, 90, 44, 60, 230, 286],
    )


def _attendance(s: Styles, ranking: YearRanking) -> Flowable:
    kinds = list(FindingKind)
    per: dict[int, dict[FindingKind, int]] = {}
    for f in ranking.attendance:
        per.setdefault(f.staff_id, {}).setdefault(f.kind, 0)
        per[f.staff_id][f.kind] += 1
    rows = [
        [r.label, r.months, *(per.get(r.key, {}).get(k, 0) or "" for k in kinds)]
        for r in ranking.staff
    ]
    return table(
        s,
        ["工作人员", "在岗月数", *(FINDING_ZH[k] for k in kinds)],
        rows,
        widths=[90, 44, *([56] * len(kinds))],
    )


def year_story(
    ranking: YearRanking,
    settings: AppraisalSettings,
    issuer: str = DEFAULT_ISSUER,
    signed_on: dt.date | None = None,
) -> list[Flowable]:
    s = Styles()
    h = ranking.hall
    signed_on = signed_on or ranking.as_of or dt.date.today()
    cancelled = sum(1 for r in ranking.staff if r.excluded)
    story: list[Flowable] = [
        *letterhead(s, issuer, year_title(ranking.year)),
        Paragraph("各窗口、各位工作人员：", s.body),
        Paragraph(
            f"现将{ranking.year}年度窗口工作人员考核情况通报如下（时间单位：分钟）。",
            s.indented,
        ),
        *heading(s, "一、总体情况"),
        key_figures(
            s,
            [
                ("办结", str(h.finished)),
                ("参评", str(h.rated)),
                ("满意率", percent(h.satisfaction)),
                ("差评", str(h.bad)),
                ("限时办结率", percent(h.promised_share)),
                ("平均等候（分）", minutes(h.wait.avg_s)),
                ("参加排名", str(sum(1 for r in ranking.staff if r.rank))),
                ("取消评先", str(cancelled)),
            ],
        ),
        *heading(s, "二、满意率月度趋势", 75),
        trend_chart(ranking.trend, s.font, width=250 * mm),
        *heading(s, "三、年度评先人选"),
        *_picks(s, ranking),
        *heading(s, "四、取消年度评先资格"),
        _cancelled(s, ranking),
        *heading(s, "五、工作人员考核排名"),
        score_bars(ranking.staff, s.font, width=250 * mm, picked="评先"),
        ranking_table(s, ranking.staff, "评先", settings.weights),
        signature(
            s,
            issuer,
            signed_on,
            [
                *scoring_rules(s, settings.weights, year=True),
                Paragraph("附件：1. 取消年度评先资格依据明细；2. 考勤问题统计", s.body),
            ],
        ),
        *appendix(s, 1, "取消年度评先资格依据明细"),
        _evidence(s, ranking) if ranking.grounds else none_line(s, "无。"),
        *appendix(s, 2, "考勤问题统计（次数）"),
        _attendance(s, ranking),
    ]
    return story


def write_year_pdf(
    ranking: YearRanking,
    settings: AppraisalSettings,
    path: Path,
    *,
    issuer: str = DEFAULT_ISSUER,
    signed_on: dt.date | None = None,
) -> Path:
    title = year_title(ranking.year)
    footer = f"{issuer}　{title}　{date_zh(signed_on or ranking.as_of or dt.date.today())}"
    build_pdf(
        path, year_story(ranking, settings, issuer, signed_on), title, wide=True, footer=footer
    )
    return path
