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
from app.queue.forecast import REASONS, Forecast
from app.queue.live_estimates import LiveEstimates
from app.queue.predict_history import History, read_history
from app.queue.predict_hours import read_hall_hours
from app.queue.predict_model import PredictorConfig, Waiting
from app.queue.predict_outlook import build_forecast
from app.queue.predict_replay import sample_calls
from app.queue.predict_state import read_model
from app.queue.settings import QueueSettings
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


class WaitPredictor:
    """Works out forecasts; keeps earlier days' history, read once a day."""

    def __init__(
        self, config: PredictorConfig | None = None, settings: QueueSettings | None = None
    ) -> None:
        self.config = config or PredictorConfig()
        self.settings = settings or QueueSettings()  # the engine's (LiveEstimates passes it)
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
        hours = read_hall_hours(conn, self.config.hall_hours)
        break_prior = self.settings.long_pause_minutes * 60.0
        history = self.history(conn, now.date())
        model = read_model(conn, now, self.config, history, hours, break_prior)
        waiting = read_waiting(conn, now.date())
        if not model.services:
            return Forecast(now, seq, service_ids, {}, {}, {})
        # The same state (day, events so far, minute) gives the same replays.
        minute = now.hour * 60 + now.minute
        seed = (now.date().toordinal() * 1_000_003 + seq) * 1441 + minute
        samples = sample_calls(model, waiting, self.config, seed)
        return build_forecast(now, seq, service_ids, model, waiting, samples, self.config)

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


RANGE_REASONS = frozenset({"after_hours", "little_history", "wide"})


def format_wait(
    seconds: float | None,
    lang: str = "zh",
    *,
    low: float | None = None,
    high: float | None = None,
    reason: str = "",
) -> str:
    """An estimate as a visitor should read it: rounded, never falsely precise. Without a
    figure, the reason ("暂无窗口办理"); where the figure alone would mislead (little history,
    a wide spread, a queue that may run past closing), the likely range instead."""
    zh = lang.lower().startswith("zh")
    if seconds is None:
        zh_text, en_text = REASONS.get(reason, REASONS["unknown"])
        return zh_text if zh else en_text
    text = None
    if reason in RANGE_REASONS and low is not None and high is not None:
        text = _range(low, high, zh)
    text = text or _figure(seconds, zh)
    if reason == "after_hours":
        note = REASONS[reason]
        text += f"（{note[0]}）" if zh else f" ({note[1]})"
    return text


def _figure(seconds: float, zh: bool) -> str:
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


def _range(low: float, high: float, zh: bool) -> str | None:
    """ "约 20–40 分钟" (5-minute steps, outwards) or "约 1.5–3 小时" (half hours); None when
    the two ends round to the same figure."""
    if high / 60 < 120:
        lo, hi = 5 * math.floor(low / 300), 5 * math.ceil(high / 300)
        if hi <= lo:
            return None
        return f"约 {lo}–{hi} 分钟" if zh else f"about {lo}–{hi} min"
    lo_h, hi_h = math.floor(low / 1800) / 2, math.ceil(high / 1800) / 2
    if hi_h <= lo_h:
        return None
    lo_text, hi_text = f"{lo_h:g}", f"{hi_h:g}"
    return f"约 {lo_text}–{hi_text} 小时" if zh else f"about {lo_text}–{hi_text} h"
