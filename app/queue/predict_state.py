"""Reading the live hall for the wait predictor: services, windows, pauses and cases in hand,
combined with what the hall's history and configuration say (read in one read transaction).
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import statistics
from collections import defaultdict

from sqlalchemy import Connection, bindparam, func, select

from app.models import Pause, Service, StaffSession, Ticket, TicketState, Window
from app.models import WindowService as WS
from app.queue.predict_history import Case, History, read_cases
from app.queue.predict_hours import HallHours, seconds_of_day
from app.queue.predict_model import HallModel, PredictorConfig, ServiceModel
from app.queue.predict_windows import WindowFacts, plan_windows

_P = bindparam
_SERVICES = select(Service.id, Service.promised_minutes, Service.open_at, Service.close_at).where(
    Service.active
)
_ISSUED_TODAY = (
    select(Ticket.service_id, Ticket.priority, func.count())
    .where(Ticket.day == _P("day"))
    .group_by(Ticket.service_id, Ticket.priority)
)
_RANKS = select(WS.window_id, WS.service_id).order_by(WS.window_id, WS.rank)
_SESSIONS = select(
    StaffSession.id, StaffSession.window_id, StaffSession.staff_id, StaffSession.signed_out_at
).where(StaffSession.day == _P("day"))
_OPEN_PAUSES = select(Pause.session_id, Pause.window_id, Pause.reason, Pause.started_at).where(
    Pause.ended_at.is_(None)
)
_LUNCHED = select(Pause.window_id).where(Pause.reason == "lunch", Pause.started_at >= _P("since"))
_BUSY = [TicketState.CALLED.value, TicketState.SERVING.value]
_BUSY_NOW = select(
    Ticket.window_id, Ticket.service_id, Ticket.state, Ticket.called_at, Ticket.started_at
).where(Ticket.state.in_(_BUSY), Ticket.day == _P("day"))
_WINDOWS = select(Window.id, Window.lunch_duty).where(Window.active).order_by(Window.number)
_LAST_FINISH = (
    select(Ticket.window_id, func.max(Ticket.finished_at))
    .where(Ticket.day == _P("day"), Ticket.state == TicketState.FINISHED.value)
    .group_by(Ticket.window_id)
)


def _shrunk_median(values: list[float], prior: float | None, weight: float = 5.0) -> float:
    """The median of what was seen, drawn towards a prior while there is little of it; with no
    prior, what was seen (0 before anything is)."""
    if prior is None:
        return statistics.median(values) if values else 0.0
    if not values:
        return prior
    n = len(values)
    return (statistics.median(values) * n + prior * weight) / (n + weight)


def clerk_speeds(cases: list[Case], config: PredictorConfig) -> dict[int, float]:
    """Each clerk's handling time against the hall's usual for the same services (a factor,
    from the log-ratios to each service's median; drawn to 1 while a clerk has few cases)."""
    logs: dict[int, list[float]] = defaultdict(list)
    for case in cases:
        if case.handling_s > 0:
            logs[case.service_id].append(math.log(case.handling_s))
    middle = {sid: statistics.median(v) for sid, v in logs.items()}
    ratios: dict[int, list[float]] = defaultdict(list)
    for case in cases:
        if case.staff_id is not None and case.handling_s > 0:
            ratios[case.staff_id].append(math.log(case.handling_s) - middle[case.service_id])
    return {staff: math.exp(sum(v) / (len(v) + config.clerk_weight)) for staff, v in ratios.items()}


def service_model(
    sid: int, promised_min: int, samples: list[float], config: PredictorConfig
) -> ServiceModel:
    """Handling times at the hall's usual speed: the newest samples, a forgotten finish cut
    down to 4 spreads above the median on the log scale (the spread from the median absolute
    deviation, or from the 90th percentile when most cases take the same time), with the
    promised time as prior."""
    prior = max(60.0, promised_min * 60.0)
    positive = [s for s in samples if s > 0]
    if len(positive) >= 5:
        logs = sorted(math.log(s) for s in positive)
        mid = statistics.median(logs)
        mad = 1.4826 * statistics.median(abs(v - mid) for v in logs)
        tail = (logs[int(0.9 * (len(logs) - 1))] - mid) / 1.2816
        cap = math.exp(mid + 4 * max(0.25, mad, tail))
        clipped = [min(s, cap) for s in positive]
    else:
        clipped = positive
    n = len(clipped)
    weight = config.prior_weight
    mean = (sum(clipped) + weight * prior) / (n + weight) if n + weight > 0 else prior
    if n >= 10:
        pool = tuple(sorted(clipped))
    else:  # few cases yet: quantiles of a lognormal around the estimate, plus what there is
        s2 = math.log(1.0 + config.prior_cv**2)
        mu = math.log(mean) - s2 / 2
        norm = statistics.NormalDist(mu, s2**0.5)
        quantiles = [math.exp(norm.inv_cdf((i + 0.5) / 32)) for i in range(32)]
        pool = tuple(sorted(quantiles + clipped))
    return ServiceModel(sid, mean, pool, cases=n)


def _arrivals(
    own: list[float],
    hall: list[float],
    share: float,
    days: int,
    factor: float,
    span: tuple[float, float],
    step: float,
) -> tuple[tuple[float, float, float], ...]:
    """Expected arrivals per second from now until the service stops issuing: by time of day,
    half the service's own profile and half the hall's profile times the service's share (a
    service's own counts per half hour are few), times today's factor."""
    now_tod, close_tod = span
    bins = []
    start = now_tod
    while start < close_tod:
        end = min(close_tod, (start // step + 1) * step)
        mine = bisect.bisect_left(own, end) - bisect.bisect_left(own, start)
        all_ = bisect.bisect_left(hall, end) - bisect.bisect_left(hall, start)
        count = (mine + share * all_) / 2
        bins.append((start - now_tod, end - now_tod, count / days / max(1.0, end - start) * factor))
        start = end
    return tuple(bins)


def read_model(
    conn: Connection,
    now: dt.datetime,
    config: PredictorConfig,
    history: History,
    hours: HallHours,
    break_prior_s: float | None,
) -> HallModel:
    today, now_tod = now.date(), seconds_of_day(now)
    services = conn.execute(_SERVICES).all()
    cases = read_cases(conn, today, today, config.samples_per_service * max(1, len(services)))
    all_cases = cases.handling + history.cases.handling
    speeds = clerk_speeds(all_cases, config)
    standard: dict[int, list[float]] = defaultdict(list)
    for case in all_cases:  # newest first
        standard[case.service_id].append(case.handling_s / speeds.get(case.staff_id or -1, 1.0))

    issued_today: dict[int, int] = defaultdict(int)
    priority_today = 0
    for sid, prio, count in conn.execute(_ISSUED_TODAY, {"day": today}):
        issued_today[sid] += int(count)
        priority_today += int(count) if prio else 0
    # Today's arrivals against the usual: a day like the others unless days are known to
    # differ (a gamma prior on the day's factor, its spread learned from the history).
    seen = sum(issued_today.values())
    days = max(1, history.days)
    expected = sum(bisect.bisect_left(t, now_tod) for t in history.issued_tod.values()) / days
    spread = history.day_spread()
    factor = 1.0 if spread <= 0 else (1 / spread + seen) / (1 / spread + expected)
    opened = min((seconds_of_day(row.open_at) for row in services), default=now_tod)
    pace_span = max(900.0, now_tod - opened)
    hall_times = history.hall_tod

    models = {}
    for sid, promised, _open_at, close_at in services:
        samples = standard.get(sid, [])[: config.samples_per_service]
        model = service_model(sid, promised, samples, config)
        arrivals: tuple[tuple[float, float, float], ...] = ()
        close_tod = seconds_of_day(close_at)
        if close_tod > now_tod:
            if history.days:
                times = history.issued_tod.get(sid, [])
                share = len(times) / max(1, len(hall_times))
                step = config.arrival_bin_minutes * 60.0
                span = (now_tod, close_tod)
                arrivals = _arrivals(times, hall_times, share, history.days, factor, span, step)
            else:
                pace = issued_today.get(sid, 0) / pace_span
                arrivals = ((0.0, close_tod - now_tod, pace),)
        models[sid] = ServiceModel(sid, model.mean_s, model.pool, arrivals, model.cases)

    finished = cases.finished + history.cases.finished
    no_shows = cases.no_shows + history.cases.no_shows
    prior_rate = config.no_show_prior or 0.0
    weight = config.no_show_prior_weight if config.no_show_prior is not None else 0.0
    no_show_rate = (no_shows + prior_rate * weight) / max(1e-9, finished + no_shows + weight)
    priority_share = (history.priority + priority_today) / (history.issued + seen + 1)
    turnaround = _shrunk_median(
        cases.turnarounds + history.cases.turnarounds, config.turnaround_prior_s
    )
    facts = _window_facts(conn, now)
    windows = plan_windows(facts, now, history, hours, config, speeds, break_prior_s, turnaround)
    closes = None if hours.close_at is None else seconds_of_day(hours.close_at) - now_tod
    return HallModel(
        windows=windows,
        services=models,
        walk_s=_shrunk_median(cases.walks + history.cases.walks, config.walk_prior_s),
        turnaround_s=turnaround,
        no_show_rate=no_show_rate,
        no_show_cost_s=_shrunk_median(cases.no_show_costs + history.cases.no_show_costs, None),
        priority_share=priority_share,
        walks=tuple(cases.walks + history.cases.walks),
        closes_s=closes,
    )


def _window_facts(conn: Connection, now: dt.datetime) -> WindowFacts:
    today = now.date()
    facts = WindowFacts()
    for wid, sid in conn.execute(_RANKS):
        facts.ranks[wid].append(sid)
    open_sessions = set()
    for session_id, wid, staff, out in conn.execute(_SESSIONS, {"day": today}):
        if out is None:
            facts.sessions[wid] = staff
            open_sessions.add(session_id)
        else:
            facts.sessions.setdefault(wid, None)
    facts.pauses = {
        wid: (reason, started)
        for session_id, wid, reason, started in conn.execute(_OPEN_PAUSES)
        if session_id in open_sessions
    }
    since = dt.datetime.combine(today, dt.time())
    facts.lunched = set(conn.scalars(_LUNCHED, {"since": since}))
    facts.busy = {
        wid: (sid, state == TicketState.SERVING.value, called, started)
        for wid, sid, state, called, started in conn.execute(_BUSY_NOW, {"day": today})
        if wid is not None
    }
    facts.windows = [(wid, bool(duty)) for wid, duty in conn.execute(_WINDOWS)]
    facts.last_finish = {
        wid: at for wid, at in conn.execute(_LAST_FINISH, {"day": today}) if wid and at
    }
    return facts
