"""Validated changes to the hall's configuration: the services and the holidays here, the
windows in app.models.window_config, the staff in app.models.staff_config.

Each change runs inside the caller's write transaction, refuses bad input with a
HallConfigError (Chinese and English), and returns a Change with the row before and after
for the audit log (passwords and photos appear there only as "changed", never their bytes).
The field checks of all three are here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from app.errors import HallError
from app.models.hall import Holiday, Service, usual_workday

CODE = re.compile(r"^[A-Z]{1,4}$")


class HallConfigError(HallError):
    """A configuration change refused; the message says why in Chinese and English."""

    code = "invalid_config"


class NotFoundError(HallConfigError):
    code = "not_found"


@dataclass(frozen=True)
class Change:
    target: str  # "service:A", "window:3", "staff:1001", "holiday:2026-10-01"
    before: dict[str, Any] | None
    after: dict[str, Any] | None


# Reading
def _hhmm(value: dt.time) -> str:
    return value.strftime("%H:%M")


def service_dict(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "code": row.code,
        "name": row.name,
        "group": row.group_name,
        "promised_minutes": row.promised_minutes,
        "daily_cap": row.daily_cap,
        "open_at": _hhmm(row.open_at),
        "close_at": _hhmm(row.close_at),
        "sort_order": row.sort_order,
        "active": bool(row.active),
        "item_code": row.item_code or "",
    }


def list_services(conn: Connection) -> list[dict[str, Any]]:
    rows = conn.execute(select(Service).order_by(Service.sort_order, Service.code))
    return [service_dict(r) for r in rows]


def holiday_dict(row: Any) -> dict[str, Any]:
    return {"day": row.day.isoformat(), "name": row.name, "is_workday": bool(row.is_workday)}


def list_holidays(conn: Connection, year: int | None = None) -> list[dict[str, Any]]:
    query = select(Holiday).order_by(Holiday.day)
    if year is not None:
        query = query.where(Holiday.day.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    return [holiday_dict(r) for r in conn.execute(query)]


# Field checks
def text_field(
    data: Mapping[str, Any], name: str, label: str, limit: int, *, required: bool
) -> str:
    value = data.get(name, "")
    if not isinstance(value, str):
        raise HallConfigError(f"{label}应为文本", f"{name} must be text")
    value = value.strip()
    if required and not value:
        raise HallConfigError(f"请填写{label}", f"{name} is required")
    if len(value) > limit:
        raise HallConfigError(f"{label}不能超过 {limit} 个字", f"{name} is over {limit} characters")
    return value


def int_field(data: Mapping[str, Any], name: str, label: str, low: int, high: int) -> int:
    value = data.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise HallConfigError(
            f"{label}应为 {low}–{high} 的整数", f"{name} must be an integer {low}–{high}"
        )
    return value


def flag_field(data: Mapping[str, Any], name: str, default: bool) -> bool:
    value = data.get(name, default)
    if not isinstance(value, bool):
        raise HallConfigError(f"{name} 应为是/否", f"{name} must be true or false")
    return value


def _time(data: Mapping[str, Any], name: str, label: str) -> dt.time:
    value = data.get(name)
    if isinstance(value, str) and re.fullmatch(r"\d{1,2}:\d{2}", value):
        try:
            return dt.time.fromisoformat(value.zfill(5))
        except ValueError:
            pass
    raise HallConfigError(f"{label}格式应为 时:分（如 08:30）", f"{name} must be HH:MM")


def updated_fields(current: dict[str, Any] | None, data: Mapping[str, Any]) -> dict[str, Any]:
    """An update gives only the fields it changes; the rest stay as they are."""
    return {**(current or {}), **data}


# Services
def _service_row(conn: Connection, code: str) -> Any:
    row = conn.execute(select(Service).where(Service.code == code)).first()
    if row is None:
        raise NotFoundError(f"没有事项 {code}", f"no service {code!r}")
    return row


def save_service(conn: Connection, data: Mapping[str, Any], *, code: str | None = None) -> Change:
    """Create a service (code None) or update the service with that prefix."""
    row: Any = _service_row(conn, code) if code is not None else None
    before = service_dict(row) if row is not None else None
    merged = updated_fields(before, data)
    new_code = text_field(merged, "code", "号码前缀", 4, required=True).upper()
    if not CODE.match(new_code):
        raise HallConfigError("号码前缀应为 1–4 个大写字母", "the prefix must be 1–4 letters A–Z")
    other = conn.scalar(select(Service.id).where(func.upper(Service.code) == new_code))
    if other is not None and (row is None or other != row.id):
        raise HallConfigError(f"号码前缀 {new_code} 已被使用", f"prefix {new_code} is taken")
    cap = merged.get("daily_cap")
    open_at, close_at = (
        _time(merged, "open_at", "开始取号时间"),
        _time(merged, "close_at", "停止取号时间"),
    )
    if open_at >= close_at:
        raise HallConfigError(
            "开始取号时间应早于停止取号时间", "the opening time must be before the closing time"
        )
    values = {
        "code": new_code,
        "name": text_field(merged, "name", "事项名称", 64, required=True),
        "group_name": text_field(merged, "group", "分组", 64, required=False),
        "promised_minutes": int_field(merged, "promised_minutes", "承诺时限（分钟）", 1, 480),
        "daily_cap": None if cap is None else int_field(merged, "daily_cap", "每日限号", 1, 100000),
        "open_at": open_at,
        "close_at": close_at,
        "sort_order": int_field(
            {"sort_order": merged.get("sort_order", 0)}, "sort_order", "排序", 0, 999
        ),
        "active": flag_field(merged, "active", True),
        "item_code": _item_code(merged),
    }
    if row is None:
        key = conn.execute(insert(Service).values(**values)).inserted_primary_key
        assert key is not None
        service_id = int(key[0])
    else:
        service_id = row.id
        conn.execute(update(Service).where(Service.id == service_id).values(**values))
    after = service_dict(conn.execute(select(Service).where(Service.id == service_id)).one())
    return Change(f"service:{new_code}", before, after)


def _item_code(data: Mapping[str, Any]) -> str | None:
    """事项编码 from the province's catalogue: up to 64 characters, no spaces; "" is none."""
    code = text_field(data, "item_code", "事项编码", 64, required=False)
    if re.search(r"\s", code):
        raise HallConfigError("事项编码不能含空格", "the item code must not contain spaces")
    return code or None


