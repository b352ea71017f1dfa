"""A byte pipe to a keypad link, opened with ``serial.serial_for_url``.

``COM3``, ``/dev/ttyUSB0``, ``/dev/pts/5``, ``socket://10.0.0.5:4001`` and ``loop://`` all
work. ``hwgrep://0403:6001`` or ``hwgrep://SER=A50285BI`` finds a USB adapter by VID:PID or
serial number each time the port is opened, so a keypad replugged into another USB socket
(now /dev/ttyUSB1 or COM7) is found again. The transport does not look at the bytes; every
port failure becomes DeviceOffline.
"""

from __future__ import annotations

import contextlib
from typing import Any, Protocol

import serial

from app.devices.errors import DeviceOffline

DEFAULT_BAUDRATE = 9600


class Transport(Protocol):
    url: str

    @property
    def is_open(self) -> bool: ...

    def open(self) -> None: ...

    def close(self) -> None: ...

    def read(self) -> bytes: ...

    def write(self, data: bytes) -> None: ...


class SerialTransport:
    """One serial-like port; ``read`` waits at most ``read_timeout`` seconds for bytes."""

    def __init__(
        self,
        url: str,
        *,
        baudrate: int = DEFAULT_BAUDRATE,
        read_timeout: float = 0.05,
        write_timeout: float = 1.0,
    ) -> None:
        self.url = url
        self.baudrate = baudrate
        self.read_timeout = read_timeout
        self.write_timeout = write_timeout
        self._port: Any = None

    @property
    def is_open(self) -> bool:
        return self._port is not None

    def open(self) -> None:
        if self._port is not None:
            return
        try:
            self._port = serial.serial_for_url(
                self.url,
                baudrate=self.baudrate,
                timeout=self.read_timeout,
                write_timeout=self.write_timeout,
            )
        except (serial.SerialException, OSError, ValueError) as exc:
            raise DeviceOffline(self.url, str(exc)) from exc

    def close(self) -> None:
        port, self._port = self._port, None
        if port is not None:
            # the port is going away anyway
            with contextlib.suppress(serial.SerialException, OSError):
                port.close()

    def _require(self) -> Any:
        if self._port is None:
            raise DeviceOffline(self.url, "port not open")
        return self._port

    def read(self) -> bytes:
        port = self._require()
        try:
            return bytes(port.read(max(1, port.in_waiting)))
        except (serial.SerialException, OSError) as exc:
            self.close()
            raise DeviceOffline(self.url, str(exc)) from exc

    def write(self, data: bytes) -> None:
        port = self._require()
        try:
            port.write(data)
        except (serial.SerialException, OSError) as exc:
            self.close()
            raise DeviceOffline(self.url, str(exc)) from exc

    def __repr__(self) -> str:
        return f"SerialTransport({self.url!r}, open={self.is_open})"
