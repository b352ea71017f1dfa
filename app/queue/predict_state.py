"""Reading the live hall for the wait predictor: windows, cases in hand, queues, and history.

History of earlier days (handling times, arrivals by time of day, sign-in times, pause and
no-show durations) does not change during a day, so it is read once per day and kept; today's
figures are read on every estimate, inside the caller's transaction.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Connection, Integer, bindparam, func, select

from app.models import Event, Pause, Service, StaffSession, Ticket, TicketState, Window
from app.models import WindowService as WS
from app.queue.predict_model import HallModel, PredictorConfig, ServiceModel, WindowPlan

_DONE = TicketState.FINISHED.value
_NO_SHOW = TicketState.NO_SHOW.value
_BUSY = [TicketState.CALLED.value, TicketState.SERVING.value]


_P = bindparam
_KEEP_OVERHEADS = 300  # newest walk, turnaround and no-show times kept from history
# Statements built once (building them costs more than running them on a small hall).
_CASES = (
    select(
        Ticket.service_id, Ticket.window_id, Ticket.called_at, Ticket.started_at, Ticket.finished_at
    )
    .where(Ticket.day >= _P("first"), Ticket.day <= _P("last"), Ticket.state == _DONE)
    .order_by(Ticket.finished_at.desc())
)
_CASES_RECENT = _CASES.limit(_P("limit", type_=Integer))
_NO_SHOWS = (
    select(Ticket.called_at, Event.at)
    .join(Event, Event.ticket_id == Ticket.id)
    .where(
        Ticket.day >= _P("first"),
        Ticket.day <= _P("last"),
        Ticket.state == _NO_SHOW,
        Event.kind == "ticket_no_show",
    )
    .order_by(Event.at)
)
_OUTCOMES = (
    select(Ticket.state, func.count())
    .where(Ticket.day == _P("day"), Ticket.state.in_([_DONE, _NO_SHOW]))
    .group_by(Ticket.state)
)
_SERVICES = select(Service.id, Service.promised_minutes, Service.open_at, Service.close_at).where(
    Service.active
)
_ISSUED_SINCE = (
    select(Ticket.service_id, func.count())
    .where(Ticket.day == _P("day"), Ticket.issued_at >= _P("since"))
    .group_by(Ticket.service_id)
)
_RANKS = select(WS.window_id, WS.service_id).order_by(WS.window_id, WS.rank)
_SESSIONS = select(StaffSession.id, StaffSession.window_id, StaffSession.signed_out_at).where(
    StaffSession.day == _P("day")
)
_PAUSES = select(Pause.session_id, Pause.window_id, Pause.reason, Pause.started_at).where(
    Pause.ended_at.is_(None)
)
_BUSY_NOW = select(
    Ticket.window_id, Ticket.service_id, Ticket.state, Ticket.called_at, Ticket.started_at
).where(Ticket.state.in_(_BUSY), Ticket.day == _P("day"))
_WINDOWS = select(Window.id, Window.lunch_duty).where(Window.active).order_by(Window.number)


def _tod(moment: dt.datetime) -> float:
    """Seconds since midnight."""
    return moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 1e6


def _tod_time(moment: dt.time) -> float:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


@dataclass
class Cases:
    """Finished cases and no-shows: handling samples (newest first) and the window overheads."""

    handling: dict[int, list[float]] = field(default_factory=lambda: defaultdict(list))
    walks: list[float] = field(default_factory=list)
    turnarounds: list[float] = field(default_factory=list)
    no_show_costs: list[float] = field(default_factory=list)
    finished: int = 0
    no_shows: int = 0


@dataclass
class History:
    """What earlier days tell: cases, arrivals by time of day, sign-ins, pauses."""

    days: int = 0
    cases: Cases = field(default_factory=Cases)
    issued_tod: dict[int, list[float]] = field(default_factory=dict)  # sorted per service
    issued: int = 0
    priority: int = 0
    sign_in_tod: dict[int, list[float]] = field(default_factory=dict)  # first one per day
    session_days: int = 0
    pause_s: dict[str, float] = field(default_factory=dict)  # median length by reason


def _read_cases(conn: Connection, first: dt.date, last: dt.date, limit: int | None) -> Cases:
    """Finished cases, newest first (at most `limit`), and the no-shows of those days."""
    cases = Cases()
    span = {"first": first, "last": last}
    if limit is None:
        rows = conn.execute(_CASES, span).all()
        cases.finished = len(rows)
    else:
        rows = conn.execute(_CASES_RECENT, span | {"limit": limit}).all()
        counts = dict(conn.execute(_OUTCOMES, {"day": last}).all())
        cases.finished = int(counts.get(_DONE, 0))
    last_call: dict[int, dt.datetime] = {}
    for sid, wid, called, started, finished in rows:  # newest first
        if started is None or finished is None:
            continue
        cases.handling[sid].append((finished - started).total_seconds())
        if called is not None and wid is not None:
            cases.walks.append((started - called).total_seconds())
            following = last_call.get(wid)
            if following is not None and following >= finished:
                gap = (following - finished).total_seconds()
                if gap < 120:
                    cases.turnarounds.append(gap)
            last_call[wid] = called
    no_shows = conn.execute(_NO_SHOWS, span).all()
    cases.no_shows = len(no_shows)
    cases.no_show_costs = [
        (at - called).total_seconds() for called, at in no_shows if called is not None
    ]
    return cases


def read_history(conn: Connection, today: dt.date, config: PredictorConfig) -> History:
    first = today - dt.timedelta(days=config.history_days)
    last = today - dt.timedelta(days=1)
    cases = _read_cases(conn, first, last, None)
    # keep the newest only: estimates combine them with today's on every ticket
    keep = _KEEP_OVERHEADS
    cases.walks, cases.turnarounds = cases.walks[:keep], cases.turnarounds[:keep]
    cases.no_show_costs = cases.no_show_costs[-keep:]
    for sid, samples in cases.handling.items():
        cases.handling[sid] = samples[: config.samples_per_service]
    history = History(cases=cases)
    issued: dict[int, list[float]] = defaultdict(list)
    days = set()
    for sid, prio, at, day in conn.execute(
        select(Ticket.service_id, Ticket.priority, Ticket.issued_at, Ticket.day).where(
            Ticket.day >= first, Ticket.day <= last
        )
    ):
        issued[sid].append(_tod(at))
        history.issued += 1
        history.priority += bool(prio)
        days.add(day)
    history.days = len(days)
    history.issued_tod = {sid: sorted(times) for sid, times in issued.items()}
    first_sign_in: dict[tuple[int, dt.date], float] = {}
    session_days = set()
    for wid, day, at in conn.execute(
        select(StaffSession.window_id, StaffSession.day, StaffSession.signed_in_at).where(
            StaffSession.day >= first, StaffSession.day <= last
        )
    ):
        key = (wid, day)
        first_sign_in[key] = min(first_sign_in.get(key, 1e9), _tod(at))
        session_days.add(day)
    history.session_days = len(session_days)
    sign_ins: dict[int, list[float]] = defaultdict(list)
    for (wid, _day), tod in first_sign_in.items():
        sign_ins[wid].append(tod)
    history.sign_in_tod = dict(sign_ins)
    lengths: dict[str, list[float]] = defaultdict(list)
    for reason, started, ended in conn.execute(
        select(Pause.reason, Pause.started_at, Pause.ended_at).where(
            Pause.started_at >= dt.datetime.combine(first, dt.time()),
            Pause.ended_at.is_not(None),
        )
    ):
        if ended is not None:
            lengths[reason].append((ended - started).total_seconds())
    history.pause_s = {reason: statistics.median(v) for reason, v in lengths.items()}
    return history


def _service_model(
    sid: int, promised_min: int, samples: list[float], config: PredictorConfig
) -> ServiceModel:
    prior = max(60.0, promised_min * 60.0)
    if samples:
        cap = config.clip_factor * statistics.median(samples)
        clipped = [min(s, cap) for s in samples]
        n = len(clipped)
        mean = (sum(clipped) + config.prior_weight * prior) / (n + config.prior_weight)
    else:
        clipped, n, mean = [], 0, prior
    if n >= 10:
        pool = tuple(clipped)
    else:  # few cases yet: quantiles of a lognormal around the estimate, plus what there is
        s2 = math.log(1.0 + config.prior_cv**2)
        mu = math.log(mean) - s2 / 2
        norm = statistics.NormalDist(mu, s2**0.5)
        pool = tuple(math.exp(norm.inv_cdf((i + 0.5) / 32)) for i in range(32)) + tuple(clipped)
    return ServiceModel(sid, mean, pool)


def _median(values: list[float], default: float, weight: float = 5.0) -> float:
    """A median shrunk towards a default when there are few values."""
    if not values:
        return default
    n = len(values)
    return (statistics.median(values) * n + default * weight) / (n + weight)


def _arrivals(
    sid: int,
    history: History,
    pace: float,
    now_tod: float,
    close_tod: float,
    scale: float,
    config: PredictorConfig,
) -> tuple[tuple[float, float, float], ...]:
    """Expected arrivals per second until the service stops issuing: the profile of earlier
    days by time of day, scaled to today's recent pace; without history, today's pace."""
    if close_tod <= now_tod:
        return ()
    if history.days == 0:
        return ((0.0, close_tod - now_tod, pace),)
    step = config.arrival_bin_minutes * 60.0
    times = history.issued_tod.get(sid, [])
    bins = []
    start = now_tod
    while start < close_tod:
        end = min(close_tod, (start // step + 1) * step)
        count = bisect.bisect_left(times, end) - bisect.bisect_left(times, start)
        rate = count / history.days / max(1.0, end - start) * scale
        bins.append((start - now_tod, end - now_tod, rate))
        start = end
    return tuple(bins)


def read_model(
    conn: Connection, now: dt.datetime, config: PredictorConfig, history: History
) -> HallModel:
    today, now_tod = now.date(), _tod(now)
    services = conn.execute(_SERVICES).all()
    cases = _read_cases(conn, today, today, config.samples_per_service * max(1, len(services)))
    # today's recent pace: over the last hour, or since opening (at least 15 minutes)
    opened = min((_tod_time(row.open_at) for row in services), default=now_tod)
    span = max(900.0, min(config.recent_minutes * 60.0, now_tod - opened))
    since = now - dt.timedelta(seconds=span)
    recent = {sid: int(n) for sid, n in conn.execute(_ISSUED_SINCE, {"day": today, "since": since})}
    recent_all = sum(recent.values())
    hist_recent = sum(
        bisect.bisect_left(t, now_tod) - bisect.bisect_left(t, now_tod - span)
        for t in history.issued_tod.values()
    ) / max(1, history.days)
    scale = min(2.0, max(0.5, (recent_all + 5) / (hist_recent + 5)))

    models = {}
    for sid, promised, _open_at, close_at in services:
        samples = (cases.handling.get(sid, []) + history.cases.handling.get(sid, []))[
            : config.samples_per_service
        ]
        model = _service_model(sid, promised, samples, config)
        pace = recent.get(sid, 0) / span
        arrivals = _arrivals(sid, history, pace, now_tod, _tod_time(close_at), scale, config)
        models[sid] = ServiceModel(sid, model.mean_s, model.pool, arrivals)

    finished = cases.finished + history.cases.finished
    no_shows = cases.no_shows + history.cases.no_shows
    no_show_rate = (no_shows + config.no_show_prior * config.no_show_prior_weight) / (
        finished + no_shows + config.no_show_prior_weight
    )
    issued_all = history.issued + recent_all
    priority_share = (history.priority + 0.02 * 50) / (issued_all + 50)
    lunch_from = _tod_time(config.lunch_start) - now_tod
    lunch_to = _tod_time(config.lunch_end) - now_tod
    windows = _windows(conn, now, config, history, lunch_from, lunch_to)
    return HallModel(
        windows=windows,
        services=models,
        walk_s=_median(cases.walks + history.cases.walks, config.walk_prior_s),
        turnaround_s=_median(
            cases.turnarounds + history.cases.turnarounds, config.turnaround_prior_s
        ),
        no_show_rate=no_show_rate,
        no_show_cost_s=_median(
            cases.no_show_costs + history.cases.no_show_costs, config.no_show_cost_prior_s
        ),
        priority_share=priority_share,
        lunch_from_s=lunch_from,
        lunch_to_s=lunch_to,
    )


def _windows(
    conn: Connection,
    now: dt.datetime,
    config: PredictorConfig,
    history: History,
    lunch_from: float,
    lunch_to: float,
) -> tuple[WindowPlan, ...]:
    today, now_tod = now.date(), _tod(now)
    ranks: dict[int, list[int]] = defaultdict(list)
    for wid, sid in conn.execute(_RANKS):
        ranks[wid].append(sid)
    sessions: dict[int, int | None] = {}  # window → open session id (None: signed out today)
    for session_id, wid, out in conn.execute(_SESSIONS, {"day": today}):
        if out is None:
            sessions[wid] = session_id
        else:
            sessions.setdefault(wid, None)
    open_sessions = set(sessions.values())
    pauses = {
        wid: (reason, started)
        for session_id, wid, reason, started in conn.execute(_PAUSES)
        if session_id in open_sessions
    }
    busy = {
        wid: (sid, state, called, started)
        for wid, sid, state, called, started in conn.execute(_BUSY_NOW, {"day": today})
    }
    plans = []
    in_lunch = lunch_from <= 0 < lunch_to
    for wid, duty in conn.execute(_WINDOWS):
        services = tuple(ranks.get(wid, ()))
        if not services and wid not in busy:
            continue
        skips = not duty and lunch_from > 0
        if wid in sessions and sessions[wid] is None:
            continue  # signed out for the day
        if wid not in sessions:  # not signed in yet: expected when it usually opens
            opens = history.sign_in_tod.get(wid, [])
            if 2 * len(opens) < max(1, history.session_days):
                continue
            at = statistics.median(opens)
            if at <= now_tod:
                continue  # it usually is open by now, so it is off today
            if not duty and lunch_from <= at - now_tod < lunch_to:
                at = now_tod + lunch_to
            plans.append(WindowPlan(wid, services, bool(duty), at - now_tod, skips_lunch=skips))
            continue
        free_at = 0.0
        if wid in pauses:
            reason, started = pauses[wid]
            if reason == "lunch" and not duty and lunch_to > 0 and (in_lunch or lunch_from > 0):
                free_at = lunch_to
            else:
                typical = history.pause_s.get(reason, config.pause_prior_s.get(reason, 1200.0))
                free_at = max(60.0, typical - (now - started).total_seconds())
            skips = False
        plan = WindowPlan(wid, services, bool(duty), free_at, skips_lunch=skips)
        if wid in busy:
            sid, state, called, serving_from = busy[wid]
            began = serving_from if state == TicketState.SERVING.value and serving_from else called
            plan = WindowPlan(
                wid,
                services,
                bool(duty),
                free_at,
                busy_service_id=sid,
                busy_elapsed_s=max(0.0, (now - began).total_seconds()) if began else 0.0,
                busy_started=state == TicketState.SERVING.value,
                skips_lunch=skips,
            )
        plans.append(plan)
    return tuple(plans)
