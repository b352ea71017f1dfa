"""The device layer's failures: one hierarchy, each with a Chinese and an English message."""

from __future__ import annotations

from app.errors import HallError


class DeviceError(HallError):
    """A keypad or printer could not do what was asked."""

    code = "device_error"


class DeviceTimeout(DeviceError):
    """The device did not answer in time (after the retries)."""

    code = "device_timeout"

    def __init__(self, device: str, what: str = "") -> None:
        detail = f"（{what}）" if what else ""
        en_detail = f" ({what})" if what else ""
        super().__init__(
            f"设备 {device} 未在规定时间内应答{detail}",
            f"device {device} did not answer in time{en_detail}",
        )
        self.device = device


class DeviceOffline(DeviceError):
    """The port cannot be opened, or the device was unplugged."""

    code = "device_offline"

    def __init__(self, device: str, reason: str = "") -> None:
        detail = f"：{reason}" if reason else ""
        en_detail = f": {reason}" if reason else ""
        super().__init__(f"设备 {device} 离线{detail}", f"device {device} is offline{en_detail}")
        self.device = device
        self.reason = reason


class ProtocolError(DeviceError):
    """A frame was malformed (bad header, length or payload)."""

    code = "protocol_error"

    def __init__(self, detail: str) -> None:
        super().__init__(f"通信帧格式错误：{detail}", f"malformed frame: {detail}")


class ChecksumError(ProtocolError):
    """A frame's CRC-16 did not match its content."""

    code = "checksum_error"

    def __init__(self, expected: int, got: int) -> None:
        DeviceError.__init__(
            self,
            f"校验错误：应为 {expected:04X}，收到 {got:04X}",
            f"checksum error: expected {expected:04X}, got {got:04X}",
        )
        self.expected = expected
        self.got = got


class UnknownKey(DeviceError):
    """A keypad sent a key code its model's mapping table does not know."""

    code = "unknown_key"

    def __init__(self, model: str, key: int) -> None:
        super().__init__(
            f"评价器型号 {model} 没有按键码 {key}", f"keypad model {model} has no key code {key}"
        )
        self.key = key


class PrinterError(DeviceError):
    """A ticket could not be printed; the ticket itself is kept and can be reprinted."""

    code = "printer_error"


class PrinterOffline(PrinterError):
    code = "printer_offline"

    def __init__(self, printer: str, reason: str = "") -> None:
        detail = f"：{reason}" if reason else ""
        en_detail = f": {reason}" if reason else ""
        super().__init__(
            f"打印机 {printer} 离线或无法连接{detail}",
            f"printer {printer} is offline or unreachable{en_detail}",
        )
        self.printer = printer


class PrinterOutOfPaper(PrinterError):
    code = "printer_out_of_paper"

    def __init__(self, printer: str) -> None:
        super().__init__(f"打印机 {printer} 缺纸", f"printer {printer} is out of paper")
        self.printer = printer


class BadTicketCode(DeviceError):
    """A scanned ticket QR code is malformed or its check code does not match."""

    code = "bad_ticket_code"

    def __init__(self, text: str) -> None:
        super().__init__(f"票据二维码无效：{text}", f"invalid ticket QR code: {text}")
