"""Bookable slots. A service's rule (slot length, places per slot) applies on every working
day of the holiday calendar, within both the hall's hours (an admin's stored hours over the
config file's, read through app/models/hall_settings.py) and the service's own hours, less the
lunch break. Slots that have begun, or lie beyond the booking horizon, are never offered."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from app.models import Appointment, AppointmentRule, Service
from app.models.hall_config import Change
from app.models.hall_settings import stored_hours
from app.queue.booking_errors import SlotUnavailable
from app.queue.errors import UnknownService
from app.queue.settings import AppointmentRules
from app.queue.store import Raw, is_working

MIN_SLOT_MINUTES, MAX_SLOT_MINUTES = 5, 240
MAX_CAPACITY = 200
BOOKED = "booked"
DEFAULT_SLOT_MINUTES, DEFAULT_CAPACITY = 30, 2


@dataclass(frozen=True)
class SlotRule:
    """A service's appointment rule; `active` only when both the rule and the service are."""

    service_id: int
    service_code: str
    service_name: str
    slot_minutes: int
    capacity: int
    active: bool
    configured: bool  # False: the service has no rule yet (not bookable)
    open_at: dt.time
    close_at: dt.time

    def as_dict(self) -> dict[str, Any]:
        return {
            "service": self.service_code,
            "service_name": self.service_name,
            "slot_minutes": self.slot_minutes,
            "capacity": self.capacity,
            "active": self.active,
            "configured": self.configured,
        }


@dataclass(frozen=True)
class Slot:
    service: str
    start: dt.datetime
    end: dt.datetime
    capacity: int
    booked: int

    @property
    def free(self) -> int:
        return max(0, self.capacity - self.booked)


def _rule(row: Any) -> SlotRule:
    configured = row.slot_minutes is not None
    return SlotRule(
        service_id=row.id,
        service_code=row.code,
        service_name=row.name,
        slot_minutes=int(row.slot_minutes or DEFAULT_SLOT_MINUTES),
        capacity=int(row.capacity if row.capacity is not None else DEFAULT_CAPACITY),
        active=configured and bool(row.rule_active) and bool(row.active),
        configured=configured,
        open_at=row.open_at,
        close_at=row.close_at,
    )


_RULES = (
    select(
        Service.id,
        Service.code,
        Service.name,
        Service.active,
        Service.open_at,
        Service.close_at,
        AppointmentRule.slot_minutes,
        AppointmentRule.capacity,
        AppointmentRule.active.label("rule_active"),
    )
    .outerjoin(AppointmentRule, AppointmentRule.service_id == Service.id)
    .order_by(Service.sort_order, Service.code)
)


def list_rules(conn: Connection) -> list[SlotRule]:
    """Every service with its rule (a service without one is shown not configured)."""
    return [_rule(row) for row in conn.execute(_RULES)]


def rule_of(conn: Connection, service_code: str) -> SlotRule:
    row = conn.execute(_RULES.where(Service.code == service_code.strip().upper())).first()
    if row is None:
        raise UnknownService(service_code)
    return _rule(row)


def save_rule(
    conn: Connection, service_code: str, slot_minutes: int, capacity: int, active: bool
) -> Change:
    """Set a service's slot length (5–240 minutes) and places per slot (1–200)."""
    before = rule_of(conn, service_code)
    if not MIN_SLOT_MINUTES <= slot_minutes <= MAX_SLOT_MINUTES:
        raise SlotUnavailable(
            f"时段长度应为 {MIN_SLOT_MINUTES}–{MAX_SLOT_MINUTES} 分钟",
            f"a slot is {MIN_SLOT_MINUTES}–{MAX_SLOT_MINUTES} minutes long",
            "slot_minutes",
        )
    if not 1 <= capacity <= MAX_CAPACITY:
        raise SlotUnavailable(
            f"每个时段可约人数应为 1–{MAX_CAPACITY}",
            f"a slot takes 1–{MAX_CAPACITY} visitors",
            "capacity",
        )
    values = {"slot_minutes": slot_minutes, "capacity": capacity, "active": active}
    if before.configured:
        conn.execute(
            update(AppointmentRule)
            .where(AppointmentRule.service_id == before.service_id)
            .values(**values)
        )
    else:
        conn.execute(insert(AppointmentRule).values(service_id=before.service_id, **values))
    after = rule_of(conn, service_code)
    target = f"appointment_rule:{before.service_code}"
    return Change(target, before.as_dict() if before.configured else None, after.as_dict())


