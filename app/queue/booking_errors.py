"""Refusals of booking, moving, cancelling and checking in appointments. Each names the
field it is about (`field`), so the intake API and the console can point at it."""

from __future__ import annotations

from typing import Any

from app.queue.errors import AppointmentInvalid, QueueError


class BookingError(QueueError):
    code = "booking_error"
    status = 409  # the HTTP status the intake API answers with

    def __init__(self, zh: str, en: str, field: str = "") -> None:
        super().__init__(zh, en)
        self.field = field

    def as_dict(self) -> dict[str, Any]:
        found = super().as_dict()
        return {**found, "field": self.field} if self.field else found


class AppointmentNotFound(BookingError):
    code = "appointment_not_found"
    status = 404

    def __init__(self, ref: str, field: str = "code") -> None:
        super().__init__(f"没有这个预约：{ref}", f"no appointment {ref}", field)


class SlotUnavailable(BookingError):
    """Not a slot of the service: a closed day, outside the hours, in the past, too far."""

    code = "slot_unavailable"
    status = 422


class SlotFull(BookingError):
    code = "slot_full"

    def __init__(self, code: str, name: str, start: str, field: str = "slot_start") -> None:
        super().__init__(
            f"{code} {name} {start} 时段已约满，请另选时段",
            f"the {start} slot of service {code} is fully booked",
            field,
        )


class BadVisitor(BookingError):
    """The visitor's name or phone is missing or not valid."""

    code = "bad_visitor"
    status = 422


class AppointmentClosed(BookingError):
    """Cancelled or checked in already: it cannot be moved or cancelled."""

    code = "appointment_closed"


class ExternalIdConflict(BookingError):
    """The platform's id was used before for a different booking."""

    code = "external_id_conflict"


class ReturnVisitRefused(BookingError):
    """A counter may book a return visit only for the 材料不齐 case it has just finished."""

    code = "return_visit_refused"


class CheckInTooEarly(AppointmentInvalid):
    code = "appointment_too_early"


__all__ = [
    "AppointmentClosed",
    "AppointmentNotFound",
    "BadVisitor",
    "BookingError",
    "CheckInTooEarly",
    "ExternalIdConflict",
    "ReturnVisitRefused",
    "SlotFull",
    "SlotUnavailable",
]
