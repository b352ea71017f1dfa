"""What goes on a ticket (TicketSlip) and the check code its QR code carries.

The QR text is ``HQ1:<ticket id>:<day YYYYMMDD>:<number>:<check>``, all in QR alphanumeric
characters. ``check`` is the first 4 bytes, as 8 upper-case hex digits, of
HMAC-SHA256(hall key, "<ticket id>|<YYYYMMDD>|<number>"). Without the hall's key nobody can
make a code that a counter or the check-in kiosk accepts, and a code from another day or
for another number does not verify. Each hall sets its own key in its configuration;
``DEMO_KEY`` is for the demo hall and tests only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
from dataclasses import dataclass
from typing import Any

from app.devices.errors import BadTicketCode
from app.queue.views import IssuedTicket

DEMO_KEY = b"hallqueue demo ticket key"
CODE_PREFIX = "HQ1"
DEFAULT_NOTICE = "请留意叫号，过号请到服务台。本票当日有效。"


def check_code(ticket_id: int, day: dt.date, number: str, key: bytes = DEMO_KEY) -> str:
    message = f"{ticket_id}|{day:%Y%m%d}|{number}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:8].upper()


def verify_check_code(
    ticket_id: int, day: dt.date, number: str, check: str, key: bytes = DEMO_KEY
) -> bool:
    return hmac.compare_digest(check_code(ticket_id, day, number, key), check.upper())


@dataclass(frozen=True)
class TicketCode:
    """What a scanned ticket QR code says, once its check code has been verified."""

    ticket_id: int
    day: dt.date
    number: str
    check: str

    @property
    def text(self) -> str:
        return f"{CODE_PREFIX}:{self.ticket_id}:{self.day:%Y%m%d}:{self.number}:{self.check}"


def parse_ticket_code(text: str, key: bytes = DEMO_KEY) -> TicketCode:
    """Read and verify a scanned QR text, or the phone page's address that ends with it
    (``<phone url>/t/<code>``); raises BadTicketCode."""
    parts = text.strip().rsplit("/", 1)[-1].split(":")
    if len(parts) != 5 or parts[0] != CODE_PREFIX:
        raise BadTicketCode(text)
    try:
        ticket_id = int(parts[1])
        day = dt.datetime.strptime(parts[2], "%Y%m%d").date()
    except ValueError:
        raise BadTicketCode(text) from None
    number, check = parts[3], parts[4]
    if not verify_check_code(ticket_id, day, number, check, key):
        raise BadTicketCode(text)
    return TicketCode(ticket_id, day, number, check.upper())


def wait_text(seconds: int | None) -> str:
    """ "约 15 分钟" (rounded up to whole minutes), or "暂无估计" without an estimate."""
    if seconds is None:
        return "暂无估计"
    return f"约 {max(1, math.ceil(seconds / 60))} 分钟"


@dataclass(frozen=True)
class TicketSlip:
    """Everything a printer backend puts on one ticket."""

    hall_name: str
    service_name: str
    number: str
    people_ahead: int
    wait_text: str
    issued_at: dt.datetime
    ticket_id: int
    day: dt.date
    check: str
    priority: bool = False
    notice: str = DEFAULT_NOTICE
    status_url: str = ""  # the hall's phone page ([phone] url); "" → the bare code

    @property
    def qr_text(self) -> str:
        """The code, or with a phone page the page's address for this ticket, which a
        visitor's phone opens and the kiosk and counters still read (parse_ticket_code)."""
        code = TicketCode(self.ticket_id, self.day, self.number, self.check).text
        return f"{self.status_url}/t/{code}" if self.status_url else code

    @property
    def time_text(self) -> str:
        return f"{self.issued_at:%Y-%m-%d %H:%M}"

    @classmethod
    def build(
        cls,
        *,
        hall_name: str,
        service_name: str,
        number: str,
        people_ahead: int,
        estimated_wait_s: int | None,
        issued_at: dt.datetime,
        ticket_id: int,
        day: dt.date,
        priority: bool = False,
        key: bytes = DEMO_KEY,
        notice: str = DEFAULT_NOTICE,
        status_url: str = "",
    ) -> TicketSlip:
        return cls(
            hall_name=hall_name,
            service_name=service_name,
            number=number,
            people_ahead=people_ahead,
            wait_text=wait_text(estimated_wait_s),
            issued_at=issued_at,
            ticket_id=ticket_id,
            day=day,
            check=check_code(ticket_id, day, number, key),
            priority=priority,
            notice=notice,
            status_url=status_url,
        )

    @classmethod
    def from_issued(
        cls, issued: IssuedTicket, hall_name: str, *, key: bytes = DEMO_KEY, **kw: Any
    ) -> TicketSlip:
        """From the engine's result for a newly issued (or checked-in) ticket."""
        ticket = issued.ticket
        return cls.build(
            hall_name=hall_name,
            service_name=ticket.service_name,
            number=ticket.number,
            people_ahead=issued.people_ahead,
            estimated_wait_s=issued.estimated_wait_s,
            issued_at=ticket.issued_at,
            ticket_id=int(ticket.id),
            day=ticket.day,
            priority=ticket.priority,
            key=key,
            **kw,
        )

    @classmethod
    def from_dict(
        cls, issued: dict[str, Any], hall_name: str, *, key: bytes = DEMO_KEY, **kw: Any
    ) -> TicketSlip:
        """From the same result as it travels over the network (TicketView.to_dict()); the
        server adds its phone page's address (phone_url) when it has one."""
        ticket = issued["ticket"]
        kw.setdefault("status_url", str(issued.get("phone_url") or ""))
        return cls.build(
            hall_name=hall_name,
            service_name=str(ticket.get("service_name", "")),
            number=str(ticket["number"]),
            people_ahead=int(issued.get("people_ahead", 0)),
            estimated_wait_s=issued.get("estimated_wait_s"),
            issued_at=dt.datetime.fromisoformat(str(ticket["issued_at"])),
            ticket_id=int(ticket["id"]),
            day=dt.date.fromisoformat(str(ticket["day"])),
            priority=bool(ticket.get("priority", False)),
            key=key,
            **kw,
        )
