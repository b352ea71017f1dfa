"""The waiting-time predictor: an Estimator for issuing, per-service estimates for the kiosk,
and the wording of an estimate for a ticket or a screen.

At issue time it reads the live hall (windows and their services by rank, who is signed in,
paused or serving and for how long, the queues, today's and recent handling times, no-shows,
arrivals by time of day) and replays the real dispatch rules forward from that state several
times with sampled handling times and arrivals (a fixed seed per ticket, so the same state
always gives the same estimate). The estimate is the mean time until the ticket is first called.

Wiring: ``QueueEngine(db, estimator=make_estimator())``; the kiosk asks
``predictor.service_waits(conn, now)`` inside a read transaction.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import threading
from collections import defaultdict

from sqlalchemy import Connection, bindparam, func, select

from app.models import Service, Ticket, TicketState
from app.queue.predict_model import PredictorConfig, Queues
from app.queue.predict_replay import expected_wait
from app.queue.predict_state import History, read_history, read_model
from app.queue.views import TicketView

log = logging.getLogger(__name__)

__all__ = ["PredictorConfig", "WaitPredictor", "format_wait", "make_estimator"]


_WAITING = (Ticket.day == bindparam("day")) & (Ticket.state == TicketState.WAITING.value)
_BY_SERVICE = (
    select(Ticket.service_id, Ticket.priority, func.count())
    .where(_WAITING, Ticket.target_window_id.is_(None))
    .group_by(Ticket.service_id, Ticket.priority)
)
_SENT_TO_WINDOWS = (
    select(Ticket.id, Ticket.service_id, Ticket.priority, Ticket.target_window_id)
    .where(_WAITING, Ticket.target_window_id.is_not(None))
    .order_by(Ticket.queue_at, Ticket.id)
)
_TICKET = select(
    Ticket.service_id, Ticket.priority, Ticket.queue_at, Ticket.target_window_id, Ticket.state
).where(Ticket.id == bindparam("id"))
_AHEAD = select(func.count()).where(
    _WAITING,
    Ticket.service_id == bindparam("service"),
    Ticket.priority == bindparam("priority"),
    Ticket.target_window_id.is_(None),
    (Ticket.queue_at < bindparam("queue_at"))
    | ((Ticket.queue_at == bindparam("queue_at")) & (Ticket.id < bindparam("id"))),
)
_EPOCH = dt.datetime(2000, 1, 1)
_SERVICE_ID = select(Service.id).where(Service.code == bindparam("code"))


def _queues(
    conn: Connection, day: dt.date, ticket_id: int | None, virtual: tuple[int, bool] | None
) -> Queues | None:
    """Waiting tickets of the day as counts per queue, with the target's place in its queue."""
    by_service = {
        (sid, bool(prio)): int(n) for sid, prio, n in conn.execute(_BY_SERVICE, {"day": day})
    }
    by_window: dict[tuple[int, bool], list[int]] = defaultdict(list)
    target: tuple[str, int, bool] | None = None
    ahead = 0
    for tid, sid, prio, to_window in conn.execute(_SENT_TO_WINDOWS, {"day": day}):
        if to_window is None:  # never: the query asks for tickets sent to a window
            continue
        key = (to_window, bool(prio))
        if tid == ticket_id:
            target, ahead = ("window", key[0], key[1]), len(by_window[key])
        by_window[key].append(sid)
    if virtual is not None:
        target, ahead = ("service", virtual[0], virtual[1]), by_service.get(virtual, 0)
    elif target is None and ticket_id is not None:
        row = conn.execute(_TICKET, {"id": ticket_id}).first()
        if row is None or row.state != TicketState.WAITING.value:
            return None
        target = ("service", row.service_id, bool(row.priority))
        ahead = int(
            conn.scalar(
                _AHEAD,
                {
                    "day": day,
                    "service": row.service_id,
                    "priority": bool(row.priority),
                    "queue_at": row.queue_at,
                    "id": ticket_id,
                },
            )
            or 0
        )
    if target is None:
        return None
    return Queues(
        by_service=by_service,
        by_window={key: tuple(v) for key, v in by_window.items()},
        target_queue=target,
        target_ahead=ahead,
    )


