"""A plain HTTP client for the tests, on a worker thread while the Qt loop (the server) runs:
urllib's http.client, bounded by a timeout, on 127.0.0.1 only."""

from __future__ import annotations

import http.client
import json
import socket
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from pytestqt.qtbot import QtBot

TIMEOUT_S = 5.0
_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="http-test")


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
    port: int, method: str, path: str, body: bytes | None, headers: dict[str, str]
) -> Answer:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT_S)
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
    port: int,
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
    future = _POOL.submit(_request, port, method, path, body, sent)
    qtbot.waitUntil(future.done, timeout=int(TIMEOUT_S * 1000) + 1000)
    return future.result()


def _raw(port: int, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT_S) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


def raw(qtbot: QtBot, port: int, data: bytes) -> bytes:
    """Bytes sent as they are; whatever comes back until the server closes."""
    future = _POOL.submit(_raw, port, data)
    qtbot.waitUntil(future.done, timeout=int(TIMEOUT_S * 1000) + 2000)
    return future.result()
