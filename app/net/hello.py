"""The server's side of a connection's login: the connection (Peer), its hello checked
(tokens proven against the connection's nonce, a staff password off-thread, the forced
password change), failed logins counted and audited (app.hall.logins), and the one live
workstation session per window. HallServer (app.net.server) mixes this in; everything runs on
the server's thread but the password check.
"""

from __future__ import annotations

import logging
import secrets
from collections import OrderedDict
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWebSockets import QWebSocket

from app.errors import HallError
from app.hall.caller import Caller, Role
from app.hall.context import Hall
from app.hall.logins import audit_login
from app.models import staff_config
from app.models.audit import append_audit
from app.models.passwords import hash_password, verify_password
from app.net import protocol
from app.net.auth import BAD_LOGIN, Authenticator, LoginCheck, PasswordChangeRequired
from app.net.errors import AuthFailed, BadMessage, Internal, SessionTakenOver
from app.queue import QueueEngine
from app.runtime import qt_refcounts  # noqa: F401  (before any Qt call)

log = logging.getLogger("app.net.server")

REMEMBERED_REPLIES = 64  # per connection: a repeated request id is answered from these
MAX_REMEMBERED_BYTES = 256 * 1024  # a longer reply is not kept (a repeat is refused instead)


@dataclass(eq=False)
class Peer:
    socket: QWebSocket
    caller: Caller | None = None
    live: bool = False  # receives events as they are committed
    verifying: bool = False
    notes: dict[str, Any] = field(default_factory=dict)
    nonce: str = field(default_factory=lambda: secrets.token_hex(16))
    address: str = "in-process"
    top_id: int = -1  # the highest message id seen on this connection
    replies: OrderedDict[int, str] = field(default_factory=OrderedDict)
    later: list[str] = field(default_factory=list)  # encoded events for its next batch

    def remember(self, request_id: int, text: str) -> None:
        if len(text) <= MAX_REMEMBERED_BYTES:
            self.replies[request_id] = text
        while len(self.replies) > REMEMBERED_REPLIES:
            self.replies.popitem(last=False)


class _Bridge(QObject):
    """Brings results of worker threads (password checks) back to the server's thread."""

    done = Signal(object)


