"""Ticket printing through the OS printer driver (QPainter on QPrinter): the Windows kiosk default.

The only Qt module under app.devices. QPainter may paint on a QPrinter from a worker thread,
so the kiosk can call print_ticket off the GUI thread; a QGuiApplication must exist.
The OS spooler does not say whether paper is left, so the errors here are "no such printer"
and "the printer refused the job" (PrinterOffline).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QPageLayout,
    QPageSize,
    QPainter,
)
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

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

POINTS = {Size.SMALL: 8.0, Size.NORMAL: 11.0, Size.LARGE: 14.0, Size.HUGE: 40.0}
PAGE_HEIGHT_MM = 150.0
_family: str | None = None


def _font_family() -> str:
    global _family
    if _family is None:
        ids = QFontDatabase.addApplicationFont(str(font_path()))
        families = QFontDatabase.applicationFontFamilies(ids) if ids >= 0 else []
        _family = families[0] if families else "sans-serif"
    return _family


class QtTicketPrinter:
    """Prints to a named OS printer (None: the default one), or to a PDF file for checks."""

    def __init__(self, printer_name: str | None = None, *, pdf_path: str | None = None) -> None:
        self.printer_name = printer_name
        self.pdf_path = pdf_path
        self.name = f"Qt {pdf_path or printer_name or '(default printer)'}"

    def _printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if self.pdf_path is not None:
            printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            printer.setOutputFileName(os.fspath(self.pdf_path))
        else:
            info = (
                QPrinterInfo.printerInfo(self.printer_name)
                if self.printer_name
                else QPrinterInfo.defaultPrinter()
            )
            if info.isNull():
                raise PrinterOffline(self.name, "no such printer")
            printer = QPrinter(info, QPrinter.PrinterMode.HighResolution)
        size = QPageSize(QSizeF(PAPER_WIDTH_MM, PAGE_HEIGHT_MM), QPageSize.Unit.Millimeter)
        printer.setPageLayout(
            QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0))
        )
        printer.setDocName(self.name)
        return printer

    def print_ticket(self, slip: TicketSlip) -> str:
        if self.pdf_path is not None:
            Path(self.pdf_path).parent.mkdir(parents=True, exist_ok=True)
        printer = self._printer()
        painter = QPainter()
        if not painter.begin(printer):
            raise PrinterOffline(self.name, "the printer refused the job")
        try:
            _paint(painter, slip, printer.resolution() / 25.4)
        finally:
            painter.end()
        return self.name


def _paint(painter: QPainter, slip: TicketSlip, dots_per_mm: float) -> None:
    above, below = ticket_lines(slip)
    margin = (PAPER_WIDTH_MM - PRINT_WIDTH_MM) / 2 * dots_per_mm
    width = PRINT_WIDTH_MM * dots_per_mm
    y = margin
    y = _rows(painter, above, margin, width, y, dots_per_mm)
    matrix = qr_matrix(slip.qr_text)
    module = QR_WIDTH_MM * dots_per_mm / len(matrix)
    y += 4 * module
    left = (PAPER_WIDTH_MM * dots_per_mm - module * len(matrix)) / 2
    black = QColor(Qt.GlobalColor.black)
    for r, row in enumerate(matrix):
        for c, dark in enumerate(row):
            if dark:
                painter.fillRect(QRectF(left + c * module, y + r * module, module, module), black)
    y += module * len(matrix) + 4 * module
    _rows(painter, below, margin, width, y, dots_per_mm)


def _rows(
    painter: QPainter, lines: list[Line], left: float, width: float, y: float, dots_per_mm: float
) -> float:
    for line in lines:
        font = QFont(_font_family())
        font.setPixelSize(max(1, round(POINTS[line.size] * 25.4 / 72 * dots_per_mm)))
        font.setBold(line.bold)
        painter.setFont(font)
        metrics = QFontMetricsF(font, painter.device())
        flags = Qt.AlignmentFlag.AlignHCenter if line.center else Qt.AlignmentFlag.AlignLeft
        for part in wrap(line.text, width, metrics.horizontalAdvance):
            height = metrics.height()
            painter.drawText(QRectF(left, y, width, height), int(flags), part)
            y += height
    return y
