"""What the hall's own history tells the wait predictor, read once a day.

Earlier days do not change during a day, so they are read once and kept: handling times per
service with the clerk who served each case; the time a visitor takes to reach the window, a
window's turnaround and what a no-show costs it; arrivals by time of day and how much whole
days differ; when each window usually opens; and every pause, per window and kind (lunch
pauses by the time of day they started and ended, others by their length).
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Connection, Integer, bindparam, func, select

from app.models import Event, Pause, StaffSession, Ticket, TicketState
from app.queue.predict_hours import seconds_of_day
from app.queue.predict_model import PredictorConfig

_DONE = TicketState.FINISHED.value
_NO_SHOW = TicketState.NO_SHOW.value
_P = bindparam
# A window's gap from a finish to its next call counts as turnaround below this (longer:
# the window was idle, waiting for a visitor).
TURNAROUND_MAX_S = 120.0

_CASES = (
    select(
        Ticket.service_id,
        Ticket.window_id,
        Ticket.staff_id,
        Ticket.called_at,
        Ticket.started_at,
        Ticket.finished_at,
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
_ISSUED = select(Ticket.service_id, Ticket.priority, Ticket.issued_at, Ticket.day).where(
    Ticket.day >= _P("first"), Ticket.day <= _P("last")
)
_SIGN_INS = select(StaffSession.window_id, StaffSession.day, StaffSession.signed_in_at).where(
    StaffSession.day >= _P("first"), StaffSession.day <= _P("last")
)
_PAUSES = select(Pause.window_id, Pause.reason, Pause.started_at, Pause.ended_at).where(
    Pause.started_at >= _P("since"), Pause.started_at < _P("until"), Pause.ended_at.is_not(None)
)


@dataclass(frozen=True)
class Case:
    service_id: int
    staff_id: int | None
    handling_s: float


@dataclass
class Cases:
    """Finished cases (newest first) and the window overheads around them."""

    handling: list[Case] = field(default_factory=list)
    walks: list[float] = field(default_factory=list)
    turnarounds: list[float] = field(default_factory=list)
    no_show_costs: list[float] = field(default_factory=list)
    finished: int = 0
    no_shows: int = 0


@dataclass(frozen=True)
class LunchPause:
    window_id: int
    start_tod: float
    end_tod: float


@dataclass
class History:
    """What earlier days tell."""

    days: int = 0
    cases: Cases = field(default_factory=Cases)
    issued_tod: dict[int, list[float]] = field(default_factory=dict)  # sorted, per service
    hall_tod: list[float] = field(default_factory=list)  # all services', sorted
    issued_per_day: list[int] = field(default_factory=list)
    issued: int = 0
    priority: int = 0
    sign_in_tod: dict[int, list[float]] = field(default_factory=dict)  # first one per day
    session_days: int = 0
    lunches: list[LunchPause] = field(default_factory=list)
    pause_s: dict[tuple[int, str], list[float]] = field(default_factory=dict)  # (window, kind)

    def day_spread(self) -> float:
        """How much whole days differ beyond chance: the squared coefficient of variation of a
        day's arrivals less the Poisson part (0: days differ only by chance)."""
        counts = self.issued_per_day
        if len(counts) < 3:
            return 0.0
        mean = statistics.fmean(counts)
        if mean <= 0:
            return 0.0
        return max(0.0, (statistics.variance(counts) - mean) / mean**2)


def read_cases(conn: Connection, first: dt.date, last: dt.date, limit: int | None) -> Cases:
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
    for sid, wid, staff, called, started, finished in rows:  # newest first
        if started is None or finished is None:
            continue
        cases.handling.append(Case(sid, staff, (finished - started).total_seconds()))
        if called is not None and wid is not None:
            cases.walks.append((started - called).total_seconds())
            following = last_call.get(wid)
            if following is not None and following >= finished:
                gap = (following - finished).total_seconds()
                if gap < TURNAROUND_MAX_S:
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
    span = {"first": first, "last": last}
    cases = read_cases(conn, first, last, None)
    keep = config.samples_per_service
    per_service: dict[int, int] = defaultdict(int)
    kept = []
    for case in cases.handling:  # newest first: keep the newest of each service
        if per_service[case.service_id] < keep:
            per_service[case.service_id] += 1
            kept.append(case)
    cases.handling = kept
    cases.walks, cases.turnarounds = cases.walks[:keep], cases.turnarounds[:keep]
    cases.no_show_costs = cases.no_show_costs[-keep:]
    history = History(cases=cases)

    issued: dict[int, list[float]] = defaultdict(list)
    per_day: dict[dt.date, int] = defaultdict(int)
    for sid, prio, at, day in conn.execute(_ISSUED, span):
        issued[sid].append(seconds_of_day(at))
        per_day[day] += 1
        history.priority += bool(prio)
    history.issued = sum(per_day.values())
    history.days = len(per_day)
    history.issued_per_day = list(per_day.values())
    history.issued_tod = {sid: sorted(times) for sid, times in issued.items()}
    history.hall_tod = sorted(t for times in issued.values() for t in times)

    first_sign_in: dict[tuple[int, dt.date], float] = {}
    for wid, day, at in conn.execute(_SIGN_INS, span):
        key = (wid, day)
        first_sign_in[key] = min(first_sign_in.get(key, 1e9), seconds_of_day(at))
    history.session_days = len({day for _wid, day in first_sign_in})
    sign_ins: dict[int, list[float]] = defaultdict(list)
    for (wid, _day), tod in first_sign_in.items():
        sign_ins[wid].append(tod)
    history.sign_in_tod = {wid: sorted(v) for wid, v in sign_ins.items()}

    lengths: dict[tuple[int, str], list[float]] = defaultdict(list)
    bounds = {
        "since": dt.datetime.combine(first, dt.time()),
        "until": dt.datetime.combine(today, dt.time()),
    }
    for wid, reason, started, ended in conn.execute(_PAUSES, bounds):
        if ended is None:
            continue
        if reason == "lunch" and started.date() == ended.date():
            history.lunches.append(LunchPause(wid, seconds_of_day(started), seconds_of_day(ended)))
        else:
            lengths[(wid, reason)].append((ended - started).total_seconds())
    history.pause_s = dict(lengths)
    return history
