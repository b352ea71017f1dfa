"""The windows as the wait predictor plans them: when each can call, its clerk's speed, its
lunch still to come, and when it is back from a pause, from the hall's configuration with the
window's own history (and then the hall's) taking over as it builds up.

- A window not signed in yet is expected when it usually opens (if it opened on at least half
  of the days in the history), and left out if it usually is open by now.
- Lunch: a window without 午间值班 closes for lunch at its first call from the lunch start on
  (once a day). The span is the configured lunch break, else the one its history shows; it is
  back when it usually is back (its own lunch pauses, else the hall's), with the configured
  lunch end counted as `prior_pause_weight` such pauses.
- Another pause lasts as long as that window's pauses of that kind usually last, else the
  hall's; a short break has the hall's long-pause limit as prior. A kind the hall has no
  history or setting for is not guessed at: the window counts as away.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from app.queue.predict_history import History
from app.queue.predict_hours import HallHours, seconds_of_day
from app.queue.predict_model import PredictorConfig, WindowPlan

MIN_PAUSES = 3  # pauses of a window before its own history counts
RESIDUAL_S = 60.0  # a pause running past everything the history has seen: back in a minute


@dataclass
class WindowFacts:
    """Today's windows as they are now."""

    windows: list[tuple[int, bool]] = field(default_factory=list)  # (id, lunch duty), in order
    ranks: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    sessions: dict[int, int | None] = field(default_factory=dict)  # open: staff; None: gone
    pauses: dict[int, tuple[str, dt.datetime]] = field(default_factory=dict)
    lunched: set[int] = field(default_factory=set)  # took (or are on) lunch today
    busy: dict[int, tuple[int, bool, dt.datetime | None, dt.datetime | None]] = field(
        default_factory=dict
    )  # window → (service, started, called at, started at)
    last_finish: dict[int, dt.datetime] = field(default_factory=dict)  # today's last case end


def lunch_span(history: History, hours: HallHours) -> tuple[float, float] | None:
    """The lunch break as seconds of the day: configured, else what the history shows (the
    first quarter of the windows' lunch starts, the middle of their returns)."""
    if hours.lunch is not None:
        return seconds_of_day(hours.lunch[0]), seconds_of_day(hours.lunch[1])
    if len(history.lunches) < MIN_PAUSES:
        return None
    starts = sorted(p.start_tod for p in history.lunches)
    ends = [p.end_tod for p in history.lunches]
    return starts[len(starts) // 4], statistics.median(ends)


def lunch_returns(
    window_id: int, history: History, span: tuple[float, float] | None, config: PredictorConfig
) -> list[float]:
    """When this window is back from lunch (seconds of the day, samples)."""
    own = [p.end_tod for p in history.lunches if p.window_id == window_id]
    seen = own if len(own) >= MIN_PAUSES else [p.end_tod for p in history.lunches]
    if len(seen) < MIN_PAUSES:
        seen = []
    prior = [span[1]] * round(config.prior_pause_weight) if span is not None else []
    return seen + prior


def pause_lengths(
    window_id: int, kind: str, history: History, prior_s: float | None, config: PredictorConfig
) -> list[float]:
    """How long this window's pauses of this kind last (samples)."""
    own = history.pause_s.get((window_id, kind), [])
    if len(own) >= MIN_PAUSES:
        seen = own
    else:
        seen = [s for (_w, k), v in history.pause_s.items() if k == kind for s in v]
        if len(seen) < MIN_PAUSES:
            seen = []
    prior = [prior_s] * round(config.prior_pause_weight) if prior_s is not None else []
    return seen + prior


def _ahead(samples: list[float], floor: float) -> tuple[float, ...]:
    """The samples after `floor` (seconds from now); just after it if none is."""
    later = tuple(s for s in samples if s > floor)
    return later or (floor + RESIDUAL_S,)


def _pause_end(
    window_id: int,
    reason: str,
    started: dt.datetime,
    now: dt.datetime,
    history: History,
    span: tuple[float, float] | None,
    config: PredictorConfig,
    break_prior_s: float | None,
) -> tuple[float, ...] | None:
    """When a paused window is back, seconds from now (samples); None: not known."""
    now_tod = seconds_of_day(now)
    elapsed = (now - started).total_seconds()
    if reason == "lunch":
        returns = lunch_returns(window_id, history, span, config)
        if any(r > now_tod for r in returns):
            return _ahead([r - now_tod for r in returns], 0.0)
        lengths = [p.end_tod - p.start_tod for p in history.lunches]
        if span is not None:
            lengths.append(span[1] - span[0])
    else:
        prior = break_prior_s if reason == "break" else None
        lengths = pause_lengths(window_id, reason, history, prior, config)
    if not lengths:
        return None
    return _ahead([length - elapsed for length in lengths], 0.0)


def plan_windows(
    facts: WindowFacts,
    now: dt.datetime,
    history: History,
    hours: HallHours,
    config: PredictorConfig,
    speeds: dict[int, float],
    break_prior_s: float | None,
    turnaround_s: float = 0.0,
) -> tuple[WindowPlan, ...]:
    """`turnaround_s`: a window that has just finished a case calls again after this."""
    now_tod = seconds_of_day(now)
    span = lunch_span(history, hours)
    plans = []
    for wid, duty in facts.windows:
        services = tuple(facts.ranks.get(wid, ()))
        if not services and wid not in facts.busy:
            continue
        if wid in facts.sessions and facts.sessions[wid] is None:
            continue  # signed out for the day
        lunch: tuple[float, float] | None = None
        back: tuple[float, ...] = ()
        if not duty and span is not None and wid not in facts.lunched and now_tod < span[1]:
            lunch = (span[0] - now_tod, span[1] - now_tod)
            back = tuple(r - now_tod for r in lunch_returns(wid, history, span, config))
        if wid not in facts.sessions:  # not signed in yet: expected when it usually opens
            opens = history.sign_in_tod.get(wid, [])
            if 2 * len(opens) < max(1, history.session_days):
                continue
            later = [tod - now_tod for tod in opens if tod > now_tod]
            if 2 * len(later) < len(opens):
                continue  # it usually is open by now, so it is off today
            plans.append(WindowPlan(wid, services, tuple(later), 1.0, lunch_s=lunch,
                                    lunch_back_s=back))  # fmt: skip
            continue
        speed = speeds.get(facts.sessions[wid] or -1, 1.0)
        free_at: tuple[float, ...] = (0.0,)
        finished = facts.last_finish.get(wid)
        if finished is not None and wid not in facts.busy:
            free_at = (max(0.0, turnaround_s - (now - finished).total_seconds()),)
        if wid in facts.pauses:
            reason, started = facts.pauses[wid]
            ends = _pause_end(wid, reason, started, now, history, span, config, break_prior_s)
            if ends is None:
                continue  # away for a time nobody can tell
            free_at = ends
            if reason == "lunch":
                lunch, back = None, ()
        busy = facts.busy.get(wid)
        plans.append(
            WindowPlan(
                wid,
                services,
                free_at,
                speed,
                busy_service_id=busy[0] if busy else None,
                busy_elapsed_s=_elapsed(busy, now),
                busy_started=busy[1] if busy else True,
                lunch_s=lunch,
                lunch_back_s=back,
            )
        )
    return tuple(plans)


def _elapsed(
    busy: tuple[int, bool, dt.datetime | None, dt.datetime | None] | None, now: dt.datetime
) -> float:
    if busy is None:
        return 0.0
    _sid, started, called, started_at = busy
    began = started_at if started and started_at else called
    return max(0.0, (now - began).total_seconds()) if began else 0.0
