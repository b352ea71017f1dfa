"""What the wait predictor works on: its settings and a snapshot of the hall, in seconds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class PredictorConfig:
    """Tunable knobs of the wait predictor; the defaults suit a typical hall."""

    lunch_start: dt.time = dt.time(12, 0)  # windows without lunch duty close at lunch
    lunch_end: dt.time = dt.time(13, 30)
    replays: int = 24  # Monte-Carlo replays at most; 0 = one deterministic replay with means
    min_replays: int = 4
    step_budget: int = 24_000  # dispatches and arrivals per forecast; fewer replays for long queues
    seed: int = 20261123
    future_arrivals: bool = True  # later tickets of higher-ranked services / priority cut in
    history_days: int = 14  # calendar days of history for handling times, arrivals, openings
    samples_per_service: int = 60  # handling-time samples kept per service (most recent)
    prior_weight: float = 3.0  # pseudo-samples of promised_minutes in the handling estimate
    prior_cv: float = 0.6  # spread of the prior handling-time distribution
    clip_factor: float = 4.0  # handling times above this × median count as this (forgotten finish)
    walk_prior_s: float = 30.0  # call → start (the visitor walks to the window)
    turnaround_prior_s: float = 15.0  # finish → next call at a busy window
    no_show_prior: float = 0.05
    no_show_prior_weight: float = 40.0
    no_show_cost_prior_s: float = 120.0  # a window's time lost on a no-show
    arrival_bin_minutes: int = 30
    recent_minutes: int = 60  # today's recent arrivals scale the historical profile
    pause_prior_s: dict[str, float] = field(
        default_factory=lambda: {
            "lunch": 5400.0,
            "meeting": 3600.0,
            "business": 3600.0,
            "break": 600.0,
            "other": 1200.0,
        }
    )
    horizon_s: float = 12 * 3600.0  # give up replaying beyond this


@dataclass(frozen=True)
class WindowPlan:
    """One window as the replay sees it: when it can next call, and what it calls."""

    window_id: int
    service_ids: tuple[int, ...]  # by rank
    lunch_duty: bool
    free_at_s: float  # seconds from now when it can call (after its current case, pause, sign-in)
    busy_service_id: int | None = None  # the case in hand, if any, whose rest is still to come
    busy_elapsed_s: float = 0.0  # time already spent on that case
    busy_started: bool = True  # False: called, the visitor not yet at the window
    skips_lunch: bool = False  # True: closes for lunch in the replay (no lunch duty, not yet)


@dataclass(frozen=True)
class ServiceModel:
    """Handling times and arrivals of one service."""

    service_id: int
    mean_s: float  # robust running estimate of the handling time
    pool: tuple[float, ...]  # handling times to sample from (recent ones, or prior quantiles)
    arrivals: tuple[tuple[float, float, float], ...] = ()  # (from_s, to_s, rate per second)


@dataclass(frozen=True)
class Waiting:
    """The tickets waiting now, per queue, each queue in the order it is called."""

    # (service_id, priority) → ticket ids
    by_service: dict[tuple[int, bool], tuple[int, ...]]
    # (window_id, priority) → (ticket id, service id) of tickets transferred to that window
    by_window: dict[tuple[int, bool], tuple[tuple[int, int], ...]]


@dataclass(frozen=True)
class HallModel:
    """Everything a replay needs, times in seconds from now."""

    windows: tuple[WindowPlan, ...]
    services: dict[int, ServiceModel]
    walk_s: float
    turnaround_s: float
    no_show_rate: float
    no_show_cost_s: float
    priority_share: float
    lunch_from_s: float  # lunch, relative to now (may be negative or past)
    lunch_to_s: float
