"""Hall keypad protocol v1, pure: frames, CRC-16/MODBUS, payloads, and a stream parser.

Wire format (see docs KEYPAD_PROTOCOL.md)::

    AA 55 | ADDR | SEQ | CMD | LEN | DATA (LEN bytes) | CRC16 (lo, hi)

The CRC-16/MODBUS covers ADDR..DATA. Payloads this module defines where the protocol
leaves them open:

- PING reply: model id (u16 LE), firmware major (u8), firmware minor (u8).
- POLL reply with an event, and KEY: session (u32 LE), key code (u8) [, flags (u8) for POLL].
  FLAG_REPEAT marks an event the keypad has sent before and not yet seen acknowledged.

No I/O and no threads here; nothing in this module raises on incoming bytes except the
explicitly strict ``decode`` and the payload readers (``ProtocolError``).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Protocol

from app.devices.errors import ChecksumError, ProtocolError

HEADER = b"\xaa\x55"
HEAD_LEN = 6  # AA 55 ADDR SEQ CMD LEN
CRC_LEN = 2
MAX_DATA = 255
BROADCAST = 0
MAX_ADDRESS = 247
DISPLAY_MAX_BYTES = 64

PING = 0x01
START_RATING = 0x02
CANCEL = 0x03
POLL = 0x04
ACK_EVENT = 0x05
SET_DISPLAY = 0x06
KEY = 0x10
REPLY = 0x80

FLAG_REPEAT = 0x01

COMMAND_NAMES = {
    PING: "PING",
    START_RATING: "START_RATING",
    CANCEL: "CANCEL",
    POLL: "POLL",
    ACK_EVENT: "ACK_EVENT",
    SET_DISPLAY: "SET_DISPLAY",
    KEY: "KEY",
}


def crc16_modbus(data: bytes | bytearray | memoryview) -> int:
    """CRC-16/MODBUS (poly 0xA001 reflected, init 0xFFFF); b"123456789" gives 0x4B37."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


@dataclass(frozen=True)
class Frame:
    address: int
    seq: int
    cmd: int
    data: bytes = b""

    def __post_init__(self) -> None:
        for name in ("address", "seq", "cmd"):
            value = getattr(self, name)
            if not 0 <= value <= 0xFF:
                raise ValueError(f"{name} {value} is outside 0..255")
        if len(self.data) > MAX_DATA:
            raise ValueError(f"frame data is {len(self.data)} bytes, at most {MAX_DATA}")

    @property
    def is_reply(self) -> bool:
        return bool(self.cmd & REPLY)

    @property
    def name(self) -> str:
        base = COMMAND_NAMES.get(self.cmd & ~REPLY, f"0x{self.cmd & ~REPLY:02X}")
        return f"{base}_REPLY" if self.cmd & REPLY else base

    def reply(self, data: bytes = b"") -> Frame:
        """The answer to this request: same address and SEQ, CMD | 0x80."""
        return Frame(self.address, self.seq, self.cmd | REPLY, data)

    def answers(self, request: Frame) -> bool:
        return (
            self.address == request.address
            and self.seq == request.seq
            and self.cmd == request.cmd | REPLY
        )

    def encode(self) -> bytes:
        return encode(self)


def encode(frame: Frame) -> bytes:
    body = bytes((frame.address, frame.seq, frame.cmd, len(frame.data))) + frame.data
    crc = crc16_modbus(body)
    return HEADER + body + bytes((crc & 0xFF, crc >> 8))


def decode(raw: bytes) -> Frame:
    """Strictly decode exactly one frame; raises ProtocolError / ChecksumError."""
    if len(raw) < HEAD_LEN + CRC_LEN or raw[:2] != HEADER:
        raise ProtocolError(f"not a frame: {raw.hex(' ')}")
    length = raw[5]
    if len(raw) != HEAD_LEN + length + CRC_LEN:
        raise ProtocolError(f"length byte {length} does not match {len(raw)} bytes")
    expected = crc16_modbus(raw[2:-2])
    got = raw[-2] | raw[-1] << 8
    if expected != got:
        raise ChecksumError(expected, got)
    return Frame(raw[2], raw[3], raw[4], bytes(raw[6:-2]))


