"""The Qt print-system backend, printing to a PDF through QPrinter (offscreen)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from app.devices.errors import PrinterOffline
from app.devices.printing import TicketSlip
from app.devices.printing.qt_printer import QtTicketPrinter
from tests.devices.printing.test_pdf_printer import check_ticket_pdf


def test_qt_prints_the_same_ticket_through_qprinter(
    qapp: object, slip: TicketSlip, tmp_path: Path
) -> None:
    target = tmp_path / "qt.pdf"
    QtTicketPrinter(pdf_path=str(target)).print_ticket(slip)
    check_ticket_pdf(target, slip, tmp_path)


def test_an_unknown_os_printer_is_offline(qapp: object, slip: TicketSlip) -> None:
    with pytest.raises(PrinterOffline, match="no such printer"):
        QtTicketPrinter("没有这台打印机").print_ticket(slip)


def test_qt_printing_works_from_a_worker_thread(
    qapp: object, slip: TicketSlip, tmp_path: Path
) -> None:
    """The kiosk prints off the GUI thread."""
    target = tmp_path / "thread.pdf"
    with ThreadPoolExecutor(1) as pool:
        pool.submit(QtTicketPrinter(pdf_path=str(target)).print_ticket, slip).result(60)
    check_ticket_pdf(target, slip, tmp_path)
