"""What a rating session produces, how a caller waits for it, and what the driver reports."""

from __future__ import annotations

import enum
import logging
from concurrent.futures import Future
from dataclasses import dataclass

from app.devices.errors import DeviceError
from app.devices.keypad.keymap import LEVEL_NAMES, SCALE

log = logging.getLogger(__name__)


class RatingEnd(enum.StrEnum):
    KEY = "key"  # the visitor pressed a key
    TIMEOUT = "timeout"  # no key in time: stored as 未评价 (level None)
    CANCELLED = "cancelled"  # the clerk's side cancelled it
    REPLACED = "replaced"  # a newer session on the same keypad took over


@dataclass(frozen=True)
class RatingResult:
    """One finished rating session on a keypad, with the trace the server keeps."""

    ticket_id: int
    level: int | None  # None: 未评价
    end: RatingEnd
    device: str  # the port URL
    device_address: int
    keypad_session: int
    raw_frame: str = ""  # the frame that carried the key, hex; "" without a key
    key: int | None = None  # the keypad's own key code, before mapping
    scale: int = SCALE

    @property
    def level_name(self) -> str:
        return LEVEL_NAMES[self.level][0] if self.level is not None else "未评价"


class RatingSession:
    """A started rating: wait on it, or let the listener's ``rating_did_finish`` tell you."""

    def __init__(self, address: int, session: int, ticket_id: int, timeout_s: float) -> None:
        self.address = address
        self.session = session
        self.ticket_id = ticket_id
        self.timeout_s = timeout_s
        self.future: Future[RatingResult] = Future()

    def result(self, timeout: float | None = None) -> RatingResult:
        return self.future.result(timeout)

    @property
    def done(self) -> bool:
        return self.future.done()

    def __repr__(self) -> str:
        return f"RatingSession(address={self.address}, session={self.session})"


class KeypadListener:
    """Callbacks from the driver's thread; subclass and override what you need.

    They run on the driver thread: keep them short, and do not block on the driver there
    (a Qt bridge re-emits them as signals).
    """

    def rating_did_finish(self, result: RatingResult) -> None:
        """A session ended with a key, a timeout or a cancel."""

    def keypad_did_go_offline(self, device: str, address: int, error: DeviceError) -> None:
        """A keypad stopped answering or its port went away."""

    def keypad_did_come_online(self, device: str, address: int) -> None:
        """A keypad answered (first time, or again after being offline)."""

    def keypad_did_send_unknown_key(self, device: str, address: int, error: DeviceError) -> None:
        """A key code the model's table does not map (the session stays open)."""

    def keypad_did_send_stray(self, device: str, address: int, session: int) -> None:
        """A key for a session this keypad was not asked for (acknowledged, not used)."""


class Backoff:
    """Retry delays 1 s → 2 s → 4 s → 5 s → 5 s … (doubling, capped), reset on success."""

    def __init__(self, first: float = 1.0, cap: float = 5.0) -> None:
        self.first = first
        self.cap = cap
        self._next = first

    def next(self) -> float:
        delay = self._next
        self._next = min(self.cap, self._next * 2)
        return delay

    def reset(self) -> None:
        self._next = self.first
