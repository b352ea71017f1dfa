"""Appointments (预约) at the front desk (导服台: the console's roles) and the clerk's return
visit after a 材料不齐 case: free slots, booking, moving, cancelling, the day's list (the
visitor's phone always masked), the notice for the visitor (printable and SMS-ready text, and
what its QR code carries), and the slot rules per service (administrators)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Annotated

import msgspec

from app.hall.appraisal_commands import day_of
from app.hall.caller import CONSOLE, Role
from app.hall.command import Command, command
from app.hall.context import Audited, Call
from app.hall.hall_settings import effective
from app.hall.staffing_commands import moment_of
from app.hall.wire import Code, Day, NoArgs, Request, Text
from app.queue import appointment_views, booking, slots
from app.queue.appointment_views import AppointmentView
from app.queue.booking import Booking
from app.queue.settings import AppointmentRules

FRONT_DESK = CONSOLE  # 导服台: whoever is logged in to the console
CONFIGURE = (Role.ADMIN,)
# A slot's start as YYYY-MM-DDTHH:MM (read by moment_of, which names the field if it is not a
# time): no pattern, so that any text of the right length is a typed refusal, never a crash.
SlotTime = Annotated[
    str, msgspec.Meta(min_length=16, max_length=19, description="YYYY-MM-DDTHH:MM")
]
Days = Annotated[int, msgspec.Meta(ge=1, le=31, description="how many days")]
SlotMinutes = Annotated[int, msgspec.Meta(ge=1, le=1440)]
Places = Annotated[int, msgspec.Meta(ge=1, le=10_000)]
WEEKDAYS = "一二三四五六日"


@dataclass(frozen=True)
class SlotView:
    service: str
    start: str  # YYYY-MM-DDTHH:MM
    end: str
    capacity: int
    booked: int
    free: int


@dataclass(frozen=True)
class AppointmentNotice:
    """A booking with what the visitor takes away: `text` (SMS-ready, one message),
    `printable` (lines for a slip) and `qr_text` (what its QR code carries: the code, which
    the kiosk's scanner types in)."""

    appointment: AppointmentView
    text: str
    printable: list[str]
    qr_text: str


def _rules(call: Call) -> AppointmentRules:
    return call.engine.settings.appointments


def _minute(value: dt.datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M")


def notice_of(view: AppointmentView, hall_name: str, rules: AppointmentRules) -> AppointmentNotice:
    """The visitor's notice: code, time and place; check in from `early_minutes` before."""
    place = rules.place or hall_name
    day = f"{view.slot_start:%Y-%m-%d}（周{WEEKDAYS[view.slot_start.weekday()]}）"
    span = f"{view.slot_start:%H:%M}–{view.slot_end:%H:%M}"
    opens = view.slot_start - dt.timedelta(minutes=rules.early_minutes)
    late = view.slot_start + dt.timedelta(minutes=rules.late_minutes)
    text = (
        f"【{hall_name}】您已预约{view.service_name}，{day} {span}，预约码 {view.code}。"
        f"请于 {opens:%H:%M}–{late:%H:%M} 到{place}取号机输入预约码取号，"
        "逾时按现场取号排队。"
    )
    printable = [
        hall_name,
        "预约凭证",
        f"事项：{view.service_name}",
        f"时间：{day} {span}",
        f"预约码：{view.code}",
        f"地点：{place}",
        f"请于 {opens:%H:%M}–{late:%H:%M} 在取号机签到取号",
        f"{late:%H:%M} 以后到达按现场取号排队",
        f"预约人：{view.visitor}　电话：{view.phone}",
    ]
    return AppointmentNotice(view, text, printable, view.code)


def _notice(call: Call, view: AppointmentView) -> AppointmentNotice:
    return notice_of(view, str(effective(call.engine.db, call.config)["hall_name"]), _rules(call))


class SlotsArgs(Request):
    service: Code
    day: Day | None = None  # default: today
    days: Days = 1


def appointment_slots(call: Call, req: SlotsArgs) -> list[SlotView]:
    """The service's slots from `day` for `days` days, full ones included (free = 0); none
    on closed days, none that has begun."""
    first = day_of(req.day, call.today(), "day")
    with call.engine.db.read() as conn:
        found = slots.slots(conn, req.service, first, req.days, _rules(call), call.now())
    return [
        SlotView(s.service, _minute(s.start), _minute(s.end), s.capacity, s.booked, s.free)
        for s in found
    ]


class BookArgs(Request):
    service: Code
    slot: SlotTime
    name: Text
    phone: Code
    note: Text = ""


def appointment_book(call: Call, req: BookArgs) -> AppointmentNotice:
    """Book a slot for a visitor (name and phone) at the front desk."""
    wanted = Booking(
        service=req.service,
        slot_start=moment_of(req.slot, call.now(), "slot"),
        name=req.name,
        phone=req.phone,
        source="console",
        by=call.caller.actor,
        note=req.note,
    )
    view = call.engine.run(lambda tx: booking.book(tx, _rules(call), wanted))
    return _notice(call, view)


class MoveArgs(Request):
    code: Code
    slot: SlotTime


def appointment_move(call: Call, req: MoveArgs) -> AppointmentNotice:
    """Move a booking to another slot of its service; the code stays."""
    start = moment_of(req.slot, call.now(), "slot")
    view = call.engine.run(
        lambda tx: booking.move(tx, _rules(call), req.code, start, call.caller.actor)
    )
    return _notice(call, view)


class CancelArgs(Request):
    code: Code
    reason: Text = ""


def appointment_cancel(call: Call, req: CancelArgs) -> AppointmentView:
    """Cancel a booking that is not checked in; its place is free again."""
    return call.engine.run(lambda tx: booking.cancel(tx, req.code, call.caller.actor, req.reason))


class ListArgs(Request):
    day: Day | None = None  # default: today
    service: Code | None = None


def appointment_list(call: Call, req: ListArgs) -> list[AppointmentView]:
    """A day's appointments by slot (cancelled ones too), phones masked."""
    day = day_of(req.day, call.today(), "day")
    with call.engine.db.read() as conn:
        return appointment_views.list_day(conn, day, call.now(), req.service)


class CodeArg(Request):
    code: Code


def appointment_notice(call: Call, req: CodeArg) -> AppointmentNotice:
    """The visitor's notice of a booking again (to print or send)."""
    with call.engine.db.read() as conn:
        view = appointment_views.find(conn, req.code, call.now())
    return _notice(call, view)


def appointment_rules(call: Call, req: NoArgs) -> list[slots.SlotRule]:
    """Every service with its slot length and places per slot (not configured: no bookings)."""
    with call.engine.db.read() as conn:
        return slots.list_rules(conn)


class RuleArgs(Request):
    service: Code
    slot_minutes: SlotMinutes
    capacity: Places
    active: bool = True


def appointment_rule_save(call: Call, req: RuleArgs) -> Audited:
    """Set a service's slot length (5–240 minutes) and places per slot (1–200)."""
    return call.audited(
        "appointment_rule_save",
        lambda c: slots.save_rule(c, req.service, req.slot_minutes, req.capacity, req.active),
        what="appointment_rules",
    )


class ReturnVisitArgs(Request):
    slot: SlotTime
    name: Text
    phone: Code


def return_visit_book(call: Call, req: ReturnVisitArgs) -> AppointmentNotice:
    """Book the return visit of the 材料不齐 case this window has just finished, in its
    service (one per case; the front desk moves or cancels it)."""
    start = moment_of(req.slot, call.now(), "slot")
    view = call.engine.run(
        lambda tx: booking.return_visit(
            tx, _rules(call), call.window, start, req.name, req.phone, call.caller.actor
        )
    )
    return _notice(call, view)


COMMANDS: tuple[Command, ...] = (
    command("appointment_slots", (*FRONT_DESK, Role.COUNTER), appointment_slots),
    command("appointment_book", FRONT_DESK, appointment_book),
    command("appointment_move", FRONT_DESK, appointment_move),
    command("appointment_cancel", FRONT_DESK, appointment_cancel),
    command("appointment_list", FRONT_DESK, appointment_list),
    command("appointment_notice", FRONT_DESK, appointment_notice),
    command("appointment_rules", FRONT_DESK, appointment_rules),
    command("appointment_rule_save", CONFIGURE, appointment_rule_save),
    command("return_visit_book", (Role.COUNTER,), return_visit_book),
)
