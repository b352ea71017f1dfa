"""Ticket printers: the TicketPrinter interface, the ticket's content and its QR check code,
and backends (PDF file, ESC/POS raw). The Qt print-system backend is in qt_printer.py and is
imported only by the parts that run Qt."""

from app.devices.printing.escpos import EscPosTicketPrinter, EscPosWriter, ticket_bytes
from app.devices.printing.pdf import PdfTicketPrinter
from app.devices.printing.printer import TicketPrinter
from app.devices.printing.slip import (
    TicketCode,
    TicketSlip,
    check_code,
    is_ticket_code,
    parse_ticket_code,
    read_scanned,
    ticket_key,
    verify_check_code,
)

__all__ = [
    "EscPosTicketPrinter",
    "EscPosWriter",
    "PdfTicketPrinter",
    "TicketCode",
    "TicketPrinter",
    "TicketSlip",
    "check_code",
    "is_ticket_code",
    "parse_ticket_code",
    "read_scanned",
    "ticket_bytes",
    "ticket_key",
    "verify_check_code",
]
