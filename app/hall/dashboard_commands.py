"""The supervisor's dashboard (the console's first tab): the hall now, and the day so far
against the same weekday's average, as read-only commands that charts draw.

- dashboard_now: waiting per service with the longest wait, the windows open, paused or
  serving, and the alarms (tickets waiting past the hall's wait target, 差评 follow-ups due
  within DUE_SOON_WORKING_DAYS working days or overdue, devices offline, today's rating
  anomalies). Cheap: the console asks again after each event.
- dashboard_day: arrivals and calls per hour of a day against the average of the same
  weekday over the last SAME_WEEKDAYS weeks (days that had tickets), and satisfaction that
  day and over SATISFACTION_DAYS days (the appraisal's rule: satisfied ÷ rated).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, func, select

from app.appraisal.expressions import hour_of
from app.appraisal.followups import follow_ups
from app.appraisal.trend import daily_satisfaction
from app.hall.availability import availability, service_hours
from app.hall.caller import CONSOLE
from app.hall.command import Command, command
from app.hall.context import Call
from app.hall.hall_settings import appraisal_settings
from app.hall.records_commands import DeviceRow, devices
from app.hall.wire import Day, NoArgs, Request
from app.models import (
    Event,
    FollowUp,
    FollowUpStatus,
    Service,
    Ticket,
    TicketState,
    Window,
    ticket_number,
)
from app.queue.calendar import add_working_days

DUE_SOON_WORKING_DAYS = 3
SAME_WEEKDAYS = 8
SATISFACTION_DAYS = 30
LONG_WAITS_LISTED = 20
ANOMALIES_LISTED = 20


@dataclass(frozen=True)
class ServiceWaiting:
    code: str
    name: str
    waiting: int
    longest_wait_s: int | None  # the ticket waiting longest, since it was issued
    longest_number: str | None
    windows_open: int
    reason: str  # "" while a window serves it; else why not (app.hall.availability)
    opens_at: str | None


@dataclass(frozen=True)
class WindowCounts:
    total: int
    not_staffed: int
    free: int  # signed in, open, no ticket
    calling: int
    serving: int
    paused: int


@dataclass(frozen=True)
class LongWait:
    number: str
    service_code: str
    service_name: str
    issued_at: dt.datetime
    waited_s: int


@dataclass(frozen=True)
class FollowUpDue:
    id: int
    number: str
    window: int | None
    deadline: dt.date
    overdue: bool


@dataclass(frozen=True)
class Anomaly:
    at: dt.datetime
    window: int | None
    anomaly: str
    zh: str
    en: str


@dataclass(frozen=True)
class DashboardNow:
    at: dt.datetime
    services: list[ServiceWaiting]
    windows: WindowCounts
    wait_target_minutes: int  # a ticket waiting longer is a long wait
    long_wait_count: int
    long_waits: list[LongWait]  # the longest first, at most LONG_WAITS_LISTED
    follow_ups_due: list[FollowUpDue]  # overdue first, then by deadline
    devices_offline: list[DeviceRow]
    anomalies_today: int
    anomalies: list[Anomaly]  # today's, newest first, at most ANOMALIES_LISTED


def window_counts(windows: list[Mapping[str, Any]]) -> WindowCounts:
    states: Counter[str] = Counter()
    for window in windows:
        current = window.get("current") or {}
        if not window.get("signed_in"):
            states["not_staffed"] += 1
        elif window.get("paused"):
            states["paused"] += 1
        elif current.get("state") == "serving":
            states["serving"] += 1
        elif current:
            states["calling"] += 1
        else:
            states["free"] += 1
    return WindowCounts(len(windows), **{k: states[k] for k in _STATES})


_STATES = ("not_staffed", "free", "calling", "serving", "paused")


def dashboard_now(call: Call, req: NoArgs) -> DashboardNow:
    """The hall now: waiting per service with the longest wait, the windows' states, and the
    alarms (long waits, 差评 follow-ups coming due, devices offline, rating anomalies)."""
    now, today = call.now(), call.today()
    settings = appraisal_settings(call.engine.db, call.config)
    snapshot = call.hall.view.snapshot()
    windows = list(snapshot["windows"])
    loads = {s["code"]: s for s in snapshot["services"]}
    open_now = {a.code: a for a in availability(service_hours(call), windows, settings.hours, now)}
    target = settings.wait_target_minutes
    with call.engine.db.read() as conn:
        waiting = _waiting(conn, today)
        follow = _follow_ups_due(conn, today)
        anomalies = _anomalies(conn, today)
    services, long_waits = [], []
    for code, load in loads.items():
        mine = [t for t in waiting if t.service_code == code]
        oldest = mine[0] if mine else None
        there = open_now.get(code)
        services.append(
            ServiceWaiting(
                code,
                str(load.get("name", "")),
                int(load.get("waiting") or 0),
                _seconds(now, oldest.issued_at) if oldest else None,
                oldest.number if oldest else None,
                there.windows_open if there else 0,
                there.reason if there else "",
                there.opens_at if there else None,
            )
        )
    for ticket in waiting:
        waited = _seconds(now, ticket.issued_at)
        if waited > target * 60:
            name = ticket.service_name
            long_waits.append(
                LongWait(ticket.number, ticket.service_code, name, ticket.issued_at, waited)
            )
    offline = [d for d in devices(call, NoArgs()) if not d.online]
    return DashboardNow(
        at=now,
        services=services,
        windows=window_counts(windows),
        wait_target_minutes=target,
        long_wait_count=len(long_waits),
        long_waits=long_waits[:LONG_WAITS_LISTED],
        follow_ups_due=follow,
        devices_offline=offline,
        anomalies_today=len(anomalies),
        anomalies=anomalies[:ANOMALIES_LISTED],
    )


@dataclass(frozen=True)
class _Waiting:
    number: str
    service_code: str
    service_name: str
    issued_at: dt.datetime


def _waiting(conn: Connection, day: dt.date) -> list[_Waiting]:
    """Today's waiting tickets, the longest waiting first."""
    rows = conn.execute(
        select(Ticket.prefix, Ticket.number, Service.code, Service.name, Ticket.issued_at)
        .join(Service, Service.id == Ticket.service_id)
        .where(Ticket.day == day, Ticket.state == TicketState.WAITING.value)
        .order_by(Ticket.issued_at, Ticket.id)
    )
    return [_Waiting(ticket_number(p, n), c, name, at) for p, n, c, name, at in rows]


