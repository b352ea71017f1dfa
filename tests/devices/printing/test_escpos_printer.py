"""ESC/POS: the job's bytes against a recorded stream, the printer's own QR command, and
paper/offline status from a fake network printer on 127.0.0.1."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest
from escpos.constants import QR_ECLEVEL_M
from escpos.printer import Dummy

from app.devices.errors import PrinterOffline, PrinterOutOfPaper
from app.devices.printing import EscPosTicketPrinter, EscPosWriter, TicketSlip, ticket_bytes
from tests.devices.printing.conftest import HALL, FakeEscPosPrinter

RECORDED = Path(__file__).parents[1] / "data" / "ticket_A012.escpos"


def test_the_job_matches_the_recorded_stream(slip: TicketSlip) -> None:
    """The recording was reviewed by hand: ESC @, FS &, GB18030 lines, GS ( k QR, cut."""
    job = ticket_bytes(slip)
    assert job == RECORDED.read_bytes()
    assert HALL.encode("gb18030") in job and "社保医保".encode("gb18030") in job
    assert job.startswith(b"\x1b@\x1c&") and job.endswith(b"\x1dVB\x00")


def test_the_qr_command_is_the_standard_gs_k_sequence(slip: TicketSlip) -> None:
    """Cross-checked with python-escpos' native QR output for the same data and settings."""
    reference = Dummy()
    reference.qr(slip.qr_text, size=8, ec=QR_ECLEVEL_M, native=True)  # model 2
    ours = bytes(EscPosWriter().qr(slip.qr_text, module=8).data)
    assert ours == reference.output
    assert ours in ticket_bytes(slip)


def _wait_job(printer: FakeEscPosPrinter) -> bytes:
    for _ in range(200):
        if printer.jobs:
            return printer.jobs[0]
        time.sleep(0.01)
    raise AssertionError("the fake printer got no job")


def test_a_network_printer_gets_the_job_after_a_good_status(
    slip: TicketSlip, fake_printer: FakeEscPosPrinter
) -> None:
    EscPosTicketPrinter(fake_printer.url, timeout=1).print_ticket(slip)
    assert _wait_job(fake_printer) == RECORDED.read_bytes()


@pytest.mark.parametrize(("query", "byte"), [(4, 0x12 | 0x60), (2, 0x12 | 0x20)])
def test_an_empty_paper_roll_is_reported_and_nothing_is_sent(
    slip: TicketSlip, fake_printer: FakeEscPosPrinter, query: int, byte: int
) -> None:
    fake_printer.status[query] = byte
    with pytest.raises(PrinterOutOfPaper) as empty:
        EscPosTicketPrinter(fake_printer.url, timeout=1).print_ticket(slip)
    assert "缺纸" in empty.value.zh and "out of paper" in empty.value.en
    assert _wait_job(fake_printer) == b""


def test_an_open_cover_is_reported_as_offline(
    slip: TicketSlip, fake_printer: FakeEscPosPrinter
) -> None:
    fake_printer.status[2] = 0x12 | 0x04
    with pytest.raises(PrinterOffline, match="cover open"):
        EscPosTicketPrinter(fake_printer.url, timeout=1).print_ticket(slip)


def test_a_printer_that_does_not_answer_status_is_offline(
    slip: TicketSlip, fake_printer: FakeEscPosPrinter
) -> None:
    fake_printer.answer_status = False
    with pytest.raises(PrinterOffline, match="no status reply"):
        EscPosTicketPrinter(fake_printer.url, timeout=0.3).print_ticket(slip)


def test_a_printer_nobody_listens_for_is_offline(slip: TicketSlip) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        url = f"socket://127.0.0.1:{probe.getsockname()[1]}"
    with pytest.raises(PrinterOffline):
        EscPosTicketPrinter(url, timeout=0.5).print_ticket(slip)


def test_a_usb_printer_device_file_gets_the_raw_job(slip: TicketSlip, tmp_path: Path) -> None:
    device = tmp_path / "lp0"
    EscPosTicketPrinter(f"file://{device}").print_ticket(slip)
    assert device.read_bytes() == RECORDED.read_bytes()
    with pytest.raises(PrinterOffline):
        EscPosTicketPrinter(f"file://{tmp_path}/missing/lp0").print_ticket(slip)
