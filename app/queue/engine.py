"""The queue engine: the only writer of queue state. One command, one committed transaction."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, TypeVar

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from app.models import Database, RatingPath
from app.queue import counter, errors, issuing, queries, rating_sessions, serving, window_sessions
from app.queue.case_numbers import set_case
from app.queue.clock import Clock, SystemClock
from app.queue.forecast import Forecast, Outlook, WaitEstimates
from app.queue.rating_sessions import SessionView
from app.queue.ratings import RatingView
from app.queue.settings import QueueSettings
from app.queue.store import Tx, ticket_view
from app.queue.views import HallEvent, IssuedTicket, ServiceLoad, TicketView, WindowState

log = logging.getLogger(__name__)
T = TypeVar("T")
Listener = Callable[[HallEvent], None]
ATTEMPTS = 8
ANOMALIES_PER_MINUTE = 20


class QueueEngine:
    """Commands return plain views after their transaction is committed; then listeners hear
    of the events. Nothing lives only in memory: a new engine on the same file goes on."""

    def __init__(
        self,
        db: Database,
        *,
        clock: Clock | None = None,
        settings: QueueSettings | None = None,
        estimator: WaitEstimates | None = None,
    ) -> None:
        """`estimator`: the wait predictor's live estimates (predict.make_estimator()); the
        engine tells it of every event and looks estimates up in its latest forecast."""
        self.db = db
        self.clock = clock or SystemClock()
        self.settings = settings or QueueSettings()
        self.estimator: WaitEstimates | None = None
        self._listeners: list[Listener] = []
        self._anomalies: dict[tuple[int | None, Any], int] = {}
        if estimator is not None:
            self.use_estimator(estimator)

    def use_estimator(self, estimator: WaitEstimates) -> None:
        """Estimate new tickets' waits with `estimator`, told of every event from now on."""
        self.estimator = estimator
        estimator.attach(self.db, self.clock, self.settings)
        self.subscribe(estimator.on_event)

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def run(self, command: Callable[[Tx], T]) -> T:
        """Run one command in one write transaction (retried when it loses a race), then tell
        the listeners of its events. The command layer runs its own writes through here."""
        for attempt in range(ATTEMPTS):
            tx = Tx(conn=None, now=self.clock.now(), events=[])  # type: ignore[arg-type]
            try:
                with self.db.write() as conn:
                    tx.conn = conn
                    result = command(tx)
                break
            except Exception as exc:
                if attempt == ATTEMPTS - 1 or not self._retryable(exc):
                    raise
                log.info("retrying after %s", exc)
        for event in tx.events:
            for listener in self._listeners:
                try:
                    listener(event)
                except Exception:  # a broken listener must not undo a committed command
                    log.exception("event listener failed on %s", event.kind)
        return result

    # Kiosk
    def forecast(self) -> Forecast | None:
        """The wait predictor's latest forecast (None without a predictor or before its first)."""
        if self.estimator is None:
            return None
        try:
            return self.estimator.current()
        except Exception:  # an estimate is optional: never let it cost a visitor the ticket
            log.exception("no wait forecast")
            return None

    def issue_ticket(
        self, service: str, *, priority: bool = False, kiosk: str = ""
    ) -> IssuedTicket:
        forecast = self.forecast()  # taken before the write transaction, never inside it
        return self.run(
            lambda tx: issuing.issue(
                tx, self.settings, forecast, service, priority=priority, kiosk=kiosk
            )
        )

    def check_in(self, code: str, *, kiosk: str = "") -> IssuedTicket:
        forecast = self.forecast()
        return self.run(lambda tx: issuing.check_in(tx, self.settings, forecast, code, kiosk))

    def set_print_state(self, ticket_id: int, state: str) -> TicketView:
        return self.run(lambda tx: issuing.set_print_state(tx, ticket_id, state))

    # Counter
    def sign_in(self, window: int, staff_no: str) -> WindowState:
        self.run(lambda tx: window_sessions.sign_in(tx, window, staff_no))
        return self.window_state(window)

    def sign_out(self, window: int) -> WindowState:
        self.run(lambda tx: window_sessions.sign_out(tx, window))
        return self.window_state(window)

    def call_next(self, window: int) -> TicketView:
        in_a_row = self.settings.appointments.in_a_row
        return self.run(lambda tx: counter.call_next(tx, window, in_a_row))

    def call_number(self, window: int, number: str) -> TicketView:
        return self.run(lambda tx: counter.call_number(tx, window, number))

    def recall(self, window: int) -> TicketView:
        return self.run(lambda tx: counter.recall(tx, window, self.settings))

    def start(self, window: int) -> TicketView:
        return self.run(lambda tx: serving.start(tx, window))

    def no_show(self, window: int) -> TicketView:
        return self.run(lambda tx: serving.no_show(tx, window))

    def reactivate(self, number: str) -> TicketView:
        return self.run(lambda tx: serving.reactivate(tx, number))

    def hold(self, window: int) -> TicketView:
        return self.run(lambda tx: serving.hold(tx, window))

    def call_back(self, window: int, number: str) -> TicketView:
        return self.run(lambda tx: counter.call_back(tx, window, number))

    def transfer(
        self,
        window: int,
        *,
        to_service: str | None = None,
        to_window: int | None = None,
        note: str = "",
    ) -> TicketView:
        return self.run(
            lambda tx: serving.transfer(
                tx, window, self.settings, to_service=to_service, to_window=to_window, note=note
            )
        )

    def pause(self, window: int, reason: str, note: str = "") -> WindowState:
        self.run(lambda tx: window_sessions.pause(tx, window, reason, note))
        return self.window_state(window)

    def resume(self, window: int) -> WindowState:
        self.run(lambda tx: window_sessions.resume(tx, window))
        return self.window_state(window)

    def finish(
        self,
        window: int,
        outcome: str,
        note: str = "",
        missing: Sequence[str] | None = None,
        *,
        case_no: str | None = None,
        item_code: str | None = None,
    ) -> TicketView:
        """办结 the window's case (材料不齐 needs `missing`, or the materials as the note's
        lines) with its 办件编号 and 事项编码 when given, and in the same transaction ask for
        its rating."""

        def command(tx: Tx) -> TicketView:
            done = serving.finish(tx, window, outcome, note, missing)
            set_case(tx.sql, done.id, case_no, item_code)
            rating_sessions.open_session(tx, done.id, self.settings)
            return done

        return self.run(command)

    def answer_rating(
        self,
        session: int,
        *,
        window: int,
        level: int | None,
        path: RatingPath,
        scale: int = 5,
        reasons: dict[str, Any] | None = None,
        device: str = "",
        device_address: int | None = None,
        raw_frame: str = "",
    ) -> RatingView:
        """A device's answer to an open rating session of its window. An answer that is not
        recorded is refused (RatingRefused) and logged as a rating anomaly."""
        try:
            rating, _fast = self.run(
                lambda tx: rating_sessions.answer(
                    tx,
                    session,
                    window=window,
                    level=level,
                    path=path,
                    settings=self.settings,
                    scale=scale,
                    reasons=reasons,
                    device=device,
                    device_address=device_address,
                    raw_frame=raw_frame,
                )
            )
        except errors.RatingRefused as exc:
            self.log_rating_anomaly(exc.anomaly, window, path=path.value, session=session)
            raise
        return rating

    def expire_ratings(self) -> list[RatingView]:
        """Close the rating sessions past their deadline with 未评价 (the server's tick)."""
        return self.run(rating_sessions.expire)

    def log_rating_anomaly(self, anomaly: str, window: int | None, **detail: Any) -> bool:
        """Log a device anomaly as an event; at most ANOMALIES_PER_MINUTE per window a
        minute, so a faulty or hostile device cannot flood the log. True when logged."""
        minute = self.clock.now().replace(second=0, microsecond=0)
        key = (window, minute)
        self._anomalies = {k: v for k, v in self._anomalies.items() if k[1] == minute}
        self._anomalies[key] = self._anomalies.get(key, 0) + 1
        if self._anomalies[key] > ANOMALIES_PER_MINUTE:
            return False
        try:
            self.run(lambda tx: rating_sessions.log_anomaly(tx, anomaly, window, **detail))
        except errors.UnknownWindow:
            self.run(lambda tx: rating_sessions.log_anomaly(tx, anomaly, None, **detail))
        return True

    def rating_session(self, ticket_id: int) -> SessionView | None:
        with self.db.read() as conn:
            return rating_sessions.session_of_ticket(conn, ticket_id)

    def open_rating_session(self, window: int) -> SessionView | None:
        with self.db.read() as conn:
            return rating_sessions.open_session_at(conn, window)

    # Queries (each one read snapshot)
    def ticket(self, ticket_id: int) -> TicketView:
        with self.db.read() as conn:
            return ticket_view(conn, ticket_id)

    def people_ahead(self, ticket_id: int) -> int:
        with self.db.read() as conn:
            return issuing.people_ahead(conn, ticket_view(conn, ticket_id))

    def waiting(self, *, service: str | None = None, window: int | None = None) -> list[TicketView]:
        day = self.clock.now().date()
        with self.db.read() as conn:
            in_a_row = self.settings.appointments.in_a_row
            if window is not None:
                return queries.waiting_for_window(conn, day, window, in_a_row)
            if service is not None:
                return queries.waiting_for_service(conn, day, service, in_a_row)
            raise ValueError("give a service or a window")

    def window_state(self, window: int) -> WindowState:
        with self.db.read() as conn:
            return queries.window_state(conn, self.clock.now().date(), window)

    def hall_state(self) -> list[WindowState]:
        with self.db.read() as conn:
            return queries.hall_state(conn, self.clock.now().date())

    def service_loads(self) -> list[ServiceLoad]:
        """What the kiosk shows per service; with the wait predictor, the estimated wait of a
        ticket taken now for each open service (a look-up in the latest forecast)."""
        now = self.clock.now()
        with self.db.read() as conn:
            loads = queries.service_loads(conn, now, self.settings)
        forecast = self.forecast()
        if forecast is None:
            return loads
        shown = []
        for load in loads:
            if load.open:
                found = forecast.service(load.code, now)
                load = replace(
                    load,
                    estimated_wait_s=found.wait_s,
                    wait_low_s=found.low_s,
                    wait_high_s=found.high_s,
                    wait_note=found.reason,
                )
            shown.append(load)
        return shown

    def ticket_outlook(self, ticket_id: int) -> Outlook | None:
        """A waiting ticket's estimate kept current (the printed one stays as printed): for
        a status page. None without a predictor or when the ticket was not waiting."""
        forecast = self.forecast()
        return None if forecast is None else forecast.ticket(ticket_id, self.clock.now())

    def events_after(self, seq: int, limit: int = 1000) -> list[HallEvent]:
        with self.db.read() as conn:
            return queries.events_after(conn, seq, limit)

    def last_seq(self) -> int:
        with self.db.read() as conn:
            return queries.last_seq(conn)

    def _retryable(self, exc: Exception) -> bool:
        """Lost a race to another writer (a claimed ticket, a taken number, a busy file) or a
        dropped connection. The hot paths use the driver's cursor, so its own exceptions
        count as well."""
        if isinstance(exc, errors.QueueError):
            return False
        if isinstance(exc, DBAPIError) and exc.connection_invalidated:
            return True  # the server dropped the connection (restart): a fresh one is taken
        dbapi = self.db.engine.dialect.dbapi
        integrity = (IntegrityError, dbapi.IntegrityError) if dbapi else (IntegrityError,)
        operational = (OperationalError, dbapi.OperationalError) if dbapi else (OperationalError,)
        if isinstance(exc, (errors.Conflict, *integrity)):
            return True
        if isinstance(exc, operational):
            text = str(exc).lower()
            return "locked" in text or "busy" in text or "deadlock" in text or "serializ" in text
        return False
