"""Shared PDF layout: page template with header and page numbers, styles, tables, formats."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from app.reports.fonts import cjk_font

HEADER_BG = colors.HexColor("#DCE6F1")
FLAG_BG = colors.HexColor("#FDE9E7")
GOOD_BG = colors.HexColor("#E8F5E9")
RED_HEAD = colors.HexColor("#C00000")


class Styles:
    def __init__(self) -> None:
        font = cjk_font()
        self.title = ParagraphStyle(
            "title", fontName=font, fontSize=18, leading=24, alignment=1, spaceAfter=4 * mm
        )
        self.subtitle = ParagraphStyle(
            "subtitle", fontName=font, fontSize=10, leading=14, alignment=1, spaceAfter=4 * mm
        )
        self.heading = ParagraphStyle(
            "heading",
            fontName=font,
            fontSize=13,
            leading=18,
            spaceBefore=4 * mm,
            spaceAfter=2 * mm,
        )
        self.body = ParagraphStyle("body", fontName=font, fontSize=9.5, leading=14, wordWrap="CJK")
        self.indented = ParagraphStyle("indented", parent=self.body, firstLineIndent=19)
        self.cell = ParagraphStyle("cell", fontName=font, fontSize=8, leading=10, wordWrap="CJK")
        self.letterhead = ParagraphStyle(
            "letterhead", fontName=font, fontSize=24, leading=30, alignment=1, textColor=RED_HEAD
        )
        self.doc_title = ParagraphStyle(
            "doc_title", fontName=font, fontSize=16, leading=22, alignment=1, spaceAfter=3 * mm
        )
        self.right = ParagraphStyle("right", fontName=font, fontSize=11, leading=18, alignment=2)
        self.font = font


def minutes(seconds: float | None) -> str:
    """Seconds shown as minutes with one decimal; '—' when there is nothing to show."""
    return "—" if seconds is None else f"{seconds / 60:.1f}"


def percent(share: float | None) -> str:
    return "—" if share is None else f"{share * 100:.1f}%"


def weekday_zh(day: dt.date) -> str:
    return "星期" + "一二三四五六日"[day.weekday()]


def date_zh(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def letterhead(styles: Styles, issuer: str, title: str) -> list[Flowable]:
    """The head of a 通报: the issuing body in red over a red rule, then the title."""
    return [
        Paragraph(issuer, styles.letterhead),
        HRFlowable(width="100%", thickness=1.5, color=RED_HEAD, spaceBefore=2, spaceAfter=6 * mm),
        Paragraph(title, styles.doc_title),
    ]


def signature(styles: Styles, issuer: str, day: dt.date, last: Sequence[Flowable] = ()) -> Flowable:
    """The issuing body and the date on the right, then the lines to sign; kept on one page
    with `last` (the end of the text), so that a signature never stands on a page alone."""
    lines = "签发：＿＿＿＿＿＿＿＿　　审核：＿＿＿＿＿＿＿＿　　经办：＿＿＿＿＿＿＿＿"
    return KeepTogether(
        [
            *last,
            Spacer(1, 10 * mm),
            Paragraph(f"{issuer}（盖章）", styles.right),
            Paragraph(date_zh(day), styles.right),
            Spacer(1, 8 * mm),
            Paragraph(lines, styles.body),
        ]
    )


def appendix(styles: Styles, number: int, text: str) -> list[Flowable]:
    """An appendix (附件) starts on a new page."""
    return [PageBreak(), Paragraph(f"附件{number}　{text}", styles.heading)]


def clip(text: str, limit: int) -> str:
    """One line of a table cell: text past `limit` characters is cut with '…'."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def table(
    styles: Styles,
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float] | None = None,
    highlight: Sequence[int] = (),
    highlight_color: colors.Color = FLAG_BG,
) -> Table:
    """A grid with a shaded header row repeated on each page; `highlight` rows are tinted.

    Cells are drawn as plain text (thousands of Paragraphs would take seconds to lay out);
    pass a Paragraph for a cell that must wrap.
    """
    data: list[list[Any]] = [[Paragraph(h, styles.cell) for h in header]]
    for row in rows:
        # Plain strings draw fast; a caller wraps long text in a Paragraph itself.
        data.append([v if isinstance(v, Flowable) else str(v) for v in row])
    style = [
        ("FONTNAME", (0, 0), (-1, -1), styles.font),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BG),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for index in highlight:
        style.append(("BACKGROUND", (0, index + 1), (-1, index + 1), highlight_color))
    result = Table(data, colWidths=list(widths) if widths else None, repeatRows=1)
    result.setStyle(TableStyle(style))
    return result


def key_figures(styles: Styles, pairs: Sequence[tuple[str, str]], per_row: int = 4) -> Table:
    """Label/value pairs in a compact grid (总体情况)."""
    cells: list[list[Any]] = []
    line: list[Any] = []
    for label, value in pairs:
        line += [Paragraph(label, styles.cell), Paragraph(f"<b>{value}</b>", styles.cell)]
        if len(line) == per_row * 2:
            cells.append(line)
            line = []
    if line:
        cells.append(line + [""] * (per_row * 2 - len(line)))
    result = Table(cells)
    result.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.font),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                *[("BACKGROUND", (c, 0), (c, -1), HEADER_BG) for c in range(0, per_row * 2, 2)],
            ]
        )
    )
    return result


def none_line(styles: Styles, text: str = "无") -> Paragraph:
    return Paragraph(text, styles.body)


def build_pdf(
    path: Path, story: list[Flowable], title: str, *, wide: bool = False, footer: str = ""
) -> None:
    """Write the story to `path` with the report title and 'page n' in the footer."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pagesize = landscape(A4) if wide else A4
    font = cjk_font()

    def decorate(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(font, 8)
        canvas.drawString(15 * mm, 8 * mm, footer or title)
        canvas.drawRightString(pagesize[0] - 15 * mm, 8 * mm, f"第 {doc.page} 页")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        str(path),
        pagesize=pagesize,
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=14 * mm,
        title=title,
        author="hallqueue",
        initialFontName=font,  # no stray Helvetica: every font in the file is embedded
    )
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)


def heading(styles: Styles, text: str, room_mm: float = 35) -> list[Flowable]:
    """A section title that starts a new page when less than `room_mm` are left below it
    (give a chart's height, so that the title stays with its chart)."""
    return [CondPageBreak(room_mm * mm), Paragraph(text, styles.heading)]


def spacer(height_mm: float = 3) -> Spacer:
    return Spacer(1, height_mm * mm)
