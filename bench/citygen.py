"""Halls' months written in bulk, for the city benchmark: realistic records at 300–3,000
tickets per hall-day without running 1.5 million tickets through the engine one command at
a time.

Each hall is a real hall database (the migrations, its random hall id, the city channel
switched on so that its capture triggers queue every row, exactly as in a hall). Its services
carry 事项编码, its windows serve one to three services, its clerks each have a speed and a
share of 满意 and 差评. A day is drawn like bench/yearday.py's: visitors arrive from 08:30
to 16:45, busiest in the morning; each is called by the first free window that serves the
service (first come, first served; windows not on 午间值班 stop for lunch); handling time is
log-normal around the service's promised time times the clerk's speed; 3 % do not come when
called; 5 % are 材料不齐, 3 % 咨询; 97 % of the finished are asked to rate, 6 % of them do
not (未评价), a 差评 mostly with reasons; 80 % of the cases carry a 办件编号. Clerks sign in
from 08:05 (some late) and out after 17:30, pause for lunch and short breaks. The rows are
written as the engine writes them (the same columns, the same text forms, the event and
rating chains sealed with the hall's key); the day's 差评 then open their follow-ups through
app.appraisal, older ones are closed (some late), complaints come in and are closed, and a
few ratings are corrected by the supervisor, all through the console's own functions.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.appraisal.complaints import close_complaint, register_complaint
from app.appraisal.followups import sync_follow_ups, update_follow_up
from app.appraisal.ratings import correct_rating
from app.appraisal.settings import DEFAULT_SETTINGS
from app.models import Database, FollowUp, Holiday, Service, Staff, Window, WindowService
from app.models.base import StaffRole
from app.models.chain import EVENTS, RATING_FIELDS, RATINGS, Sealer, as_stored, last_mac
from app.models.outbox import CITY
from app.outbox.items import enable

SERVICES = [  # code, name, promised minutes, share of visitors
    ("A", "社保医保", 10, 0.22),
    ("B", "不动产登记", 20, 0.12),
    ("C", "住房公积金", 8, 0.12),
    ("D", "户籍证照", 6, 0.16),
    ("E", "企业开办", 15, 0.10),
    ("F", "综合咨询", 4, 0.14),
    ("G", "税务办理", 12, 0.08),
    ("H", "出入境证件", 9, 0.06),
]
NAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "芳娜伟洋静磊敏强婷军勇艳杰娟涛明超秀霞平"
SIZES = (  # kind, how many halls, windows, tickets a day (low, high)
    ("市民中心", 1, (64, 64), (2800, 3000)),
    ("区政务服务中心", 6, (36, 48), (1600, 2400)),
    ("县政务服务中心", 13, (22, 30), (900, 1500)),
    ("镇便民服务中心", 30, (8, 14), (420, 700)),
)


@dataclass(frozen=True)
class HallSpec:
    name: str
    windows: int
    low: int
    high: int
    seed: int


def hall_specs(count: int, seed: int = 2026) -> list[HallSpec]:
    rng = random.Random(seed)
    specs: list[HallSpec] = []
    while len(specs) < count:
        for kind, n, (w_low, w_high), (low, high) in SIZES:
            for _ in range(n):
                if len(specs) < count:
                    name = f"第{len(specs) + 1}{kind}" if kind != "市民中心" else "市民中心"
                    specs.append(
                        HallSpec(name, rng.randint(w_low, w_high), low, high, seed + len(specs))
                    )
    return specs


@dataclass
class Clerk:
    id: int
    satisfied: float
    bad: float
    speed: float


@dataclass
class Hall:
    windows: dict[int, tuple[int, list[int]]]  # window id → (number, service ids)
    clerks: dict[int, Clerk]  # window id → its clerk
    services: dict[int, tuple[str, int, float]]  # id → (prefix, promised minutes, share)
    item_codes: dict[int, str]
    lunch_duty: set[int]
    supervisor: str = "2001"
    next_ids: dict[str, int] = field(default_factory=dict)


def configure(db: Database, spec: HallSpec, rng: random.Random) -> Hall:
    """Services, windows, clerks (and the days that are working days in the calendar)."""
    with Session(db.engine) as session, session.begin():
        services = []
        for order, (code, name, minutes, _) in enumerate(SERVICES):
            item = f"1137{spec.seed % 1000:03d}{order:02d}0000{rng.randrange(10**8):08d}"
            services.append(
                Service(
                    code=code,
                    name=name,
                    promised_minutes=minutes,
                    sort_order=order,
                    open_at=dt.time(8, 30),
                    close_at=dt.time(17, 0),
                    item_code=item,
                )
            )
        session.add_all(services)
        staff = [
            Staff(staff_no=f"{1001 + n}", name=rng.choice(NAMES) + rng.choice(GIVEN))
            for n in range(spec.windows + 2)
        ]
        staff.append(Staff(staff_no="2001", name="督查主管", role=StaffRole.SUPERVISOR.value))
        session.add_all(staff)
        session.flush()
        for number in range(1, spec.windows + 1):
            codes = rng.sample(range(len(services)), rng.choice((1, 2, 2, 3)))
            if number <= len(services):
                codes = [number - 1, *[c for c in codes if c != number - 1]][:3]
            window = Window(
                number=number,
                name=f"{number}号窗口",
                lunch_duty=number % 4 == 1,
                staff_a_id=staff[number - 1].id,
            )
            window.services = [
                WindowService(service_id=services[c].id, rank=r) for r, c in enumerate(codes)
            ]
            session.add(window)
        session.flush()
        hall = Hall(
            windows={
                w.id: (w.number, [s.service_id for s in w.services])
                for w in session.scalars(select(Window))
            },
            clerks={},
            services={
                s.id: (s.code, s.promised_minutes, SERVICES[i][3]) for i, s in enumerate(services)
            },
            item_codes={s.id: s.item_code or "" for s in services},
            lunch_duty={w.id for w in session.scalars(select(Window)) if w.lunch_duty},
        )
        for window_id, (number, _) in hall.windows.items():
            good = rng.uniform(0.86, 0.98)
            hall.clerks[window_id] = Clerk(
                staff[number - 1].id,
                good,
                rng.uniform(0.002, 0.02) * (1.05 - good) * 6,
                rng.uniform(0.45, 0.8),
            )
    return hall


def at(day: dt.date, minutes: float) -> dt.datetime:
    """`minutes` after 08:30 on `day`, to the second."""
    return dt.datetime.combine(day, dt.time(8, 30)) + dt.timedelta(seconds=round(minutes * 60))


def text(moment: dt.datetime | None) -> str | None:
    """A time as SQLAlchemy writes it on SQLite."""
    return None if moment is None else moment.isoformat(" ", "microseconds")


@dataclass
class DayRows:
    tickets: list[tuple[Any, ...]] = field(default_factory=list)
    ratings: list[dict[str, Any]] = field(default_factory=list)
    events: list[
        tuple[dt.datetime, int, str, int | None, int | None, int | None, dict[str, Any]]
    ] = field(default_factory=list)
    sessions: list[tuple[Any, ...]] = field(default_factory=list)
    pauses: list[tuple[Any, ...]] = field(default_factory=list)


def next_id(hall: Hall, table: str) -> int:
    hall.next_ids[table] = hall.next_ids.get(table, 0) + 1
    return hall.next_ids[table]


def day_rows(hall: Hall, day: dt.date, count: int, rng: random.Random) -> DayRows:
    rows = DayRows()
    order = 0

    def event(
        moment: dt.datetime,
        kind: str,
        ticket: int | None,
        window_id: int | None,
        staff: int | None,
        **data: Any,
    ) -> None:
        nonlocal order
        order += 1
        rows.events.append((moment, order, kind, ticket, window_id, staff, data))

    free: dict[int, dt.datetime] = {}
    for window_id, (number, _) in hall.windows.items():
        clerk = hall.clerks[window_id]
        signed = at(
            day, -25 + rng.uniform(0, 20) + (rng.uniform(5, 30) if rng.random() < 0.04 else 0)
        )
        out = at(day, 540 + rng.uniform(0, 15))
        session_id = next_id(hall, "staff_sessions")
        rows.sessions.append(
            (session_id, clerk.id, window_id, day.isoformat(), text(signed), text(out))
        )
        event(signed, "window_signed_in", None, window_id, clerk.id, window=number)
        event(out, "window_signed_out", None, window_id, clerk.id, window=number)
        free[window_id] = max(signed, at(day, 0))
        if window_id not in hall.lunch_duty:
            start, end = at(day, 210 + rng.uniform(0, 5)), at(day, 300 - rng.uniform(0, 5))
            rows.pauses.append(
                (
                    next_id(hall, "pauses"),
                    session_id,
                    window_id,
                    "lunch",
                    "",
                    text(start),
                    text(end),
                )
            )
            event(start, "window_paused", None, window_id, clerk.id, window=number, reason="lunch")
            event(end, "window_resumed", None, window_id, clerk.id, window=number)
    served = {s for _, services in hall.windows.values() for s in services}
    ids = [s for s in hall.services if s in served]  # a small hall offers fewer services
    shares = [hall.services[s][2] for s in ids]
    arrivals = sorted(
        (rng.triangular(0, 495, 100), rng.choices(ids, shares)[0]) for _ in range(count)
    )
    numbers: dict[int, int] = {}
    lunch = (at(day, 210), at(day, 300))
    for minute, service in arrivals:
        issued = at(day, minute)
        prefix, promised, _ = hall.services[service]
        numbers[service] = numbers.get(service, 0) + 1
        ticket_id = next_id(hall, "tickets")
        number = f"{prefix}{numbers[service]:03d}"
        event(issued, "ticket_issued", ticket_id, None, None, number=number, service=prefix)
        able = [w for w, (_, s) in hall.windows.items() if service in s]
        window_id = min(able, key=lambda w: (max(free[w], issued), w))
        called = max(free[window_id], issued) + dt.timedelta(seconds=rng.uniform(5, 40))
        if window_id not in hall.lunch_duty and lunch[0] <= called < lunch[1]:
            called = lunch[1] + dt.timedelta(seconds=rng.uniform(5, 60))
        clerk, (window_no, _) = hall.clerks[window_id], hall.windows[window_id]
        event(
            called, "ticket_called", ticket_id, window_id, clerk.id, number=number, window=window_no
        )
        minutes = math.exp(math.log(promised * clerk.speed) + rng.gauss(0, 0.45))
        started = called + dt.timedelta(minutes=rng.uniform(0.3, 1.5))
        finished = started + dt.timedelta(minutes=minutes)
        roll = rng.random()
        case_no = item = None
        if roll < 0.03:
            state, outcome, started, finished = "no_show", None, None, None
            free[window_id] = called + dt.timedelta(minutes=1)
            event(free[window_id], "ticket_no_show", ticket_id, window_id, clerk.id, number=number)
        else:
            state = "finished"
            outcome = "incomplete" if roll < 0.08 else "consult" if roll < 0.11 else "done"
            if outcome == "done" and rng.random() < 0.8:
                case_no, item = f"{day:%Y%m%d}{ticket_id:07d}", hall.item_codes[service]
            free[window_id] = finished
            event(
                finished,
                "ticket_finished",
                ticket_id,
                window_id,
                clerk.id,
                number=number,
                outcome=outcome,
            )
        rows.tickets.append(
            (
                ticket_id,
                day.isoformat(),
                prefix,
                numbers[service],
                service,
                0,
                state,
                text(issued),
                text(issued),
                text(called),
                text(started),
                text(finished),
                window_id,
                clerk.id,
                None,
                0,
                outcome,
                "",
                None,
                "printed",
                "kiosk1",
                case_no,
                None,
            )
        )
        if state == "finished" and rng.random() < 0.97:
            assert finished is not None
            event(finished, "rating_requested", ticket_id, window_id, clerk.id, number=number)
            rated = finished + dt.timedelta(seconds=rng.uniform(2, 12))
            level = _level(rng, clerk)
            reasons = None
            if level is not None and level <= 2 and rng.random() < 0.7:
                reasons = {
                    "codes": rng.sample(["attitude", "efficiency", "materials"], rng.randint(1, 2)),
                    "note": "",
                }
            rows.ratings.append(
                {
                    "id": next_id(hall, "ratings"),
                    "ticket_id": ticket_id,
                    "window_id": window_id,
                    "staff_id": clerk.id,
                    "level": level,
                    "scale": 5,
                    "at": rated,
                    "device": "socket://bus" if level is not None else "",
                    "device_address": None,
                    "keypad_session": rng.randrange(1, 2**31),
                    "raw_frame": "",
                    "corrects_id": None,
                    "corrected_by": "",
                    "reason": "",
                    "path": "bus" if level is not None else "none",
                    "session_id": None,
                    "reasons": reasons,
                    "case_no": case_no,
                    "item_code": item,
                }
            )
            event(
                rated, "rating_recorded", ticket_id, window_id, clerk.id, number=number, level=level
            )
    return rows


def _level(rng: random.Random, clerk: Clerk) -> int | None:
    if rng.random() < 0.06:
        return None
    roll = rng.random()
    if roll < clerk.satisfied:
        return 5 if rng.random() < 0.75 else 4
    if roll < clerk.satisfied + clerk.bad:
        return 2 if rng.random() < 0.7 else 1
    return 3


_TICKET_SQL = (
    "INSERT INTO tickets (id, day, prefix, number, service_id, priority, state, issued_at,"
    " queue_at, called_at, started_at, finished_at, window_id, staff_id, target_window_id,"
    " recalls, outcome, outcome_note, predicted_wait_s, print_state, kiosk, case_no, item_code)"
    f" VALUES ({', '.join('?' * 23)})"
)
_RATING_COLUMNS = ("id", *RATING_FIELDS, "hash")


def write_day(db: Database, hall: Hall, rows: DayRows, sealers: dict[str, Sealer] | None) -> int:
    """The day's rows in one transaction, captured as the engine's would be, and chained
    with the hall's key when `sealers` are given (else each MAC is a 64-digit stand-in, as
    long as a real one); returns how many rows were written."""
    events = sorted(rows.events, key=lambda e: (e[0], e[1]))
    event_rows = []
    for moment, _, kind, ticket, window, staff, data in events:
        event_id = next_id(hall, "events")
        encoded = json.dumps(data, ensure_ascii=False)
        mac = (
            sealers["events"](
                {
                    "at": moment,
                    "kind": kind,
                    "ticket_id": ticket,
                    "window_id": window,
                    "staff_id": staff,
                    "data": as_stored(data),
                }
            )
            if sealers
            else f"{event_id:064x}"
        )
        event_rows.append((event_id, text(moment), kind, ticket, window, staff, encoded, mac))
    rating_rows = []
    for rating in sorted(rows.ratings, key=lambda r: r["id"]):
        fields = {name: rating[name] for name in RATING_FIELDS}
        fields["reasons"] = as_stored(fields["reasons"])
        mac = sealers["ratings"](fields) if sealers else f"{rating['id']:064x}"
        values = {
            **rating,
            "at": text(rating["at"]),
            "hash": mac,
            "reasons": json.dumps(rating["reasons"]) if rating["reasons"] else None,
        }
        rating_rows.append(tuple(values[c] for c in _RATING_COLUMNS))
    with db.write() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        raw.executemany(
            "INSERT INTO staff_sessions (id, staff_id, window_id, day, signed_in_at,"
            " signed_out_at) VALUES (?, ?, ?, ?, ?, ?)",
            rows.sessions,
        )
        raw.executemany(
            "INSERT INTO pauses (id, session_id, window_id, reason, note, started_at, ended_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            rows.pauses,
        )
        raw.executemany(_TICKET_SQL, rows.tickets)
        raw.executemany(
            "INSERT INTO events (id, at, kind, ticket_id, window_id, staff_id, data, hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            event_rows,
        )
        raw.executemany(
            f"INSERT INTO ratings ({', '.join(_RATING_COLUMNS)})"
            f" VALUES ({', '.join('?' * len(_RATING_COLUMNS))})",
            rating_rows,
        )
    return (
        len(rows.sessions)
        + len(rows.pauses)
        + len(rows.tickets)
        + len(event_rows)
        + len(rating_rows)
    )


def supervise_day(db: Database, hall: Hall, day: dt.date, rng: random.Random) -> None:
    """What the console records at the end of the day: the day's 差评 open their follow-ups,
    follow-ups a week or two old are closed (one in ten late), a complaint now and then, a
    rating corrected now and then (each through app.appraisal, as the console does)."""
    settings = DEFAULT_SETTINGS
    evening = dt.datetime.combine(day, dt.time(17, 50))
    with db.write() as conn:
        sync_follow_ups(conn, settings, (day, day))
        due = conn.execute(
            select(FollowUp.id, FollowUp.opened_on, FollowUp.deadline).where(
                FollowUp.status == "open", FollowUp.opened_on <= day - dt.timedelta(days=3)
            )
        ).all()
        for follow_id, _opened, deadline in due:
            late = rng.random() < 0.1
            if rng.random() < (0.35 if not late else 0.08) or (day > deadline and not late):
                update_follow_up(
                    conn,
                    follow_id,
                    visit_result="已电话回访，当事人表示理解",
                    rectification="已对窗口人员进行批评教育并整改",
                    close=True,
                    by=hall.supervisor,
                    now=evening,
                )
        if rng.random() < 0.15:
            window = rng.choice(list(hall.windows))
            complaint = register_complaint(
                conn,
                kind="complaint",
                received_at=evening - dt.timedelta(hours=3),
                content="办理时间过长",
                settings=settings,
                source="来电",
                window_id=window,
                staff_id=hall.clerks[window].id,
            )
            close_complaint(
                conn,
                complaint,
                result="已核实并处理",
                feedback="已电话反馈",
                substantiated=rng.random() < 0.3,
                now=evening,
                by=hall.supervisor,
            )
        if hall.next_ids.get("ratings") and rng.random() < 0.3:
            rating_id = rng.randint(
                max(1, hall.next_ids["ratings"] - 200), hall.next_ids["ratings"]
            )
            try:
                new = correct_rating(
                    conn,
                    rating_id,
                    5,
                    by_staff_no=hall.supervisor,
                    reason="评价器误触，经当事人确认更正",
                    now=evening,
                    settings=settings,
                )
            except Exception:  # superseded already: leave it
                new = None
            del new


def build_hall(
    path: Path, spec: HallSpec, days: list[dt.date], key: bytes, *, seal: bool = False
) -> tuple[str, int, int]:
    """A hall database at `path` with its days; returns (hall id, tickets, rows written).
    `seal`: chain the bulk-written events and ratings with the key (slower; the city does not
    check the chains, the hall's `verify` does)."""
    from app.models.hall_id import read_hall_id

    rng = random.Random(spec.seed)
    db = Database(f"sqlite:///{path}", mac_key=key)
    enable(db, CITY, "bench")
    hall = configure(db, spec, rng)
    with db.write() as conn:
        weekends = [d for d in days if d.weekday() >= 5]  # 周末延时服务: open, so working days
        if weekends:
            conn.execute(
                insert(Holiday),
                [{"day": d, "name": "周末延时服务", "is_workday": True} for d in weekends],
            )
        sealers = {
            "events": Sealer(key, EVENTS, last_mac(conn, EVENTS)),
            "ratings": Sealer(key, RATINGS, last_mac(conn, RATINGS)),
        }
        hall_id = read_hall_id(conn) or ""
    tickets = written = 0
    for day in days:
        factor = (1.05, 1.0, 1.0, 0.95, 0.9, 0.75, 0.7)[day.weekday()]  # Sat/Sun: 周末延时服务
        count = round(rng.randint(spec.low, spec.high) * factor)
        rows = day_rows(hall, day, max(count, 1), rng)
        written += write_day(db, hall, rows, sealers if seal else None)
        tickets += len(rows.tickets)
        supervise_day(db, hall, day, rng)
        _follow_chains(db, hall, sealers)
    db.dispose()
    return hall_id, tickets, written


def _follow_chains(db: Database, hall: Hall, sealers: dict[str, Sealer]) -> None:
    """The console's writes appended to the chains too: go on from their heads."""
    with db.read() as conn:
        for name, chain in (("events", EVENTS), ("ratings", RATINGS)):
            sealers[name].previous = last_mac(conn, chain)
            hall.next_ids[name] = int(
                conn.exec_driver_sql(f"SELECT max(id) FROM {name}").scalar() or 0
            )