class FrameParser:
    """Incremental parser: feed any bytes, get the valid frames; never raises.

    Reads by length; on a bad CRC drops one byte and looks for the next AA 55.
    """

    def __init__(self) -> None:
        self._buf = bytearray()
        self.crc_errors = 0
        self.dropped_bytes = 0

    def feed(self, chunk: bytes | bytearray) -> list[Frame]:
        self._buf += chunk
        frames: list[Frame] = []
        buf = self._buf
        while True:
            start = buf.find(HEADER)
            if start < 0:
                keep = 1 if buf[-1:] == HEADER[:1] else 0
                self.dropped_bytes += len(buf) - keep
                del buf[: len(buf) - keep]
                break
            if start:
                self.dropped_bytes += start
                del buf[:start]
            if len(buf) < HEAD_LEN:
                break
            total = HEAD_LEN + buf[5] + CRC_LEN
            if len(buf) < total:
                break
            crc = crc16_modbus(memoryview(buf)[2 : total - 2])
            if crc == buf[total - 2] | buf[total - 1] << 8:
                frames.append(Frame(buf[2], buf[3], buf[4], bytes(buf[HEAD_LEN : total - 2])))
                del buf[:total]
            else:
                self.crc_errors += 1
                self.dropped_bytes += 1
                del buf[:1]
        return frames

    @property
    def pending(self) -> int:
        """Bytes held back waiting for the rest of a frame."""
        return len(self._buf)

    def flush(self) -> list[Frame]:
        """The line went quiet: what is held back is not a frame still arriving.

        A false AA 55 inside garbage can announce a long frame and hold back a good frame
        behind it; on silence, resync through the held bytes one byte at a time.
        """
        frames: list[Frame] = []
        while self._buf:
            self.dropped_bytes += 1
            del self._buf[:1]
            frames += self.feed(b"")
        return frames

    def reset(self) -> None:
        self._buf.clear()


class KeypadCodec(Protocol):
    """What a keypad model's wire format provides; a vendor model implements one more."""

    name: str

    def encode(self, frame: Frame) -> bytes: ...

    def parser(self) -> FrameParser: ...


class HallCodecV1:
    """The project's own protocol, as documented above."""

    name = "hall-v1"

    def encode(self, frame: Frame) -> bytes:
        return encode(frame)

    def parser(self) -> FrameParser:
        return FrameParser()


# Payloads ---------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyEvent:
    """A key press for a session, as sent by KEY or carried by a POLL reply."""

    session: int
    key: int
    flags: int = 0


@dataclass(frozen=True)
class KeypadInfo:
    model: int
    firmware: str


def session_data(session: int) -> bytes:
    return struct.pack("<I", session)


def start_rating_data(session: int, timeout_s: int) -> bytes:
    return struct.pack("<IB", session, max(0, min(255, timeout_s)))


def key_data(event: KeyEvent) -> bytes:
    return struct.pack("<IB", event.session, event.key)


def poll_event_data(event: KeyEvent) -> bytes:
    return struct.pack("<IBB", event.session, event.key, event.flags)


def ping_reply_data(model: int, major: int, minor: int) -> bytes:
    return struct.pack("<HBB", model, major, minor)


def display_data(text: str) -> bytes:
    """UTF-8 text cut on a character boundary to at most 64 bytes."""
    raw = text.encode("utf-8")[:DISPLAY_MAX_BYTES]
    return raw.decode("utf-8", errors="ignore").encode("utf-8")


def read_session(data: bytes) -> int:
    if len(data) < 4:
        raise ProtocolError(f"session id needs 4 bytes, got {data.hex(' ')}")
    return int(struct.unpack_from("<I", data)[0])


def read_start_rating(data: bytes) -> tuple[int, int]:
    if len(data) != 5:
        raise ProtocolError(f"START_RATING needs 5 bytes, got {data.hex(' ')}")
    session, timeout = struct.unpack("<IB", data)
    return int(session), int(timeout)


def read_key(data: bytes) -> KeyEvent:
    if len(data) != 5:
        raise ProtocolError(f"KEY needs 5 bytes, got {data.hex(' ')}")
    session, key = struct.unpack("<IB", data)
    return KeyEvent(int(session), int(key))


def read_poll_reply(data: bytes) -> KeyEvent | None:
    if not data:
        return None
    if len(data) != 6:
        raise ProtocolError(f"POLL reply needs 0 or 6 bytes, got {data.hex(' ')}")
    session, key, flags = struct.unpack("<IBB", data)
    return KeyEvent(int(session), int(key), int(flags))


def read_ping_reply(data: bytes) -> KeypadInfo:
    if len(data) != 4:
        raise ProtocolError(f"PING reply needs 4 bytes, got {data.hex(' ')}")
    model, major, minor = struct.unpack("<HBB", data)
    return KeypadInfo(int(model), f"{major}.{minor}")


def key_of_frame(raw: bytes) -> tuple[int, KeyEvent]:
    """The keypad address and key event a KEY frame or a POLL reply carries (a frame relayed
    by a clerk's PC is checked this way); raises ProtocolError/ChecksumError otherwise."""
    frame = decode(raw)
    if frame.cmd == KEY:
        return frame.address, read_key(frame.data)
    if frame.cmd == POLL | REPLY:
        event = read_poll_reply(frame.data)
        if event is not None:
            return frame.address, event
    raise ProtocolError(f"{frame.name} carries no key: {raw.hex(' ')}")
