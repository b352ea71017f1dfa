"""From replays to what a visitor is told: a figure, its likely range, and when the figure
should not be trusted as a precise one, why (forecast.REASONS)."""

from __future__ import annotations

import datetime as dt
import math

from app.queue.forecast import Forecast, Outlook, QueueOutlook
from app.queue.predict_model import HallModel, PredictorConfig, Waiting
from app.queue.predict_replay import Samples

WIDE_S = 20 * 60.0  # a range wider than this and than the figure itself is shown as a range


def _quantile(ordered: list[float], share: float) -> float:
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def outlook(
    samples: list[float], horizon: float, *, closes_s: float | None, little: bool
) -> Outlook:
    """Mean and 10th–90th percentile of the replays' call times, with the reason to show a
    range: the range reaches past closing time, the service has little history yet, or the
    range is wide. None (not today) if most replays never call it."""
    finite = sorted(s for s in samples if math.isfinite(s))
    if not samples or 2 * len(finite) < len(samples):
        return Outlook(None, reason="not_today")
    values = finite + [horizon] * (len(samples) - len(finite))
    mean = sum(values) / len(values)
    low, high = _quantile(finite, 0.1), _quantile(values, 0.9)
    reason = ""
    if closes_s is not None and high > closes_s:
        reason = "after_hours"
    elif little and high > low:
        reason = "little_history"
    elif high - low > max(WIDE_S, mean):
        reason = "wide"
    return Outlook(max(0, round(mean)), max(0, round(low)), max(0, round(high)), reason)


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
    config: PredictorConfig,
) -> Forecast:
    queues: dict[tuple[int, bool], QueueOutlook] = {}
    tickets: dict[int, Outlook] = {}
    horizon = config.horizon_s

    def little(sid: int) -> bool:
        service = model.services.get(sid)
        return service is None or service.cases < config.min_history_cases

    for key, (per_ticket, new) in samples.by_service.items():
        sid = key[0]
        waits = tuple(
            outlook(s, horizon, closes_s=model.closes_s, little=little(sid)) for s in per_ticket
        )
        coming = outlook(new, horizon, closes_s=model.closes_s, little=little(sid))
        queues[key] = QueueOutlook(waits, coming, _step(model, sid))
        tickets.update(zip(waiting.by_service.get(key, ()), waits, strict=True))
    for key, per_ticket in samples.by_window.items():
        for (tid, sid), s in zip(waiting.by_window[key], per_ticket, strict=True):
            found = outlook(s, horizon, closes_s=model.closes_s, little=little(sid))
            tickets[tid] = found
    served = {key[0] for key in queues}
    no_window = {sid: "no_window" for sid in service_ids.values() if sid not in served}
    return Forecast(now, seq, dict(service_ids), queues, tickets, no_window)