class WaitPredictor:
    """Callable as an issuing ``Estimator``; keeps earlier days' history, read once a day."""

    def __init__(self, config: PredictorConfig | None = None) -> None:
        self.config = config or PredictorConfig()
        self._history: dict[tuple[str, dt.date], History] = {}
        self._lock = threading.Lock()

    def history(self, conn: Connection, today: dt.date) -> History:
        key = (str(conn.engine.url), today)
        with self._lock:
            found = self._history.get(key)
        if found is None:
            found = read_history(conn, today, self.config)
            with self._lock:
                self._history = {k: v for k, v in self._history.items() if k[1] == today}
                self._history[key] = found
        return found

    def _estimate(
        self, conn: Connection, now: dt.datetime, queues: Queues, seed: int
    ) -> int | None:
        model = read_model(conn, now, self.config, self.history(conn, now.date()))
        wait = expected_wait(model, queues, self.config, seed)
        return None if wait is None else max(0, round(wait))

    def estimate(self, conn: Connection, ticket: TicketView, now: dt.datetime) -> int | None:
        """Seconds until the ticket is first called; None when no window will call it."""
        queues = _queues(conn, ticket.day, ticket.id, None)
        if queues is None:  # not waiting (already called, or another day's ticket)
            return None
        return self._estimate(conn, now, queues, self.config.seed * 1_000_003 + ticket.id)

    def __call__(self, conn: Connection, ticket: TicketView, now: dt.datetime) -> int | None:
        try:
            return self.estimate(conn, ticket, now)
        except Exception:  # an estimate is optional: never let it cost a visitor the ticket
            log.exception("wait estimate failed for ticket %s", ticket.id)
            return None

    def service_wait(
        self, conn: Connection, now: dt.datetime, service_code: str, *, priority: bool = False
    ) -> int | None:
        """Seconds a new ticket of this service, taken now, would wait to be called."""
        sid = conn.scalar(_SERVICE_ID, {"code": service_code.strip().upper()})
        if sid is None:
            return None
        return self._service_waits(conn, now, [(int(sid), priority)])[0]

    def service_waits(self, conn: Connection, now: dt.datetime) -> dict[str, int | None]:
        """The kiosk's estimate for every active service, by code (the hall read once)."""
        rows = conn.execute(
            select(Service.code, Service.id).where(Service.active).order_by(Service.code)
        ).all()
        waits = self._service_waits(conn, now, [(int(sid), False) for _code, sid in rows])
        return {code: wait for (code, _sid), wait in zip(rows, waits, strict=True)}

    def _service_waits(
        self, conn: Connection, now: dt.datetime, targets: list[tuple[int, bool]]
    ) -> list[int | None]:
        if not targets:
            return []
        model = read_model(conn, now, self.config, self.history(conn, now.date()))
        base = _queues(conn, now.date(), None, targets[0])
        assert base is not None
        minute = int((now - _EPOCH).total_seconds()) // 60  # the same estimate all minute
        waits: list[int | None] = []
        for sid, priority in targets:
            queues = dataclasses.replace(
                base,
                target_queue=("service", sid, priority),
                target_ahead=base.by_service.get((sid, priority), 0),
            )
            wait = expected_wait(model, queues, self.config, minute * 97 + sid * 7 + priority)
            waits.append(None if wait is None else max(0, round(wait)))
        return waits


def make_estimator(config: PredictorConfig | None = None) -> WaitPredictor:
    """The Estimator to pass to ``QueueEngine(db, estimator=...)``."""
    return WaitPredictor(config)


def format_wait(seconds: float | None, lang: str = "zh") -> str:
    """An estimate as a visitor should read it: rounded, never falsely precise."""
    zh = lang.lower().startswith("zh")
    if seconds is None:
        return "暂无法估计" if zh else "no estimate"
    minutes = seconds / 60
    if minutes < 5:
        return "少于 5 分钟" if zh else "less than 5 min"
    if minutes < 60:
        step = 5
    elif minutes < 180:
        step = 10
    else:
        step = 30
    rounded = max(5, int(minutes / step + 0.5) * step)
    hours, rest = divmod(rounded, 60)
    if zh:
        parts = ([f"{hours} 小时"] if hours else []) + ([f"{rest} 分钟"] if rest else [])
        return "约 " + " ".join(parts)
    parts = ([f"{hours} h"] if hours else []) + ([f"{rest} min"] if rest else [])
    return "about " + " ".join(parts)