# Holidays
def _day(value: Any) -> dt.date:
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise HallConfigError("日期格式应为 YYYY-MM-DD", "the day must be YYYY-MM-DD")


def set_holiday(conn: Connection, data: Mapping[str, Any]) -> Change:
    """Add (or change) a public holiday, or a make-up working day (调休) on a weekend."""
    day = _day(data.get("day"))
    workday = flag_field(data, "is_workday", False)
    name = text_field(data, "name", "名称", 64, required=True)
    if workday and usual_workday(day):
        raise HallConfigError("调休上班日应为周六或周日", "a make-up working day must be a weekend")
    row = conn.execute(select(Holiday).where(Holiday.day == day)).first()
    before = holiday_dict(row) if row is not None else None
    if row is None:
        conn.execute(insert(Holiday).values(day=day, name=name, is_workday=workday))
    else:
        conn.execute(
            update(Holiday).where(Holiday.day == day).values(name=name, is_workday=workday)
        )
    after = {"day": day.isoformat(), "name": name, "is_workday": workday}
    return Change(f"holiday:{day.isoformat()}", before, after)


def remove_holiday(conn: Connection, day_text: Any) -> Change:
    day = _day(day_text)
    row = conn.execute(select(Holiday).where(Holiday.day == day)).first()
    if row is None:
        raise NotFoundError(f"{day} 不是已登记的节假日", f"{day} is not in the calendar")
    conn.execute(delete(Holiday).where(Holiday.day == day))
    return Change(f"holiday:{day.isoformat()}", holiday_dict(row), None)
