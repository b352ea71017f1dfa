"""Appraisal records: 差评 follow-ups, the complaints register, inspections of conduct."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class FollowUpStatus(enum.StrEnum):
    OPEN = "open"  # 待回访 / 整改中
    CLOSED = "closed"  # 已办结 (回访 done, result recorded)


class ComplaintKind(enum.StrEnum):
    CONSULT = "consult"  # 咨询
    SUGGESTION = "suggestion"  # 建议
    COMPLAINT = "complaint"  # 投诉


class ComplaintStatus(enum.StrEnum):
    OPEN = "open"  # 已登记
    ROUTED = "routed"  # 已转办
    CLOSED = "closed"  # 已办结 (result and feedback recorded)


class InspectionKind(enum.StrEnum):
    PATROL = "patrol"  # 值班窗口巡查
    UNANNOUNCED = "unannounced"  # 明察暗访
    CENTRE = "centre"  # 中心督查

    @property
    def zh(self) -> str:
        return {
            InspectionKind.PATROL: "值班巡查",
            InspectionKind.UNANNOUNCED: "明察暗访",
            InspectionKind.CENTRE: "中心督查",
        }[self]


class FollowUp(Base):
    """The 回访/整改 opened by a 差评; must close within 15 working days."""

    __tablename__ = "follow_ups"
    __table_args__ = (
        Index("ix_follow_ups_window_opened", "window_id", "opened_on"),
        Index("ix_follow_ups_status_deadline", "status", "deadline"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # One follow-up per ticket: a later correction to another 差评 level does not open a second.
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), unique=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("ratings.id"))
    window_id: Mapped[int] = mapped_column(ForeignKey("windows.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), default=None)
    level: Mapped[int] = mapped_column()
    opened_on: Mapped[dt.date] = mapped_column(Date)  # the day of the 差评
    deadline: Mapped[dt.date] = mapped_column(Date)  # 15 working days later
    status: Mapped[str] = mapped_column(String(16), default=FollowUpStatus.OPEN.value)
    visit_result: Mapped[str] = mapped_column(Text, default="")  # 回访结果
    rectification: Mapped[str] = mapped_column(Text, default="")  # 整改情况
    handled_by: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)


class Complaint(Base):
    """One entry of the complaints register (咨询/建议/投诉); kept at least one year."""

    __tablename__ = "complaints"
    __table_args__ = (
        Index("ix_complaints_received", "received_at"),
        Index("ix_complaints_window", "window_id", "received_at"),
        Index("ix_complaints_staff", "staff_id", "received_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    received_at: Mapped[dt.datetime] = mapped_column(DateTime)
    kind: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(32), default="")  # 来电/来信/来访/网络/12345
    complainant: Mapped[str] = mapped_column(String(64), default="")
    contact: Mapped[str] = mapped_column(String(64), default="")
    content: Mapped[str] = mapped_column(Text, default="")
    window_id: Mapped[int | None] = mapped_column(ForeignKey("windows.id"), default=None)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), default=None)
    special: Mapped[bool] = mapped_column(Boolean, default=False)  # 7 working days instead of 3
    deadline: Mapped[dt.date] = mapped_column(Date)  # 建议: the promised reply date
    # The exact moment it must be answered by: 24 h after a 咨询 came in; the end of the
    # deadline day for 建议 and 投诉.
    due_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    important: Mapped[bool] = mapped_column(Boolean, default=False)  # kept beyond the year
    overdue_promise: Mapped[bool] = mapped_column(Boolean, default=False)  # 违诺超时
    routed_to: Mapped[str] = mapped_column(String(128), default="")  # 转办 to whom
    routed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    status: Mapped[str] = mapped_column(String(16), default=ComplaintStatus.OPEN.value)
    result: Mapped[str] = mapped_column(Text, default="")  # 处理结果
    feedback: Mapped[str] = mapped_column(Text, default="")  # 反馈给投诉人
    substantiated: Mapped[bool | None] = mapped_column(Boolean, default=None)  # 有效投诉
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    recorded_by: Mapped[str] = mapped_column(String(64), default="")


class DutyInspection(Base):
    """An inspection of a window's conduct, with its findings: by a duty window (值班巡查), an
    unannounced one (明察暗访) or by the centre. `conduct` names the 评先 ground a criticism
    is about (玩手机… when empty)."""

    __tablename__ = "duty_inspections"
    __table_args__ = (Index("ix_duty_inspections_window_day", "window_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    duty_window_id: Mapped[int | None] = mapped_column(ForeignKey("windows.id"), default=None)
    inspector: Mapped[str] = mapped_column(String(64), default="")
    window_id: Mapped[int | None] = mapped_column(ForeignKey("windows.id"), default=None)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), default=None)
    findings: Mapped[str] = mapped_column(Text, default="")
    criticism: Mapped[bool] = mapped_column(Boolean, default=False)  # 通报批评
    kind: Mapped[str] = mapped_column(String(16), default=InspectionKind.PATROL.value)
    conduct: Mapped[str] = mapped_column(String(24), default="")  # a Ground code, or ""
    recorded_by: Mapped[str] = mapped_column(String(64), default="")


class Closing(Base):
    """The append-only, MAC-chained record of closing a follow-up or a complaint (办结): what
    the row held when it was closed. The row itself stays in its table for the screens;
    `verify` checks that a closed row still says what its closing record sealed."""

    __tablename__ = "closings"
    __table_args__ = (Index("ix_closings_target", "kind", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    kind: Mapped[str] = mapped_column(String(16))  # "follow_up" | "complaint"
    target_id: Mapped[int] = mapped_column()  # no foreign key: a complaint may be deleted later
    by: Mapped[str] = mapped_column(String(64), default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    hash: Mapped[str] = mapped_column(String(64))


# Indexes on the engine's tables that the appraisal queries need (created by migration 0002).
def _index_existing_tables() -> None:
    from app.models.records import Pause, Rating, StaffSession

    Index("ix_ratings_ticket_latest", Rating.__table__.c.ticket_id, Rating.__table__.c.id)
    Index("ix_ratings_at", Rating.__table__.c.at)
    Index("ix_staff_sessions_day", StaffSession.__table__.c.day, StaffSession.__table__.c.staff_id)
    Index("ix_pauses_session", Pause.__table__.c.session_id)


_index_existing_tables()
