"""The UI tests' hall client: the real client (app.net.client.HallClient) talking to the real
server (app.net.server.HallServer, over the real command table) through an in-process
loopback instead of TCP.

Everything above the bytes is the production code: the hello goes through the server's
Authenticator (a staff password is checked by verify_password on the server's login
thread), every request is encoded by app.net.protocol, parsed and checked by the server and
run through the same ``CommandTable.run`` (built with ``check_results=True``, so a reply that
does not match its command's declared type is an internal error), and the reply and the events
reach the client as JSON text and are handled by the client's own code: in seq order, never
twice, catch-up or snapshot after a reconnect, auth_failed on a refused login. There is no
rule and no operation here; only the wire is replaced:

- each message is delivered on the next turn of the event loop (as from a socket, never
  inside the call that sent it), in the order sent;
- a message over the server's ``max_message_bytes`` closes the connection, as QWebSocket's
  limit does;
- ``drop()`` cuts the link (both ends hear it) and refuses new connections until
  ``restore()``; the client reconnects by its own backoff, as over a LAN;
- ``sent`` / ``ops()`` list the requests the screen asked for.

Why not TCP on 127.0.0.1 for every UI test: the screens' tests need to cut and restore one
client's link at will and must not wait on socket timing; the network path itself is covered by
test_real_server.py, test_counter_login_real.py, test_counter_screen_photo.py and the console
tests (test_admin*.py), which use real sockets.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import QAbstractSocket

from app.config import Config, Tokens
from app.net.client import HallClient, OnError, OnOk
from app.net.server import HallServer

KIOSK_TOKEN = "kiosk-token-ui"
DISPLAY_TOKEN = "display-token-ui"
COUNTER_TOKENS = {n: f"counter-token-ui-{n:04d}" for n in range(1, 9)}
EVALUATOR_TOKENS = {n: f"evaluator-token-ui-{n:04d}" for n in range(1, 9)}
ADMIN_TOKEN = "admin-token-ui"  # the console logs in only from a machine holding one
TOKENS = Tokens(
    {"kiosk1": KIOSK_TOKEN},
    {"lobby": DISPLAY_TOKEN},
    COUNTER_TOKENS,
    EVALUATOR_TOKENS,
    {"supervisor-pc": ADMIN_TOKEN},
)
HALL_CONFIG = Config(
    hall_name="示范政务服务中心",
    notice="办事指南、收费标准与承诺时限请见各窗口公示；监督电话 12345。",
    tokens=TOKENS,
)
LOOPBACK_URL = "ws://loopback.invalid"
_connections = itertools.count(1)
Connected = QAbstractSocket.SocketState.ConnectedState
Unconnected = QAbstractSocket.SocketState.UnconnectedState


def credential(role: str, **given: Any) -> dict[str, Any]:
    """A hello's credential for HALL_CONFIG's machines and the demo hall's staff."""
    if role == "kiosk":
        return {"token": KIOSK_TOKEN, "machine": "kiosk1", **given}
    if role == "display":
        return {"token": DISPLAY_TOKEN, "machine": "lobby", **given}
    if role == "counter":
        window = int(given.get("window", 1))
        base = {"token": COUNTER_TOKENS[window], "window": window, "staff_no": f"100{window}"}
        return {**base, "password": "123456", **given}
    if role == "evaluator":
        window = int(given.get("window", 1))
        return {"token": EVALUATOR_TOKENS[window], "window": window, **given}
    return {"token": ADMIN_TOKEN, "staff_no": "admin", "password": "admin123", **given}


def _post(receiver: QObject | None, work: Callable[[], None]) -> None:
    """Run `work` on the receiver's next turn of the loop, unless it is gone by then."""
    if receiver is not None and shiboken6.isValid(receiver):
        QTimer.singleShot(0, receiver, work)


