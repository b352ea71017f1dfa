"""A keypad simulator that speaks hall keypad protocol v1 on a pty, a TCP port or a serial URL.

Run it: ``python -m app keypad-sim --pty`` (prints the slave path) or
``python -m app keypad-sim --port socket://127.0.0.1:4001 --address 1 --address 2 --poll``.
Type a digit 1–5 and Enter to press a key (``2:4`` presses key 4 on keypad 2); ``u`` unplugs,
``r`` replugs, ``q`` quits. Tests use the same class through ``press`` / ``unplug`` / ``replug``.

Like a real keypad it keeps an unacknowledged rating and repeats it (KEY frames in push mode,
POLL replies with FLAG_REPEAT in bus mode) until the host sends ACK_EVENT.
"""

from __future__ import annotations

import argparse
import contextlib
import queue
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from app.devices.errors import ProtocolError
from app.devices.keypad import codec
from app.devices.keypad.codec import Frame, KeyEvent
from app.devices.keypad.keymap import MODELS, KeyMap
from app.devices.keypad.sim_links import PtyLink, SerialLink, SimLink, TcpLink

MODEL_ID = 0x4851  # "HQ"
FIRMWARE = (1, 0)


@dataclass
class SimKeypad:
    """The protocol state of one simulated keypad (no I/O)."""

    address: int
    keymap: KeyMap
    display: str = ""
    session: int | None = None
    session_until: float = 0.0
    pending: list[tuple[KeyEvent, int]] = field(default_factory=list)  # (event, SEQ) not acked
    sent: set[int] = field(default_factory=set)  # sessions whose event went out at least once
    next_repeat: float = 0.0
    muted: bool = False
    keep_after_ack: int = 0  # fault: answer this many ACK_EVENTs but keep the event
    last: tuple[int, int, bytes, Frame] | None = None  # (seq, cmd, data, reply)
    seq: int = 0

    def handle(self, frame: Frame, now: float) -> Frame | None:
        """Act on a host request; returns the reply (None for broadcast or bad data)."""
        if self.last is not None and self.last[:3] == (frame.seq, frame.cmd, frame.data):
            return self.last[3]  # a retransmission: same answer, no second action
        try:
            reply = frame.reply(self._act(frame, now))
        except ProtocolError:
            return None
        self.last = (frame.seq, frame.cmd, frame.data, reply)
        return reply

    def _act(self, frame: Frame, now: float) -> bytes:
        if frame.cmd == codec.PING:
            return codec.ping_reply_data(MODEL_ID, *FIRMWARE)
        if frame.cmd == codec.START_RATING:
            session, timeout = codec.read_start_rating(frame.data)
            if session not in self._pending_sessions():
                self.session, self.session_until = session, now + timeout
        elif frame.cmd == codec.CANCEL:
            if self.session == codec.read_session(frame.data):
                self.session = None
        elif frame.cmd == codec.POLL:
            if self.pending:
                event = self.pending[0][0]
                flags = codec.FLAG_REPEAT if event.session in self.sent else 0
                self.sent.add(event.session)
                return codec.poll_event_data(KeyEvent(event.session, event.key, flags))
        elif frame.cmd == codec.ACK_EVENT:
            session = codec.read_session(frame.data)
            if session in self._pending_sessions():
                if self.keep_after_ack > 0:
                    self.keep_after_ack -= 1
                else:
                    self.pending = [p for p in self.pending if p[0].session != session]
        elif frame.cmd == codec.SET_DISPLAY:
            self.display = frame.data.decode("utf-8", errors="replace")
        else:
            raise ProtocolError(f"unknown command 0x{frame.cmd:02X}")
        return b""

    def press(self, key: int, now: float) -> bool:
        """A visitor presses a key; True if it counted (a session was open)."""
        if self.session is None or now > self.session_until:
            return False
        self.seq = (self.seq + 1) & 0xFF
        self.pending.append((KeyEvent(self.session, key), self.seq))
        self.next_repeat = 0.0
        self.session = None
        return True

    def _pending_sessions(self) -> set[int]:
        return {event.session for event, _ in self.pending}

    def key_frames(self) -> list[tuple[Frame, bool]]:
        """KEY frames for the unacknowledged events, each with "sent before"."""
        return [
            (Frame(self.address, seq, codec.KEY, codec.key_data(event)), event.session in self.sent)
            for event, seq in self.pending
        ]


