"""Validated changes to the hall's configuration (services, windows, staff, holidays).

Each change runs inside the caller's write transaction, refuses bad input with a
HallConfigError (Chinese and English), and returns a Change with the row before and after
for the audit log (passwords and photos appear there only as "changed", never their bytes).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, select, update

from app.errors import HallError
from app.models.base import IN_SERVICE, StaffRole
from app.models.hall import Holiday, Service, Staff, Window, WindowService, usual_workday
from app.models.passwords import WeakPassword, check_policy, hash_password, verify_password
from app.models.records import StaffSession, Ticket

CODE = re.compile(r"^[A-Z]{1,4}$")
STAFF_NO = re.compile(r"^[A-Za-z0-9_-]{1,16}$")
MAX_PHOTO_BYTES = 512 * 1024
PHOTO_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


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


def _staff_no(conn: Connection, staff_id: int | None) -> str | None:
    if staff_id is None:
        return None
    return conn.scalar(select(Staff.staff_no).where(Staff.id == staff_id))


def window_dict(conn: Connection, row: Any) -> dict[str, Any]:
    codes = conn.scalars(
        select(Service.code)
        .join(WindowService, WindowService.service_id == Service.id)
        .where(WindowService.window_id == row.id)
        .order_by(WindowService.rank)
    )
    return {
        "id": row.id,
        "number": row.number,
        "name": row.name,
        "services": list(codes),
        "staff_a": _staff_no(conn, row.staff_a_id),
        "staff_b": _staff_no(conn, row.staff_b_id),
        "lunch_duty": bool(row.lunch_duty),
        "keypad_url": row.keypad_url,
        "keypad_address": row.keypad_address,
        "active": bool(row.active),
    }


def list_windows(conn: Connection) -> list[dict[str, Any]]:
    return [window_dict(conn, r) for r in conn.execute(select(Window).order_by(Window.number))]


def staff_dict(row: Any, *, photo: bool = False) -> dict[str, Any]:
    found: dict[str, Any] = {
        "id": row.id,
        "staff_no": row.staff_no,
        "name": row.name,
        "title": row.title,
        "role": row.role,
        "active": bool(row.active),
        "has_password": bool(row.password_hash),
        "must_change_password": bool(row.must_change_password),
        "photo_sha256": hashlib.sha256(row.photo).hexdigest()[:16] if row.photo else None,
    }
    if photo:
        found["photo"] = row.photo
    return found


def list_staff(conn: Connection) -> list[dict[str, Any]]:
    return [staff_dict(r) for r in conn.execute(select(Staff).order_by(Staff.staff_no))]


def get_staff(conn: Connection, staff_no: str) -> dict[str, Any]:
    return staff_dict(_staff_row(conn, staff_no), photo=True)


def staff_photo(conn: Connection, staff_no: str) -> bytes | None:
    """The staff member's photo (JPEG/PNG bytes) for 工作人员身份公开; None if none is set."""
    return conn.scalar(select(Staff.photo).where(Staff.staff_no == staff_no))


def holiday_dict(row: Any) -> dict[str, Any]:
    return {"day": row.day.isoformat(), "name": row.name, "is_workday": bool(row.is_workday)}