class LoopbackEnd(QObject):
    """One end of an in-process WebSocket connection: the part of QWebSocket that HallClient
    and HallServer use. Messages are queued text, tagged with the connection they were sent
    on, so nothing of an old connection ever reaches a new one."""

    connected = Signal()
    disconnected = Signal()
    textMessageReceived = Signal(str)
    binaryMessageReceived = Signal(bytes)
    pong = Signal()
    errorOccurred = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.other: LoopbackEnd | None = None
        self.connection = 0
        self.is_open = False
        self.limit = 0  # largest message accepted (0: any)
        self._error = ""

    # QWebSocket's interface
    def sendTextMessage(self, text: str) -> int:
        other, connection = self.other, self.connection
        if not self.is_open or other is None:
            return 0
        _post(other, lambda: other._arrive(connection, text))
        return len(text.encode())

    def flush(self) -> bool:
        return True

    def bytesToWrite(self) -> int:
        return 0

    def ping(self, payload: bytes = b"") -> None:
        connection = self.connection
        _post(self, lambda: self.is_open and self.connection == connection and self.pong.emit())

    def setMaxAllowedIncomingMessageSize(self, size: int) -> None:
        self.limit = size

    def setMaxAllowedIncomingFrameSize(self, size: int) -> None:
        pass

    def close(self, code: Any = None, reason: str = "") -> None:
        self.hang_up()

    def abort(self) -> None:
        self.hang_up()

    def state(self) -> QAbstractSocket.SocketState:
        return Connected if self.is_open else Unconnected

    def errorString(self) -> str:
        return self._error

    # the loopback
    def hang_up(self) -> None:
        """Close this end now; the other end hears it on the next turn of the loop."""
        other, self.other = self.other, None
        was_open, self.is_open = self.is_open, False
        if other is not None:
            connection = self.connection
            _post(other, lambda: other._hung_up(connection))
        if was_open:
            self.disconnected.emit()

    def _hung_up(self, connection: int) -> None:
        if connection != self.connection or self.other is None:
            return
        self.other = None
        was_open, self.is_open = self.is_open, False
        if was_open:
            self.disconnected.emit()

    def _arrive(self, connection: int, text: str) -> None:
        if connection != self.connection or not self.is_open:
            return
        if self.limit and len(text.encode()) > self.limit:
            self.hang_up()  # QWebSocket closes a connection that sends more than its limit
            return
        self.textMessageReceived.emit(text)


class ClientEnd(LoopbackEnd):
    """The client's end: `open` connects to the server, unless the test cut the link."""

    def __init__(self, client: TableClient) -> None:
        super().__init__(client)
        self.client = client

    def open(self, url: Any) -> None:
        self.hang_up()
        self.connection = connection = next(_connections)
        if not self.client.link_up:
            self._error = "connection refused (the test cut this client's link)"
            _post(self, lambda: self.connection == connection and self.errorOccurred.emit(None))
            return
        server_end = LoopbackEnd()
        server_end.connection, server_end.other, server_end.is_open = connection, self, True
        self.other = server_end
        self.client.server.attach(server_end)
        _post(self, lambda: self._opened(connection))

    def _opened(self, connection: int) -> None:
        if connection == self.connection and self.other is not None:
            self.is_open = True
            self.connected.emit()


class TableClient(HallClient):
    """HallClient over the loopback to `server`; `sent` lists every request asked for."""

    def __init__(
        self,
        server: HallServer,
        role: str,
        credential: dict[str, Any],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(LOOPBACK_URL, role, credential, parent)
        self.server = server
        self.link_up = True
        self.sent: list[tuple[str, dict[str, Any]]] = []
        self._socket.deleteLater()  # the real socket is never opened: the loopback stands in
        self._socket = ClientEnd(self)  # type: ignore[assignment]
        self._socket.connected.connect(self._on_socket_connected)
        self._socket.disconnected.connect(self._on_socket_disconnected)
        self._socket.textMessageReceived.connect(self._on_text)
        self._socket.pong.connect(self._on_pong)
        self._socket.errorOccurred.connect(self._on_socket_error)

    def request(
        self,
        op: str,
        args: dict[str, Any],
        on_ok: OnOk | None = None,
        on_error: OnError | None = None,
    ) -> int:
        self.sent.append((op, json.loads(json.dumps(args))))
        return super().request(op, args, on_ok, on_error)

    # test controls
    def drop(self) -> None:
        """The link goes down (both ends hear it) and stays down until restore()."""
        self.link_up = False
        self._socket.abort()

    def restore(self) -> None:
        """The link is back: the client reconnects at its next retry."""
        self.link_up = True

    def ops(self) -> list[str]:
        return [op for op, _ in self.sent]

    def args_of(self, op: str) -> dict[str, Any]:
        """The arguments of the last `op` request sent."""
        return next(args for name, args in reversed(self.sent) if name == op)
