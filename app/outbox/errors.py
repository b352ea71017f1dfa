"""The outbox's errors: a delivery that failed (retried) or was refused by the receiver."""

from __future__ import annotations

from app.errors import HallError


class OutboxError(HallError):
    code = "outbox"


class DeliveryFailed(OutboxError):
    """The receiver could not be reached or answered with an error: tried again later."""

    code = "delivery_failed"


class DeliveryRejected(OutboxError):
    """The receiver refused this one item for good (a bad record): it is set aside, kept
    with the answer, and the channel goes on with the next."""

    code = "delivery_rejected"
