"""What a command works with: the hall (engine, config, the services the composition root
built) and one call (the hall plus who is calling).

Writes go through ``engine.run``: one transaction, retried when it loses a race, and its
events reach every listener (the server publishes them) after the commit. An admin change
and its audit row are written in that one transaction, so no change is ever committed
without its audit row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import Connection

from app.config import Config
from app.devices.printing.slip import ticket_key
from app.hall.alarms import Alarms
from app.hall.caller import Caller, Role
from app.hall.logins import LoginGuard
from app.hall.rate_limits import RateLimits
from app.hall.snapshot import HallView
from app.models.audit import append_audit
from app.models.hall_config import Change
from app.queue import QueueEngine
from app.queue.rating_sessions import SessionView
from app.queue.store import Tx, window_by_number
from app.queue.views import HallEvent


class KeypadBus(Protocol):
    """Keypads polled by the server on an RS-485 bus (app.hall.keypad_bus)."""

    def serves(self, window: int) -> bool: ...

    def ask(self, session: SessionView) -> None: ...


class ReportRunner(Protocol):
    """Runs report jobs off the server's thread (app.hall.report_jobs.ReportJobs)."""

    def start(self, kind: str, when: dt.date, label: str, **options: Any) -> dict[str, Any]: ...

    def status(self, job: int) -> dict[str, Any]: ...

    def file(self, job: int, name: str) -> dict[str, Any]: ...


@dataclass
class Hall:
    """The hall's parts a command may use; built once by the composition root."""

    engine: QueueEngine
    config: Config
    view: HallView
    reports: ReportRunner | None = None
    keypad_bus: KeypadBus | None = None
    alarms: Alarms = field(default_factory=Alarms)
    logins: LoginGuard | None = None  # failed logins and locks (made from config.limits)
    rates: RateLimits | None = None  # what each machine may add per minute
    _device_state: dict[tuple[str, Any], bool] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.logins is None:
            self.logins = LoginGuard(self.config.limits)
        if self.rates is None:
            self.rates = RateLimits(self.config.limits)

    @property
    def login_guard(self) -> LoginGuard:
        assert self.logins is not None
        return self.logins

    @property
    def rate_limits(self) -> RateLimits:
        assert self.rates is not None
        return self.rates

    @property
    def ticket_key(self) -> bytes:
        """The hall's ticket QR key (from its MAC key; never leaves the server)."""
        return ticket_key(self.engine.db.mac_key)

    def log_event(self, kind: str, *, window: int | None = None, **data: Any) -> HallEvent:
        """Append one non-queue event (a device's state, a configuration change); it gets
        the next hall sequence number and reaches every client like a call does."""

        def write(tx: Tx) -> HallEvent:
            window_id = window_by_number(tx.conn, window).id if window is not None else None
            extra = {"window": window} if window is not None else {}
            return tx.log(kind, window_id=window_id, **extra, **data)

        return self.engine.run(write)

    def device_changed(self, kind: str, key: Any, online: bool, **data: Any) -> bool:
        """Log a device's online state when it changed (a repeat of the last state is not
        logged again); True when it was logged."""
        if self._device_state.get((kind, key)) == online:
            return False
        self._device_state[(kind, key)] = online
        self.log_event(kind, online=online, **data)
        return True


def build_hall(engine: QueueEngine, config: Config, **parts: Any) -> Hall:
    """The hall context the commands work with, on an engine (the composition root's, or a
    test's own)."""
    return Hall(engine, config, HallView(engine, config.hall_name, config.notice), **parts)


@dataclass(frozen=True)
class Audited:
    """The result of an audited change: its audit row (None when nothing changed)."""

    audit_id: int | None
    target: str
    after: Any


class Call:
    """One command being run: the hall and who asked."""

    def __init__(self, hall: Hall, caller: Caller) -> None:
        self.hall = hall
        self.caller = caller

    @property
    def engine(self) -> QueueEngine:
        return self.hall.engine

    @property
    def config(self) -> Config:
        return self.hall.config

    @property
    def window(self) -> int:
        """The counter's window: always the login's, never an argument."""
        assert self.caller.role is Role.COUNTER and self.caller.window is not None
        return self.caller.window

    def now(self) -> dt.datetime:
        return self.engine.clock.now()

    def today(self) -> dt.date:
        return self.now().date()

    def audited(
        self, action: str, apply: Callable[[Connection], Change], *, what: str = ""
    ) -> Audited:
        """Run one change and write its audit row in the same transaction; with `what`, also
        announce config_changed {what, action, target} in it. A save that changes nothing
        is neither audited nor announced."""

        def write(tx: Tx) -> Audited:
            change = apply(tx.conn)
            if change.before is not None and change.before == change.after:
                return Audited(None, change.target, change.after)
            audit_id = self.audit(tx.conn, action, change)
            if what:
                tx.log("config_changed", what=what, action=action, target=change.target)
            return Audited(audit_id, change.target, change.after)

        return self.engine.run(write)

    def audit(self, conn: Connection, action: str, change: Change) -> int:
        """The audit row of a change made in `conn`'s transaction, by this caller."""
        return append_audit(
            conn,
            at=self.now(),
            actor=self.caller.actor,
            action=action,
            target=change.target,
            before=change.before,
            after=change.after,
        )
