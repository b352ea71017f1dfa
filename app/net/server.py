"""The hall server: one QWebSocketServer in front of the command table; fans out events.

On the LAN it speaks TLS (wss://) with the hall's own certificate (clients pin it): a
QSslServer takes each TCP connection, sets TCP_NODELAY, does the TLS handshake and hands the
encrypted socket to the WebSocket server. The one-PC hall listens on 127.0.0.1 without TLS.

The server greets each connection with a fresh nonce (``challenge``); the connection's
``hello`` (role + credential proven against that nonce + the last seq it saw) is checked, a
staff password off-thread (app.net.auth), failures counted and audited (app.hall.logins). The
server answers, then sends the events after that seq (or a snapshot when there is none or it
is too far behind), then every new event as it is committed, each as the client's role may see
it (app.hall.audience). A second login at a window takes over its session: the first gets a
notice and is closed. A request id repeated on a connection is answered from the first reply.
The server runs on one thread; all engine commands run on it, so events go out in commit (seq)
order and a connection is switched from catch-up to live without anything slipping in between.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtNetwork import (
    QAbstractSocket,
    QHostAddress,
    QSslConfiguration,
    QSslServer,
    QTcpServer,
)
from PySide6.QtWebSockets import QWebSocket, QWebSocketProtocol, QWebSocketServer

from app.errors import HallError
from app.hall.audience import concerns, event_for, has_secrets, may_see_all, may_wait, public
from app.hall.caller import Caller, Role
from app.hall.command import CommandTable
from app.hall.context import Hall
from app.net import protocol
from app.net.auth import Authenticator
from app.net.errors import BadMessage, DuplicateRequest, Internal, NetError, NotAuthenticated
from app.net.hello import Logins, Peer, _Bridge
from app.queue.views import HallEvent
from app.runtime import qt_refcounts  # noqa: F401  (before any Qt call)

log = logging.getLogger(__name__)

HELLO_TIMEOUT_MS = 10_000
MAX_PENDING = 512
MAX_CATCHUP = 2000  # more events missed than this: the client gets a snapshot instead
MAX_BACKLOG_BYTES = 8 << 20  # a client that stops reading this much is dropped (it catches up)
BATCH_MS = 250  # how long an event that may wait (app.hall.audience.may_wait) waits at most
BATCH_SLICE = 25  # clients sent their batch in one turn of the event loop
POLICY = QWebSocketProtocol.CloseCode.CloseCodePolicyViolated


class HallServer(QObject, Logins):
    listening = Signal(int)  # the port

    def __init__(
        self,
        hall: Hall,
        table: CommandTable,
        parent: QObject | None = None,
        *,
        tls: QSslConfiguration | None = None,
    ) -> None:
        """`tls`: the server's certificate and key (wss://); None: plain ws:// (127.0.0.1)."""
        super().__init__(parent)
        self.hall = hall
        self.table = table
        self.engine = hall.engine
        self.config = hall.config
        self.auth = Authenticator(
            hall.engine.db, hall.config.tokens, hall.engine.log_rating_anomaly
        )
        self._server = QWebSocketServer("hallqueue", QWebSocketServer.SslMode.NonSecureMode, self)
        self._server.newConnection.connect(self._on_new_connection)
        # Our own TCP listener, so that every socket gets TCP_NODELAY before the WebSocket
        # handshake: without it Nagle's algorithm holds back the second of two quick events
        # until the client's delayed ACK (up to 40 ms on Linux). With TLS, a QSslServer: it
        # hands over each socket once its handshake is done (or drops it after 5 s).
        self.tls = tls is not None
        if tls is not None:
            ssl = QSslServer(self)
            ssl.setSslConfiguration(tls)
            ssl.errorOccurred.connect(lambda _s, e: log.debug("TLS connection failed: %s", e))
            ssl.sslErrors.connect(lambda _s, errors: log.debug("TLS errors: %s", len(errors)))
            self._tcp: QTcpServer = ssl
        else:
            self._tcp = QTcpServer(self)
        self._tcp.pendingConnectionAvailable.connect(self._on_tcp_connection)
        for listener in (self._tcp, self._server):
            listener.setMaxPendingConnections(MAX_PENDING)  # a whole hall reconnecting at once
        self._peers: dict[QWebSocket, Peer] = {}
        self._closed = False
        self._published = self.engine.last_seq()
        self._snapshot: tuple[dict[str, Any], str] | None = None
        self._batch = QTimer(self)  # sends the events that wait (Peer.later) as one message
        self._batch.setSingleShot(True)
        self._batch.setInterval(BATCH_MS)
        self._batch.timeout.connect(self._send_batches)
        self._batching: list[Peer] = []  # the clients whose batch is still to go (a slice a turn)
        self._batch_texts: dict[tuple[str, ...], str] = {}  # batches encoded, by their events
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="login")
        self._bridge = _Bridge(self)
        self._bridge.done.connect(self._on_verified)
        self.engine.subscribe(self._publish)
        hall.alarms.subscribe(self._publish_alarm)

    # Lifecycle
    def listen(self, host: str, port: int) -> int:
        address = (
            QHostAddress(QHostAddress.SpecialAddress.Any)
            if host in ("", "0.0.0.0")
            else (QHostAddress(host))
        )
        if not self._tcp.listen(address, port):
            raise NetError(
                f"无法在 {host}:{port} 监听：{self._tcp.errorString()}",
                f"cannot listen on {host}:{port}: {self._tcp.errorString()}",
            )
        self.listening.emit(self.port)
        scheme = "wss" if self.tls else "ws"
        log.info("hall server listening on %s://%s:%s", scheme, host, self.port)
        return self.port

    @property
    def port(self) -> int:
        return int(self._tcp.serverPort())

    @property
    def peer_count(self) -> int:
        return len(self._peers)

    def close(self) -> None:
        self._closed = True
        self._tcp.close()
        self._server.close()
        for socket in list(self._peers):
            socket.abort()
        self._peers.clear()
        self._pool.shutdown(wait=False, cancel_futures=True)

    # Connections
    def _on_tcp_connection(self) -> None:
        while self._tcp.hasPendingConnections():
            socket = self._tcp.nextPendingConnection()
            socket.setSocketOption(QAbstractSocket.SocketOption.LowDelayOption, 1)
            self._server.handleConnection(socket)  # the WebSocket server owns it from here

    def _on_new_connection(self) -> None:
        while self._server.hasPendingConnections():
            self.attach(self._server.nextPendingConnection())

    def attach(self, socket: QWebSocket) -> None:
        """Serve one open WebSocket: from the listener, or an in-process loopback (the UI
        tests' client reaches this same server code without TCP)."""
        if self._closed:  # a loopback client still reconnecting to a server that stopped
            socket.abort()
            return
        limit = self.config.max_message_bytes
        socket.setMaxAllowedIncomingMessageSize(limit)
        socket.setMaxAllowedIncomingFrameSize(limit)
        peer = Peer(socket)
        address = getattr(socket, "peerAddress", None)
        if address is not None:
            peer.address = address().toString() or "unknown"
        self._peers[socket] = peer
        socket.textMessageReceived.connect(lambda text, p=peer: self._on_text(p, text))
        socket.binaryMessageReceived.connect(lambda data, p=peer: self._on_binary(p))
        socket.disconnected.connect(lambda p=peer: self._drop(p))
        QTimer.singleShot(HELLO_TIMEOUT_MS, self, lambda p=peer: self._hello_deadline(p))
        # the challenge goes out on the next turn of the loop: a loopback end opens after this
        QTimer.singleShot(0, self, lambda p=peer: self._send(p, protocol.challenge_text(p.nonce)))

    def _drop(self, peer: Peer) -> None:
        if self._peers.pop(peer.socket, None) is not None:
            peer.live = False
            peer.socket.deleteLater()

    def _close(self, peer: Peer, reason: str) -> None:
        peer.live = False
        if peer.socket in self._peers:
            peer.socket.close(POLICY, reason[:120])

    def _hello_deadline(self, peer: Peer) -> None:
        if peer.socket in self._peers and peer.caller is None and not peer.verifying:
            self._close(peer, "no hello")

    def _send(self, peer: Peer, text: str) -> None:
        if peer.socket not in self._peers:
            return
        if peer.socket.bytesToWrite() > MAX_BACKLOG_BYTES:
            log.warning("dropping a client that stopped reading (%s)", _who(peer))
            peer.live = False
            peer.socket.abort()
            return
        peer.socket.sendTextMessage(text)
        peer.socket.flush()  # out now, not after the next command (whose commit waits on fsync)

    def _on_binary(self, peer: Peer) -> None:
        self._send(
            peer,
            protocol.reply_error(
                None,
                BadMessage(
                    "只接受文本（JSON）消息", "only text (JSON) messages are accepted"
                ).as_dict(),
            ),
        )

    def _on_text(self, peer: Peer, text: str) -> None:
        """Every message is answered, and every refusal is typed: a HallError of any layer
        goes back as {code, zh, en}; anything else is an internal error, logged without the
        message (which may hold a password or a token)."""
        request_id = None
        try:
            message = protocol.parse(text)
            request_id = protocol.request_id_of(message)
            message = protocol.check_envelope(message)
            assert request_id is not None
            if message["type"] == "hello":
                peer.top_id = max(peer.top_id, request_id)
                self._hello(peer, request_id, message)
            else:
                reply = self._answer(peer, request_id, message)
                self._send_later(peer, {})  # the events committed before the reply first
                self._send(peer, reply)
        except HallError as exc:
            self._send(peer, protocol.reply_error(request_id, exc.as_dict()))
            if isinstance(exc, NetError) and exc.closes:
                self._close(peer, exc.en)
        except Exception:
            log.exception("a message from %s failed", _who(peer))
            self._send(peer, protocol.reply_error(request_id, Internal().as_dict()))

    def _welcome(
        self, peer: Peer, request_id: int | None, caller: Caller, last_seq: int | None
    ) -> None:
        if caller.role is Role.COUNTER:
            self._take_over(peer, caller)
        peer.caller = caller
        latest = self.engine.last_seq()
        stale = last_seq is None or last_seq > latest or latest - last_seq > MAX_CATCHUP
        self._send(
            peer,
            protocol.reply_ok(
                request_id,
                {
                    "role": caller.role.value,
                    "machine": caller.machine,
                    "window": caller.window,
                    "staff_no": caller.staff_no,
                    "staff_name": caller.staff_name,
                    "seq": latest,
                    "catchup": "snapshot" if stale else "events",
                    "alarms": self.hall.alarms.current(),
                },
            ),
        )
        if stale:
            self._send(peer, self._snapshot_text())
        else:
            assert last_seq is not None
            for event in self.engine.events_after(last_seq, MAX_CATCHUP):
                plain = protocol.event_dict(event)
                if concerns(caller, plain):
                    shown = event_for(caller, plain)
                    self._send(peer, protocol.encode({"type": "event", "event": shown}))
        peer.live = True

    # Requests
    def _answer(self, peer: Peer, request_id: int, message: dict[str, Any]) -> str:
        """The reply to a request, as text; a repeat of a request id gets the first reply
        again (the request is not run twice)."""
        if peer.caller is None:
            raise NotAuthenticated()
        remembered = peer.replies.get(request_id)
        if remembered is not None:
            return remembered
        if request_id <= peer.top_id:
            return protocol.reply_error(request_id, DuplicateRequest().as_dict())
        peer.top_id = request_id
        try:
            result = self.table.run(self.hall, peer.caller, message.get("op"), message.get("args"))
            text = protocol.reply_ok(request_id, result)
        except HallError as exc:
            text = protocol.reply_error(request_id, exc.as_dict())
        except Exception:
            log.exception("a request from %s failed", _who(peer))
            text = protocol.reply_error(request_id, Internal().as_dict())
        peer.remember(request_id, text)
        return text

    def _snapshot_text(self) -> str:
        """The snapshot as a ready message, encoded once per state of the hall."""
        state = self.hall.view.snapshot()
        if self._snapshot is None or self._snapshot[0] is not state:
            self._snapshot = (state, protocol.encode({"type": "snapshot", "snapshot": state}))
        return self._snapshot[1]

    # Events
    def _publish(self, event: HallEvent) -> None:
        """Each live client gets the event as its role may see it: at once, or in the next
        batch (may_wait); either way every client gets its events in seq order."""
        if event.seq <= self._published:
            return
        self._published = event.seq
        plain = protocol.event_dict(event)
        whole = protocol.event_piece(plain)
        hidden = protocol.event_piece(public(plain)) if has_secrets(plain) else whole
        alone = {piece: protocol.event_message(piece) for piece in (whole, hidden)}
        texts: dict[tuple[str, ...], str] = {}  # batches encoded (the screens share theirs)
        peers = [peer for peer in self._peers.values() if peer.live and peer.caller]
        for display_first in (True, False):  # the lobby screens announce calls: serve them first
            for peer in peers:
                caller = peer.caller
                assert caller is not None
                if (caller.role is Role.DISPLAY) is not display_first:
                    continue
                if not concerns(caller, plain):
                    continue
                piece = whole if may_see_all(caller, plain) else hidden
                if may_wait(caller, plain):
                    peer.later.append(piece)
                    if not self._batch.isActive():
                        self._batch.start()
                elif peer.later:  # what waited was committed before this: one message, in order
                    peer.later.append(piece)
                    self._send_later(peer, texts)
                else:
                    self._send(peer, alone[piece])

    def _send_later(self, peer: Peer, texts: dict[tuple[str, ...], str]) -> None:
        """The events waiting for this client, as one message (`texts`: batches already
        encoded, since most desks wait for the same events)."""
        if not peer.later:
            return
        key = tuple(peer.later)
        peer.later.clear()
        if key not in texts:
            texts[key] = protocol.batch_text(key)
        self._send(peer, texts[key])

    def _send_batches(self) -> None:
        """The waiting events of every client, a slice of clients per turn of the event loop:
        a request (a call to announce) waits behind one slice, not behind a whole hall."""
        self._batching = [peer for peer in self._peers.values() if peer.later]
        self._batch_texts.clear()
        self._send_batch_slice()

    def _send_batch_slice(self) -> None:
        now, self._batching = self._batching[:BATCH_SLICE], self._batching[BATCH_SLICE:]
        for peer in now:
            if peer.live:
                self._send_later(peer, self._batch_texts)
        if self._batching:
            QTimer.singleShot(0, self, self._send_batch_slice)

    def _publish_alarm(self, key: str, alarm: dict[str, Any] | None) -> None:
        """A live alarm raised (or cleared: None) goes to every logged-in client at once."""
        text = protocol.encode({"type": "alarm", "key": key, "alarm": alarm})
        for peer in list(self._peers.values()):
            if peer.live and peer.caller:
                self._send(peer, text)


def _who(peer: Peer) -> str:
    """A connection as the log names it (never with its credential)."""
    return peer.caller.actor if peer.caller else "a connection not logged in"
