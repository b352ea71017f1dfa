"""The ticket's layout for 80 mm paper, shared by every backend: lines, then the QR code.

Backends only decide how a size looks on their device (points for PDF and Qt, character
magnification for ESC/POS).
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass

import qrcode
from qrcode.constants import ERROR_CORRECT_M

from app.devices.printing.slip import TicketSlip

PAPER_WIDTH_MM = 80.0
PRINT_WIDTH_MM = 72.0  # what an 80 mm thermal head prints
QR_WIDTH_MM = 32.0


class Size(enum.Enum):
    SMALL = "small"
    NORMAL = "normal"
    LARGE = "large"
    HUGE = "huge"  # the number


@dataclass(frozen=True)
class Line:
    text: str
    size: Size = Size.NORMAL
    bold: bool = False
    center: bool = True


def ticket_lines(slip: TicketSlip) -> tuple[list[Line], list[Line]]:
    """The lines above the QR code and the lines below it."""
    above = [
        Line(slip.hall_name, Size.LARGE, bold=True),
        Line(slip.service_name + ("（绿色通道）" if slip.priority else "")),
        Line(slip.number, Size.HUGE, bold=True),
        Line(f"您前面还有 {slip.people_ahead} 人", center=False),
        Line(f"预计等候：{slip.wait_text}", center=False),
        Line(f"取号时间：{slip.time_text}", center=False),
    ]
    below = [Line(slip.notice, Size.SMALL, center=False)]
    return above, below


def qr_matrix(text: str) -> list[list[bool]]:
    """The QR code's modules (True = dark), without the quiet zone."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(text)
    code.make(fit=True)
    return [list(row) for row in code.get_matrix()]


def wrap(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Break ``text`` into lines no wider than ``width`` by ``measure(str) -> float``
    (character by character: Chinese text has no spaces to break at)."""
    lines: list[str] = []
    current = ""
    for ch in text:
        if current and measure(current + ch) > width:
            lines.append(current)
            current = ch
        else:
            current += ch
    if current:
        lines.append(current)
    return lines
