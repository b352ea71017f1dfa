"""Ratings: the server owns each case's rating session, and only a device answers it.

When a case finishes the engine opens its session (app/queue/rating_sessions.py holds every
rule). The workstation may only ask to see (or re-arm) it and show the result; it can never
record a level itself. Three device paths answer: a keypad on the server's own bus
(app/hall/keypad_bus.py), a keypad on the clerk's PC whose raw frame the workstation relays
(checked here: CRC, the window's keypad address, the open session's token), and the window's
tablet evaluator, logged in with its own token bound to the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import msgspec
from sqlalchemy import select

from app.devices.errors import DeviceError
from app.devices.keypad.codec import key_of_frame
from app.devices.keypad.keymap import FIVE_KEY, LEVEL_NAMES
from app.hall.caller import Role
from app.hall.command import Command, command
from app.hall.context import Call
from app.hall.errors import Unavailable
from app.hall.wire import Code, Id, NoArgs, Request, Text
from app.models import RatingPath, Staff, Window
from app.queue import errors
from app.queue.rating_sessions import SessionView, bad_reasons, refused
from app.queue.ratings import RatingView, check_rateable

COUNTER, EVALUATOR = (Role.COUNTER,), (Role.EVALUATOR,)
Token = Annotated[int, msgspec.Meta(ge=1, le=2**32 - 1, description="a rating session token")]
Level = Annotated[int, msgspec.Meta(ge=1, le=5)]


class TicketArg(Request):
    ticket_id: Id


def request_rating(call: Call, req: TicketArg) -> SessionView:
    """The rating session of a case this window finished: the desk shows it (and a keypad on
    the clerk's PC is started with its token); a keypad on the server's bus is asked again.
    The result comes as the rating_recorded event."""
    session = call.engine.rating_session(req.ticket_id)
    if session is None or session.window != call.window:
        with call.engine.db.read() as conn:
            check_rateable(conn, req.ticket_id, window=call.window)  # names what is wrong
        raise Unavailable("该号没有评价会话", "that case has no rating session")
    if not session.open:
        number = session.number
        raise errors.BadTicketState(
            f"{number} 的评价已结束（一次一评）", f"the rating of {number} is closed already"
        )
    bus = call.hall.keypad_bus
    if bus is not None and bus.serves(call.window):
        bus.ask(session)
    return session


class RelayedFrame(Request):
    frame: Annotated[str, msgspec.Meta(pattern=r"^[0-9a-fA-F]{16,600}$")]  # hex


def relay_keypad_frame(call: Call, req: RelayedFrame) -> RatingView:
    """A key frame from the keypad on the clerk's PC, passed on untouched: the server checks
    its CRC, that it comes from the window's keypad address and that it answers the window's
    open session, then records the rating as relayed."""
    engine, window = call.engine, call.window
    raw = bytes.fromhex(req.frame)
    try:
        address, event = key_of_frame(raw)
        level = FIVE_KEY.level(event.key)
    except DeviceError as exc:
        engine.log_rating_anomaly("bad_frame", window, path="relayed", detail=exc.en)
        raise refused("bad_frame", exc.en) from None
    with engine.db.read() as conn:
        expected = conn.scalar(select(Window.keypad_address).where(Window.number == window))
    if address != expected:
        engine.log_rating_anomaly(
            "wrong_address", window, path="relayed", address=address, expected=expected
        )
        raise refused("wrong_address", f"{address} ≠ {expected}")
    return engine.answer_rating(
        event.session,
        window=window,
        level=level,
        path=RatingPath.RELAYED,
        device=f"relayed:{call.caller.machine}",
        device_address=address,
        raw_frame=req.frame.lower(),
    )


# The tablet evaluator
@dataclass(frozen=True)
class Reason:
    code: str
    zh: str
    en: str


@dataclass(frozen=True)
class EvaluatorState:
    """What the window's evaluator shows: the clerk (工作人员身份公开) while idle, the five
    levels and the 差评 reasons when a session is open."""

    window: int
    window_name: str
    staff_no: str | None
    staff_name: str | None
    staff_title: str | None
    services: list[str]
    session: SessionView | None
    levels: list[list[str | int]]  # [level, 中文, English], best first
    reasons: list[Reason]
    bad_max: int


def evaluator_state(call: Call, req: NoArgs) -> EvaluatorState:
    window = call.caller.window
    assert window is not None
    state = call.engine.window_state(window)
    with call.engine.db.read() as conn:
        title = (
            conn.scalar(select(Staff.title).where(Staff.staff_no == state.staff_no))
            if state.staff_no
            else None
        )
        session = call.engine.open_rating_session(window)
    settings = call.engine.settings
    # The kept snapshot holds JSON values.
    names = {load["code"]: load["name"] for load in call.hall.view.snapshot()["services"]}
    return EvaluatorState(
        window=window,
        window_name=state.name,
        staff_no=state.staff_no,
        staff_name=state.staff_name,
        staff_title=title,
        services=[names.get(code, code) for code in state.service_codes],
        session=session,
        levels=[[level, *LEVEL_NAMES[level]] for level in sorted(LEVEL_NAMES, reverse=True)],
        reasons=[Reason(*reason) for reason in settings.rating_reasons],
        bad_max=settings.rating_bad_max,
    )


class EvaluatorRate(Request):
    session: Token
    level: Level
    reasons: list[Code] = msgspec.field(default_factory=list)
    note: Text = ""


def evaluator_rate(call: Call, req: EvaluatorRate) -> RatingView:
    """The visitor's answer on the window's tablet: a level, and after 不满意 / 非常不满意
    the reasons they picked."""
    window = call.caller.window
    assert window is not None
    reasons = bad_reasons(call.engine.settings, req.level, list(req.reasons), req.note)
    return call.engine.answer_rating(
        req.session,
        window=window,
        level=req.level,
        path=RatingPath.TABLET,
        reasons=reasons,
        device=f"tablet:{call.caller.machine}",
    )


COMMANDS: tuple[Command, ...] = (
    command("request_rating", COUNTER, request_rating),
    command("relay_keypad_frame", COUNTER, relay_keypad_frame),
    command("evaluator_state", EVALUATOR, evaluator_state),
    command("evaluator_rate", EVALUATOR, evaluator_rate),
)
