"""The sender: one thread per channel that delivers the outbox in order, at least once.

A channel's ``step()`` delivers the oldest pending items (one batch) and marks them in the
hall's database only after the receiver has taken them: a crash in between sends them again,
and the receiver knows them by their ids (idempotent). A failure leaves the items pending
and the sender waits before trying again, longer each time (1 s, 2 s, 4 s … up to 5
minutes, with a little jitter so that many halls do not come back at the same moment). The
channel's row in ``outbox_channels`` says how it went (the supervisor's monitor and the
stuck-outbox alarm read it). Nothing here touches Qt: the server starts the threads.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
from typing import Protocol

from sqlalchemy import update

from app.errors import HallError
from app.models import Database
from app.models.outbox import OutboxChannel

log = logging.getLogger(__name__)
FIRST_RETRY_S = 1.0
LAST_RETRY_S = 300.0


class Channel(Protocol):
    name: str

    @property
    def target(self) -> str:
        """Where it delivers, as shown to people (no secrets)."""
        ...

    def step(self) -> int:
        """Deliver one batch; returns how many items went (0: nothing pending). Raises
        DeliveryFailed (or any error) when the receiver did not take them."""
        ...

    def close(self) -> None: ...


def backoff(failures: int, first: float = FIRST_RETRY_S, last: float = LAST_RETRY_S) -> float:
    """Seconds to wait after `failures` failures in a row: doubling, capped, ±20 % jitter."""
    base = min(last, first * 2 ** max(0, failures - 1))
    return base * random.uniform(0.8, 1.2)


class Sender:
    """Delivers one channel's outbox from its own thread; `run_once` is the same step on the
    caller's thread (tests, command-line tools)."""

    def __init__(
        self,
        db: Database,
        channel: Channel,
        *,
        idle_s: float = 1.0,
        first_retry_s: float = FIRST_RETRY_S,
        last_retry_s: float = LAST_RETRY_S,
    ) -> None:
        self.db = db
        self.channel = channel
        self.idle_s = idle_s
        self.first_retry_s, self.last_retry_s = first_retry_s, last_retry_s
        self.failures = 0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def name(self) -> str:
        return self.channel.name

    def start(self) -> Sender:
        self._thread = threading.Thread(
            target=self._run, name=f"outbox-{self.channel.name}", daemon=True
        )
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
        self.channel.close()

    def run_once(self) -> int:
        """One step, its outcome written to the channel's row; returns the items delivered.
        Raises what the step raised (after recording it)."""
        now = dt.datetime.now()
        try:
            sent = self.channel.step()
        except Exception as exc:
            self.failures += 1
            self._record(now, error=_text(exc))
            raise
        if sent or self.failures:
            self.failures = 0
            self._record(now, sent=sent)
        return sent

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                sent = self.run_once()
            except Exception as exc:  # the thread must live on: wait, then try again
                log.warning("outbox %s: delivery failed (%s): %s", self.name, self.failures, exc)
                self._pause(backoff(self.failures, self.first_retry_s, self.last_retry_s))
                continue
            if not sent:
                self._pause(self.idle_s)

    def _pause(self, seconds: float) -> None:
        self._wake.wait(seconds)
        self._wake.clear()

    def _record(self, now: dt.datetime, *, sent: int = 0, error: str = "") -> None:
        values: dict[str, object] = {"last_attempt_at": now, "failures": self.failures}
        if error:
            values["last_error"] = error
        else:
            values |= {
                "last_success_at": now,
                "last_error": "",
                "delivered": OutboxChannel.delivered + sent,
            }
        try:
            with self.db.write() as conn:
                conn.execute(
                    update(OutboxChannel)
                    .where(OutboxChannel.name == self.channel.name)
                    .values(**values)
                )
        except Exception as exc:  # the hall's storage is down or busy: its own alarm says so
            log.warning("outbox %s: status not recorded: %s", self.name, exc)


def _text(exc: BaseException) -> str:
    if isinstance(exc, HallError):
        return f"{exc.zh} / {exc.en}"[:500]
    return f"{type(exc).__name__}: {exc}"[:500]