def _seconds(now: dt.datetime, since: dt.datetime) -> int:
    return max(0, int((now - since).total_seconds()))


def _follow_ups_due(conn: Connection, today: dt.date) -> list[FollowUpDue]:
    soon = add_working_days(conn, today, DUE_SOON_WORKING_DAYS)
    due = follow_ups(conn, FollowUp.status == FollowUpStatus.OPEN.value, FollowUp.deadline <= soon)
    numbers = dict(conn.execute(select(Window.id, Window.number)).all())
    found = [
        FollowUpDue(f.id, f.number, numbers.get(f.window_id), f.deadline, f.deadline < today)
        for f in due
    ]
    return sorted(found, key=lambda f: (not f.overdue, f.deadline, f.id))


def _anomalies(conn: Connection, day: dt.date) -> list[Anomaly]:
    since = dt.datetime.combine(day, dt.time())
    rows = conn.execute(
        select(Event.at, Event.data)
        .where(
            and_(
                Event.kind == "rating_anomaly",
                Event.at >= since,
                Event.at < since + dt.timedelta(days=1),
            )
        )
        .order_by(Event.id.desc())
    )
    return [
        Anomaly(
            at,
            int(data["window"]) if data.get("window") is not None else None,
            str(data.get("anomaly") or ""),
            str(data.get("zh") or ""),
            str(data.get("en") or ""),
        )
        for at, data in rows
    ]


