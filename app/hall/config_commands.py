"""The console's configuration commands: services, windows, staff, holidays, the hall's name,
notice and hours. Each change goes through app.models.hall_config (validated, before/after),
is audited in its own transaction and announced as config_changed {what, action, target}."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

from app.appraisal.settings import DEFAULT_SETTINGS
from app.hall.caller import CONSOLE, Role
from app.hall.command import Command, command
from app.hall.context import Audited, Call
from app.hall.errors import BadRequest
from app.hall.hall_settings import appraisal_settings, defaults, effective
from app.hall.queue_commands import StaffNo, StaffPhoto, staff_photo_of
from app.hall.wire import Code, Day, NoArgs, Request, Text, WindowNo, Year
from app.models import hall_config as hc
from app.models import hall_settings as hs
from app.models import staff_config, window_config

Data = dict[str, Any]
CONFIGURE = (Role.ADMIN,)  # changing the hall's configuration: administrators only


# Reading
def config_services(call: Call, req: NoArgs) -> list[Data]:
    with call.engine.db.read() as conn:
        return hc.list_services(conn)


def config_windows(call: Call, req: NoArgs) -> list[Data]:
    with call.engine.db.read() as conn:
        return window_config.list_windows(conn)


def config_staff(call: Call, req: NoArgs) -> list[Data]:
    with call.engine.db.read() as conn:
        return staff_config.list_staff(conn)


def config_staff_photo(call: Call, req: StaffNo) -> StaffPhoto:
    return staff_photo_of(call, req)


class YearArg(Request):
    year: Year | None = None


def config_holidays(call: Call, req: YearArg) -> list[Data]:
    with call.engine.db.read() as conn:
        return hc.list_holidays(conn, req.year)


@dataclass(frozen=True)
class Scale:
    size: int
    labels: list[str]
    good_min: int
    bad_max: int


@dataclass(frozen=True)
class RatingScales:
    scales: list[Scale]
    hours: dict[str, Any]
    notice: str
    hall_name: str


def rating_scales(call: Call, req: NoArgs) -> RatingScales:
    """The rating scales, the hall's effective hours (as appraisal uses them), name, notice."""
    settings = appraisal_settings(call.engine.db, call.config)
    hall = effective(call.engine.db, call.config)
    hours = settings.hours
    return RatingScales(
        scales=[
            Scale(size, list(scale.labels), scale.good_min, scale.bad_max)
            for size, scale in sorted(DEFAULT_SETTINGS.scales.items(), reverse=True)
        ],
        hours={
            "open_at": hours.open_at.strftime("%H:%M"),
            "close_at": hours.close_at.strftime("%H:%M"),
            "sign_in_lead_minutes": hours.sign_in_lead_minutes,
            "long_leave_minutes": hours.long_leave_minutes,
        },
        notice=hall["notice"],
        hall_name=hall["hall_name"],
    )


def hall_settings(call: Call, req: NoArgs) -> Data:
    """{hall_name, notice, open_at, close_at, defaults: the config file's values}."""
    return {**effective(call.engine.db, call.config), "defaults": defaults(call.config)}


class DataArg(Request):
    data: Data


def hall_settings_save(call: Call, req: DataArg) -> Audited:
    """{data: {hall_name?, notice?, open_at?, close_at?}}: the lobby display shows the new
    name and notice, appraisal and the closing-time jobs use the new hours."""
    base, at = defaults(call.config), call.now()
    return call.audited(
        "hall_settings_update",
        lambda c: hs.save_settings(c, req.data, defaults=base, at=at),
        what="hall_settings",
    )


# Changes
class ServiceSave(Request):
    data: Data
    code: Code | None = None  # the existing prefix; none: a new service


def service_save(call: Call, req: ServiceSave) -> Audited:
    """data: {code, name, group, promised_minutes, daily_cap, open_at, close_at,
    sort_order, active, item_code (事项编码 from the province's catalogue)}."""
    action = "service_update" if req.code else "service_create"
    return call.audited(
        action, lambda c: hc.save_service(c, req.data, code=req.code), what="services"
    )


class WindowSave(Request):
    data: Data
    number: WindowNo | None = None  # the existing window; none: a new window


def window_save(call: Call, req: WindowSave) -> Audited:
    """data: {number, name, services: [prefixes by priority], staff_a, staff_b, lunch_duty,
    keypad_url, keypad_address, active}."""
    action = "window_update" if req.number is not None else "window_create"
    day = call.today()
    return call.audited(
        action,
        lambda c: window_config.save_window(c, req.data, number=req.number, today=day),
        what="windows",
    )


class StaffSave(Request):
    data: Data
    staff_no: Code | None = None  # the existing member; none: a new member (needs a password)


def _decoded_photo(data: Data) -> Data:
    if "photo" not in data or data["photo"] is None:
        return data
    if not isinstance(data["photo"], str):
        raise BadRequest("照片应为 base64 文本", "photo must be base64 text", "data.photo")
    try:
        return {**data, "photo": base64.b64decode(data["photo"], validate=True)}
    except (binascii.Error, ValueError):
        raise BadRequest(
            "照片不是有效的 base64", "photo is not valid base64", "data.photo"
        ) from None


def staff_save(call: Call, req: StaffSave) -> Audited:
    """data: {staff_no, name, title, role, active, password?, photo?: base64 | None}."""
    data = _decoded_photo(req.data)
    action = "staff_update" if req.staff_no else "staff_create"
    return call.audited(
        action, lambda c: staff_config.save_staff(c, data, staff_no=req.staff_no), what="staff"
    )


class PasswordReset(Request):
    staff_no: Code
    password: Text


def staff_reset_password(call: Call, req: PasswordReset) -> Audited:
    return call.audited(
        "staff_password_reset", lambda c: staff_config.reset_password(c, req.staff_no, req.password)
    )


class HolidaySet(Request):
    day: Day
    name: Text
    is_workday: bool = False


def holiday_set(call: Call, req: HolidaySet) -> Audited:
    """A public holiday, or a make-up working day (调休) on a weekend."""
    data = {"day": req.day, "name": req.name, "is_workday": req.is_workday}
    return call.audited("holiday_set", lambda c: hc.set_holiday(c, data), what="holidays")


class DayArg(Request):
    day: Day


def holiday_remove(call: Call, req: DayArg) -> Audited:
    return call.audited("holiday_remove", lambda c: hc.remove_holiday(c, req.day), what="holidays")


COMMANDS: tuple[Command, ...] = (
    command("config_services", CONSOLE, config_services),
    command("config_windows", CONSOLE, config_windows),
    command("config_staff", CONSOLE, config_staff),
    command("config_staff_photo", CONSOLE, config_staff_photo),
    command("config_holidays", CONSOLE, config_holidays),
    command("rating_scales", CONSOLE, rating_scales),
    command("hall_settings", CONSOLE, hall_settings),
    command("hall_settings_save", CONFIGURE, hall_settings_save),
    command("service_save", CONFIGURE, service_save),
    command("window_save", CONFIGURE, window_save),
    command("staff_save", CONFIGURE, staff_save),
    command("staff_reset_password", CONFIGURE, staff_reset_password),
    command("holiday_set", CONFIGURE, holiday_set),
    command("holiday_remove", CONFIGURE, holiday_remove),
)
