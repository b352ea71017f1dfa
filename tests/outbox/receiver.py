"""A 好差评 platform on 127.0.0.1 that misbehaves on purpose: it drops connections before or
after taking a message, answers too late, sees a request twice, answers 500, refuses a bad
record with 400, and goes down and comes back on the same port. It keeps every message it
took by its id, as a platform that knows a message by its id does."""

from __future__ import annotations

import json
import random
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

FAULTS = ("ok", "drop_before", "drop_after", "late", "twice", "error500")


@dataclass
class Tally:
    requests: int = 0
    faults: dict[str, int] = field(default_factory=dict)
    taken: dict[str, bytes] = field(default_factory=dict)  # message id → body, first taken
    order: list[str] = field(default_factory=list)  # ids in the order first taken
    arrivals: list[str] = field(default_factory=list)  # every id taken, repeats included
    changed: list[str] = field(default_factory=list)  # ids that came again with another body
    headers_ok: bool = True


class Receiver:
    def __init__(
        self,
        *,
        seed: int = 7,
        weights: dict[str, float] | None = None,
        late_s: float = 1.4,
        refuse: Callable[[dict[str, Any]], bool] = lambda body: False,
    ) -> None:
        self.rng = random.Random(seed)
        self.weights = weights or {
            "ok": 0.6,
            "drop_before": 0.08,
            "drop_after": 0.08,
            "late": 0.04,
            "twice": 0.08,
            "error500": 0.12,
        }
        self.late_s = late_s
        self.refuse = refuse
        self.tally = Tally()
        self.lock = threading.Lock()
        self.port = 0
        self.httpd: ThreadingHTTPServer | None = None
        self._start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/haocha/evaluation"

    def _start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keeps connections, as a real server would

            def do_POST(self) -> None:
                receiver.handle(self)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def go_down(self) -> None:
        """Stop listening and cut every connection (a platform restart, a cable pulled)."""
        assert self.httpd is not None
        self.httpd.shutdown()
        self.httpd.server_close()
        self.httpd = None

    def come_back(self) -> None:
        self._start()

    def fault(self) -> str:
        names = list(self.weights)
        return self.rng.choices(names, [self.weights[n] for n in names])[0]

    def _take(self, message_id: str, data: bytes) -> None:
        t = self.tally
        t.arrivals.append(message_id)
        if message_id not in t.taken:
            t.taken[message_id] = data
            t.order.append(message_id)
        elif t.taken[message_id] != data:
            t.changed.append(message_id)

    def handle(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        data = request.rfile.read(length)
        body = json.loads(data)
        message_id = body["msgId"]
        with self.lock:
            self.tally.requests += 1
            fault = self.fault()
            self.tally.faults[fault] = self.tally.faults.get(fault, 0) + 1
            if request.headers.get("Idempotency-Key") != message_id:
                self.tally.headers_ok = False
            if fault in ("drop_after", "late", "ok") and not self.refuse(body):
                self._take(message_id, data)
            if fault == "twice" and not self.refuse(body):  # the network delivered it twice
                self._take(message_id, data)
                self._take(message_id, data)
        if fault in ("drop_before", "drop_after"):
            request.close_connection = True
            request.connection.shutdown(socket.SHUT_RDWR)
            return
        if fault == "late":
            time.sleep(self.late_s)  # the sender gave up waiting before this
        if self.refuse(body):
            self._answer(request, 400, {"code": 4001, "msg": "事项编码不存在"})
        elif fault == "error500":
            self._answer(request, 500, {"code": 500, "msg": "busy"})
        else:
            self._answer(request, 200, {"code": 0, "msg": "ok"})

    @staticmethod
    def _answer(request: BaseHTTPRequestHandler, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        try:
            request.send_response(status)
            request.send_header("Content-Type", "application/json")
            request.send_header("Content-Length", str(len(data)))
            request.end_headers()
            request.wfile.write(data)
        except OSError:  # the sender hung up first (it timed out)
            request.close_connection = True

    def stop(self) -> None:
        if self.httpd is not None:
            self.go_down()
