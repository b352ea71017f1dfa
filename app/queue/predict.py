"""The waiting-time predictor: a forecast of the whole hall, and the wording of an estimate.

It reads the live hall (windows and their services by rank, who is signed in, paused or
serving and for how long, the queues, today's and recent handling times, no-shows, arrivals by
time of day) and replays the real dispatch rules forward from that state several times with
sampled handling times and arrivals (seeded by the state, so the same state always gives the
same forecast). A ticket's estimate is the mean time until it is first called, with the range
the replays mostly fall in.

The forecast is worked out off the request path by LiveEstimates (live_estimates.py); the
engine only looks figures up in it. Wiring: ``QueueEngine(db, estimator=make_estimator())``.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import threading
from collections import defaultdict

from sqlalchemy import Connection, bindparam, func, select

from app.models import Event, Service, Ticket, TicketState
from app.queue.forecast import Forecast, Outlook, QueueOutlook
from app.queue.live_estimates import LiveEstimates
from app.queue.predict_model import HallModel, PredictorConfig, Waiting
from app.queue.predict_replay import Samples, sample_calls
from app.queue.predict_state import History, read_history, read_model
from app.queue.views import TicketView

log = logging.getLogger(__name__)

__all__ = ["PredictorConfig", "WaitPredictor", "format_wait", "make_estimator"]


_WAITING = (
    select(Ticket.id, Ticket.service_id, Ticket.priority, Ticket.target_window_id)
    .where(Ticket.day == bindparam("day"), Ticket.state == TicketState.WAITING.value)
    .order_by(Ticket.queue_at, Ticket.id)
)
_ACTIVE = select(Service.code, Service.id).where(Service.active).order_by(Service.code)
_LAST_SEQ = select(func.max(Event.id))


def read_waiting(conn: Connection, day: dt.date) -> Waiting:
    """Waiting tickets of the day per queue, in the order the windows call them."""
    by_service: dict[tuple[int, bool], list[int]] = defaultdict(list)
    by_window: dict[tuple[int, bool], list[tuple[int, int]]] = defaultdict(list)
    for tid, sid, prio, to_window in conn.execute(_WAITING, {"day": day}):
        if to_window is None:
            by_service[(sid, bool(prio))].append(tid)
        else:
            by_window[(to_window, bool(prio))].append((tid, sid))
    return Waiting(
        by_service={key: tuple(v) for key, v in by_service.items()},
        by_window={key: tuple(v) for key, v in by_window.items()},
    )


def _quantile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def outlook(samples: list[float], horizon: float) -> Outlook:
    """Mean and 10th–90th percentile of the replays' call times; none if mostly never."""
    finite = sorted(s for s in samples if math.isfinite(s))
    if not samples or 2 * len(finite) < len(samples):
        return Outlook(None, reason="not_today")
    values = finite + [horizon] * (len(samples) - len(finite))
    mean = sum(values) / len(values)
    return Outlook(
        max(0, round(mean)),
        max(0, round(_quantile(finite, 0.1))),
        max(0, round(_quantile(values, 0.9))),
    )


def _step(model: HallModel, service_id: int) -> float:
    """Seconds a queue's wait grows per extra ticket: a case's time ÷ the windows taking it."""
    service = model.services[service_id]
    occupancy = (1 - model.no_show_rate) * (
        model.walk_s + model.turnaround_s + service.mean_s
    ) + model.no_show_rate * (model.no_show_cost_s + model.turnaround_s)
    windows = sum(1 for w in model.windows if service_id in w.service_ids)
    return occupancy / max(1, windows)


def build_forecast(
    now: dt.datetime,
    seq: int,
    service_ids: dict[str, int],
    model: HallModel,
    waiting: Waiting,
    samples: Samples,
    horizon: float,
) -> Forecast:
    queues: dict[tuple[int, bool], QueueOutlook] = {}
    tickets: dict[int, Outlook] = {}
    for key, (per_ticket, new) in samples.by_service.items():
        waits = tuple(outlook(s, horizon) for s in per_ticket)
        queues[key] = QueueOutlook(waits, outlook(new, horizon), _step(model, key[0]))
        tickets.update(zip(waiting.by_service.get(key, ()), waits, strict=True))
    for key, per_ticket in samples.by_window.items():
        ids = [tid for tid, _sid in waiting.by_window[key]]
        tickets.update(zip(ids, (outlook(s, horizon) for s in per_ticket), strict=True))
    served = {key[0] for key in queues}
    no_window = {sid: "no_window" for sid in service_ids.values() if sid not in served}
    return Forecast(now, seq, dict(service_ids), queues, tickets, no_window)


class WaitPredictor:
    """Works out forecasts; keeps earlier days' history, read once a day."""

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

    def forecast(self, conn: Connection, now: dt.datetime) -> Forecast:
        """The whole hall's forecast from one read snapshot (`conn`'s transaction)."""
        seq = int(conn.scalar(_LAST_SEQ) or 0)
        service_ids = {code: int(sid) for code, sid in conn.execute(_ACTIVE)}
        model = read_model(conn, now, self.config, self.history(conn, now.date()))
        waiting = read_waiting(conn, now.date())
        if not model.services:
            return Forecast(now, seq, service_ids, {}, {}, {})
        # The same state (day, events so far, minute) gives the same replays.
        minute = now.hour * 60 + now.minute
        seed = (now.date().toordinal() * 1_000_003 + seq) * 1441 + minute
        samples = sample_calls(model, waiting, self.config, seed)
        return build_forecast(now, seq, service_ids, model, waiting, samples, self.config.horizon_s)

    def estimate(self, conn: Connection, ticket: TicketView, now: dt.datetime) -> int | None:
        """Seconds until a waiting ticket is first called; None when no window will call it."""
        found = self.forecast(conn, now).ticket(ticket.id, now)
        return None if found is None else found.wait_s

    def service_waits(self, conn: Connection, now: dt.datetime) -> dict[str, int | None]:
        """The kiosk's estimate for every active service, by code."""
        forecast = self.forecast(conn, now)
        return {code: forecast.service(code, now).wait_s for code in forecast.service_ids}


def make_estimator(
    config: PredictorConfig | None = None, *, background: bool = True
) -> LiveEstimates:
    """What to pass to ``QueueEngine(db, estimator=...)``: forecasts kept current by a worker
    thread (background=False: worked out on the caller's thread when needed, before the write
    transaction; for tests and simulations on a manual clock)."""
    return LiveEstimates(WaitPredictor(config), background=background)


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
