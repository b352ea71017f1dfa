"""Who is due where: the window roster with its A/B 角, leave with its approval, the monthly
duty windows (值班窗口) and their patrols of the hall."""

from __future__ import annotations

import datetime as dt
import enum

from sqlalchemy import Date, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class LeaveKind(enum.StrEnum):
    PERSONAL = "personal"  # 事假
    SICK = "sick"  # 病假
    ANNUAL = "annual"  # 年休假
    COMPENSATORY = "compensatory"  # 调休
    OFFICIAL = "official"  # 公差、外出学习
    OTHER = "other"  # 其他（婚丧、产假等）

    @property
    def zh(self) -> str:
        return LEAVE_KIND_ZH[self]


LEAVE_KIND_ZH = {
    LeaveKind.PERSONAL: "事假",
    LeaveKind.SICK: "病假",
    LeaveKind.ANNUAL: "年休假",
    LeaveKind.COMPENSATORY: "调休",
    LeaveKind.OFFICIAL: "公差",
    LeaveKind.OTHER: "其他",
}


class LeaveStatus(enum.StrEnum):
    PENDING = "pending"  # 待审批
    APPROVED = "approved"  # 已批准
    REJECTED = "rejected"  # 未批准


class RosterEntry(Base):
    """Who is due at a window on the working days start..end: the A clerk, and the B clerk who
    covers when A is on approved leave. A later entry for the same window and day wins."""

    __tablename__ = "window_rosters"
    __table_args__ = (Index("ix_window_rosters_days", "start", "end"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    window_id: Mapped[int] = mapped_column(ForeignKey("windows.id"))
    start: Mapped[dt.date] = mapped_column(Date)
    end: Mapped[dt.date] = mapped_column(Date)
    staff_a_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    staff_b_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), default=None)
    recorded_by: Mapped[str] = mapped_column(String(64), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Leave(Base):
    """A clerk's leave (请假) from `start` to `end`; it excuses absence only once approved."""

    __tablename__ = "leaves"
    __table_args__ = (Index("ix_leaves_staff_start", "staff_id", "start"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    kind: Mapped[str] = mapped_column(String(16))
    start: Mapped[dt.datetime] = mapped_column(DateTime)
    end: Mapped[dt.datetime] = mapped_column(DateTime)
    reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default=LeaveStatus.PENDING.value)
    recorded_by: Mapped[str] = mapped_column(String(64), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    decided_by: Mapped[str] = mapped_column(String(64), default="")  # 审批人
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    decision_note: Mapped[str] = mapped_column(Text, default="")


class DutyRoster(Base):
    """One of a month's four duty windows (值班窗口); position 1 is the convenor (召集人)."""

    __tablename__ = "duty_rosters"
    __table_args__ = (
        UniqueConstraint("month", "position"),
        UniqueConstraint("month", "window_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date)  # first day of the month
    position: Mapped[int] = mapped_column(Integer)  # 1..4
    window_id: Mapped[int] = mapped_column(ForeignKey("windows.id"))
    recorded_by: Mapped[str] = mapped_column(String(64), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Patrol(Base):
    """A duty window's round of the hall (巡查), with what it saw (or 未发现问题)."""

    __tablename__ = "patrols"
    __table_args__ = (Index("ix_patrols_day", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    duty_window_id: Mapped[int] = mapped_column(ForeignKey("windows.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), default=None)
    findings: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(64), default="")
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)