# The day against the same weekday
class DayArgs(Request):
    day: Day | None = None  # default: today


@dataclass(frozen=True)
class HourFigures:
    hour: int
    arrivals: int  # tickets issued in that hour
    calls: int  # tickets first called in that hour
    arrivals_avg: float | None  # the same weekday's average (None: no such day yet)
    calls_avg: float | None


@dataclass(frozen=True)
class Satisfaction:
    first: dt.date
    last: dt.date
    finished: int
    rated: int
    good: int
    bad: int
    satisfaction: float | None


@dataclass(frozen=True)
class DashboardDay:
    day: dt.date
    compared_days: list[dt.date]  # the same weekdays averaged (those that had tickets)
    hours: list[HourFigures]
    satisfaction_day: Satisfaction
    satisfaction_period: Satisfaction  # the SATISFACTION_DAYS days up to the day
    satisfaction_by_day: list[Satisfaction]  # each day of the period that had cases


def dashboard_day(call: Call, req: DayArgs) -> DashboardDay:
    """Arrivals and calls per hour of the day (default today) against the same weekday's
    average over the last 8 weeks, and satisfaction that day and over 30 days."""
    day = dt.date.fromisoformat(req.day) if req.day else call.today()
    settings = appraisal_settings(call.engine.db, call.config)
    earlier = [day - dt.timedelta(weeks=n) for n in range(1, SAME_WEEKDAYS + 1)]
    first = day - dt.timedelta(days=SATISFACTION_DAYS - 1)
    with call.engine.db.read() as conn:
        arrivals = _per_hour(conn, [day, *earlier], Ticket.issued_at)
        calls = _per_hour(conn, [day, *earlier], Ticket.called_at)
        points = daily_satisfaction(conn, first, day, settings)
    compared = [d for d in earlier if any(k[0] == d for k in arrivals)]
    hours = {settings.hours.open_at.hour, _last_hour(settings.hours.close_at)}
    hours |= {h for _, h in arrivals} | {h for _, h in calls}
    hours = set(range(min(hours), max(hours) + 1))  # the hall's hours and any hour with tickets

    def average(counts: Counter[tuple[dt.date, int]], hour: int) -> float | None:
        if not compared:
            return None
        return round(sum(counts[(d, hour)] for d in compared) / len(compared), 2)

    figures = [
        HourFigures(h, arrivals[(day, h)], calls[(day, h)], average(arrivals, h), average(calls, h))
        for h in sorted(hours)
    ]
    by_day = [_satisfaction(p.day, p.day, [p]) for p in points]
    on_day = [p for p in points if p.day == day]
    return DashboardDay(
        day,
        compared,
        figures,
        _satisfaction(day, day, on_day),
        _satisfaction(first, day, points),
        by_day,
    )


def _per_hour(conn: Connection, days: list[dt.date], moment: Any) -> Counter[tuple[dt.date, int]]:
    hour = hour_of(conn, moment).label("hour")
    rows = conn.execute(
        select(Ticket.day, hour, func.count())
        .where(Ticket.day.in_(days), moment.is_not(None))
        .group_by(Ticket.day, hour)
    )
    return Counter({(d, int(h)): int(n) for d, h, n in rows if h is not None})


def _last_hour(close_at: dt.time) -> int:
    """The last hour the hall is open in (17 for 17:30, 16 for 17:00)."""
    return close_at.hour if close_at.minute else max(0, close_at.hour - 1)


def _satisfaction(first: dt.date, last: dt.date, points: list[Any]) -> Satisfaction:
    finished = sum(p.finished for p in points)
    rated = sum(p.rated for p in points)
    good = sum(p.good for p in points)
    bad = sum(p.bad for p in points)
    rate = round(good / rated, 4) if rated else None
    return Satisfaction(first, last, finished, rated, good, bad, rate)


COMMANDS: tuple[Command, ...] = (
    command("dashboard_now", CONSOLE, dashboard_now),
    command("dashboard_day", CONSOLE, dashboard_day),
)
