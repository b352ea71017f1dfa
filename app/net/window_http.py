"""The windows' business systems' local API (一窗受理系统) on the hall's API service
(docs/OUTBOX.md):

  POST /api/v1/windows/<n>/finish   finish the case in service at window n with its 办件编号
                                    and 事项编码, and ask the visitor for the rating
  GET  /api/v1/windows/<n>/case     the window's state (the counter's window_state)

The server finishes the ticket and opens the rating session in one transaction, exactly as
the clerk's 办结 does: the command table's own ``finish``, run for that window as its counter.
Each window's system has its own token (``[tokens.window_api]``, by window number), sent as
``Authorization: Bearer <token>``; it opens its own window only (another window's token: 403).
Handlers run on the hall's thread, as every other command.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from app.errors import HallError
from app.hall.caller import Caller, Role
from app.hall.command import CommandTable
from app.hall.context import Hall
from app.net.http_auth import TokenPer
from app.net.http_messages import HttpRequest, HttpResponse, json_error, json_response
from app.net.http_service import HttpService
from app.queue.rating_sessions import SessionView

WINDOWS = "/api/v1/windows/{window}"
BAD_REQUEST_CODES = ("bad_request", "invalid_case_number", "reason_required", "materials_required")


def register_windows(
    service: HttpService,
    hall: Hall,
    table: CommandTable,
    tokens: Callable[[], Mapping[int, str]],
) -> None:
    """The window routes on `service`, each window's behind its own token in `tokens()`."""
    guard = TokenPer("window", lambda: {str(n): token for n, token in tokens().items()})

    def run(window: int, name: str, args: dict[str, Any]) -> tuple[int, Any]:
        """One command of the table for the window, as its counter."""
        caller = Caller(Role.COUNTER, f"window-api-{window}", window)
        try:
            return 200, table.run(hall, caller, name, args)
        except HallError as exc:
            return (400 if exc.code in BAD_REQUEST_CODES else 409), {"error": exc.as_dict()}

    def finish(request: HttpRequest) -> HttpResponse:
        try:
            args = request.json() if request.body else {}
        except (ValueError, UnicodeDecodeError):
            return json_error(400, "bad_request", "请求内容不是 JSON", "the body is not JSON")
        if not isinstance(args, dict):
            return json_error(400, "bad_request", "应为 JSON 对象", "the body must be an object")
        args.setdefault("outcome", "done")
        status, result = run(int(request.params["window"]), "finish", args)
        if status == 200:
            session = hall.engine.rating_session(int(result["id"]))
            result = {"ticket": result, "rating": _session(session)}
        return json_response(status, result)

    def case(request: HttpRequest) -> HttpResponse:
        return json_response(*run(int(request.params["window"]), "window_state", {}))

    service.route("POST", f"{WINDOWS}/finish", finish, token=guard)
    service.route("GET", f"{WINDOWS}/case", case, token=guard)


def _session(session: SessionView | None) -> dict[str, Any] | None:
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
