"""Conduct records: the grounds that cancel a clerk's 年度评先 (with their evidence), the
one-time notices of missing materials (一次性告知单) and the failures to give one."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class Ground(enum.StrEnum):
    """The eight grounds for 取消年度评先资格 in the hall's regulations, in their order."""

    VIOLATION = "violation"  # 1 违规审批、有效投诉、与服务对象发生正面冲突
    BRIBERY = "bribery"  # 2 吃拿卡要
    CRITICISM = "criticism"  # 3 中心通报批评、媒体曝光、明察暗访查实
    LEISURE = "leisure"  # 4 工作时间玩游戏、炒股、看影视、听音乐、网购
    SOFTWARE = "software"  # 5 安装与工作无关的软件影响工作
    ABSENT_POST = "absent_post"  # 6 未经请假长时间离岗
    CONDUCT = "conduct"  # 7 玩手机、喧哗、打瞌睡、串岗、看无关书报，受到批评
    OVERDUE_PROMISE = "overdue_promise"  # 8 违诺超时被投诉并查实

    @property
    def number(self) -> int:
        return list(Ground).index(self) + 1

    @property
    def zh(self) -> str:
        return GROUND_ZH[self]

    @property
    def short_zh(self) -> str:
        return GROUND_SHORT_ZH[self]


GROUND_ZH = {
    Ground.VIOLATION: "违规审批、有效投诉或与服务对象发生正面冲突",
    Ground.BRIBERY: "吃拿卡要",
    Ground.CRITICISM: "被中心通报批评、被媒体曝光或被明察暗访查实",
    Ground.LEISURE: "工作时间玩游戏、炒股、看影视、听音乐或网购",
    Ground.SOFTWARE: "安装与工作无关的软件影响工作",
    Ground.ABSENT_POST: "未经请假长时间离岗",
    Ground.CONDUCT: "玩手机、大声喧哗、打瞌睡、串岗或看与工作无关的书报，受到批评",
    Ground.OVERDUE_PROMISE: "违诺超时被投诉并查实",
}
GROUND_SHORT_ZH = {
    Ground.VIOLATION: "违规/有效投诉/冲突",
    Ground.BRIBERY: "吃拿卡要",
    Ground.CRITICISM: "通报批评/曝光/暗访",
    Ground.LEISURE: "工作时间娱乐网购",
    Ground.SOFTWARE: "无关软件影响工作",
    Ground.ABSENT_POST: "擅自长时间离岗",
    Ground.CONDUCT: "违反工作纪律受批评",
    Ground.OVERDUE_PROMISE: "违诺超时被投诉",
}


class ConductRecord(Base):
    """A ground recorded by a supervisor, with what happened and the evidence. Never deleted:
    a record made in error is withdrawn with a reason and stays on file."""

    __tablename__ = "conduct_records"
    __table_args__ = (Index("ix_conduct_records_staff_day", "staff_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    window_id: Mapped[int | None] = mapped_column(ForeignKey("windows.id"), default=None)
    day: Mapped[dt.date] = mapped_column(Date)
    ground: Mapped[str] = mapped_column(String(24))
    note: Mapped[str] = mapped_column(Text)  # what happened
    evidence: Mapped[str] = mapped_column(Text)  # 证据: video time, document number, witness
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)
    withdrawn_by: Mapped[str] = mapped_column(String(64), default="")
    withdrawn_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    withdrawn_reason: Mapped[str] = mapped_column(Text, default="")


class OneTimeNotice(Base):
    """The 一次性告知单 of a case finished as 材料不齐: every missing material, listed once."""

    __tablename__ = "one_time_notices"
    __table_args__ = (Index("ix_one_time_notices_at", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), unique=True)
    window_id: Mapped[int] = mapped_column(ForeignKey("windows.id"))
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), default=None)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    items: Mapped[list[Any]] = mapped_column(JSON)  # the missing materials, in order
    note: Mapped[str] = mapped_column(Text, default="")


class NoticeFailure(Base):
    """A failure of 一次性告知 (the visitor was sent back for something not on the notice);
    two in a month bring the clerk a 通报批评."""

    __tablename__ = "notice_failures"
    __table_args__ = (Index("ix_notice_failures_staff_day", "staff_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    window_id: Mapped[int | None] = mapped_column(ForeignKey("windows.id"), default=None)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), default=None)
    day: Mapped[dt.date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text)
    evidence: Mapped[str] = mapped_column(Text, default="")
    recorded_by: Mapped[str] = mapped_column(String(64))
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime)
