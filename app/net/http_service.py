"""One small HTTP/1.1 service for the hall server, for machines and phones outside the staff
network: the API for machines (the online platform's intake, the windows' business systems)
and the visitor's phone page. The composition root makes one per listening address and
registers the routes on it; every route may have its own token (app/net/http_auth.py), and
a service may speak TLS (HTTPS, with the hall server's own certificate) so that tokens do
not cross the LAN in clear.

HTTP is parsed by h11 (a sans-I/O HTTP/1.1 state machine) on our own QTcpServer, on the
server's thread, beside the engine: a handler runs engine commands directly and a kept-open
response (server-sent events) is written to when the engine's events come. Every answer the
service itself gives (no route, bad HTTP, too large, too many requests, a bad token, a failed
handler) is a JSON error {"error": {code, zh, en}}; nothing a handler began is committed
unless it finished (each engine command is one transaction).

Adding a route with its own token, or with a token per window:
    service.route("POST", "/api/v1/things/{id}", handler, token=lambda: config.things_token)
    service.route("POST", "/api/v1/windows/{window}/x", handler, token=TokenPer("window", f))
"""

from __future__ import annotations

import contextlib
import logging
import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

import h11
from PySide6.QtCore import QObject, QTimer
from PySide6.QtNetwork import (
    QAbstractSocket,
    QHostAddress,
    QSslConfiguration,
    QSslServer,
    QTcpServer,
    QTcpSocket,
)

from app.net.errors import NetError
from app.net.http_auth import Guard, refusal
from app.net.http_messages import (
    EventStream,
    HttpRequest,
    HttpResponse,
    RateLimit,
    json_error,
)
from app.runtime import qt_refcounts  # noqa: F401  (before any Qt call)

log = logging.getLogger(__name__)
MAX_HEADER_BYTES = 16 * 1024
MAX_BODY_BYTES = 256 * 1024
MAX_CONNECTIONS = 1024
REQUEST_TIMEOUT_MS = 15_000  # a request must arrive whole this long after the last one
LINGER_MS = 500  # after an answer to a request that cannot be read: then the connection closes
HANDSHAKE_TIMEOUT_MS = 5_000  # a TLS handshake not done by then: the connection is dropped
REASONS = {
    200: "OK",
    201: "Created",
    204: "No Content",
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


Handler = Callable[[HttpRequest], "HttpResponse | EventStream"]


@dataclass(frozen=True)
class Route:
    method: str
    pattern: re.Pattern[str]
    handler: Handler
    token: Guard | None  # the route's token(s) (read at each request); None: no token


def _pattern(path: str) -> re.Pattern[str]:
    """'/api/v1/appointments/{id}' → a regex with a named group per {name} (one segment)."""
    parts = re.split(r"\{(\w+)\}", path)
    regex = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>[^/]+)" for i, part in enumerate(parts)
    )
    return re.compile(f"^{regex}$")


