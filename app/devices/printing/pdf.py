"""PDF-to-file ticket printer (reportlab): the embedded default, and what tests read back.

The CJK TrueType font is embedded (as a subset), so the file prints the same anywhere.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from app.devices.errors import PrinterOffline
from app.devices.printing.fonts import font_path
from app.devices.printing.layout import (
    PAPER_WIDTH_MM,
    PRINT_WIDTH_MM,
    QR_WIDTH_MM,
    Line,
    Size,
    qr_matrix,
    ticket_lines,
    wrap,
)
from app.devices.printing.slip import TicketSlip

FONT_NAME = "HallTicketCJK"
POINTS = {Size.SMALL: 8.0, Size.NORMAL: 11.0, Size.LARGE: 14.0, Size.HUGE: 40.0}
MARGIN = (PAPER_WIDTH_MM - PRINT_WIDTH_MM) / 2 * mm


def _font() -> str:
    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(font_path()), subfontIndex=0))
    return FONT_NAME


def _laid_out(lines: list[Line]) -> list[tuple[Line, str]]:
    font = _font()
    out = []
    for line in lines:
        size = POINTS[line.size]

        def measure(text: str, size: float = size) -> float:
            return float(pdfmetrics.stringWidth(text, font, size))

        out += [(line, part) for part in wrap(line.text, PRINT_WIDTH_MM * mm, measure)]
    return out


def render_pdf(slip: TicketSlip, path: Path) -> None:
    """Draw the ticket on one 80 mm wide page sized to its content."""
    above, below = ticket_lines(slip)
    top, bottom = _laid_out(above), _laid_out(below)
    matrix = qr_matrix(slip.qr_text)
    quiet = 4 * QR_WIDTH_MM * mm / len(matrix)  # the QR code's quiet zone: 4 modules

    def height(rows: list[tuple[Line, str]]) -> float:
        return sum(POINTS[line.size] * 1.25 for line, _ in rows)

    page_h = 2 * MARGIN + height(top) + height(bottom) + QR_WIDTH_MM * mm + 2 * quiet
    canvas = Canvas(str(path), pagesize=(PAPER_WIDTH_MM * mm, page_h), initialFontName=_font())
    canvas.setTitle(f"{slip.hall_name} {slip.number}")
    canvas.setAuthor("hallqueue")
    y = _draw_rows(canvas, top, page_h - MARGIN) - quiet
    y = _draw_qr(canvas, matrix, y) - quiet
    _draw_rows(canvas, bottom, y)
    canvas.showPage()
    canvas.save()


def _draw_rows(canvas: Canvas, rows: list[tuple[Line, str]], y: float) -> float:
    font = _font()
    center = PAPER_WIDTH_MM * mm / 2
    for line, text in rows:
        size = POINTS[line.size]
        y -= size * 1.25
        canvas.setFont(font, size)
        if line.center:
            canvas.drawCentredString(center, y + size * 0.2, text)
        else:
            canvas.drawString(MARGIN, y + size * 0.2, text)
        if line.bold:  # the CJK font has no bold face: overprint shifted by a hair
            if line.center:
                canvas.drawCentredString(center + 0.3, y + size * 0.2, text)
            else:
                canvas.drawString(MARGIN + 0.3, y + size * 0.2, text)
    return y


def _draw_qr(canvas: Canvas, matrix: list[list[bool]], y: float) -> float:
    module = QR_WIDTH_MM * mm / len(matrix)
    left = (PAPER_WIDTH_MM * mm - QR_WIDTH_MM * mm) / 2
    canvas.setFillColorRGB(0, 0, 0)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                canvas.rect(left + c * module, y - (r + 1) * module, module, module, 0, 1)
    return y - QR_WIDTH_MM * mm


class PdfTicketPrinter:
    """Writes each ticket to ``<folder>/<day>-<number>-<id>.pdf`` (atomically)."""

    def __init__(self, folder: str | os.PathLike[str]) -> None:
        self.folder = Path(folder)
        self.name = f"PDF {self.folder}"

    def print_ticket(self, slip: TicketSlip) -> str:
        target = self.folder / f"{slip.day:%Y%m%d}-{slip.number}-{slip.ticket_id}.pdf"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, tmp = tempfile.mkstemp(dir=self.folder, suffix=".part")
            os.close(handle)
            try:
                render_pdf(slip, Path(tmp))
                os.chmod(tmp, 0o644)
                os.replace(tmp, target)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
        except OSError as exc:
            raise PrinterOffline(self.name, str(exc)) from exc
        return str(target)
