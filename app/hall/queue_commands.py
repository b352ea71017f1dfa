"""The hall's working commands: what kiosks, counters and screens ask for.

A counter's window is always its login's (``call.window``), never an argument.
"""

from __future__ import annotations

import base64
import dataclasses
from dataclasses import dataclass
from typing import Annotated, Any

import msgspec
from sqlalchemy import select

from app.appraisal.metrics import ClerkDay, clerk_day
from app.appraisal.settings import DEFAULT_SETTINGS
from app.devices.errors import BadTicketCode
from app.devices.printing.slip import check_code, read_scanned
from app.hall.caller import CONSOLE, SCREENS, Role
from app.hall.command import Command, command
from app.hall.context import Call
from app.hall.errors import BadRequest, Forbidden
from app.hall.wire import Code, Id, NoArgs, Number, Request, Text, WindowNo
from app.models import Ticket
from app.models.staff_config import staff_photo
from app.queue.views import IssuedTicket, ServiceLoad, TicketView, WindowState

KIOSK, COUNTER, DISPLAY = (Role.KIOSK,), (Role.COUNTER,), (Role.DISPLAY,)


# Everyone on a screen
def snapshot(call: Call, req: NoArgs) -> dict[str, Any]:
    """The hall's full state: windows, service loads, recent calls, name and notice."""
    return call.hall.view.snapshot()


def service_loads(call: Call, req: NoArgs) -> list[ServiceLoad]:
    """Per service: waiting, open or why closed, the estimated wait of a ticket taken now.
    From the server's kept snapshot: worked out once per change, not once per kiosk ask."""
    return list(call.hall.view.snapshot()["services"])


class StaffNo(Request):
    staff_no: Code


@dataclass(frozen=True)
class StaffPhoto:
    staff_no: str
    photo: str | None  # base64 JPEG/PNG


def staff_photo_of(call: Call, req: StaffNo) -> StaffPhoto:
    """The clerk's photo for 工作人员身份公开 (kept out of snapshots, which go to every
    display)."""
    with call.engine.db.read() as conn:
        photo = staff_photo(conn, req.staff_no)
    return StaffPhoto(req.staff_no, base64.b64encode(photo).decode() if photo else None)


class DeviceStatus(Request):
    online: bool


def device_status(call: Call, req: DeviceStatus) -> bool:
    """A kiosk reports its printer, a counter its keypad; logged and published once per
    change. True when it was a change."""
    call.hall.rate_limits.take("device_reports", call.caller.actor)
    if call.caller.role is Role.KIOSK:
        machine = call.caller.machine
        return call.hall.device_changed("printer_status", machine, req.online, kiosk=machine)
    window = call.window
    return call.hall.device_changed("keypad_status", window, req.online, window=window)


# Kiosk
class IssueTicket(Request):
    service: Code
    priority: bool = False


@dataclass(frozen=True)
class KioskTicket(IssuedTicket):
    """A new ticket with its QR check code (made with the hall's key, on the server) and the
    hall's phone page address for its QR code ("" when none)."""

    phone_url: str = ""


def _for_kiosk(call: Call, issued: IssuedTicket) -> KioskTicket:
    ticket = issued.ticket
    check = check_code(int(ticket.id), ticket.day, ticket.number, call.hall.ticket_key)
    told = {field.name: getattr(issued, field.name) for field in dataclasses.fields(issued)}
    return KioskTicket(**{**told, "check": check}, phone_url=call.config.phone_url)


def issue_ticket(call: Call, req: IssueTicket) -> KioskTicket:
    """A new ticket; at most [limits] tickets_per_minute per kiosk."""
    call.hall.rate_limits.take("tickets", call.caller.machine)
    machine = call.caller.machine
    issued = call.engine.issue_ticket(req.service, priority=req.priority, kiosk=machine)
    return _for_kiosk(call, issued)


class CheckIn(Request):
    code: Code


def check_in(call: Call, req: CheckIn) -> KioskTicket:
    """An appointment's ticket, by its code (counted with the kiosk's tickets)."""
    call.hall.rate_limits.take("tickets", call.caller.machine)
    return _for_kiosk(call, call.engine.check_in(req.code, kiosk=call.caller.machine))


class PrintStateArgs(Request):
    ticket_id: Id
    state: Code


def set_print_state(call: Call, req: PrintStateArgs) -> TicketView:
    """Whether the ticket's slip came out of the printer: a kiosk's own tickets only."""
    with call.engine.db.read() as conn:
        kiosk = conn.scalar(select(Ticket.kiosk).where(Ticket.id == req.ticket_id))
    if kiosk is not None and kiosk != call.caller.machine:
        raise Forbidden(
            "只能登记本机所出票据的打印状态",
            "a kiosk may set the print state of its own tickets only",
        )
    return call.engine.set_print_state(req.ticket_id, req.state)


# Counter
def sign_in(call: Call, req: NoArgs) -> WindowState:
    assert call.caller.staff_no is not None
    return call.engine.sign_in(call.window, call.caller.staff_no)


def sign_out(call: Call, req: NoArgs) -> WindowState:
    return call.engine.sign_out(call.window)


def call_next(call: Call, req: NoArgs) -> TicketView:
    return call.engine.call_next(call.window)


def recall(call: Call, req: NoArgs) -> TicketView:
    return call.engine.recall(call.window)


def start(call: Call, req: NoArgs) -> TicketView:
    return call.engine.start(call.window)


def no_show(call: Call, req: NoArgs) -> TicketView:
    return call.engine.no_show(call.window)


def hold(call: Call, req: NoArgs) -> TicketView:
    return call.engine.hold(call.window)


