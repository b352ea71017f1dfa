"""The driver's settings, its two ways of attaching keypads, and what it knows per keypad."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from app.devices.keypad.session import Backoff, RatingSession


class Mode(enum.StrEnum):
    PUSH = "push"
    POLL = "poll"


@dataclass
class KeypadState:
    """What the driver knows about one keypad address."""

    address: int
    online: bool | None = None  # None: not heard from yet
    next_try: float = 0.0  # monotonic time of the next poll / ping
    backoff: Backoff = field(default_factory=Backoff)
    display: str | None = None
    session: RatingSession | None = None
    deadline: float = 0.0
    needs_restore: bool = False


@dataclass(frozen=True)
class DriverTiming:
    reply_timeout: float = 0.1  # the protocol's 100 ms
    retries: int = 3
    backoff_first: float = 1.0
    backoff_cap: float = 5.0
    poll_interval: float = 0.1  # POLL mode: pause between rounds
    heartbeat: float = 1.0  # PUSH mode: PING an idle keypad this often


DEFAULT_TIMING = DriverTiming()
