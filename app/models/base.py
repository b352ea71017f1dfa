"""Declarative base, typed ids and the enumerations stored in the database."""

from __future__ import annotations

import enum
from typing import NewType

from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

ServiceId = NewType("ServiceId", int)
WindowId = NewType("WindowId", int)
StaffId = NewType("StaffId", int)
TicketId = NewType("TicketId", int)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class TicketState(enum.StrEnum):
    WAITING = "waiting"  # 等候
    CALLED = "called"  # 已呼叫, visitor on the way to the window
    SERVING = "serving"  # 办理中
    HELD = "held"  # 挂起, parked at a window to be called back
    NO_SHOW = "no_show"  # 过号
    FINISHED = "finished"  # 已办结 (any outcome)


IN_SERVICE = (TicketState.CALLED, TicketState.SERVING)


class Outcome(enum.StrEnum):
    DONE = "done"  # 办结
    INCOMPLETE = "incomplete"  # 材料不齐, 一次性告知
    REJECTED = "rejected"  # 不予受理 (reason required)
    CONSULT = "consult"  # 咨询


class PauseReason(enum.StrEnum):
    LUNCH = "lunch"  # 午休
    MEETING = "meeting"  # 会议
    TRAINING = "training"  # 学习培训
    BUSINESS = "business"  # 公务外出
    BREAK = "break"  # 短暂离开 (over 10 minutes needs a note)
    OTHER = "other"  # 其他 (note required)


class PrintState(enum.StrEnum):
    PENDING = "pending"
    PRINTED = "printed"
    FAILED = "failed"


class RatingPath(enum.StrEnum):
    """How a rating reached the server (every rating row says which)."""

    BUS = "bus"  # a keypad on the server's own RS-485 bus, polled by the server
    RELAYED = "relayed"  # a keypad on the clerk's PC: its raw frame relayed by the workstation
    TABLET = "tablet"  # the window's touch-screen evaluator (平板评价器), its own login
    NONE = "none"  # no answer before the session's deadline: 未评价


class StaffRole(enum.StrEnum):
    CLERK = "clerk"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"
