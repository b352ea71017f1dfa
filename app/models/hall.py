"""The hall's configuration: services (事项), windows, staff, holidays, appointments, and the
hall-wide settings an admin has changed (name, display notice, hours)."""

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
    LargeBinary,
    String,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, StaffRole


class Service(Base):
    """A service category with its own number prefix (A001…), hours and daily cap."""

    __tablename__ = "services"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(4), unique=True)  # ticket prefix letter(s)
    name: Mapped[str] = mapped_column(String(64))
    group_name: Mapped[str] = mapped_column(String(64), default="")
    promised_minutes: Mapped[int] = mapped_column(Integer, default=15)  # 限时办结
    daily_cap: Mapped[int | None] = mapped_column(Integer, default=None)
    open_at: Mapped[dt.time] = mapped_column(Time, default=dt.time(8, 30))
    close_at: Mapped[dt.time] = mapped_column(Time, default=dt.time(17, 0))  # last ticket
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # 事项编码 in the province's catalogue of government services (None: not set yet).
    item_code: Mapped[str | None] = mapped_column(String(64), default=None)


class Staff(Base):
    """A member of staff; the counter shows name, photo and number (工作人员身份公开)."""

    __tablename__ = "staff"

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_no: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(32))
    title: Mapped[str] = mapped_column(String(32), default="")
    role: Mapped[str] = mapped_column(String(16), default=StaffRole.CLERK.value)
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    photo: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set when an administrator sets the password (a new member, a reset): the first login
    # with it must choose a new one. Cleared when the member sets their own.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)


class Window(Base):
    """A service window (窗口) with its services in priority order and its A/B clerks."""

    __tablename__ = "windows"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    name: Mapped[str] = mapped_column(String(64), default="")
    staff_a_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), default=None)
    staff_b_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), default=None)
    lunch_duty: Mapped[bool] = mapped_column(Boolean, default=False)  # 午间值班
    keypad_url: Mapped[str] = mapped_column(String(255), default="")
    keypad_address: Mapped[int] = mapped_column(Integer, default=1)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    services: Mapped[list[WindowService]] = relationship(
        order_by="WindowService.rank", cascade="all, delete-orphan"
    )


class WindowService(Base):
    """A service a window handles; lower rank is called first."""

    __tablename__ = "window_services"
    __table_args__ = (UniqueConstraint("window_id", "rank"),)

    window_id: Mapped[int] = mapped_column(ForeignKey("windows.id"), primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
    rank: Mapped[int] = mapped_column(Integer)


def usual_workday(day: dt.date) -> bool:
    """Whether a day is a working day when the holiday calendar says nothing about it."""
    return day.weekday() < 5


class Holiday(Base):
    """A calendar exception: a public holiday, or a make-up working day (调休) when workday."""

    __tablename__ = "holidays"

    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), default="")
    is_workday: Mapped[bool] = mapped_column(Boolean, default=False)


class Appointment(Base):
    """An appointment (预约): booked at the front desk, by a clerk for a 材料不齐 return visit,
    or pushed by the online platform; checked in at the kiosk with its code. A booked one
    holds a place (1..capacity) of its slot; a cancelled one gives it back (place NULL)."""

    __tablename__ = "appointments"
    __table_args__ = (
        UniqueConstraint("service_id", "slot_start", "place"),
        Index("ix_appointments_slot", "slot_start", "service_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    slot_start: Mapped[dt.datetime] = mapped_column(DateTime)
    slot_end: Mapped[dt.datetime] = mapped_column(DateTime)
    visitor: Mapped[str] = mapped_column(String(64), default="")
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("tickets.id"), unique=True, default=None
    )
    phone: Mapped[str] = mapped_column(String(32), default="", server_default="")
    status: Mapped[str] = mapped_column(String(16), default="booked", server_default="booked")
    place: Mapped[int | None] = mapped_column(Integer, default=None)
    source: Mapped[str] = mapped_column(String(16), default="", server_default="")
    external_id: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    booked_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    booked_by: Mapped[str] = mapped_column(String(64), default="", server_default="")
    cancelled_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    checked_in_at: Mapped[dt.datetime | None] = mapped_column(DateTime, default=None)
    on_time: Mapped[bool | None] = mapped_column(Boolean, default=None)
    origin_ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), default=None)
    note: Mapped[str] = mapped_column(String(200), default="", server_default="")


class AppointmentRule(Base):
    """A service's bookable slots on every working day: their length and how many visitors
    each one takes (set in the admin console)."""

    __tablename__ = "appointment_rules"

    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
    slot_minutes: Mapped[int] = mapped_column(Integer, default=30)
    capacity: Mapped[int] = mapped_column(Integer, default=2)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class HallSetting(Base):
    """A hall-wide setting changed by an admin (hall_name, notice, open_at, close_at); a key
    without a row takes the config file's value. The key hall_id holds the hall's identity
    (hall_identity.py), made at set-up and never edited."""

    __tablename__ = "hall_settings"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
