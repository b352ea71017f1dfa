"""The city's monthly appraisal of its halls, from the records they shipped.

Each hall is appraised by app.appraisal's own rules, run in the hall's lens (its rows only,
under its own table names): the windows scored and ranked, what bars a window from 红旗窗口,
the bottom places, 红旗窗口 per hall (mark_windows, as the hall's own month report does);
the hall's satisfaction, 差评 and their follow-ups (回访/整改). One rule book for every hall
(the city's AppraisalSettings), each hall's hours its own.

City-wide 红旗窗口: all windows of all halls ranked together by the score each earned in its
own hall (so the volume share is measured against the busiest window of the same hall: a
township window is not measured against the city centre's), eligible as in their hall (not
barred, not at their hall's bottom); the best `city_red_flags` of them, ties included.

A hall is behind when the city has heard nothing from it for `behind_hours` before the
report's moment, or its last batch left a backlog of at least one full batch.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from sqlalchemy import Engine

from app.appraisal.attendance import attendance_findings
from app.appraisal.followups import FollowUpView, follow_ups
from app.appraisal.metrics import Group, TicketMetrics
from app.appraisal.ranking import mark_windows, month_bounds, pick_top
from app.appraisal.scoring import AppraisalRow, appraise_groups, rank
from app.appraisal.settings import DEFAULT_SETTINGS, AppraisalSettings
from app.city.lens import CityHall, city_halls, hall_hours, hall_lens
from app.models import FollowUp

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class CitySettings:
    appraisal: AppraisalSettings = DEFAULT_SETTINGS  # one rule book for every hall
    city_red_flags: int = 10  # city-wide 红旗窗口 a month
    behind_hours: int = 24
    batch: int = 2000  # a hall's batch size: a backlog this large is still catching up
    workers: int = 2  # halls appraised at once (connections to the city database)


@dataclass(frozen=True)
class Rectification:
    """The month's 差评 follow-ups (回访/整改) of a hall, as judged on `as_of`."""

    opened: int = 0
    closed: int = 0
    closed_in_time: int = 0
    overdue: int = 0  # open past the deadline, or closed after it
    open: int = 0

    @property
    def rate(self) -> float | None:
        """整改率: closed within the deadline, of those opened."""
        return self.closed_in_time / self.opened if self.opened else None


def rectification(found: list[FollowUpView], as_of: dt.date) -> Rectification:
    closed = [f for f in found if f.closed_at is not None]
    return Rectification(
        opened=len(found),
        closed=len(closed),
        closed_in_time=sum(1 for f in closed if not f.overdue(as_of)),
        overdue=sum(1 for f in found if f.overdue(as_of)),
        open=len(found) - len(closed),
    )


@dataclass
class HallMonth:
    hall: CityHall
    tickets: TicketMetrics
    windows: list[AppraisalRow]  # ranked, marked as in the hall's own month report
    rectification: Rectification
    behind: bool = False

    @property
    def name(self) -> str:
        return self.hall.name or self.hall.hall_id

    @property
    def red_flags(self) -> list[AppraisalRow]:
        return [r for r in self.windows if r.red_flag]


@dataclass(frozen=True)
class CityWindow:
    hall: str  # the hall's name
    row: AppraisalRow  # a copy, ranked city-wide


@dataclass
class CityMonth:
    month: dt.date
    as_of: dt.date
    moment: dt.datetime  # when "behind" was judged
    halls: list[HallMonth]
    city_windows: list[CityWindow] = field(default_factory=list)  # ranked city-wide

    @property
    def city_red_flags(self) -> list[CityWindow]:
        return [w for w in self.city_windows if w.row.red_flag]

    @property
    def behind(self) -> list[HallMonth]:
        return [h for h in self.halls if h.behind]

    @property
    def totals(self) -> TicketMetrics:
        total = TicketMetrics(0)
        for h in self.halls:
            t = h.tickets
            total.issued += t.issued
            total.finished += t.finished
            total.no_show += t.no_show
            total.rated += t.rated
            total.not_rated += t.not_rated
            total.good += t.good
            total.bad += t.bad
        return total


def appraise_hall(
    engine: Engine, hall: CityHall, month: dt.date, as_of: dt.date, settings: CitySettings
) -> HallMonth:
    """One hall's month by app.appraisal's rules, in its lens."""
    start, end = month_bounds(month)
    with hall_lens(engine, hall) as conn:
        rules = dataclasses.replace(
            settings.appraisal, hours=hall_hours(conn, hall, settings.appraisal.hours)
        )
        findings = attendance_findings(conn, start, end, rules.hours, as_of)
        groups = appraise_groups(
            conn,
            start,
            end,
            (Group.WINDOW, Group.HALL),
            rules,
            as_of,
            percentiles=False,
            findings=findings,
        )
        windows = groups[Group.WINDOW]
        mark_windows(conn, windows, start, end, as_of, rules)
        opened = follow_ups(conn, FollowUp.opened_on.between(start, end))
    return HallMonth(hall, groups[Group.HALL][0].tickets, windows, rectification(opened, as_of))


def is_behind(hall: CityHall, moment: dt.datetime, settings: CitySettings) -> bool:
    silent = moment - hall.last_contact > dt.timedelta(hours=settings.behind_hours)
    return silent or hall.backlog >= settings.batch


def city_windows(halls: list[HallMonth], count: int) -> list[CityWindow]:
    """Every hall's ranked windows ranked together (copies), 红旗窗口 picked city-wide."""
    copies: list[CityWindow] = []
    skip: set[int] = set()
    for h in halls:
        for row in h.windows:
            key = len(copies) + 1
            copy = dataclasses.replace(row, key=key, rank=None, red_flag=False)
            copies.append(CityWindow(h.name, copy))
            if row.bottom:
                skip.add(key)
    by_key = {c.row.key: c for c in copies}
    ranked = rank([c.row for c in copies])
    pick_top(ranked, count, frozenset(skip))
    return [by_key[row.key] for row in ranked]


def city_month(
    engine: Engine,
    month: dt.date,
    as_of: dt.date,
    settings: CitySettings = CitySettings(),
    *,
    moment: dt.datetime | None = None,
    progress: Progress | None = None,
) -> CityMonth:
    """The city's month: every hall that has shipped anything, side by side."""
    moment = moment or dt.datetime.combine(as_of, dt.time())
    with engine.connect() as conn:
        halls = city_halls(conn)
    done: list[HallMonth] = []

    def one(hall: CityHall) -> HallMonth:
        found = appraise_hall(engine, hall, month, as_of, settings)
        found.behind = is_behind(hall, moment, settings)
        done.append(found)
        if progress is not None:
            progress(len(done) / max(1, len(halls)), found.name)
        return found

    with ThreadPoolExecutor(max_workers=max(1, settings.workers)) as pool:
        results = list(pool.map(one, halls))
    results.sort(key=lambda h: h.name)
    return CityMonth(
        month.replace(day=1),
        as_of,
        moment,
        results,
        city_windows(results, settings.city_red_flags),
    )