def list_holidays(conn: Connection, year: int | None = None) -> list[dict[str, Any]]:
    query = select(Holiday).order_by(Holiday.day)
    if year is not None:
        query = query.where(Holiday.day.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    return [holiday_dict(r) for r in conn.execute(query)]


# Field checks
def _text(data: Mapping[str, Any], name: str, label: str, limit: int, *, required: bool) -> str:
    value = data.get(name, "")
    if not isinstance(value, str):
        raise HallConfigError(f"{label}应为文本", f"{name} must be text")
    value = value.strip()
    if required and not value:
        raise HallConfigError(f"请填写{label}", f"{name} is required")
    if len(value) > limit:
        raise HallConfigError(f"{label}不能超过 {limit} 个字", f"{name} is over {limit} characters")
    return value


def _int(data: Mapping[str, Any], name: str, label: str, low: int, high: int) -> int:
    value = data.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise HallConfigError(
            f"{label}应为 {low}–{high} 的整数", f"{name} must be an integer {low}–{high}"
        )
    return value


def _flag(data: Mapping[str, Any], name: str, default: bool) -> bool:
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


def _merged(current: dict[str, Any] | None, data: Mapping[str, Any]) -> dict[str, Any]:
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
    merged = _merged(before, data)
    new_code = _text(merged, "code", "号码前缀", 4, required=True).upper()
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
        "name": _text(merged, "name", "事项名称", 64, required=True),
        "group_name": _text(merged, "group", "分组", 64, required=False),
        "promised_minutes": _int(merged, "promised_minutes", "承诺时限（分钟）", 1, 480),
        "daily_cap": None if cap is None else _int(merged, "daily_cap", "每日限号", 1, 100000),
        "open_at": open_at,
        "close_at": close_at,
        "sort_order": _int(
            {"sort_order": merged.get("sort_order", 0)}, "sort_order", "排序", 0, 999
        ),
        "active": _flag(merged, "active", True),
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
    code = _text(data, "item_code", "事项编码", 64, required=False)
    if re.search(r"\s", code):
        raise HallConfigError("事项编码不能含空格", "the item code must not contain spaces")
    return code or None


# Windows
def _window_row(conn: Connection, number: int) -> Any:
    row = conn.execute(select(Window).where(Window.number == number)).first()
    if row is None:
        raise NotFoundError(f"没有 {number} 号窗口", f"no window {number}")
    return row


def _staff_id(conn: Connection, staff_no: Any, label: str) -> int | None:
    if staff_no in (None, ""):
        return None
    if not isinstance(staff_no, str):
        raise HallConfigError(f"{label}工号应为文本", f"{label} staff number must be text")
    row = conn.execute(select(Staff.id, Staff.active).where(Staff.staff_no == staff_no)).first()
    if row is None or not row.active:
        raise HallConfigError(
            f"{label}工号 {staff_no} 不存在或已停用", f"no active staff {staff_no}"
        )
    return int(row.id)


def _service_ids(conn: Connection, codes: Any) -> list[int]:
    if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
        raise HallConfigError("窗口事项应为事项前缀列表", "services must be a list of prefixes")
    if len(set(codes)) != len(codes):
        raise HallConfigError("窗口事项有重复", "a service is listed twice")
    ids = []
    for code in codes:
        found = conn.scalar(select(Service.id).where(Service.code == code))
        if found is None:
            raise HallConfigError(f"没有事项 {code}", f"unknown service {code!r}")
        ids.append(int(found))
    return ids


def _window_busy(conn: Connection, window_id: int, day: dt.date) -> bool:
    serving = conn.scalar(
        select(func.count()).where(
            Ticket.window_id == window_id, Ticket.state.in_([s.value for s in IN_SERVICE])
        )
    )
    signed_in = conn.scalar(
        select(func.count()).where(
            and_(
                StaffSession.window_id == window_id,
                StaffSession.day == day,
                StaffSession.signed_out_at.is_(None),
            )
        )
    )
    return bool(serving or signed_in)


def save_window(
    conn: Connection, data: Mapping[str, Any], *, number: int | None = None, today: dt.date
) -> Change:
    """Create a window (number None) or update it; `services` are prefixes in priority order."""
    row: Any = _window_row(conn, number) if number is not None else None
    before = window_dict(conn, row) if row is not None else None
    merged = _merged(before, data)
    new_number = _int(merged, "number", "窗口号", 1, 999)
    other = conn.scalar(select(Window.id).where(Window.number == new_number))
    if other is not None and (row is None or other != row.id):
        raise HallConfigError(f"{new_number} 号窗口已存在", f"window {new_number} exists already")
    active = _flag(merged, "active", True)
    service_ids = _service_ids(conn, merged.get("services", []))
    if active and not service_ids:
        raise HallConfigError("启用的窗口至少要办理一个事项", "an active window needs a service")
    staff_a = _staff_id(conn, merged.get("staff_a"), "A角")
    staff_b = _staff_id(conn, merged.get("staff_b"), "B角")
    if staff_a is not None and staff_a == staff_b:
        raise HallConfigError("A角与B角不能是同一人", "the A and B clerks must differ")
    values = {
        "number": new_number,
        "name": _text(merged, "name", "窗口名称", 64, required=False),
        "staff_a_id": staff_a,
        "staff_b_id": staff_b,
        "lunch_duty": _flag(merged, "lunch_duty", False),
        "keypad_url": _text(merged, "keypad_url", "评价器端口", 255, required=False),
        "keypad_address": _int(
            {"keypad_address": merged.get("keypad_address", 1)},
            "keypad_address",
            "评价器地址",
            1,
            255,
        ),
        "active": active,
    }
    moved = row is not None and row.active and (new_number != row.number or not active)
    if moved and _window_busy(conn, row.id, today):
        raise HallConfigError(
            f"{row.number} 号窗口有人签到或正在办理，请先签退再停用或改号",
            f"window {row.number} is signed in or serving; sign out first",
        )
    if row is None:
        key = conn.execute(insert(Window).values(**values)).inserted_primary_key
        assert key is not None
        window_id = int(key[0])
    else:
        window_id = row.id
        conn.execute(update(Window).where(Window.id == window_id).values(**values))
        conn.execute(delete(WindowService).where(WindowService.window_id == window_id))
    for rank, service_id in enumerate(service_ids):
        conn.execute(
            insert(WindowService).values(window_id=window_id, service_id=service_id, rank=rank)
        )
    after = window_dict(conn, conn.execute(select(Window).where(Window.id == window_id)).one())
    return Change(f"window:{new_number}", before, after)


# Staff
def _staff_row(conn: Connection, staff_no: str) -> Any:
    row = conn.execute(select(Staff).where(Staff.staff_no == staff_no)).first()
    if row is None:
        raise NotFoundError(f"没有工号 {staff_no}", f"no staff member {staff_no!r}")
    return row


class PasswordRefused(HallConfigError):
    """A password the hall's policy refuses (app.models.passwords.check_policy)."""

    code = "weak_password"


def _password(value: Any, staff_no: str) -> str:
    try:
        return hash_password(check_policy(value, staff_no))
    except WeakPassword as exc:
        raise PasswordRefused(exc.zh, exc.en) from None


def _photo(value: Any) -> bytes | None:
    if value is None:
        return None
    if not isinstance(value, bytes) or not value.startswith(PHOTO_MAGIC):
        raise HallConfigError("照片应为 PNG 或 JPEG 图片", "the photo must be a PNG or JPEG image")
    if len(value) > MAX_PHOTO_BYTES:
        raise HallConfigError("照片不能超过 512 KB", "the photo is over 512 KB")
    return value


def _admins_left(conn: Connection, without: int) -> int:
    return int(
        conn.scalar(
            select(func.count()).where(
                Staff.id != without, Staff.active.is_(True), Staff.role == StaffRole.ADMIN.value
            )
        )
        or 0
    )


def save_staff(conn: Connection, data: Mapping[str, Any], *, staff_no: str | None = None) -> Change:
    """Create a member of staff (needs `password`) or update one; `photo` is PNG/JPEG bytes
    (None removes it, absent keeps it); `password` given resets it."""
    row: Any = _staff_row(conn, staff_no) if staff_no is not None else None
    before = staff_dict(row) if row is not None else None
    merged = _merged(before, data)
    new_no = _text(merged, "staff_no", "工号", 16, required=True)
    if not STAFF_NO.match(new_no):
        raise HallConfigError("工号只能含字母、数字、- 和 _", "the staff number has bad characters")
    other = conn.scalar(select(Staff.id).where(Staff.staff_no == new_no))
    if other is not None and (row is None or other != row.id):
        raise HallConfigError(f"工号 {new_no} 已存在", f"staff number {new_no} exists already")
    role = merged.get("role", StaffRole.CLERK.value)
    if role not in {r.value for r in StaffRole}:
        raise HallConfigError(f"角色无效：{role}", f"unknown role: {role!r}")
    values: dict[str, Any] = {
        "staff_no": new_no,
        "name": _text(merged, "name", "姓名", 32, required=True),
        "title": _text(merged, "title", "职务", 32, required=False),
        "role": role,
        "active": _flag(merged, "active", True),
    }
    if "photo" in data:
        values["photo"] = _photo(data["photo"])
    if "password" in data or row is None:
        # set by an administrator: the member chooses their own at the first login with it
        values["password_hash"] = _password(data.get("password"), new_no)
        values["must_change_password"] = True
    demoted = role != StaffRole.ADMIN.value or not values["active"]
    last_admin = row is not None and row.role == StaffRole.ADMIN.value
    if last_admin and demoted and not _admins_left(conn, row.id):
        raise HallConfigError(
            "不能停用或降级最后一名管理员", "the last active admin cannot be removed"
        )
    if row is None:
        key = conn.execute(insert(Staff).values(**values)).inserted_primary_key
        assert key is not None
        staff_id = int(key[0])
    else:
        staff_id = row.id
        conn.execute(update(Staff).where(Staff.id == staff_id).values(**values))
    after = staff_dict(conn.execute(select(Staff).where(Staff.id == staff_id)).one())
    if "password_hash" in values and row is not None:
        after["password"] = "reset"
    return Change(f"staff:{new_no}", before, after)


def reset_password(conn: Connection, staff_no: str, password: str) -> Change:
    return save_staff(conn, {"password": password}, staff_no=staff_no)


class WrongPassword(HallConfigError):
    code = "wrong_password"

    def __init__(self) -> None:
        super().__init__("原密码不正确", "the current password is wrong")


def new_password_hash(staff_no: str, new_password: Any, old_password: str = "") -> str:
    """The hash of a password a member chose for themselves (the policy checked, and it must
    differ from the one it replaces); slow (scrypt): callers keep it off busy threads."""
    password = check_policy(new_password, staff_no)
    if old_password and password == old_password:
        raise HallConfigError(
            "新密码不能与原密码相同", "the new password must differ from the current one"
        )
    return hash_password(password)


def check_own_password(conn: Connection, staff_no: str, password: str) -> None:
    """Raises WrongPassword unless `password` is the member's current one (scrypt: slow)."""
    stored = conn.scalar(select(Staff.password_hash).where(Staff.staff_no == staff_no))
    if not stored or not verify_password(password, stored):
        raise WrongPassword()


def set_own_password(conn: Connection, staff_no: str, password_hash: str) -> Change:
    """A member's own new password (hashed by new_password_hash): stored, and the forced
    change at login lifted. The audit row says only that it changed."""
    row = _staff_row(conn, staff_no)
    conn.execute(
        update(Staff)
        .where(Staff.id == row.id)
        .values(password_hash=password_hash, must_change_password=False)
    )
    before = {"must_change_password": bool(row.must_change_password)}
    after = {"password": "changed", "must_change_password": False}
    return Change(f"staff:{staff_no}", before, after)


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
    workday = _flag(data, "is_workday", False)
    name = _text(data, "name", "名称", 64, required=True)
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
