"""The simulator speaks the protocol itself: repeats unacknowledged events, answers
retransmissions once, ignores broadcasts' replies, and runs as `python -m app keypad-sim`."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import serial

from app.devices.keypad import codec
from app.devices.keypad.codec import Frame, FrameParser
from app.devices.keypad.simulator import KeypadSimulator
from tests.devices.keypad.conftest import WAIT, DriverFactory


class RawHost:
    """A bare host on the simulator's port: sends frames, collects what comes back."""

    def __init__(self, url: str) -> None:
        self.port = serial.serial_for_url(url, timeout=0.05)
        self.parser = FrameParser()
        self.seq = 0

    def send(self, address: int, cmd: int, data: bytes = b"", seq: int | None = None) -> int:
        if seq is None:
            self.seq += 1
            seq = self.seq
        self.port.write(Frame(address, seq, cmd, data).encode())
        return seq

    def collect(self, until: float) -> list[Frame]:
        frames: list[Frame] = []
        end = time.monotonic() + until
        while time.monotonic() < end:
            frames += self.parser.feed(self.port.read(256))
        return frames

    def reply_to(self, seq: int, cmd: int) -> Frame:
        end = time.monotonic() + WAIT
        while time.monotonic() < end:
            for frame in self.parser.feed(self.port.read(256)):
                if frame.seq == seq and frame.cmd == cmd | codec.REPLY:
                    return frame
        raise AssertionError(f"no reply to seq {seq}")


@pytest.fixture
def host(sim: KeypadSimulator) -> Iterator[RawHost]:
    raw = RawHost(sim.url)
    yield raw
    raw.port.close()


def test_an_unacknowledged_key_is_repeated_until_ack_event(
    sim: KeypadSimulator, host: RawHost
) -> None:
    seq = host.send(3, codec.START_RATING, codec.start_rating_data(77, 30))
    host.reply_to(seq, codec.START_RATING)
    sim.press(5, 3)
    repeats = [f for f in host.collect(0.45) if f.cmd == codec.KEY]
    assert len(repeats) >= 2
    assert {codec.read_key(f.data) for f in repeats} == {codec.KeyEvent(77, 5)}
    assert len({f.seq for f in repeats}) == 1  # a repeat is a retransmission: same SEQ
    seq = host.send(3, codec.ACK_EVENT, codec.session_data(77))
    host.reply_to(seq, codec.ACK_EVENT)
    host.collect(0.15)  # whatever was already on its way
    assert [f for f in host.collect(0.35) if f.cmd == codec.KEY] == []


def test_a_retransmitted_request_is_answered_without_acting_twice(
    sim: KeypadSimulator, host: RawHost
) -> None:
    seq = host.send(3, codec.START_RATING, codec.start_rating_data(5, 30))
    first = host.reply_to(seq, codec.START_RATING)
    sim.press(4, 3)
    host.send(3, codec.START_RATING, codec.start_rating_data(5, 30), seq=seq)
    assert host.reply_to(seq, codec.START_RATING) == first
    assert sim.keypads[3].session is None  # not re-opened by the retransmission


def test_a_broadcast_display_reaches_every_keypad_without_replies(tmp_path: Path) -> None:
    with KeypadSimulator.on_tcp(addresses=[1, 2], push=False) as bus:
        raw = RawHost(bus.url)
        raw.send(codec.BROADCAST, codec.SET_DISPLAY, codec.display_data("暂停服务"))
        assert bus.wait_for(lambda: all(k.display == "暂停服务" for k in bus.keypads.values()))
        assert raw.collect(0.2) == []
        raw.port.close()


def test_the_command_line_simulator_takes_key_presses_on_stdin(
    make_driver: DriverFactory,
) -> None:
    root = Path(__file__).resolve().parents[3]
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "app",
            "keypad-sim",
            "--port",
            "socket://127.0.0.1:0",
            "--address",
            "5",
        ],
        cwd=root,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert proc.stdout is not None and proc.stdin is not None
        banner = proc.stdout.readline()
        url = next(word for word in banner.split() if word.startswith("socket://"))
        driver = make_driver(url, (5,))
        session = driver.start_rating(5, 1, timeout_s=20)
        while "评价开始" not in proc.stdout.readline():
            pass
        proc.stdin.write("4\n")
        proc.stdin.flush()
        assert session.result(WAIT).level == 4
        proc.stdin.write("q\n")
        proc.stdin.flush()
        assert proc.wait(WAIT) == 0
    finally:
        proc.kill()
        proc.wait()
