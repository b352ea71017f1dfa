"""ESC/POS ticket printer: our own small command writer, sent raw to a serial/network/USB port.

Chinese text is sent in GB18030 after FS & (Chinese character mode); the QR code is drawn by
the printer itself (GS ( k, model 2), so it is sharp at any resolution. Before a job the
printer's real-time status (DLE EOT 2 and 4) is read when the link can answer, so an empty
paper roll or an open cover is reported instead of silently losing the ticket.

Ports: ``COM3`` / ``/dev/ttyUSB0`` (serial), ``socket://10.0.0.9:9100`` (network, raw
port 9100), ``file:///dev/usb/lp0`` (USB printer class device; write only, no status).
"""

from __future__ import annotations

import contextlib
from typing import Any

import serial

from app.devices.errors import PrinterOffline, PrinterOutOfPaper
from app.devices.printing.layout import Line, Size, qr_matrix, ticket_lines
from app.devices.printing.slip import TicketSlip

ESC, GS, FS, DLE, EOT = b"\x1b", b"\x1d", b"\x1c", b"\x10", b"\x04"
SCALE = {Size.SMALL: (1, 1), Size.NORMAL: (1, 1), Size.LARGE: (1, 2), Size.HUGE: (4, 4)}
QR_EC_M = 49  # GS ( k error correction: 48 L, 49 M, 50 Q, 51 H


class EscPosWriter:
    """Builds an ESC/POS byte stream."""

    def __init__(self) -> None:
        self.data = bytearray()

    def raw(self, data: bytes) -> EscPosWriter:
        self.data += data
        return self

    def init(self) -> EscPosWriter:
        return self.raw(ESC + b"@" + FS + b"&")  # reset; Chinese (double-byte) mode

    def align(self, center: bool) -> EscPosWriter:
        return self.raw(ESC + b"a" + (b"\x01" if center else b"\x00"))

    def scale(self, width: int, height: int) -> EscPosWriter:
        if not (1 <= width <= 8 and 1 <= height <= 8):
            raise ValueError("character scale is 1..8")
        return self.raw(GS + b"!" + bytes(((width - 1) << 4 | (height - 1),)))

    def bold(self, on: bool) -> EscPosWriter:
        return self.raw(ESC + b"E" + (b"\x01" if on else b"\x00"))

    def text(self, text: str) -> EscPosWriter:
        return self.raw(text.encode("gb18030") + b"\n")

    def _qr_fn(self, fn: int, payload: bytes) -> EscPosWriter:
        size = len(payload) + 2
        return self.raw(GS + b"(k" + bytes((size & 0xFF, size >> 8, 49, fn)) + payload)

    def qr(self, text: str, module: int = 6, ec: int = QR_EC_M) -> EscPosWriter:
        """A QR code drawn by the printer: model 2, module size in dots, error correction."""
        self._qr_fn(65, b"\x32\x00")  # fn 165: model 2
        self._qr_fn(67, bytes((module,)))  # fn 167: module size
        self._qr_fn(69, bytes((ec,)))  # fn 169: error correction level
        self._qr_fn(80, b"0" + text.encode("ascii"))  # fn 180: store the data
        return self._qr_fn(81, b"0")  # fn 181: print it

    def feed(self, lines: int) -> EscPosWriter:
        return self.raw(ESC + b"d" + bytes((lines,)))

    def cut(self) -> EscPosWriter:
        return self.raw(GS + b"V" + b"\x42\x00")  # feed to the cutter and cut (partial)


def _lines(writer: EscPosWriter, lines: list[Line]) -> None:
    for line in lines:
        writer.align(line.center).scale(*SCALE[line.size]).bold(line.bold).text(line.text)
    writer.scale(1, 1).bold(False)


def ticket_bytes(slip: TicketSlip) -> bytes:
    """The whole job for one ticket."""
    above, below = ticket_lines(slip)
    writer = EscPosWriter().init()
    _lines(writer, above)
    # The module size that makes the code about 32 mm wide on a 203 dpi (8 dots/mm) head.
    modules = len(qr_matrix(slip.qr_text))
    writer.feed(1).align(True).qr(slip.qr_text, module=max(3, min(8, 256 // modules)))
    writer.feed(1)
    _lines(writer, below)
    return bytes(writer.feed(3).cut().data)


class EscPosTicketPrinter:
    def __init__(
        self, url: str, *, baudrate: int = 9600, status: bool = True, timeout: float = 2.0
    ) -> None:
        self.url = url
        self.baudrate = baudrate
        self.status = status and not url.startswith("file:")
        self.timeout = timeout
        self.name = f"ESC/POS {url}"

    def print_ticket(self, slip: TicketSlip) -> str:
        job = ticket_bytes(slip)
        if self.url.startswith("file:"):
            path = self.url.removeprefix("file://").removeprefix("file:")
            try:
                with open(path, "wb") as device:
                    device.write(job)
            except OSError as exc:
                raise PrinterOffline(self.name, str(exc)) from exc
            return self.name
        port: Any = None
        try:
            port = serial.serial_for_url(
                self.url, baudrate=self.baudrate, timeout=self.timeout, write_timeout=self.timeout
            )
            if self.status:
                self._check(port)
            port.write(job)
            port.flush()
        except (serial.SerialException, OSError, ValueError) as exc:
            raise PrinterOffline(self.name, str(exc)) from exc
        finally:
            if port is not None:
                with contextlib.suppress(serial.SerialException, OSError):
                    port.close()
        return self.name

    def _status(self, port: Any, n: int) -> int:
        port.write(DLE + EOT + bytes((n,)))
        reply = port.read(1)
        if len(reply) != 1:
            raise PrinterOffline(self.name, "no status reply")
        value = reply[0]
        if value & 0x93 != 0x12:  # the fixed bits of every status byte
            raise PrinterOffline(self.name, f"bad status byte {value:02X}")
        return int(value)

    def _check(self, port: Any) -> None:
        offline_cause = self._status(port, 2)
        if offline_cause & 0x04:
            raise PrinterOffline(self.name, "cover open / 纸仓盖未关")
        if offline_cause & 0x20 or self._status(port, 4) & 0x60:
            raise PrinterOutOfPaper(self.name)
        if offline_cause & 0x40:
            raise PrinterOffline(self.name, "printer error / 打印机故障")
