"""Request/reply over one keypad link: SEQ numbering, retries, reply matching, KEY frames.

Sits between the transport (bytes) and the driver (keypads and sessions). Single-threaded:
only the driver's I/O thread calls it.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections import deque
from collections.abc import Container

from app.devices.errors import DeviceOffline, DeviceTimeout, ProtocolError
from app.devices.keypad import codec
from app.devices.keypad.codec import Frame, KeyEvent, KeypadCodec
from app.devices.keypad.transport import Transport

log = logging.getLogger(__name__)


class RequestLink:
    def __init__(
        self,
        transport: Transport,
        keypad_codec: KeypadCodec,
        addresses: Container[int],
        *,
        reply_timeout: float,
        retries: int,
    ) -> None:
        self.transport = transport
        self.codec = keypad_codec
        self.addresses = addresses
        self.reply_timeout = reply_timeout
        self.retries = retries
        self.parser = keypad_codec.parser()
        self.events: deque[tuple[int, KeyEvent, Frame]] = deque()  # unsolicited KEY frames
        self._seq = itertools.count(1)
        self._quiet_reads = 0

    @property
    def url(self) -> str:
        return self.transport.url

    @property
    def is_open(self) -> bool:
        return self.transport.is_open

    def open(self) -> None:
        self.transport.open()
        self.parser.reset()

    def close(self) -> None:
        self.transport.close()
        self.parser.reset()

    def request(self, address: int, cmd: int, data: bytes = b"") -> Frame:
        """Send a request and return its reply (same address and SEQ, CMD | 0x80).

        Retried with the same SEQ (a retransmission) ``retries`` times, then DeviceTimeout.
        A broadcast (address 0) gets no reply: the sent frame is returned.
        """
        if not self.transport.is_open:
            raise DeviceOffline(self.url, "port not open")
        frame = Frame(address, next(self._seq) & 0xFF, cmd, data)
        wire = self.codec.encode(frame)
        if address == codec.BROADCAST:
            self.transport.write(wire)
            return frame
        for _attempt in range(1 + self.retries):
            self.transport.write(wire)
            deadline = time.monotonic() + self.reply_timeout
            while time.monotonic() < deadline:
                reply = self.receive(waiting_for=frame)
                if reply is not None:
                    return reply
        raise DeviceTimeout(f"{self.url}#{address}", frame.name)

    def receive(self, waiting_for: Frame | None = None) -> Frame | None:
        """Read once (waits at most the transport's read timeout); queue KEY frames in
        ``events``; return the reply to ``waiting_for`` if it came."""
        data = self.transport.read()
        if data:
            self._quiet_reads = 0
            frames = self.parser.feed(data)
        else:
            # Two empty reads in a row: the line is quiet, held-back bytes are no frame.
            self._quiet_reads += 1
            frames = self.parser.flush() if self._quiet_reads >= 2 else []
        reply = None
        for frame in frames:
            if waiting_for is not None and frame.answers(waiting_for):
                reply = frame
            elif frame.cmd == codec.KEY and frame.address in self.addresses:
                try:
                    self.events.append((frame.address, codec.read_key(frame.data), frame))
                except ProtocolError as exc:
                    log.warning("%s: %s", self.url, exc)
            # anything else: a late reply to an earlier try, or another host's traffic
        return reply
