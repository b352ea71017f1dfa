"""The visitor's phone: a status page per ticket, on the hall's public Wi-Fi, no internet,
app or account needed. The ticket's QR code carries `<phone url>/t/<ticket code>`, the
code whose check the kiosk computed (app/devices/printing/slip.py); without it nobody can
open another visitor's ticket. Plain HTTP, unlike the API for machines: the visitors'
phones cannot trust the hall server's self-made certificate, and the page carries no token
or password.

Routes (read-only, rate-limited by the HTTP service per address):
  GET /t/<code>                the page (HTML, CSS and a little JavaScript)
  GET /api/t/<code>            the ticket's status as JSON
  GET /api/t/<code>/events     the same as server-sent events, sent again on every change

A code is good on its day only. The status says nothing about other visitors: the ticket's
number and service, how many are ahead, the estimate, and the window it is called to. Changes
come from the engine's events: an event of the ticket itself, or of its service, refreshes
its open pages at once; a timer keeps them alive, ages the estimate and ends them with the day.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib import resources
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from app.devices.errors import BadTicketCode
from app.devices.printing.slip import parse_ticket_code
from app.errors import HallError
from app.net.http_messages import (
    EventStream,
    HttpRequest,
    HttpResponse,
    json_error,
    json_response,
)
from app.net.http_service import HttpService
from app.queue import QueueEngine
from app.queue.predict import format_wait
from app.queue.ticket_status import TicketStatus, ticket_status, wait_estimate
from app.queue.views import HallEvent
from app.runtime import qt_refcounts  # noqa: F401  (before any Qt call)

log = logging.getLogger(__name__)
TICK_MS = 15_000  # keep-alive, estimate ageing, end of day
WAITS_TTL_S = 30.0
STATIC = {
    "/phone.css": ("phone.css", "text/css; charset=utf-8"),
    "/phone.js": ("phone.js", "text/javascript; charset=utf-8"),
}
PAGE_HEADERS = (
    ("Cache-Control", "no-store"),
    ("Referrer-Policy", "no-referrer"),  # the address holds the ticket's code
    ("X-Frame-Options", "DENY"),
    (
        "Content-Security-Policy",
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
        " img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    ),
)


def _file(name: str) -> bytes:
    return (resources.files("app.net") / "phone_files" / name).read_bytes()


@dataclass
class _Watch:
    ticket_id: int
    day: dt.date
    service: str
    sent: str = ""


class PhoneStatus(QObject):
    """Serves the phone page on `service` and keeps its open pages fresh."""

    _changed = Signal()

    def __init__(
        self,
        service: HttpService,
        engine: QueueEngine,
        *,
        ticket_key: Callable[[], bytes],
        hall_name: Callable[[], str],
        service_waits: Callable[[], dict[str, int | None]],
        rating_url: str = "",
        parent: QObject | None = None,
    ) -> None:
        """`ticket_key`: the key the kiosk's slips are checked with; `service_waits`: the
        wait of a ticket taken now per service (the server's kept snapshot)."""
        super().__init__(parent)
        self.engine = engine
        self.ticket_key = ticket_key
        self.hall_name = hall_name
        self.service_waits = service_waits
        self.rating_url = rating_url
        self._streams: dict[EventStream, _Watch] = {}
        self._dirty_tickets: set[int] = set()
        self._dirty_services: set[str] = set()
        self._waits: tuple[float, dict[str, int | None]] | None = None
        self._page = _file("index.html")
        self._static = {path: (_file(name), kind) for path, (name, kind) in STATIC.items()}
        service.route("GET", "/t/{code}", self._html)
        for path in STATIC:
            service.route("GET", path, self._asset)
        service.route("GET", "/api/t/{code}", self._status)
        service.route("GET", "/api/t/{code}/events", self._events)
        self._changed.connect(self._flush, Qt.ConnectionType.QueuedConnection)
        engine.subscribe(self._on_event)
        self._tick = QTimer(self)
        self._tick.setInterval(TICK_MS)
        self._tick.timeout.connect(self.tick)
        self._tick.start()

    @property
    def open_pages(self) -> int:
        return len(self._streams)

    # Routes
    def _html(self, request: HttpRequest) -> HttpResponse:
        return HttpResponse(200, self._page, "text/html; charset=utf-8", PAGE_HEADERS)

    def _asset(self, request: HttpRequest) -> HttpResponse:
        body, kind = self._static[request.path]
        return HttpResponse(200, body, kind, (("Cache-Control", "max-age=3600"),))

    def _status(self, request: HttpRequest) -> HttpResponse:
        found = self._ticket(request.params["code"])
        if isinstance(found, HttpResponse):
            return found
        return json_response(200, self._view(found))

    def _events(self, request: HttpRequest) -> HttpResponse | EventStream:
        found = self._ticket(request.params["code"])
        if isinstance(found, HttpResponse):
            return found
        stream = EventStream((("Referrer-Policy", "no-referrer"),))
        watch = _Watch(found.ticket_id, found.day, found.service_code)
        self._streams[stream] = watch

        def closed() -> None:
            self._streams.pop(stream, None)

        stream.on_close = closed
        QTimer.singleShot(0, lambda: self._send(stream, watch, found))
        return stream

    def _ticket(self, code: str) -> TicketStatus | HttpResponse:
        """The ticket a code names, if its check is good and it is today's."""
        gone = json_error(404, "unknown_ticket", "号码无效或已过期", "no such ticket today")
        try:
            parsed = parse_ticket_code(code, self.ticket_key())
        except BadTicketCode:
            return gone
        if parsed.day != self.engine.clock.now().date():
            return gone
        try:
            with self.engine.db.read() as conn:
                status = ticket_status(conn, parsed.ticket_id)
        except HallError:
            return gone
        if status.number != parsed.number or status.day != parsed.day:
            return gone
        return status

    # What the page shows
    def _service_wait(self, status: TicketStatus) -> int | None:
        """The service's wait for a new ticket, asked again at most every WAITS_TTL_S (the
        predictor replays the hall for it; an estimate in minutes need not be fresher)."""
        if status.state != "waiting":
            return None
        now = time.monotonic()
        if self._waits is None or now - self._waits[0] > WAITS_TTL_S:
            self._waits = (now, self.service_waits())
        return self._waits[1].get(status.service_code)

    def _view(self, status: TicketStatus) -> dict[str, Any]:
        now = self.engine.clock.now()
        wait = wait_estimate(status, now, self._service_wait(status))
        finished = status.state == "finished"
        return {
            "hall": self.hall_name(),
            "number": status.number,
            "service": status.service_name,
            "state": status.state,
            "ahead": status.ahead,
            "wait_s": wait,
            "wait_text": format_wait(wait) if status.ahead is not None else "",
            "window": status.window_no if status.state != "waiting" else None,
            "window_name": status.window_name if status.state != "waiting" else "",
            "sent_to": status.window_no if status.state == "waiting" else None,
            "rating_url": self.rating_url if finished else "",
        }

    def _send(self, stream: EventStream, watch: _Watch, status: TicketStatus) -> None:
        data = json.dumps(self._view(status), ensure_ascii=False, separators=(",", ":"))
        if data == watch.sent:
            return
        watch.sent = data
        if not stream.send(data, "status"):
            self._streams.pop(stream, None)

    # Live updates
    def _on_event(self, event: HallEvent) -> None:
        """Called for every committed event, on whichever thread ran the command: only
        notes what changed; the pages are refreshed on this object's thread."""
        if event.ticket_id is not None:
            self._dirty_tickets.add(event.ticket_id)
        service = event.data.get("service")
        if isinstance(service, str):
            self._dirty_services.add(service)
        self._changed.emit()

    def _flush(self) -> None:
        tickets, services = self._dirty_tickets, self._dirty_services
        self._dirty_tickets, self._dirty_services = set(), set()
        due = [
            (s, w)
            for s, w in self._streams.items()
            if w.ticket_id in tickets or w.service in services
        ]
        self._refresh(due)

    def tick(self) -> None:
        """Every few seconds: a page of another day is ended; the rest get their estimate
        aged (sent only if it changed) or a keep-alive line."""
        today = self.engine.clock.now().date()
        for stream, watch in list(self._streams.items()):
            if watch.day != today:
                stream.send("{}", "expired")
                stream.close()
                self._streams.pop(stream, None)
            elif not stream.comment("alive"):
                self._streams.pop(stream, None)
        self._refresh(list(self._streams.items()))

    def _refresh(self, due: list[tuple[EventStream, _Watch]]) -> None:
        if not due:
            return
        try:
            with self.engine.db.read() as conn:
                found = [(s, w, ticket_status(conn, w.ticket_id)) for s, w in due]
        except HallError as exc:  # storage lost: the storage alarm says so; pages wait
            log.warning("phone pages not refreshed: %s", exc)
            return
        for stream, watch, status in found:
            watch.service = status.service_code  # a transfer moves it to another queue
            self._send(stream, watch, status)

    def close(self) -> None:
        self._tick.stop()
        for stream in list(self._streams):
            stream.close()
        self._streams.clear()
