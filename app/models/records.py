"""What happens in the hall: tickets, the append-only event log, ratings, attendance, audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, PrintState

_IN_SERVICE = text("state IN ('called', 'serving')")
_OPEN_SESSION = text("signed_out_at IS NULL")
_OPEN_PAUSE = text("ended_at IS NULL")
_OPEN_RATING = text("closed_at IS NULL")


def ticket_number(prefix: str, number: int) -> str:
    """How a ticket's number is written everywhere (screens, voice, slips, reports): "A012"."""
    return f"{prefix}{number:03d}"


class Ticket(Base):
    """One visitor's number for one day. The number never changes, even when transferred."""

    __tablename__ = "tickets"
    __table_args__ = (
        # Two kiosks can never hand out the same number: the database refuses it.
        UniqueConstraint("day", "prefix", "number"),
        # A window serves at most one ticket at a time.
        Index(
            "uq_tickets_window_in_service",
            "window_id",
            unique=True,
            sqlite_where=_IN_SERVICE,
            postgresql_where=_IN_SERVICE,
        ),
        Index("ix_tickets_waiting", "day", "state", "service_id", "priority", "queue_at"),
        Index("ix_tickets_target_window", "target_window_id", "state"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date)
    prefix: Mapped[str] = mapped_column(String(4))
    number: Mapped[int] = mapped_column(Integer)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    priority: Mapped[bool] = mapped_column(Boolean, default=False)  # 绿色通道
    state: Mapped[str] = mapped_column(String(16))
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime)
    queue_at: Mapped[dt.datetime] = mapped_column(DateTime)  # position in the queue
    called_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    started_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    finished_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    window_id: Mapped[int | None] = mapped_column(ForeignKey("windows.id"), default=None)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), default=None)
    target_window_id: Mapped[int | None] = mapped_column(ForeignKey("windows.id"), default=None)
    recalls: Mapped[int] = mapped_column(Integer, default=0)
    outcome: Mapped[str | None] = mapped_column(String(16), default=None)
    outcome_note: Mapped[str] = mapped_column(Text, default="")
    predicted_wait_s: Mapped[int | None] = mapped_column(Integer, default=None)
    print_state: Mapped[str] = mapped_column(String(16), default=PrintState.PENDING.value)
    kiosk: Mapped[str] = mapped_column(String(32), default="")
    # The case as the window's business system (一窗受理系统) knows it: its 办件编号, and the
    # 事项编码 when it differs from the service's own (None: the service's).
    case_no: Mapped[str | None] = mapped_column(String(64), default=None)
    item_code: Mapped[str | None] = mapped_column(String(64), default=None)

    @property
    def display_number(self) -> str:
        return ticket_number(self.prefix, self.number)


class Event(Base):
    """Append-only log of every action; its id is the hall's event sequence number."""

    __tablename__ = "events"
    __table_args__ = (Index("ix_events_ticket", "ticket_id"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    kind: Mapped[str] = mapped_column(String(32))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), default=None)
    window_id: Mapped[int | None] = mapped_column(ForeignKey("windows.id"), default=None)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), default=None)
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    hash: Mapped[str] = mapped_column(String(64))


class Rating(Base):
    """A visitor's rating (一次一评). Append-only: a correction is a new row naming the old one."""

    __tablename__ = "ratings"
    __table_args__ = (
        Index(
            "uq_ratings_original_per_ticket",
            "ticket_id",
            unique=True,
            sqlite_where=text("corrects_id IS NULL"),
            postgresql_where=text("corrects_id IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"))
    window_id: Mapped[int] = mapped_column(ForeignKey("windows.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), default=None)
    level: Mapped[int | None] = mapped_column(Integer, default=None)  # None: 未评价
    scale: Mapped[int] = mapped_column(Integer, default=5)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    device: Mapped[str] = mapped_column(String(255), default="")  # port URL of the keypad
    device_address: Mapped[int | None] = mapped_column(Integer, default=None)
    keypad_session: Mapped[int | None] = mapped_column(Integer, default=None)
    raw_frame: Mapped[str] = mapped_column(String(600), default="")  # hex
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("ratings.id"), default=None)
    corrected_by: Mapped[str] = mapped_column(String(64), default="")
    reason: Mapped[str] = mapped_column(Text, default="")
    # How it came (RatingPath), the session it answered, and the 差评 reasons the visitor
    # picked ({"codes": [...], "note": "..."}); none of them on a correction.
    path: Mapped[str | None] = mapped_column(String(16), default=None)
    session_id: Mapped[int | None] = mapped_column(Integer, default=None)  # rating_sessions.id
    reasons: Mapped[Any | None] = mapped_column(JSON, default=None)
    # The case rated, as the 好差评 platform knows it: 办件编号 and 事项编码 (None when the
    # hall had none for it); a correction repeats its rating's.
    case_no: Mapped[str | None] = mapped_column(String(64), default=None)
    item_code: Mapped[str | None] = mapped_column(String(64), default=None)
    hash: Mapped[str] = mapped_column(String(64))


class RatingSession(Base):
    """The server's request for the visitor's rating of one finished case. Opened when the
    case finishes; closed by the visitor's key (rated) or at its deadline (未评价). Devices
    must echo its token; only an open session of the device's own window is answered."""

    __tablename__ = "rating_sessions"
    __table_args__ = (
        # A window asks for one rating at a time.
        Index(
            "uq_rating_sessions_open_per_window",
            "window_id",
            unique=True,
            sqlite_where=_OPEN_RATING,
            postgresql_where=_OPEN_RATING,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[int] = mapped_column(Integer)  # random 32-bit: the keypad protocol's session id
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), unique=True)  # 一次一评
    window_id: Mapped[int] = mapped_column(ForeignKey("windows.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), default=None)
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime)
    deadline: Mapped[dt.datetime] = mapped_column(DateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    outcome: Mapped[str | None] = mapped_column(String(16), default=None)  # rated | timeout


class StaffSession(Base):
    """A clerk signed in at a window (签到 … 签退)."""

    __tablename__ = "staff_sessions"
    __table_args__ = (
        # One open session per window and per clerk each day; yesterday's unclosed
        # session (no sign-out) does not block today's sign-in.
        Index(
            "uq_staff_sessions_open_window",
            "window_id",
            "day",
            unique=True,
            sqlite_where=_OPEN_SESSION,
            postgresql_where=_OPEN_SESSION,
        ),
        Index(
            "uq_staff_sessions_open_staff",
            "staff_id",
            "day",
            unique=True,
            sqlite_where=_OPEN_SESSION,
            postgresql_where=_OPEN_SESSION,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    window_id: Mapped[int] = mapped_column(ForeignKey("windows.id"))
    day: Mapped[dt.date] = mapped_column(Date)
    signed_in_at: Mapped[dt.datetime] = mapped_column(DateTime)
    signed_out_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)


class Pause(Base):
    """A pause (暂停) of a window during a session, with its reason."""

    __tablename__ = "pauses"
    __table_args__ = (
        Index(
            "uq_pauses_open_session",
            "session_id",
            unique=True,
            sqlite_where=_OPEN_PAUSE,
            postgresql_where=_OPEN_PAUSE,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("staff_sessions.id"))
    window_id: Mapped[int] = mapped_column(ForeignKey("windows.id"))
    reason: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(Text, default="")
    started_at: Mapped[dt.datetime] = mapped_column(DateTime)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)


class AuditLog(Base):
    """Who changed the configuration, when, and what it was before and after. Append-only,
    written by models/audit.py only, and MAC-chained (chain.py)."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(128), default="")
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    hash: Mapped[str] = mapped_column(String(64))
