"""What the wait predictor works on: its settings and a snapshot of the hall, in seconds.

The settings are about the method (how many replays, how much history), never about a hall:
everything a hall is like comes from its configuration and its own history. Where a hall has
no history yet, the priors are:
- a service's handling time: its promised time (限时办结), spread as an exponential
  distribution would be (coefficient of variation 1: the least one can assume of a positive
  time whose mean alone is known), worth `prior_weight` cases;
- walking to the window, a window's turnaround, no-shows and priority tickets: none until
  the hall has seen some (each case seen counts at once);
- a pause: until the configured lunch end for a lunch pause; the hall's "a pause longer
  than this needs a reason" limit (QueueSettings.long_pause_minutes) for a short break; other
  kinds are not guessed at (the window counts as away until its history says more);
- arrivals: today's pace so far.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.queue.predict_hours import HallHours


@dataclass(frozen=True)
class PredictorConfig:
    """How the predictor works; `hall_hours` are the config file's hours, if any (the hall
    settings in the database take precedence)."""

    replays: int = 48  # Monte-Carlo replays at most; 0 = one deterministic replay with means
    min_replays: int = 4
    step_budget: int = 40_000  # dispatches and arrivals per forecast; fewer replays for long queues
    future_arrivals: bool = True  # later tickets of higher-ranked services / priority cut in
    history_days: int = 28  # calendar days of history
    samples_per_service: int = 400  # handling-time samples kept per service (the newest)
    prior_weight: float = 3.0  # cases the promised-time prior is worth
    prior_cv: float = 1.0  # spread of the prior handling-time distribution
    clerk_weight: float = 20.0  # cases of a clerk before their own speed counts half
    prior_pause_weight: float = 2.0  # history pauses a configured return time is worth
    min_history_cases: int = 20  # fewer finished cases of a service: the estimate is a range
    # Used by the tests to switch overheads off; None: learned from the hall (0 until seen).
    walk_prior_s: float | None = None
    turnaround_prior_s: float | None = None
    no_show_prior: float | None = None
    no_show_prior_weight: float = 0.0
    arrival_bin_minutes: int = 30
    horizon_s: float = 12 * 3600.0  # give up replaying beyond this
    hall_hours: HallHours | None = None


@dataclass(frozen=True)
class WindowPlan:
    """One window as the replay sees it: when it can next call, what it calls, how fast its
    clerk is, and the lunch it still has to take."""

    window_id: int
    service_ids: tuple[int, ...]  # by rank
    free_at_s: tuple[float, ...] = (0.0,)  # when it can call (samples): a pause, its opening
    speed: float = 1.0  # its clerk's handling time against the hall's usual (1: usual)
    busy_service_id: int | None = None  # the case in hand, if any, whose rest is still to come
    busy_elapsed_s: float = 0.0  # time already spent on that case
    busy_started: bool = True  # False: called, the visitor not yet at the window
    lunch_s: tuple[float, float] | None = None  # goes to lunch at its first call in this span
    lunch_back_s: tuple[float, ...] = ()  # when it is back from that lunch (samples)


@dataclass(frozen=True)
class ServiceModel:
    """Handling times and arrivals of one service (times at the hall's usual speed)."""

    service_id: int
    mean_s: float  # robust running estimate of the handling time
    pool: tuple[float, ...]  # handling times to sample from, sorted (recent ones, prior quantiles)
    arrivals: tuple[tuple[float, float, float], ...] = ()  # (from_s, to_s, rate per second)
    cases: int = 0  # finished cases the estimate rests on


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
    walks: tuple[float, ...] = ()  # call → start times seen (how late a visitor may be)
    closes_s: float | None = None  # the hall's closing time, from now


def mean_of(samples: tuple[float, ...]) -> float:
    return sum(samples) / len(samples) if samples else 0.0
