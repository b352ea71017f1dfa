"""Ratings: the counter asks for the visitor's rating of a case it has finished.

(The rules — finished, not rated yet, served at this window — are app.queue.ratings's.)
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec

from app.hall.caller import Role
from app.hall.command import Command, command
from app.hall.context import Call
from app.hall.errors import Unavailable
from app.hall.wire import Code, Count, Id, Request, Text
from app.queue.ratings import RatingView, check_rateable

COUNTER = (Role.COUNTER,)
NO_BUS_KEYPAD = (
    "本窗口没有接在服务器总线上的评价器",
    "this window has no keypad on the server's keypad bus",
)


MAX_SCALE = 10  # keypads have at most this many levels (the national scale has 5)
Level = Annotated[int, msgspec.Meta(ge=1, le=MAX_SCALE, description="1 = worst")]
ScaleSize = Annotated[int, msgspec.Meta(ge=2, le=MAX_SCALE)]


class RecordRating(Request):
    ticket_id: Id
    level: Level | None = None  # None: 未评价 (no key pressed in time)
    scale: ScaleSize = 5
    device: Code | None = None
    device_address: Count | None = None
    keypad_session: Count | None = None
    raw_frame: Text = ""


def record_rating(call: Call, req: RecordRating) -> RatingView:
    """A rating from the window's own keypad (on the clerk PC), of a case served here."""
    return call.engine.record_rating(
        req.ticket_id,
        req.level,
        scale=req.scale,
        device=req.device or "",
        device_address=req.device_address,
        keypad_session=req.keypad_session,
        raw_frame=req.raw_frame,
        window=call.window,
    )


class TicketArg(Request):
    ticket_id: Id


def request_rating(call: Call, req: TicketArg) -> dict[str, Any]:
    """Ask the server's bus keypad of this window for the visitor's rating; the reply comes
    at once, the rating later as a rating_recorded event."""
    bus = call.hall.keypad_bus
    if bus is None or not bus.serves(call.window):
        raise Unavailable(*NO_BUS_KEYPAD)
    with call.engine.db.read() as conn:
        check_rateable(conn, req.ticket_id, window=call.window)
    return bus.request(call.window, req.ticket_id)


COMMANDS: tuple[Command, ...] = (
    command("record_rating", COUNTER, record_rating),
    command("request_rating", COUNTER, request_rating),
)