class KeypadSimulator:
    """One link with one or more simulated keypads; runs its own I/O thread."""

    def __init__(
        self,
        link: SimLink,
        addresses: Iterable[int] = (1,),
        *,
        push: bool = True,
        keymap: KeyMap = MODELS["hall-v1"].keymap,
        repeat_interval: float = 0.3,
        on_event: Callable[[str], None] | None = None,
    ) -> None:
        self.link = link
        self.keypads = {a: SimKeypad(a, keymap) for a in addresses}
        self.push = push
        self.repeat_interval = repeat_interval
        self.on_event = on_event or (lambda text: None)
        self.plugged = True
        self.duplicate_keys = 1  # fault: send each KEY frame this many times back to back
        self.corrupt_next = 0  # fault: spoil the CRC of this many outgoing frames
        self.received: deque[Frame] = deque(maxlen=2000)  # the latest requests, for tests
        self._parser = codec.FrameParser()
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._stop = threading.Event()
        self._link_actions: queue.Queue[tuple[Callable[[], None], threading.Event]] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="keypad-sim", daemon=True)

    @classmethod
    def on_pty(cls, link_path: str | None = None, **kw: Any) -> KeypadSimulator:
        """A simulator on a new pty; ``link_path`` is a symlink that survives replugs."""
        return cls(PtyLink(link_path), **kw)

    @classmethod
    def on_tcp(cls, host: str = "127.0.0.1", port: int = 0, **kw: Any) -> KeypadSimulator:
        """A simulator on a TCP listen port (port 0: any free port)."""
        return cls(TcpLink(host, port), **kw)

    @property
    def url(self) -> str:
        return self.link.url

    def start(self) -> KeypadSimulator:
        self._thread.start()
        return self

    def close(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(2)
        self.link.close()

    def __enter__(self) -> KeypadSimulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    # What a person or a test does ----------------------------------------------------

    def press(self, level: int, address: int | None = None) -> bool:
        """Press the key that means ``level`` (through the model's table)."""
        kp = self._pick(address)
        return self.press_key(kp.keymap.key_for(level), kp.address)

    def press_key(self, key: int, address: int | None = None) -> bool:
        kp = self._pick(address)
        with self._lock:
            counted = kp.press(key, time.monotonic())
        self.on_event(f"[{kp.address}] 按键 {key}" + ("" if counted else "（无评价会话，忽略）"))
        return counted

    def wait_session(self, address: int | None = None, timeout: float = 5.0) -> int:
        """Block until the keypad has an open rating session; returns its id."""
        kp = self._pick(address)
        with self._changed:
            if not self._changed.wait_for(lambda: kp.session is not None, timeout):
                raise TimeoutError(f"keypad {kp.address} got no START_RATING in {timeout} s")
            assert kp.session is not None
            return kp.session

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
        with self._changed:
            return self._changed.wait_for(predicate, timeout)

    def mute(self, muted: bool = True, address: int | None = None) -> None:
        """The keypad stops answering (a dead keypad on a live link)."""
        self._pick(address).muted = muted

    def unplug(self) -> None:
        def pull() -> None:
            self.plugged = False
            self.link.unplug()

        self._on_io_thread(pull)
        self.on_event("已拔出 / unplugged")

    def replug(self, *, power_cycle: bool = False) -> None:
        """Plug back in; ``power_cycle`` also forgets sessions, events and display text."""

        def plug() -> None:
            if power_cycle:
                self.keypads = {a: SimKeypad(a, kp.keymap) for a, kp in self.keypads.items()}
            self.link.replug()
            self.plugged = True
            self._parser.reset()

        self._on_io_thread(plug)
        self.on_event(f"已接入 / plugged in: {self.url}")

    def _on_io_thread(self, action: Callable[[], None]) -> None:
        """Only the I/O thread touches the link, so no descriptor is closed while in use."""
        if not self._thread.is_alive():
            with self._lock:
                action()
            return
        done = threading.Event()
        self._link_actions.put((action, done))
        if not done.wait(5):
            raise TimeoutError("the simulator's I/O thread did not answer")

    def _pick(self, address: int | None) -> SimKeypad:
        return self.keypads[address if address is not None else next(iter(self.keypads))]

    # The I/O thread ------------------------------------------------------------------

    def _send(self, frame: Frame) -> None:
        wire = bytearray(frame.encode())
        if self.corrupt_next > 0:
            self.corrupt_next -= 1
            wire[-1] ^= 0xFF
        self.link.write(bytes(wire))

    def _run(self) -> None:
        while not self._stop.is_set():
            while not self._link_actions.empty():
                action, done = self._link_actions.get()
                with self._lock:
                    action()
                done.set()
            if not self.plugged:
                time.sleep(0.02)
            data = self.link.read(0.02) if self.plugged else b""
            with self._changed:
                now = time.monotonic()
                for frame in self._parser.feed(data) if data else ():
                    self._on_frame(frame, now)
                if self.push and self.plugged:
                    self._push_pending(now)
                self._changed.notify_all()

    def _on_frame(self, frame: Frame, now: float) -> None:
        self.received.append(frame)
        targets = (
            self.keypads.values()
            if frame.address == codec.BROADCAST
            else [kp for kp in [self.keypads.get(frame.address)] if kp is not None]
        )
        for kp in targets:
            if kp.muted:
                continue
            before = (kp.session, kp.display)
            reply = kp.handle(frame, now)
            if reply is not None and frame.address != codec.BROADCAST:
                self._send(reply)
            if (kp.session, kp.display) != before:
                self._describe(kp)

    def _describe(self, kp: SimKeypad) -> None:
        if kp.session is not None:
            self.on_event(f"[{kp.address}] 评价开始 / rating session {kp.session}")
        self.on_event(f"[{kp.address}] 显示 / display: {kp.display}")

    def _push_pending(self, now: float) -> None:
        for kp in self.keypads.values():
            if not kp.pending or kp.muted or now < kp.next_repeat:
                continue
            for frame, sent_before in kp.key_frames():
                for _ in range(1 if sent_before else self.duplicate_keys):
                    self._send(frame)
                kp.sent.add(codec.read_key(frame.data).session)
            kp.next_repeat = now + self.repeat_interval


def make_link(port: str | None, pty: bool, link_path: str | None) -> SimLink:
    if pty or port is None:
        return PtyLink(link_path)
    if port.startswith("socket://"):
        host, _, number = port.removeprefix("socket://").rpartition(":")
        return TcpLink(host or "127.0.0.1", int(number))
    return SerialLink(port)


def run(args: argparse.Namespace) -> int:
    """The ``keypad-sim`` command: serve until stdin closes or ``q``."""
    model = MODELS[args.model]
    addresses = args.address or [1]
    sim = KeypadSimulator(
        make_link(args.port, args.pty, args.link),
        addresses,
        push=not args.poll,
        keymap=model.keymap,
        on_event=lambda text: print(text, flush=True),
    )
    print(f"评价器模拟器 / keypad simulator: {sim.url}  地址 / addresses {addresses}", flush=True)
    print("输入 1–5 回车按键，A:K 指定地址，u 拔出，r 接入，q 退出", flush=True)
    with sim:
        for line in sys.stdin:
            text = line.strip()
            if text == "q":
                break
            if text in ("u", "r"):
                sim.unplug() if text == "u" else sim.replug()
                continue
            address, _, key = text.rpartition(":")
            with contextlib.suppress(ValueError, KeyError):
                sim.press_key(int(key), int(address) if address else None)
    return 0
