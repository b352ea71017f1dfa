"""The 一次性告知单: every missing material of a 材料不齐 case, on one A5 page to hand over."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A5
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

from app.appraisal.notices import NoticeView
from app.reports.fonts import cjk_font
from app.reports.layout import Styles, date_zh, key_figures


def notice_story(notice: NoticeView, issuer: str) -> list[Flowable]:
    s = Styles()
    story: list[Flowable] = [
        Paragraph(issuer, s.subtitle),
        Paragraph("一次性告知单", s.title),
        key_figures(
            s,
            [
                ("号码", notice.number),
                ("事项", notice.service),
                ("窗口", f"{notice.window_no}号窗口"),
                ("经办人", notice.staff or "—"),
                ("日期", f"{notice.at:%Y-%m-%d %H:%M}"),
            ],
            per_row=2,
        ),
        Spacer(1, 4 * mm),
        Paragraph("您申请的事项尚缺以下材料，现一次性告知，请备齐后再来办理：", s.body),
    ]
    story += [Paragraph(f"{n}. {item}", s.body) for n, item in enumerate(notice.items, 1)]
    if notice.note:
        story.append(Paragraph(f"说明：{notice.note}", s.body))
    story += [
        Spacer(1, 8 * mm),
        Paragraph("经办人签字：＿＿＿＿＿＿＿　　申请人签收：＿＿＿＿＿＿＿", s.body),
        Spacer(1, 4 * mm),
        Paragraph(f"{issuer}　{date_zh(notice.at.date())}", s.right),
    ]
    return story


def write_notice_pdf(notice: NoticeView, issuer: str, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A5,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=f"一次性告知单 {notice.number}",
        author="hallqueue",
        initialFontName=cjk_font(),
    )
    doc.build(notice_story(notice, issuer))
    return path
