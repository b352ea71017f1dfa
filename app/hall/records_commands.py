"""The console's views of the hall's records: the audit log, devices, unprinted tickets, the
event log; and the reprint of a ticket's slip."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.devices.printing.slip import check_code
from app.hall.audience import event_for
from app.hall.caller import CONSOLE
from app.hall.command import Command, command
from app.hall.context import Audited, Call
from app.hall.wire import Code, Count, Id, NoArgs, Request, Seq, plain
from app.models import AuditLog, Event, PrintState, Service, Ticket, TicketState, ticket_number
from app.models.hall_config import Change
from app.queue.issuing import set_print_state
from app.queue.store import Tx, ticket_view

AUDIT_LIMIT = 500
DEVICE_KINDS = ("keypad_status", "printer_status")


class AuditQuery(Request):
    before_id: Id | None = None
    limit: Count = 200
    actor: Code | None = None
    action: Code | None = None


@dataclass(frozen=True)
class AuditRow:
    id: int
    at: str
    actor: str
    action: str
    target: str
    before: Any
    after: Any


def audit_log(call: Call, req: AuditQuery) -> list[AuditRow]:
    """Newest first, at most 500, optionally before an id and for one actor or action."""
    query = select(AuditLog).order_by(AuditLog.id.desc()).limit(min(max(req.limit, 1), 500))
    if req.before_id is not None:
        query = query.where(AuditLog.id < req.before_id)
    if req.actor:
        query = query.where(AuditLog.actor == req.actor)
    if req.action:
        query = query.where(AuditLog.action == req.action)
    with call.engine.db.read() as conn:
        rows = conn.execute(query).all()
    return [
        AuditRow(
            r.id, r.at.isoformat(timespec="seconds"), r.actor, r.action, r.target, r.before, r.after
        )
        for r in rows
    ]


@dataclass(frozen=True)
class DeviceRow:
    kind: str  # keypad | printer
    window: int | None
    kiosk: str | None
    online: bool
    at: str


def devices(call: Call, req: NoArgs) -> list[DeviceRow]:
    """The last reported state of every keypad and printer (from the hall's event log)."""
    with call.engine.db.read() as conn:
        rows = conn.execute(
            select(Event.kind, Event.at, Event.data)
            .where(Event.kind.in_(DEVICE_KINDS))
            .order_by(Event.id)
        ).all()  # only changes of state are logged: a short list
    last = {(r.kind, r.data.get("window"), r.data.get("kiosk")): r for r in rows}
    ordered = sorted(last.values(), key=lambda r: (r.kind, r.data.get("window") or 0))
    return [
        DeviceRow(
            "keypad" if r.kind == "keypad_status" else "printer",
            r.data.get("window"),
            r.data.get("kiosk"),
            bool(r.data.get("online")),
            r.at.isoformat(timespec="seconds"),
        )
        for r in ordered
    ]


@dataclass(frozen=True)
class UnprintedTicket:
    id: int
    number: str
    service: str
    service_name: str
    issued_at: str
    print_state: str
    kiosk: str
    priority: bool
    check: str  # the ticket QR's check code, for a reprint


def unprinted_tickets(call: Call, req: NoArgs) -> list[UnprintedTicket]:
    """Today's waiting tickets whose slip is not known to be printed: the visitor may be
    standing at the kiosk without one."""
    with call.engine.db.read() as conn:
        rows = conn.execute(
            select(Ticket, Service.code, Service.name.label("service_name"))
            .join(Service, Service.id == Ticket.service_id)
            .where(
                Ticket.day == call.today(),
                Ticket.state == TicketState.WAITING.value,
                Ticket.print_state != PrintState.PRINTED.value,
            )
            .order_by(Ticket.issued_at, Ticket.id)
        ).all()
    key = call.hall.ticket_key
    return [
        UnprintedTicket(
            r.id,
            ticket_number(r.prefix, r.number),
            r.code,
            r.service_name,
            r.issued_at.isoformat(timespec="seconds"),
            r.print_state,
            r.kiosk,
            bool(r.priority),
            check_code(r.id, r.day, ticket_number(r.prefix, r.number), key),
        )
        for r in rows
    ]


class TicketArg(Request):
    ticket_id: Id


def mark_printed(call: Call, req: TicketArg) -> Audited:
    """The console printed the slip again (or it was handed over by hand): recorded by the
    engine (a ticket_print_state event) with its audit row, in one transaction."""

    def apply(tx: Tx) -> Audited:
        before = ticket_view(tx.sql, req.ticket_id).print_state
        after = set_print_state(tx, req.ticket_id, PrintState.PRINTED.value)
        change = Change(
            f"ticket:{after.number}", {"print_state": before}, {"print_state": after.print_state}
        )
        return Audited(call.audit(tx.conn, "ticket_reprinted", change), change.target, after)

    return call.engine.run(apply)


class EventsAfter(Request):
    seq: Seq
    limit: Count = 500


def events_after(call: Call, req: EventsAfter) -> list[dict[str, Any]]:
    """The hall's events after a sequence number (at most 1000), as the caller may see them
    (without an open rating session's token: app.hall.audience)."""
    events = call.engine.events_after(req.seq, min(max(req.limit, 1), 1000))
    return [dict(event_for(call.caller, plain(event))) for event in events]


COMMANDS: tuple[Command, ...] = (
    command("audit_log", CONSOLE, audit_log),
    command("devices", CONSOLE, devices),
    command("unprinted_tickets", CONSOLE, unprinted_tickets),
    command("mark_printed", CONSOLE, mark_printed),
    command("events_after", CONSOLE, events_after),
)
