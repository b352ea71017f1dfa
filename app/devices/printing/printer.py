"""The ticket printer interface every backend implements.

``print_ticket`` either prints the whole ticket and returns where it went, or raises a
PrinterError (PrinterOutOfPaper, PrinterOffline, ...). It never changes the ticket: the
caller marks the ticket's print_state failed, the kiosk says so, and admin can reprint it
from the same TicketSlip.
"""

from __future__ import annotations

from typing import Protocol

from app.devices.printing.slip import TicketSlip


class TicketPrinter(Protocol):
    name: str

    def print_ticket(self, slip: TicketSlip) -> str:
        """Print one ticket; returns a description of where it went (file, port, printer)."""
        ...
