"""The client every UI uses: connect, log in, request/reply with callbacks, live events.

On wss:// it first checks that the server shows the certificate pinned in its config and
refuses any other (auth_failed with tls_pin_mismatch). It then waits for the server's
challenge and logs in with a hello that proves its machine token against the challenge's
nonce (the token itself never crosses the wire).

It reconnects by itself with backoff. On every (re)connect the hello carries the last
sequence number it has seen; the server replies with the events after it (or a snapshot when
there is none or it is too far behind). Events at or below the last seen seq are dropped, so
the UI gets each committed event once, in order, across drops and server restarts.
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtWebSockets import QWebSocket

from app.net import protocol
from app.net.errors import CONNECTION_LOST, OFFLINE, TIMEOUT
from app.net.tls import certificate_fingerprint, client_configuration, pin_refusal
from app.runtime import qt_refcounts  # noqa: F401  (before any Qt call)

log = logging.getLogger(__name__)

OnOk = Callable[[Any], None]
OnError = Callable[[dict[str, Any]], None]
BACKOFF_S = (0.2, 0.5, 1.0, 2.0, 3.0, 5.0)
HEARTBEAT_MS = 5000
SILENCE_LIMIT_S = 15.0  # nothing heard (not even a pong) for this long: the link is dead
REQUEST_TIMEOUT_S = 20.0
# no point in retrying these (the person must act: fix the login, the config, the password)
FINAL_CODES = (
    "auth_failed",
    "bad_version",
    "login_locked",
    "login_wait",
    "password_change_required",
    "weak_password",
    "session_taken_over",
    "tls_pin_mismatch",
    "tls_no_fingerprint",
)


class HallClient(QObject):
    connected_changed = Signal(bool)  # True once authenticated; False when the link drops
    event_received = Signal(object)  # dict: one committed hall event, in seq order, never twice
    snapshot_received = Signal(object)  # dict: full state (after connect / when too far behind)
    auth_failed = Signal(object)  # error dict; the client stops reconnecting (fix the login)
    alarms_changed = Signal(object)  # dict key → alarm: the hall's live alarms, all of them

    def __init__(
        self,
        url: str,
        role: str,
        credential: dict[str, Any],
        parent: QObject | None = None,
        *,
        fingerprint: str = "",
    ) -> None:
        """`fingerprint`: the server certificate's SHA-256 (64 hex digits), for wss://."""
        super().__init__(parent)
        self.url = url
        self.role = role
        self.credential = dict(credential)
        self.fingerprint = fingerprint
        self.last_seq: int | None = None
        self.welcome: dict[str, Any] = {}  # the hello reply: role, machine, window, staff_name
        self.alarms: dict[str, Any] = {}  # the hall's live alarms (storage lost, backups failing)
        self._wanted = False
        self._authenticated = False
        self._attempt = 0
        self._next_id = 0
        self._hello_id: int | None = None
        self._pending: dict[int, tuple[OnOk | None, OnError | None, float]] = {}
        self._last_heard = time.monotonic()
        self._socket = QWebSocket(parent=self)
        if url.startswith("wss://"):
            self._socket.setSslConfiguration(client_configuration())
        self._socket.connected.connect(self._on_socket_connected)
        self._socket.disconnected.connect(self._on_socket_disconnected)
        self._socket.textMessageReceived.connect(self._on_text)
        self._socket.pong.connect(self._on_pong)
        self._socket.errorOccurred.connect(self._on_socket_error)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._connect)
        self._heartbeat = QTimer(self)
        self._heartbeat.setInterval(HEARTBEAT_MS)
        self._heartbeat.timeout.connect(self._on_heartbeat)

    # Public interface
    @property
    def is_connected(self) -> bool:
        return self._authenticated

    def open(self) -> None:
        if self._wanted:
            return
        self._wanted = True
        self._attempt = 0
        self._connect()

    def close(self) -> None:
        self._wanted = False
        self._retry.stop()
        self._heartbeat.stop()
        self._socket.abort()
        self._link_down(OFFLINE)

    def request(
        self,
        op: str,
        args: dict[str, Any],
        on_ok: OnOk | None = None,
        on_error: OnError | None = None,
    ) -> int:
        """Send one request; exactly one of the callbacks runs later, on this thread."""
        request_id = self._new_id()
        if not self._authenticated:
            QTimer.singleShot(0, self, lambda: _call(on_error, dict(OFFLINE)))
            return request_id
        self._pending[request_id] = (on_ok, on_error, time.monotonic())
        self._socket.sendTextMessage(
            protocol.encode({"type": "request", "id": request_id, "op": op, "args": args})
        )
        self._socket.flush()
        return request_id

    # Connection
    def _new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def _connect(self) -> None:
        if self._wanted:
            self._socket.abort()  # may report a disconnect, which schedules a retry: cancel it
            self._retry.stop()
            self._socket.open(QUrl(self.url))

    def _schedule_retry(self) -> None:
        if not self._wanted or self._retry.isActive():
            return
        delay = BACKOFF_S[min(self._attempt, len(BACKOFF_S) - 1)] * random.uniform(0.8, 1.2)
        self._attempt += 1
        self._retry.start(int(delay * 1000))

    def _on_socket_connected(self) -> None:
        """Linked (TLS done on wss://): check the server's certificate against the pin, then
        wait for its challenge."""
        if self.url.startswith("wss://"):
            shown = certificate_fingerprint(self._socket.sslConfiguration().peerCertificate())
            refusal = pin_refusal(self.fingerprint, shown)
            if refusal is not None:
                log.warning("refused the server at %s: %s", self.url, refusal["en"])
                self._final(refusal)
                return
        self._last_heard = time.monotonic()
        self._heartbeat.start()

    def _say_hello(self, nonce: Any) -> None:
        if not isinstance(nonce, str) or self._authenticated or self._hello_id is not None:
            return
        self._hello_id = self._new_id()
        hello = {
            "type": "hello",
            "id": self._hello_id,
            "role": self.role,
            "credential": protocol.proven(self.credential, nonce, self.role),
            "last_seq": self.last_seq,
        }
        self._socket.sendTextMessage(protocol.encode(hello))
        self._socket.flush()

    def _final(self, error: dict[str, Any]) -> None:
        """A refusal that retrying cannot mend: stop, and tell the screen."""
        self._wanted = False
        self._retry.stop()
        self._heartbeat.stop()
        self.auth_failed.emit(error)
        self._socket.abort()

    def _on_socket_disconnected(self) -> None:
        self._heartbeat.stop()
        self._link_down(CONNECTION_LOST)
        self._schedule_retry()

    def _on_socket_error(self, error: Any) -> None:
        log.debug("link to %s: %s", self.url, self._socket.errorString())
        if self._socket.state().name == "UnconnectedState":
            self._heartbeat.stop()
            self._link_down(CONNECTION_LOST)
            self._schedule_retry()

    def _link_down(self, error: dict[str, Any]) -> None:
        self._hello_id = None
        pending, self._pending = self._pending, {}
        was_up, self._authenticated = self._authenticated, False
        if was_up:
            self.connected_changed.emit(False)
        for _, on_error, _ in pending.values():
            _call(on_error, dict(error))

    def _on_pong(self, *_: Any) -> None:
        self._last_heard = time.monotonic()

    def _on_heartbeat(self) -> None:
        now = time.monotonic()
        if now - self._last_heard > SILENCE_LIMIT_S:
            log.info("no word from %s for %.0f s; reconnecting", self.url, now - self._last_heard)
            self._socket.abort()
            return
        self._socket.ping()
        for request_id, (_, on_error, sent) in list(self._pending.items()):
            if now - sent > REQUEST_TIMEOUT_S:
                del self._pending[request_id]
                _call(on_error, dict(TIMEOUT))

    # Messages
    def _on_text(self, text: str) -> None:
        self._last_heard = time.monotonic()
        try:
            message = json.loads(text)
            kind = message["type"]
        except (ValueError, KeyError, TypeError):
            log.warning("unreadable message from the server: %.200s", text)
            return
        if kind == "event":
            self._on_event(message["event"])
        elif kind == "events":
            for event in message["events"]:
                self._on_event(event)
        elif kind == "challenge":
            self._say_hello(message.get("nonce"))
        elif kind == "reply" and message.get("id") == self._hello_id:
            self._on_hello_reply(message)
        elif kind == "reply":
            self._on_reply(message)
        elif kind == "snapshot":
            self.last_seq = int(message["snapshot"]["seq"])
            self.snapshot_received.emit(message["snapshot"])
        elif kind == "alarm":
            if message.get("alarm") is None:
                self.alarms.pop(str(message.get("key")), None)
            else:
                self.alarms[str(message.get("key"))] = message["alarm"]
            self.alarms_changed.emit(dict(self.alarms))
        elif kind == "error":
            error = message.get("error") or {}
            log.warning("the server refused a message: %s", error)
            if error.get("code") in FINAL_CODES:  # e.g. the session was taken over
                self._final(error)

    def _on_hello_reply(self, message: dict[str, Any]) -> None:
        self._hello_id = None
        if not message.get("ok"):
            error = message.get("error") or {}
            log.warning("login refused: %s", error)
            if error.get("code") in FINAL_CODES:
                self._final(error)
                return
            self._socket.abort()  # a passing fault (database busy…): try again after a pause
            return
        self.welcome = dict(message.get("result") or {})
        self.alarms = dict(self.welcome.get("alarms") or {})
        self.alarms_changed.emit(dict(self.alarms))
        self._attempt = 0
        self._authenticated = True
        self.connected_changed.emit(True)

    def _on_reply(self, message: dict[str, Any]) -> None:
        entry = self._pending.pop(message.get("id", -1), None)
        if entry is None:
            return
        on_ok, on_error, _ = entry
        if message.get("ok"):
            _call(on_ok, message.get("result"))
        else:
            _call(on_error, message.get("error") or dict(TIMEOUT))

    def _on_event(self, event: dict[str, Any]) -> None:
        seq = int(event["seq"])
        if self.last_seq is not None and seq <= self.last_seq:
            return
        self.last_seq = seq
        self.event_received.emit(event)


def _call(callback: Callable[[Any], None] | None, value: Any) -> None:
    if callback is None:
        return
    try:
        callback(value)
    except Exception:  # a broken callback must not stop the client's message handling
        log.exception("client callback failed")