class Logins:
    """The hello path of HallServer (mixed in; it provides these attributes and methods)."""

    hall: Hall
    engine: QueueEngine
    auth: Authenticator
    _peers: dict[QWebSocket, Peer]
    _pool: ThreadPoolExecutor
    _bridge: _Bridge

    def _send(self, peer: Peer, text: str) -> None:
        raise NotImplementedError

    def _close(self, peer: Peer, reason: str) -> None:
        raise NotImplementedError

    def _welcome(
        self, peer: Peer, request_id: int | None, caller: Caller, last_seq: int | None
    ) -> None:
        raise NotImplementedError

    def _hello(self, peer: Peer, request_id: int | None, message: dict[str, Any]) -> None:
        if peer.caller is not None or peer.verifying:
            raise BadMessage("已登录，不能再次登录", "this connection has already said hello")
        last_seq = message.get("last_seq")
        if last_seq is not None and (isinstance(last_seq, bool) or not isinstance(last_seq, int)):
            raise BadMessage("last_seq 应为整数", "last_seq must be an integer or null")
        role, credential = message.get("role"), message.get("credential")
        given = credential.get("staff_no") if isinstance(credential, dict) else None
        staff_no = given if isinstance(given, str) else None
        try:
            self.hall.login_guard.check(staff_no, peer.address)  # locked, or must wait
            try:
                check = self.auth.check(role, credential, peer.nonce)
            except AuthFailed:  # a machine token that does not prove: counted for the address
                self._login_failed(peer, role, credential, None, "bad_token")
                raise
        except HallError as exc:
            self._refuse(peer, request_id, exc)
            return
        if not check.needs_password:
            self._welcome(peer, request_id, check.caller, last_seq)
            return
        peer.verifying = True
        future = self._pool.submit(_verify, check)

        def finished(done: Future[tuple[bool, str | None]]) -> None:
            self._bridge.done.emit((peer, request_id, check, last_seq, done))

        future.add_done_callback(finished)

    def _refuse(self, peer: Peer, request_id: int | None, error: HallError) -> None:
        """A hello refused: the answer, then the connection closed."""
        self._send(peer, protocol.reply_error(request_id, error.as_dict()))
        self._close(peer, error.en)

    def _login_failed(
        self, peer: Peer, role: Any, credential: Any, staff_no: str | None, reason: str
    ) -> None:
        """Count and audit a failed login (never its password or token); a lock it causes
        is audited too."""
        window = credential.get("window") if isinstance(credential, dict) else None
        detail = {
            "role": str(role)[:16],
            "window": window if isinstance(window, int) and not isinstance(window, bool) else None,
            "address": peer.address,
            "reason": reason,
        }
        actor = f"login:{peer.address}"
        target = f"staff:{staff_no}" if staff_no else f"address:{peer.address}"
        locked = self.hall.login_guard.failed(staff_no, peer.address)
        log.info("login failed (%s) for %s from %s", reason, target, peer.address)
        try:
            audit_login(self.engine, "login_failed", actor, target, detail)
            for kind, key in locked:
                log.warning("login locked: %s %s", kind, key)
                audit_login(self.engine, "login_locked", actor, f"{kind}:{key}", detail)
        except HallError as exc:  # storage lost: the storage alarm says so; still refused
            log.warning("a failed login was not audited: %s", exc.en)

    def _on_verified(self, result: tuple[Peer, int | None, LoginCheck, int | None, Any]) -> None:
        peer, request_id, check, last_seq, future = result
        peer.verifying = False
        if peer.socket not in self._peers:
            return
        try:
            ok, new_hash = future.result()
        except Exception:
            log.exception("password check failed")
            ok, new_hash = False, None
        caller = check.caller
        if not ok or not check.known:
            role = "counter" if caller.window is not None else "admin"
            where = {"window": caller.window}
            self._login_failed(peer, role, where, caller.staff_no, "password")
            self._refuse(peer, request_id, AuthFailed(*BAD_LOGIN))
            return
        self.hall.login_guard.succeeded(caller.staff_no, peer.address)
        try:
            if check.must_change:
                if new_hash is None:
                    raise PasswordChangeRequired()
                self._set_new_password(caller, new_hash)
            self._welcome(peer, request_id, caller, last_seq)
        except HallError as exc:
            self._refuse(peer, request_id, exc)
        except Exception:
            log.exception("welcome failed")
            self._refuse(peer, request_id, Internal())

    def _set_new_password(self, caller: Caller, new_hash: str) -> None:
        """The forced change at the first login with a password an administrator set."""
        staff_no = caller.staff_no
        assert staff_no is not None

        def write(tx: Any) -> None:
            change = staff_config.set_own_password(tx.conn, staff_no, new_hash)
            append_audit(
                tx.conn,
                at=tx.now,
                actor=staff_no,
                action="password_changed",
                target=change.target,
                before=change.before,
                after={**(change.after or {}), "at_login": True},
            )

        self.engine.run(write)

    def _take_over(self, peer: Peer, caller: Caller) -> None:
        """One live workstation session per window: a new login at the window takes over,
        the old connection is told why and closed (it does not reconnect), and it is
        audited."""
        for other in list(self._peers.values()):
            old = other.caller
            if other is peer or old is None or old.role is not Role.COUNTER:
                continue
            if old.window != caller.window:
                continue
            notice = SessionTakenOver(caller.window, caller.staff_no, peer.address)
            self._send(other, protocol.reply_error(None, notice.as_dict()))
            self._close(other, "session taken over")
            other.caller = None
            detail = {
                "window": caller.window,
                "old_staff_no": old.staff_no,
                "old_address": other.address,
                "new_staff_no": caller.staff_no,
                "new_address": peer.address,
            }
            log.info("window %s: session taken over from %s", caller.window, other.address)
            target = f"window:{caller.window}"
            try:
                audit_login(self.engine, "session_takeover", caller.actor, target, detail)
            except HallError as exc:
                log.warning("a session takeover was not audited: %s", exc.en)


def _verify(check: LoginCheck) -> tuple[bool, str | None]:
    """On a login thread: the password against its hash (or the dummy); with a forced
    change, the new password's hash too (only when the old one matched)."""
    ok = verify_password(check.password or "", check.stored_hash)
    new_hash = None
    if ok and check.known and check.must_change and check.new_password is not None:
        new_hash = hash_password(check.new_password)
    return ok, new_hash
