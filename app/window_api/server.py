"""The local HTTP API of the windows' business systems (一窗受理系统).

When a window's business system finishes a case it can tell the hall server itself, with
the case's 办件编号 and 事项编码: the server finishes the ticket in service at that window
and asks the visitor for the rating, in one transaction, exactly as the clerk's 办结 does
(the command table's own ``finish``, run for that window). docs/OUTBOX.md has the requests.

Each window's system has its own token (``[tokens.window_api]`` in the server's config, by
window number), sent as ``Authorization: Bearer <token>``; a token works for its own window
only. The API listens on its own port (``[window_api]``); plain HTTP like the hall's own
LAN traffic. Requests run on the hall's thread (``post``), one at a time, as every other
command; this module has no Qt.
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import threading
from collections.abc import Callable, Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from app.errors import HallError
from app.hall.caller import Caller, Role
from app.hall.command import CommandTable
from app.hall.context import Hall

log = logging.getLogger(__name__)
Post = Callable[[Callable[[], None]], None]
MAX_BODY = 16 * 1024
WAIT_S = 15.0
ROUTE = re.compile(r"^/v1/windows/(\d{1,4})/(finish|case)$")
BAD_REQUEST_CODES = ("bad_request", "invalid_case_number", "reason_required", "materials_required")


def _token_ok(given: str, expected: str | None) -> bool:
    return expected is not None and hmac.compare_digest(given.encode(), expected.encode())


class WindowApi:
    """The API's HTTP server (on its own thread)."""

    def __init__(
        self,
        hall: Hall,
        table: CommandTable,
        tokens: Mapping[int, str],
        post: Post,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.hall, self.table, self.tokens, self.post = hall, table, dict(tokens), post
        api = self

        class Handler(BaseHTTPRequestHandler):
            server_version = "hallqueue-window-api/1"

            def do_POST(self) -> None:
                api.handle(self, "POST")

            def do_GET(self) -> None:
                api.handle(self, "GET")

            def log_message(self, format: str, *args: Any) -> None:
                log.info("window api %s: %s", self.client_address[0], format % args)

        self.httpd = ThreadingHTTPServer((host, port), Handler)
        self.httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, name="window-api", daemon=True
        )

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    def start(self) -> WindowApi:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    # One request
    def handle(self, request: BaseHTTPRequestHandler, method: str) -> None:
        try:
            status, body = self._answer(request, method)
        except Exception:  # never let a request take the server down
            log.exception("window api request failed")
            status, body = (
                HTTPStatus.INTERNAL_SERVER_ERROR,
                _error("internal", "内部错误", "internal error"),
            )
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        request.send_response(status)
        request.send_header("Content-Type", "application/json; charset=utf-8")
        request.send_header("Content-Length", str(len(data)))
        request.end_headers()
        request.wfile.write(data)

    def _answer(self, request: BaseHTTPRequestHandler, method: str) -> tuple[int, Any]:
        route = ROUTE.match(request.path.split("?", 1)[0])
        if route is None or (method, route.group(2)) not in (("POST", "finish"), ("GET", "case")):
            return HTTPStatus.NOT_FOUND, _error("not_found", "没有这个接口", "no such endpoint")
        window = int(route.group(1))
        given = request.headers.get("Authorization", "")
        token = given[7:] if given.startswith("Bearer ") else ""
        if not _token_ok(token, self.tokens.get(window)):
            mine = any(_token_ok(token, t) for t in self.tokens.values())
            if mine:  # a valid token, used for another window
                return HTTPStatus.FORBIDDEN, _error(
                    "forbidden",
                    f"该令牌不属于 {window} 号窗口",
                    f"this token is not window {window}'s",
                )
            return HTTPStatus.UNAUTHORIZED, _error("unauthorized", "令牌无效", "invalid token")
        if method == "GET":
            return self._run(window, "window_state", {})
        length = int(request.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return HTTPStatus.REQUEST_ENTITY_TOO_LARGE, _error("too_large", "请求过大", "too large")
        try:
            args = json.loads(request.rfile.read(length) or b"{}")
        except ValueError:
            return HTTPStatus.BAD_REQUEST, _error("bad_request", "不是 JSON", "not JSON")
        if not isinstance(args, dict):
            return HTTPStatus.BAD_REQUEST, _error("bad_request", "应为 JSON 对象", "not an object")
        args.setdefault("outcome", "done")
        status, result = self._run(window, "finish", args)
        if status == HTTPStatus.OK:
            session = self.hall.engine.rating_session(int(result["id"]))
            result = {"ticket": result, "rating": _session(session)}
        return status, result

    def _run(self, window: int, name: str, args: dict[str, Any]) -> tuple[int, Any]:
        """Run one command for the window on the hall's thread; wait for its answer."""
        caller = Caller(Role.COUNTER, f"window-api-{window}", window)
        done = threading.Event()
        outcome: list[Any] = []

        def work() -> None:
            try:
                outcome.append((HTTPStatus.OK, self.table.run(self.hall, caller, name, args)))
            except HallError as exc:
                code = (
                    HTTPStatus.BAD_REQUEST if exc.code in BAD_REQUEST_CODES else HTTPStatus.CONFLICT
                )
                outcome.append((code, exc.as_dict()))
            except Exception:
                log.exception("window api: %s for window %s failed", name, window)
                outcome.append(
                    (
                        HTTPStatus.INTERNAL_SERVER_ERROR,
                        _error("internal", "内部错误", "internal error"),
                    )
                )
            finally:
                done.set()

        self.post(work)
        if not done.wait(WAIT_S):
            return HTTPStatus.GATEWAY_TIMEOUT, _error("timeout", "服务器繁忙", "the server is busy")
        status, result = outcome[0]
        return int(status), result


def _error(code: str, zh: str, en: str) -> dict[str, Any]:
    return {"code": code, "zh": zh, "en": en}


def _session(session: Any) -> dict[str, Any] | None:
    if session is None:
        return None
    return {
        "session": session.session,
        "window": session.window,
        "number": session.number,
        "opened_at": session.opened_at.isoformat(),
        "deadline": session.deadline.isoformat(),
        "timeout_s": session.timeout_s,
    }
