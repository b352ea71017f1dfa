"""What the hall's HTTP service reads and writes: a request, a response, JSON answers and
errors, a kept-open event stream, and the per-address rate limit."""

from __future__ import annotations

import json
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class HttpRequest:
    method: str
    path: str  # decoded, without the query
    query: dict[str, str]
    headers: dict[str, str]  # names in lower case
    body: bytes
    peer: str  # the client's address
    params: dict[str, str] = field(default_factory=dict)  # from the route's {name} parts

    def json(self) -> Any:
        """The body as JSON; ValueError when it is not JSON."""
        return json.loads(self.body.decode("utf-8"))


@dataclass(frozen=True)
class HttpResponse:
    status: int
    body: bytes = b""
    content_type: str = "application/json; charset=utf-8"
    headers: tuple[tuple[str, str], ...] = ()


def json_response(status: int, value: Any, *headers: tuple[str, str]) -> HttpResponse:
    body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    return HttpResponse(status, body, headers=(("Cache-Control", "no-store"), *headers))


def json_error(
    status: int, code: str, zh: str, en: str, *headers: tuple[str, str], **extra: Any
) -> HttpResponse:
    """{"error": {"code", "zh", "en", ...extra}}."""
    return json_response(status, {"error": {"code": code, "zh": zh, "en": en, **extra}}, *headers)


class EventStream:
    """A response kept open for server-sent events (text/event-stream). A handler returns one;
    the service writes its head, and `send` writes events until either side closes it."""

    def __init__(self, headers: tuple[tuple[str, str], ...] = ()) -> None:
        self.headers = headers
        self.on_close: Callable[[], None] | None = None
        self.closed = False
        self._write: Callable[[bytes], bool] | None = None
        self._end: Callable[[], None] | None = None
        self.peer = ""

    def send(self, data: str, event: str | None = None) -> bool:
        """One event (data on one line); False when the stream is gone."""
        head = f"event: {event}\n" if event else ""
        return self._raw(f"{head}data: {data}\n\n".encode())

    def comment(self, text: str = "") -> bool:
        """A line the browser ignores: keeps the connection (and the phone's Wi-Fi) alive."""
        return self._raw(f": {text}\n\n".encode())

    def close(self) -> None:
        if not self.closed and self._end is not None:
            self._end()
        self._closed()

    def _raw(self, data: bytes) -> bool:
        if self.closed or self._write is None:
            return False
        return self._write(data)

    def _closed(self) -> None:
        if self.closed:
            return
        self.closed = True
        if self.on_close is not None:
            self.on_close()


class RateLimit:
    """At most `per_minute` requests a minute from one address (a sliding minute)."""

    def __init__(self, per_minute: int) -> None:
        self.per_minute = per_minute
        self._seen: dict[str, deque[float]] = {}

    def allow(self, peer: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        if len(self._seen) > 10_000:  # forget addresses quiet for a minute
            self._seen = {p: q for p, q in self._seen.items() if q and now - q[-1] < 60}
        seen = self._seen.setdefault(peer, deque())
        while seen and now - seen[0] >= 60:
            seen.popleft()
        if len(seen) >= self.per_minute:
            return False
        seen.append(now)
        return True
