"""Plain result types returned by engine commands and queries (no ORM objects leak out)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from app.models import TicketId, TicketState, ticket_number

display_number = ticket_number  # the one rule for writing a ticket's number lives in app.models


@dataclass(frozen=True)
class TicketView:
    id: TicketId
    day: dt.date
    number: str  # "A012"
    service_code: str
    service_name: str
    state: TicketState
    priority: bool
    issued_at: dt.datetime
    queue_at: dt.datetime
    called_at: dt.datetime | None
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    window_no: int | None
    target_window_no: int | None
    recalls: int
    outcome: str | None
    predicted_wait_s: int | None
    print_state: str

    def to_dict(self) -> dict[str, Any]:
        return {
            name: (value.isoformat() if isinstance(value, dt.date) else value)
            for name, value in self.__dict__.items()
        }


@dataclass(frozen=True)
class IssuedTicket:
    """A new ticket with the wait it was told (predict.format_wait words it): a figure, its
    likely range, and `wait_note` when the figure alone would mislead (forecast.REASONS)."""

    ticket: TicketView
    people_ahead: int
    estimated_wait_s: int | None
    wait_low_s: int | None = None
    wait_high_s: int | None = None
    wait_note: str = ""  # "" or a reason code: no_window, not_today, after_hours, ...
    check: str = ""  # the ticket QR's check code (the command layer adds it: the hall's key)


@dataclass(frozen=True)
class WindowState:
    number: int
    name: str
    signed_in: bool
    staff_no: str | None
    staff_name: str | None
    paused: bool
    pause_reason: str | None
    pause_note: str
    current: TicketView | None
    held: tuple[TicketView, ...] = field(default_factory=tuple)
    service_codes: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class ServiceLoad:
    """What the kiosk shows on a service button."""

    code: str
    name: str
    group_name: str
    waiting: int
    issued_today: int
    open: bool
    closed_reason: str  # "" when open
    estimated_wait_s: int | None
    promised_minutes: int = 15  # 限时办结, for the clerk's overdue warning
    wait_low_s: int | None = None  # the likely range of a ticket taken now
    wait_high_s: int | None = None
    wait_note: str = ""  # "" or why there is no figure / why a range (forecast.REASONS)


@dataclass(frozen=True)
class HallEvent:
    """A committed state change, numbered by the event log's id (the hall's sequence)."""

    seq: int
    at: dt.datetime
    kind: str
    ticket_id: int | None
    window_id: int | None
    data: dict[str, Any]
