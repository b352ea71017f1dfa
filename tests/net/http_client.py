"""An HTTP(S) client for the tests, on a worker thread while the Qt loop (the server) runs:
urllib's http.client, bounded by a timeout, on 127.0.0.1 only. A port is plain HTTP; an
Endpoint with a context is HTTPS, trusting the hall's own certificate as a business system
would (`hall_tls`)."""

from __future__ import annotations

import http.client
import json
import socket
import ssl
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

TIMEOUT_S = 5.0
_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="http-test")


@dataclass(frozen=True)
class Endpoint:
    """Where to send: a port on 127.0.0.1, over TLS with `context` (None: plain HTTP)."""

    port: int
    context: ssl.SSLContext | None = None


Where = int | Endpoint


def hall_tls(cert_file: Path) -> ssl.SSLContext:
    """A client's TLS that trusts the hall's own certificate only (as `curl --cacert` does).
    The certificate names the server's host name, and tests call 127.0.0.1: the name is not
    compared, the certificate is (a test compares its fingerprint too)."""
    context = ssl.create_default_context(cafile=str(cert_file))
    context.check_hostname = False
    context.verify_mode = ssl.CERT_REQUIRED
    return context


def _endpoint(where: Where) -> Endpoint:
    return where if isinstance(where, Endpoint) else Endpoint(where)


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body.decode("utf-8"))

    @property
    def error(self) -> dict[str, Any]:
        found = self.json["error"]
        assert found["code"] and found["zh"] and found["en"], found
        return dict(found)


def _request(
    where: Endpoint, method: str, path: str, body: bytes | None, headers: dict[str, str]
) -> Answer:
    conn = (
        http.client.HTTPConnection("127.0.0.1", where.port, timeout=TIMEOUT_S)
        if where.context is None
        else http.client.HTTPSConnection(
            "127.0.0.1", where.port, timeout=TIMEOUT_S, context=where.context
        )
    )
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return Answer(
            response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        )
    finally:
        conn.close()


def request(
    qtbot: QtBot,
    port: Where,
    method: str,
    path: str,
    *,
    json_body: Any = None,
    body: bytes | None = None,
    token: str | None = None,
    headers: dict[str, str] | None = None,
) -> Answer:
    """One request; the Qt loop runs until its answer is in."""
    sent = dict(headers or {})
    if json_body is not None:
        body = json.dumps(json_body, ensure_ascii=False).encode()
        sent.setdefault("Content-Type", "application/json")
    if token is not None:
        sent["Authorization"] = f"Bearer {token}"
    future = _POOL.submit(_request, _endpoint(port), method, path, body, sent)
    qtbot.waitUntil(future.done, timeout=int(TIMEOUT_S * 1000) + 1000)
    return future.result()


def _raw(where: Endpoint, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", where.port), timeout=TIMEOUT_S) as plain:
        sock = plain if where.context is None else where.context.wrap_socket(plain)
        sock.sendall(data)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except (TimeoutError, ConnectionResetError):
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


def raw(qtbot: QtBot, port: Where, data: bytes) -> bytes:
    """Bytes sent as they are; whatever comes back until the server closes."""
    future = _POOL.submit(_raw, _endpoint(port), data)
    qtbot.waitUntil(future.done, timeout=int(TIMEOUT_S * 1000) + 2000)
    return future.result()