class HttpService(QObject):
    """An HTTP/1.1 listener with routes. `requests_per_minute`: per client address (None: no
    limit); `max_streams_per_peer`: open event streams per address; `tls`: the server's
    certificate and key (HTTPS: a connection is served only once its TLS handshake is done);
    None: plain HTTP."""

    def __init__(
        self,
        name: str,
        *,
        max_body: int = MAX_BODY_BYTES,
        requests_per_minute: int | None = None,
        max_streams_per_peer: int = 4,
        tls: QSslConfiguration | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.name = name
        self.max_body = max_body
        self.limit = RateLimit(requests_per_minute) if requests_per_minute else None
        self.max_streams_per_peer = max_streams_per_peer
        self.routes: list[Route] = []
        self.tls = tls is not None
        if tls is not None:
            ssl = QSslServer(self)
            ssl.setSslConfiguration(tls)
            ssl.setHandshakeTimeout(HANDSHAKE_TIMEOUT_MS)
            ssl.errorOccurred.connect(lambda _s, e: log.debug("%s: TLS failed: %s", name, e))
            self._tcp: QTcpServer = ssl
        else:
            self._tcp = QTcpServer(self)
        # emitted once a socket is ready to be read: with TLS, after its handshake
        self._tcp.pendingConnectionAvailable.connect(self._accept)
        self._connections: set[_Connection] = set()

    def route(
        self, method: str, path: str, handler: Handler, *, token: Guard | None = None
    ) -> None:
        """Serve `method path` ({name} parts become request.params) by `handler`; with a
        `token`, only to a request carrying it (Authorization: Bearer <token>); with a
        TokenPer, only to one carrying the token of its own value of that parameter."""
        self.routes.append(Route(method.upper(), _pattern(path), handler, token))

    def listen(self, host: str, port: int) -> int:
        address = (
            QHostAddress(QHostAddress.SpecialAddress.Any)
            if host in ("", "0.0.0.0")
            else QHostAddress(host)
        )
        if not self._tcp.listen(address, port):
            raise NetError(
                f"{self.name}：无法在 {host}:{port} 监听：{self._tcp.errorString()}",
                f"{self.name}: cannot listen on {host}:{port}: {self._tcp.errorString()}",
            )
        scheme = "https" if self.tls else "http"
        log.info("%s listening on %s://%s:%s", self.name, scheme, host, self.port)
        return self.port

    @property
    def port(self) -> int:
        return int(self._tcp.serverPort())

    def close(self) -> None:
        self._tcp.close()
        for connection in list(self._connections):
            connection.abort()
        self._connections.clear()

    def streams_of(self, peer: str) -> int:
        return sum(1 for c in self._connections if c.stream is not None and c.peer == peer)

    def _accept(self) -> None:
        while self._tcp.hasPendingConnections():
            socket = self._tcp.nextPendingConnection()
            if len(self._connections) >= MAX_CONNECTIONS:
                socket.abort()
                continue
            socket.setSocketOption(QAbstractSocket.SocketOption.LowDelayOption, 1)
            self._connections.add(_Connection(self, socket))

    def _gone(self, connection: _Connection) -> None:
        self._connections.discard(connection)

    # Dispatch
    def respond(self, request: HttpRequest) -> HttpResponse | EventStream:
        """The answer to one whole request (a JSON error when no route takes it)."""
        if self.limit is not None and not self.limit.allow(request.peer):
            return json_error(
                429,
                "too_many_requests",
                "请求过于频繁，请稍后再试",
                "too many requests: try again in a minute",
                ("Retry-After", "60"),
            )
        allowed = []
        for route in self.routes:
            found = route.pattern.match(request.path)
            if found is None:
                continue
            if route.method != request.method:
                allowed.append(route.method)
                continue
            params = {k: urllib.parse.unquote(v) for k, v in found.groupdict().items()}
            request = _with_params(request, params)
            refused = refusal(route.token, request)
            if refused is not None:
                return refused
            return self._run(route, request)
        if allowed:
            return json_error(
                405,
                "method_not_allowed",
                f"该地址不支持 {request.method}",
                f"{request.method} is not allowed here",
                ("Allow", ", ".join(sorted(set(allowed)))),
            )
        return json_error(404, "not_found", "没有这个地址", f"no such path: {request.path}")

    def _run(self, route: Route, request: HttpRequest) -> HttpResponse | EventStream:
        try:
            return route.handler(request)
        except Exception:
            log.exception("%s: %s %s failed", self.name, request.method, request.path)
            return json_error(500, "internal_error", "服务器内部错误", "internal server error")


def _with_params(request: HttpRequest, params: dict[str, str]) -> HttpRequest:
    return HttpRequest(
        request.method,
        request.path,
        request.query,
        request.headers,
        request.body,
        request.peer,
        params,
    )


class _Connection(QObject):
    """One client connection: h11 parses, the service answers, keep-alive or an event
    stream afterwards."""

    def __init__(self, service: HttpService, socket: QTcpSocket) -> None:
        super().__init__(service)
        self.service = service
        self.socket = socket
        socket.setParent(self)
        self.peer = _address(socket.peerAddress())
        self.h11 = h11.Connection(h11.SERVER, max_incomplete_event_size=MAX_HEADER_BYTES)
        self.stream: EventStream | None = None
        self._head: h11.Request | None = None
        self._body = bytearray()
        self._closing = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.abort)
        self._timer.start(REQUEST_TIMEOUT_MS)
        socket.readyRead.connect(self._read)
        socket.disconnected.connect(self._disconnected)

    def abort(self) -> None:
        self._closing = True
        if self.stream is not None:
            self.stream._closed()
        self.socket.abort()
        self._finished()

    def _finished(self) -> None:
        self._timer.stop()
        self.service._gone(self)
        self.deleteLater()

    def _disconnected(self) -> None:
        if self.stream is not None:
            self.stream._closed()
        self._finished()

    def _read(self) -> None:
        data = bytes(self.socket.readAll().data())
        if self.stream is not None or self._closing:
            return  # a client has nothing more to say on an event stream
        self.h11.receive_data(data)
        self._pump()

    def _pump(self) -> None:
        while not self._closing:
            try:
                event = self.h11.next_event()
            except h11.RemoteProtocolError as exc:
                status = exc.error_status_hint
                code = "too_large" if status == 431 else "bad_http"
                self._fail(status, code, "请求格式错误", f"malformed HTTP request: {exc}")
                return
            if event is h11.NEED_DATA or event is h11.PAUSED:
                return
            if isinstance(event, h11.Request):
                self._head, self._body = event, bytearray()
                if _length(event) > self.service.max_body:
                    self._too_large()
                    return
            elif isinstance(event, h11.Data):
                self._body += event.data
                if len(self._body) > self.service.max_body:
                    self._too_large()
                    return
            elif isinstance(event, h11.EndOfMessage):
                self._answer()
            elif isinstance(event, h11.ConnectionClosed):
                self.socket.disconnectFromHost()
                return

    def _too_large(self) -> None:
        limit = self.service.max_body
        self._fail(
            413, "too_large", f"请求内容超过 {limit} 字节", f"the body is over {limit} bytes"
        )

    def _fail(self, status: int, code: str, zh: str, en: str) -> None:
        """Answer a request that cannot be read with a JSON error, then close after a while:
        what the client still sends meanwhile is read and dropped (closing on unread bytes
        would reset the connection, and the client could lose the answer)."""
        if self.h11.our_state in (h11.IDLE, h11.SEND_RESPONSE):
            response = json_error(status, code, zh, en, ("Connection", "close"))
            self._send(response)
        self._closing = True
        self._timer.stop()
        QTimer.singleShot(LINGER_MS, self.socket, self.socket.disconnectFromHost)

    def _answer(self) -> None:
        assert self._head is not None
        head = self._head
        target = head.target.decode("latin-1")
        path, _, query = target.partition("?")
        request = HttpRequest(
            method=head.method.decode("latin-1").upper(),
            path=urllib.parse.unquote(path),
            query=dict(urllib.parse.parse_qsl(query)),
            headers={k.decode("latin-1").lower(): v.decode("latin-1") for k, v in head.headers},
            body=bytes(self._body),
            peer=self.peer,
        )
        answer = self.service.respond(request)
        if isinstance(answer, EventStream):
            if self.service.streams_of(self.peer) >= self.service.max_streams_per_peer:
                answer.close()
                answer = json_error(
                    429, "too_many_streams", "打开的页面过多", "too many open streams"
                )
            else:
                self._start_stream(answer)
                return
        self._send(answer)
        if self.h11.our_state is h11.MUST_CLOSE or self.h11.their_state is h11.MUST_CLOSE:
            self._closing = True
            self.socket.disconnectFromHost()
            return
        self.h11.start_next_cycle()
        self._timer.start(REQUEST_TIMEOUT_MS)

    def _send(self, response: HttpResponse) -> None:
        headers = [
            ("Content-Type", response.content_type),
            ("Content-Length", str(len(response.body))),
            ("X-Content-Type-Options", "nosniff"),
            *response.headers,
        ]
        reason = REASONS.get(response.status, "").encode()
        head = h11.Response(status_code=response.status, headers=headers, reason=reason)
        data = self.h11.send(head) or b""  # one write: one TLS record, one segment
        if response.body:
            data += self.h11.send(h11.Data(data=response.body)) or b""
        self._write(data + (self.h11.send(h11.EndOfMessage()) or b""))

    def _write(self, data: bytes | None) -> bool:
        if not data or self.socket.state() != QAbstractSocket.SocketState.ConnectedState:
            return False
        self.socket.write(data)
        self.socket.flush()
        return True

    def _start_stream(self, stream: EventStream) -> None:
        self._timer.stop()
        self.stream = stream
        stream.peer = self.peer
        headers = [
            ("Content-Type", "text/event-stream; charset=utf-8"),
            ("Cache-Control", "no-store"),
            ("X-Accel-Buffering", "no"),
            *stream.headers,
        ]
        self._write(self.h11.send(h11.Response(status_code=200, headers=headers, reason=b"OK")))

        def write(data: bytes) -> bool:
            try:
                return self._write(self.h11.send(h11.Data(data=data)))
            except h11.LocalProtocolError:
                return False

        def end() -> None:
            stream.closed = True  # no on_close: the closer knows
            with contextlib.suppress(h11.LocalProtocolError):
                self._write(self.h11.send(h11.EndOfMessage()))
            self._closing = True
            self.socket.disconnectFromHost()

        stream._write, stream._end = write, end


def _length(head: h11.Request) -> int:
    for name, value in head.headers:
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return 0
    return 0


def _address(address: QHostAddress) -> str:
    text = address.toString()
    return text.removeprefix("::ffff:")
