"""The PDF backend: Chinese text and an embedded font (pdftotext, pdffonts), a QR that
decodes back to the ticket (pdftoppm + zxing-cpp), and failures that keep the ticket."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from app.devices.errors import PrinterOffline
from app.devices.printing import PdfTicketPrinter, TicketSlip, parse_ticket_code
from tests.devices.printing.conftest import HALL, KEY
from tests.pdf import pdf_text


def embedded_fonts(path: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True)
    return [line.split() for line in out.stdout.splitlines()[2:]]


def qr_texts(path: Path, tmp_path: Path) -> list[str]:
    stem = tmp_path / "page"
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(path), str(stem)], check=True)
    (png,) = tmp_path.glob("page*.png")
    return [code.text for code in zxingcpp.read_barcodes(Image.open(png))]


def check_ticket_pdf(path: Path, slip: TicketSlip, tmp_path: Path) -> None:
    text = pdf_text(path)
    for expected in (HALL, "社保医保", "A012", "您前面还有 3 人", "约 15 分钟", "2026-11-23 09:05"):
        assert expected in text
    fonts = embedded_fonts(path)
    assert fonts and all(row[-5] == "yes" for row in fonts)  # the "emb" column
    (scanned,) = qr_texts(path, tmp_path)
    code = parse_ticket_code(scanned, KEY)
    assert (code.ticket_id, code.number, code.check) == (12, "A012", slip.check)


def test_the_pdf_ticket_has_the_text_the_font_and_a_readable_qr(
    slip: TicketSlip, tmp_path: Path
) -> None:
    where = PdfTicketPrinter(tmp_path / "tickets").print_ticket(slip)
    assert Path(where).name == "20261123-A012-12.pdf"
    check_ticket_pdf(Path(where), slip, tmp_path)
    assert list((tmp_path / "tickets").glob("*.part")) == []


def test_an_unwritable_folder_is_a_printer_error_and_can_be_retried(
    slip: TicketSlip, tmp_path: Path
) -> None:
    blocker = tmp_path / "tickets"
    blocker.write_text("a file where the folder should be")
    printer = PdfTicketPrinter(blocker)
    with pytest.raises(PrinterOffline) as failed:
        printer.print_ticket(slip)
    assert "打印机" in failed.value.zh and "printer" in failed.value.en
    blocker.unlink()
    assert Path(printer.print_ticket(slip)).is_file()  # the same slip prints on retry
