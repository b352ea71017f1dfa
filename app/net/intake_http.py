"""The online platform's intake API on the hall's HTTP service (docs/APPOINTMENTS.md):

  GET    /api/v1/services                         the services that take bookings
  GET    /api/v1/slots?service=B&from=…&days=7    free slots
  POST   /api/v1/appointments                     push one, a list, or {"appointments": [...]}
  GET    /api/v1/appointments/<external_id>       one booking's state
  DELETE /api/v1/appointments/<external_id>       cancel (POST …/<external_id>/cancel too)

Every route needs the platform's token (Authorization: Bearer <token>). The rules are in
app/hall/appointment_intake.py; here requests become calls and refusals become JSON errors.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.errors import HallError
from app.hall import appointment_intake as intake
from app.net.http_auth import Token
from app.net.http_messages import HttpRequest, HttpResponse, json_error, json_response
from app.net.http_service import HttpService
from app.queue import QueueEngine

API = "/api/v1"


def _answer(work: Callable[[], tuple[int, Any]]) -> HttpResponse:
    try:
        status, value = work()
    except intake.IntakeError as exc:
        return json_response(exc.status, {"error": exc.as_dict()})
    except HallError as exc:  # a refusal no rule above named: a conflict with the hall's state
        return json_error(409, exc.code, exc.zh, exc.en)
    return json_response(status, value)


def _body(request: HttpRequest) -> Any:
    kind = request.headers.get("content-type", "application/json")
    if "json" not in kind.lower():
        raise intake.IntakeError(
            415, "unsupported_media_type", "请以 application/json 发送",
            "send the body as application/json",
        )  # fmt: skip
    try:
        return request.json()
    except (ValueError, UnicodeDecodeError) as exc:
        raise intake.bad_json(str(exc)) from None


def register_intake(
    service: HttpService, engine: QueueEngine, hall_name: Callable[[], str], token: Token
) -> None:
    """The intake routes on `service`, each behind `token`."""

    def services(request: HttpRequest) -> HttpResponse:
        return _answer(lambda: (200, intake.services(engine)))

    def slots(request: HttpRequest) -> HttpResponse:
        return _answer(lambda: (200, intake.free_slots(engine, request.query)))

    def push(request: HttpRequest) -> HttpResponse:
        def work() -> tuple[int, Any]:
            result = intake.push(engine, _body(request), hall_name())
            return (201 if result["created"] else 200), result

        return _answer(work)

    def status(request: HttpRequest) -> HttpResponse:
        return _answer(lambda: (200, intake.status(engine, request.params["external_id"])))

    def cancel(request: HttpRequest) -> HttpResponse:
        return _answer(lambda: (200, intake.cancel(engine, request.params["external_id"])))

    one = f"{API}/appointments/{{external_id}}"
    service.route("GET", f"{API}/services", services, token=token)
    service.route("GET", f"{API}/slots", slots, token=token)
    service.route("POST", f"{API}/appointments", push, token=token)
    service.route("GET", one, status, token=token)
    service.route("DELETE", one, cancel, token=token)
    service.route("POST", f"{one}/cancel", cancel, token=token)
