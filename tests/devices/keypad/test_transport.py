"""The transport is a content-blind pipe over serial_for_url; port failures are DeviceOffline."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from app.devices.errors import DeviceOffline
from app.devices.keypad.sim_links import PtyLink, TcpLink
from app.devices.keypad.transport import SerialTransport


def _read_all(transport: SerialTransport, size: int) -> bytes:
    got = b""
    for _ in range(100):
        got += transport.read()
        if len(got) >= size:
            break
    return got


def test_loop_url_gives_back_any_bytes() -> None:
    transport = SerialTransport("loop://")
    transport.open()
    payload = bytes(range(256))
    transport.write(payload)
    assert _read_all(transport, 256) == payload
    transport.close()
    assert not transport.is_open


def test_a_pty_carries_bytes_both_ways() -> None:
    link = PtyLink()
    transport = SerialTransport(link.url)
    transport.open()
    transport.write(b"\xaa\x55\x00\r\n")
    assert link.read(1.0) == b"\xaa\x55\x00\r\n"  # raw: no CR/LF translation, no echo
    link.write(b"\x11\x13\x00")
    assert _read_all(transport, 3) == b"\x11\x13\x00"
    transport.close()
    link.close()


@pytest.mark.parametrize("kind", ["missing-tty", "refused-socket", "bad-url", "no-usb-match"])
def test_a_port_that_cannot_open_is_offline(kind: str, tmp_path: Path) -> None:
    if kind == "missing-tty":
        url = str(tmp_path / "ttyUSB9")
    elif kind == "bad-url":
        url = "nonsense://x"
    elif kind == "no-usb-match":
        url = "hwgrep://SER=NO-SUCH-ADAPTER"
    else:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            url = f"socket://127.0.0.1:{probe.getsockname()[1]}"
    with pytest.raises(DeviceOffline) as offline:
        SerialTransport(url).open()
    assert "离线" in offline.value.zh and "offline" in offline.value.en


@pytest.mark.parametrize("make_link", [PtyLink, TcpLink])
def test_pulling_the_link_makes_read_report_offline(make_link: type) -> None:
    link = make_link()
    transport = SerialTransport(link.url)
    transport.open()
    link.read(0.1)  # the TCP link accepts its client here
    link.unplug()
    with pytest.raises(DeviceOffline):
        for _ in range(50):
            transport.read()
    assert not transport.is_open
