"""What goes on a ticket (TicketSlip) and the check code its QR code carries.

The QR text is ``HQ1:<ticket id>:<day YYYYMMDD>:<number>:<check>``, all in QR alphanumeric
characters. ``check`` is the first 4 bytes, as 8 upper-case hex digits, of
HMAC-SHA256(ticket key, "<ticket id>|<YYYYMMDD>|<number>").

The ticket key is the hall's own: ``ticket_key`` derives it from the hall's random MAC key
(hall.key beside the server's config, never in the database), so every hall has a different
one without a second secret file to keep, and it never leaves the server: the server puts
the check code into each issued ticket and checks every scanned code (``read_scanned``).
Without the key nobody can make a code the hall accepts, and a code from another day or for
another number does not verify. Kiosks and counters never hold it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass
from typing import Any

from app.devices.errors import BadTicketCode
from app.queue.predict import format_wait
from app.queue.views import IssuedTicket

CODE_PREFIX = "HQ1"
TICKET_KEY_LABEL = b"hallqueue ticket QR key v1"
# A keyboard-wedge scanner types into whatever input method is active: a Chinese IME turns
# ":" into "：". Read either.
_WIDE = str.maketrans({"：": ":", "　": " "})
DEFAULT_NOTICE = "请留意叫号，过号请到服务台。本票当日有效。"


def ticket_key(hall_key: bytes) -> bytes:
    """The hall's ticket QR key, derived one-way from its MAC key (which it does not reveal)."""
    return hmac.new(hall_key, TICKET_KEY_LABEL, hashlib.sha256).digest()


def check_code(ticket_id: int, day: dt.date, number: str, key: bytes) -> str:
    message = f"{ticket_id}|{day:%Y%m%d}|{number}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:8].upper()


def verify_check_code(ticket_id: int, day: dt.date, number: str, check: str, key: bytes) -> bool:
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


def _code_text(text: str) -> str:
    """The code itself, as typed or scanned: a full-width colon read as ":", and the phone
    page's address that ends with it (``<phone url>/t/<code>``) read as the code."""
    return text.strip().translate(_WIDE).rsplit("/", 1)[-1].upper()


def is_ticket_code(text: str) -> bool:
    """Whether a typed or scanned text is a ticket QR code (not a number typed by hand)."""
    return _code_text(text).startswith(CODE_PREFIX + ":")


def scanned_number(text: str) -> str | None:
    """The ticket number a scanned code names, unverified (the server verifies the code
    itself); None when the text is not a ticket code."""
    parts = _code_text(text).split(":")
    if len(parts) != 5 or parts[0] != CODE_PREFIX or not parts[3]:
        return None
    return parts[3]


def parse_ticket_code(text: str, key: bytes) -> TicketCode:
    """Read and verify a scanned QR text, or the phone page's address that ends with it;
    raises BadTicketCode."""
    parts = _code_text(text).split(":")
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


def read_scanned(text: str, key: bytes, today: dt.date) -> TicketCode:
    """A scanned ticket code the hall accepts today: its check code verifies with the hall's
    key and it was issued today. Raises BadTicketCode for a forged code or another day's."""
    code = parse_ticket_code(text, key)
    if code.day != today:
        raise BadTicketCode(f"{code.number}（{code.day:%Y-%m-%d} 的票，非当日）")
    return code


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
        wait_low_s: int | None = None,
        wait_high_s: int | None = None,
        wait_note: str = "",
        ticket_id: int,
        day: dt.date,
        priority: bool = False,
        key: bytes | None = None,
        check: str = "",
        notice: str = DEFAULT_NOTICE,
        status_url: str = "",
    ) -> TicketSlip:
        return cls(
            hall_name=hall_name,
            service_name=service_name,
            number=number,
            people_ahead=people_ahead,
            # the kiosk screen's words for the same wait (wait_words), in Chinese
            wait_text=format_wait(
                estimated_wait_s, "zh", low=wait_low_s, high=wait_high_s, reason=wait_note
            ),
            issued_at=issued_at,
            ticket_id=ticket_id,
            day=day,
            check=check or (check_code(ticket_id, day, number, key) if key else ""),
            priority=priority,
            notice=notice,
            status_url=status_url,
        )

    @classmethod
    def from_issued(
        cls, issued: IssuedTicket, hall_name: str, *, key: bytes | None = None, **kw: Any
    ) -> TicketSlip:
        """From the engine's result for a newly issued (or checked-in) ticket."""
        ticket = issued.ticket
        return cls.build(
            hall_name=hall_name,
            service_name=ticket.service_name,
            number=ticket.number,
            people_ahead=issued.people_ahead,
            estimated_wait_s=issued.estimated_wait_s,
            wait_low_s=issued.wait_low_s,
            wait_high_s=issued.wait_high_s,
            wait_note=issued.wait_note,
            issued_at=ticket.issued_at,
            ticket_id=int(ticket.id),
            day=ticket.day,
            priority=ticket.priority,
            key=key,
            check=issued.check,
            **kw,
        )

    @classmethod
    def from_dict(
        cls, issued: dict[str, Any], hall_name: str, *, key: bytes | None = None, **kw: Any
    ) -> TicketSlip:
        """From the same result as it travels over the network (TicketView.to_dict()); the
        check code is the server's (``issued["check"]``), and the server adds its phone page's
        address (phone_url) when it has one."""
        ticket = issued["ticket"]
        kw.setdefault("status_url", str(issued.get("phone_url") or ""))
        return cls.build(
            hall_name=hall_name,
            service_name=str(ticket.get("service_name", "")),
            number=str(ticket["number"]),
            people_ahead=int(issued.get("people_ahead", 0)),
            estimated_wait_s=issued.get("estimated_wait_s"),
            wait_low_s=issued.get("wait_low_s"),
            wait_high_s=issued.get("wait_high_s"),
            wait_note=str(issued.get("wait_note") or ""),
            issued_at=dt.datetime.fromisoformat(str(ticket["issued_at"])),
            ticket_id=int(ticket["id"]),
            day=dt.date.fromisoformat(str(ticket["day"])),
            priority=bool(ticket.get("priority", False)),
            key=key,
            check=str(issued.get("check") or ""),
            **kw,
        )
