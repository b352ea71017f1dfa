"""Failed logins: counted per staff number and per source address, with back-off and lockout.

Every login that fails its check (a wrong token, a wrong password, an unknown staff number)
counts against the staff number given (whether or not it exists: the answer must not tell)
and against the address it came from. After login_backoff_after failures in a row a further try
must wait (1 s, 2 s, 4 s … at most ``MAX_BACKOFF_S``) and is refused unchecked before then;
at the limit ([limits] login_staff_failures / login_address_failures within
login_window_minutes) the staff number or address is locked for lockout_minutes. A lock lifts
by itself, or a supervisor lifts it from the console (login_unlock). A successful login clears
its staff number's and address's count.

Kept in memory (a restart clears it); the audit log keeps each failure and each lock for good
(``audit_login``). Qt-free: the server calls it from its hello path, the console's commands
(app.hall.security_commands) read and lift the locks.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.config import Limits
from app.errors import HallError
from app.models.audit import append_audit
from app.queue import QueueEngine
from app.queue.store import Tx

MAX_BACKOFF_S = 30
MAX_KEYS = 10_000  # staff numbers and addresses remembered at most (oldest forgotten first)


class LoginRefused(HallError):
    """A login refused before its password was checked (locked, or too soon after a failure).
    The same words for a staff number that exists and for one that does not."""

    code = "login_locked"


class LoginWait(LoginRefused):
    code = "login_wait"


@dataclass
class _Count:
    failures: list[float] = field(default_factory=list)  # monotonic times, within the window
    in_a_row: int = 0
    last: float = 0.0
    locked_until: float = 0.0
    locked_at: dt.datetime | None = None


@dataclass(frozen=True)
class Lock:
    kind: str  # "staff" | "address"
    key: str
    since: str  # ISO time the lock began
    minutes_left: int
    failures: int


class LoginGuard:
    """Counts failed logins; ``check`` raises LoginRefused while a key is locked or waiting."""

    def __init__(
        self,
        limits: Limits | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        self.limits = limits or Limits()
        self.clock = clock
        self.wall = wall
        self._counts: OrderedDict[tuple[str, str], _Count] = OrderedDict()

    def _limit(self, kind: str) -> int:
        lim = self.limits
        return lim.login_staff_failures if kind == "staff" else lim.login_address_failures

    def _keys(self, staff_no: str | None, address: str | None) -> list[tuple[str, str]]:
        keys = []
        if staff_no:
            keys.append(("staff", staff_no.strip().casefold()[:64]))
        if address:
            keys.append(("address", address))
        return keys

    def check(self, staff_no: str | None, address: str | None) -> None:
        """Before anything is checked: refuse a locked key, or one that must still wait."""
        now = self.clock()
        for key in self._keys(staff_no, address):
            count = self._counts.get(key)
            if count is None:
                continue
            if count.locked_until > now:
                minutes = max(1, round((count.locked_until - now) / 60))
                raise LoginRefused(
                    f"登录失败次数过多，已锁定，请 {minutes} 分钟后再试，或请主管在管理后台解锁",
                    f"too many failed logins: locked for {minutes} more minutes, or ask a "
                    "supervisor to unlock it in the console",
                )
            wait = self._backoff(count) - (now - count.last)
            if wait > 0:
                seconds = max(1, round(wait + 0.49))
                raise LoginWait(
                    f"登录失败，请 {seconds} 秒后再试",
                    f"login failed: try again in {seconds} s",
                )

    def _backoff(self, count: _Count) -> float:
        after = self.limits.login_backoff_after
        if count.in_a_row < after:
            return 0.0
        return float(min(MAX_BACKOFF_S, 2 ** (count.in_a_row - after)))

    def failed(self, staff_no: str | None, address: str | None) -> list[tuple[str, str]]:
        """Count one failure; returns the keys locked by it (to be audited)."""
        now = self.clock()
        window = self.limits.login_window_minutes * 60
        locked = []
        for key in self._keys(staff_no, address):
            count = self._counts.pop(key, None) or _Count()
            self._counts[key] = count  # newest last: the oldest are forgotten first
            count.failures = [t for t in count.failures if now - t < window] + [now]
            count.in_a_row += 1
            count.last = now
            if len(count.failures) >= self._limit(key[0]) and count.locked_until <= now:
                count.locked_until = now + self.limits.lockout_minutes * 60
                count.locked_at = self.wall()
                count.failures = []
                locked.append(key)
        while len(self._counts) > MAX_KEYS:
            self._counts.popitem(last=False)
        return locked

    def succeeded(self, staff_no: str | None, address: str | None) -> None:
        for key in self._keys(staff_no, address):
            self._counts.pop(key, None)

    def unlock(self, kind: str, key: str) -> bool:
        """Lift a lock (and forget the failures); True when there was one."""
        found = self._keys(key, None)[0][1] if kind == "staff" else key
        count = self._counts.pop((kind, found), None)
        return count is not None and count.locked_until > self.clock()

    def locks(self) -> list[Lock]:
        now = self.clock()
        return [
            Lock(
                kind,
                key,
                count.locked_at.isoformat(timespec="seconds") if count.locked_at else "",
                max(1, round((count.locked_until - now) / 60)),
                self._limit(kind),
            )
            for (kind, key), count in self._counts.items()
            if count.locked_until > now
        ]


def audit_login(
    engine: QueueEngine, action: str, actor: str, target: str, detail: dict[str, Any]
) -> None:
    """One audit row for a login event (login_failed, login_locked, session_takeover …) in its
    own short transaction. Never the password or the token: `detail` holds the role, window,
    address and reason only."""

    def write(tx: Tx) -> None:
        append_audit(tx.conn, at=tx.now, actor=actor, action=action, target=target, after=detail)

    engine.run(write)