def _spans(
    rule: SlotRule, day: dt.date, rules: AppointmentRules, hours: tuple[dt.time, dt.time]
) -> list[tuple[dt.datetime, dt.datetime]]:
    opens = dt.datetime.combine(day, max(hours[0], rule.open_at))
    closes = dt.datetime.combine(day, min(hours[1], rule.close_at))
    if rules.lunch is None:
        return [(opens, closes)]
    lunch = (dt.datetime.combine(day, rules.lunch[0]), dt.datetime.combine(day, rules.lunch[1]))
    spans = [(opens, min(closes, lunch[0])), (max(opens, lunch[1]), closes)]
    return [(a, b) for a, b in spans if a < b]


def slot_times(
    rule: SlotRule, day: dt.date, rules: AppointmentRules, hours: tuple[dt.time, dt.time]
) -> list[tuple[dt.datetime, dt.datetime]]:
    """The day's slots of a rule, whether or not the day is a working one."""
    step = dt.timedelta(minutes=rule.slot_minutes)
    found = []
    for opens, closes in _spans(rule, day, rules, hours):
        start = opens
        while start + step <= closes:
            found.append((start, start + step))
            start += step
    return found


def hall_hours(conn: Connection, rules: AppointmentRules) -> tuple[dt.time, dt.time]:
    return stored_hours(conn, rules.hall_open, rules.hall_close)


def booked_counts(
    conn: Connection, service_id: int, first: dt.datetime, last: dt.datetime
) -> dict[dt.datetime, int]:
    rows = conn.execute(
        select(Appointment.slot_start, func.count())
        .where(
            Appointment.service_id == service_id,
            Appointment.status == BOOKED,
            Appointment.slot_start >= first,
            Appointment.slot_start < last,
        )
        .group_by(Appointment.slot_start)
    )
    return {start: int(n) for start, n in rows}


def slots(
    conn: Connection,
    service_code: str,
    first: dt.date,
    days: int,
    rules: AppointmentRules,
    now: dt.datetime,
) -> list[Slot]:
    """The service's slots from `first` on for `days` days (within the horizon), full ones
    included; none on a closed day, none that has begun."""
    rule = rule_of(conn, service_code)
    if not rule.active:
        return []
    hours = hall_hours(conn, rules)
    last = min(first + dt.timedelta(days=max(days, 1)), horizon_end(now, rules))
    counts = booked_counts(
        conn,
        rule.service_id,
        dt.datetime.combine(first, dt.time()),
        dt.datetime.combine(last, dt.time()),
    )
    sql = Raw(conn)
    found = []
    day = first
    while day < last:
        if is_working(sql, day):
            for start, end in slot_times(rule, day, rules, hours):
                if start > now:
                    found.append(
                        Slot(rule.service_code, start, end, rule.capacity, counts.get(start, 0))
                    )
        day += dt.timedelta(days=1)
    return found


def horizon_end(now: dt.datetime, rules: AppointmentRules) -> dt.date:
    """The first day that can no longer be booked."""
    return now.date() + dt.timedelta(days=rules.horizon_days + 1)


def checked_slot(
    conn: Connection,
    rule: SlotRule,
    start: dt.datetime,
    rules: AppointmentRules,
    now: dt.datetime,
    field: str = "slot_start",
) -> tuple[dt.datetime, dt.datetime]:
    """(start, end) of the slot beginning at `start`; SlotUnavailable saying why not."""
    name = f"{rule.service_code} {rule.service_name}"
    if not rule.active:
        raise SlotUnavailable(
            f"{name} 未开放预约", f"{rule.service_code} takes no appointments", "service"
        )
    when = f"{start:%Y-%m-%d %H:%M}"
    if start <= now:
        raise SlotUnavailable(f"{when} 已过，不能预约", f"{when} has begun or passed", field)
    if start.date() >= horizon_end(now, rules):
        raise SlotUnavailable(
            f"只能预约 {rules.horizon_days} 天内的时段",
            f"slots can be booked up to {rules.horizon_days} days ahead",
            field,
        )
    if not is_working(Raw(conn), start.date()):
        raise SlotUnavailable(
            f"{start:%Y-%m-%d} 不是工作日", f"{start:%Y-%m-%d} is not a working day", field
        )
    times = slot_times(rule, start.date(), rules, hall_hours(conn, rules))
    for slot in times:
        if slot[0] == start:
            return slot
    first = ", ".join(f"{a:%H:%M}" for a, _ in times[:3])
    raise SlotUnavailable(
        f"{when} 不是 {name} 的预约时段（如 {first} …）",
        f"{when} is not a slot of {rule.service_code} (e.g. {first} …)",
        field,
    )
