"""The simulator's end of a link: a pty master, a TCP listen port, or any serial URL.

Each link can be "unplugged" (the driver's side sees its port fail) and "replugged".
"""

from __future__ import annotations

import contextlib
import os
import select
import socket
import tty
from pathlib import Path
from typing import Any, Protocol

import serial


class SimLink(Protocol):
    @property
    def url(self) -> str:
        """What a driver opens to reach this simulator."""
        ...

    def read(self, timeout: float) -> bytes: ...

    def write(self, data: bytes) -> None: ...

    def unplug(self) -> None: ...

    def replug(self) -> None: ...

    def close(self) -> None: ...


class PtyLink:
    """A pseudo-terminal; the driver opens the slave path (or the stable ``link`` symlink).

    Unplugging closes the pty, so the driver's reads and writes fail as with a pulled USB
    adapter; replugging makes a new pty and points ``link`` at it (as udev does for
    /dev/serial/by-id).
    """

    def __init__(self, link: str | os.PathLike[str] | None = None) -> None:
        self.link = Path(link) if link is not None else None
        self.master = -1
        self.slave = -1
        self.slave_path = ""
        self.replug()

    @property
    def url(self) -> str:
        return str(self.link) if self.link is not None else self.slave_path

    def replug(self) -> None:
        if self.master >= 0:
            return
        self.master, self.slave = os.openpty()
        tty.setraw(self.slave)  # no echo, no line editing, 8-bit clean
        self.slave_path = os.ttyname(self.slave)
        if self.link is not None:
            tmp = self.link.with_name(self.link.name + ".new")
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            tmp.symlink_to(self.slave_path)
            tmp.replace(self.link)

    def unplug(self) -> None:
        if self.link is not None:
            with contextlib.suppress(FileNotFoundError):
                self.link.unlink()
        for fd in (self.master, self.slave):
            if fd >= 0:
                os.close(fd)
        self.master = self.slave = -1

    close = unplug

    def read(self, timeout: float) -> bytes:
        if self.master < 0:
            return b""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return b""
        try:
            return os.read(self.master, 4096)
        except OSError:
            return b""

    def write(self, data: bytes) -> None:
        if self.master >= 0:
            with contextlib.suppress(OSError):
                os.write(self.master, data)


class TcpLink:
    """A TCP listen port, like a serial-to-Ethernet converter; drivers use socket://.

    One client at a time: a new connection replaces the old one.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host = host
        self.port = port
        self.server: socket.socket | None = None
        self.client: socket.socket | None = None
        self.replug()

    @property
    def url(self) -> str:
        return f"socket://{self.host}:{self.port}"

    def replug(self) -> None:
        if self.server is not None:
            return
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind((self.host, self.port))
        server.listen(4)
        self.port = server.getsockname()[1]
        self.server = server

    def unplug(self) -> None:
        for sock in (self.client, self.server):
            if sock is not None:
                with contextlib.suppress(OSError):
                    sock.close()
        self.client = self.server = None

    close = unplug

    def read(self, timeout: float) -> bytes:
        watch = [s for s in (self.server, self.client) if s is not None]
        if not watch:
            return b""
        ready: list[socket.socket]
        ready, _, _ = select.select(watch, [], [], timeout)
        data = b""
        for sock in ready:
            if sock is self.server:
                new, _ = sock.accept()
                new.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                if self.client is not None:
                    self.client.close()
                self.client = new
            elif sock is self.client:
                try:
                    data = sock.recv(4096)
                except OSError:
                    data = b""
                if not data:
                    sock.close()
                    self.client = None
        return data

    def write(self, data: bytes) -> None:
        if self.client is not None:
            try:
                self.client.sendall(data)
            except OSError:
                self.client.close()
                self.client = None


class SerialLink:
    """Any other URL (a real COM port wired null-modem to the driver's port, loop://)."""

    def __init__(self, url: str, baudrate: int = 9600) -> None:
        self._url = url
        self.baudrate = baudrate
        self.port: Any = None
        self.replug()

    @property
    def url(self) -> str:
        return self._url

    def replug(self) -> None:
        if self.port is None:
            self.port = serial.serial_for_url(self._url, baudrate=self.baudrate, timeout=0)

    def unplug(self) -> None:
        if self.port is not None:
            self.port.close()
            self.port = None

    close = unplug

    def read(self, timeout: float) -> bytes:
        if self.port is None:
            return b""
        self.port.timeout = timeout
        first = self.port.read(1)
        return bytes(first + self.port.read(self.port.in_waiting)) if first else b""

    def write(self, data: bytes) -> None:
        if self.port is not None:
            self.port.write(data)