class TicketNumber(Request):
    number: Number


def call_back(call: Call, req: TicketNumber) -> TicketView:
    """Call a held ticket back to this window."""
    return call.engine.call_back(call.window, req.number)


ScanText = Annotated[str, msgspec.Meta(min_length=1, max_length=80, description="HQ1:…")]


class CallNumber(Request):
    number: Number | None = None
    code: ScanText | None = None  # a scanned ticket QR (a USB scanner types it in)


def call_number(call: Call, req: CallNumber) -> TicketView:
    """Call a specific waiting number at this window: typed (number) or scanned from the
    ticket's QR (code), which must carry the hall's check and today's date."""
    if (req.number is None) == (req.code is None):
        raise BadRequest("请给出号码或扫描票据（二选一）", "give either number or code", "number")
    number = req.number
    if req.code is not None:
        scanned = read_scanned(req.code, call.hall.ticket_key, call.today())
        ticket = call.engine.ticket(scanned.ticket_id)
        if ticket.number != scanned.number:
            raise BadTicketCode(scanned.number)
        number = scanned.number
    assert number is not None
    return call.engine.call_number(call.window, number)


def reactivate(call: Call, req: TicketNumber) -> TicketView:
    """Put a no-show ticket back in its queue."""
    return call.engine.reactivate(req.number)


class Pause(Request):
    reason: Code
    note: Text = ""


def pause(call: Call, req: Pause) -> WindowState:
    return call.engine.pause(call.window, req.reason, req.note)


def resume(call: Call, req: NoArgs) -> WindowState:
    return call.engine.resume(call.window)


CaseText = Annotated[str, msgspec.Meta(max_length=64, description="empty: none")]


class Finish(Request):
    outcome: Code
    note: Text = ""
    missing: list[Text] = msgspec.field(default_factory=list)  # 材料不齐: every material
    case_no: CaseText = ""  # 办件编号, typed or scanned (or the business system's own)
    item_code: CaseText = ""  # 事项编码, when the case's is not its service's


def finish(call: Call, req: Finish) -> TicketView:
    """办结 the case (材料不齐 lists every missing material: the 一次性告知单) with its 办件编号
    and 事项编码 when given; the server then asks for the visitor's rating, and the rating
    carries both (the 好差评 upload)."""
    return call.engine.finish(
        call.window,
        req.outcome,
        req.note,
        req.missing or None,
        case_no=req.case_no or None,
        item_code=req.item_code or None,
    )


class Transfer(Request):
    to_service: Code | None = None
    to_window: WindowNo | None = None
    note: Text = ""


def transfer(call: Call, req: Transfer) -> TicketView:
    """Send the ticket in service to another service's queue or another window."""
    return call.engine.transfer(
        call.window, to_service=req.to_service, to_window=req.to_window, note=req.note
    )


def window_state(call: Call, req: NoArgs) -> WindowState:
    return call.engine.window_state(call.window)


def waiting(call: Call, req: NoArgs) -> list[TicketView]:
    """The tickets this window may call, in the order it would call them."""
    return call.engine.waiting(window=call.window)


def my_today(call: Call, req: NoArgs) -> ClerkDay:
    """The signed-in clerk's figures for today (the appraisal's own rules)."""
    assert call.caller.staff_id is not None
    with call.engine.db.read() as conn:
        return clerk_day(conn, call.caller.staff_id, call.today(), DEFAULT_SETTINGS)


# Console: the live hall
def hall_state(call: Call, req: NoArgs) -> list[WindowState]:
    return call.engine.hall_state()


class WindowArg(Request):
    window: WindowNo


def window_state_of(call: Call, req: WindowArg) -> WindowState:
    return call.engine.window_state(req.window)


class WaitingFor(Request):
    service: Code | None = None
    window: WindowNo | None = None


def waiting_for(call: Call, req: WaitingFor) -> list[TicketView]:
    if (req.service is None) == (req.window is None):
        raise BadRequest("请给出事项或窗口（二选一）", "give either service or window", "service")
    return call.engine.waiting(service=req.service, window=req.window)


COMMANDS: tuple[Command, ...] = (
    command("snapshot", SCREENS, snapshot),
    command("service_loads", (Role.KIOSK, Role.COUNTER, *CONSOLE), service_loads),
    # The tablet evaluator shows the clerk's photo on its idle page (工作人员身份公开).
    command("staff_photo", (Role.DISPLAY, Role.COUNTER, Role.EVALUATOR, *CONSOLE), staff_photo_of),
    command("device_status", (Role.KIOSK, Role.COUNTER), device_status),
    command("issue_ticket", KIOSK, issue_ticket),
    command("check_in", KIOSK, check_in),
    command("set_print_state", KIOSK, set_print_state),
    command("sign_in", COUNTER, sign_in),
    command("sign_out", COUNTER, sign_out),
    command("call_next", COUNTER, call_next),
    command("recall", COUNTER, recall),
    command("start", COUNTER, start),
    command("no_show", COUNTER, no_show),
    command("hold", COUNTER, hold),
    command("call_back", COUNTER, call_back),
    command("call_number", COUNTER, call_number),
    command("reactivate", COUNTER, reactivate),
    command("pause", COUNTER, pause),
    command("resume", COUNTER, resume),
    command("finish", COUNTER, finish),
    command("transfer", COUNTER, transfer),
    command("window_state", COUNTER, window_state),
    command("waiting", COUNTER, waiting),
    command("my_today", COUNTER, my_today),
    command("hall_state", CONSOLE, hall_state),
    command("window_state_of", CONSOLE, window_state_of),
    command("waiting_for", CONSOLE, waiting_for),
)
