"""Validated changes to the hall's staff: number, name, title, role, photo, the password set
by an administrator or chosen by the member; the last active admin is never removed.
Returns a Change for the audit log (passwords and photos only as "changed"), like
app.models.hall_config."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from app.models.base import StaffRole
from app.models.hall import Staff
from app.models.hall_config import (
    Change,
    HallConfigError,
    NotFoundError,
    flag_field,
    text_field,
    updated_fields,
)
from app.models.passwords import WeakPassword, check_policy, hash_password, verify_password

STAFF_NO = re.compile(r"^[A-Za-z0-9_-]{1,16}$")
MAX_PHOTO_BYTES = 512 * 1024
PHOTO_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


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
    merged = updated_fields(before, data)
    new_no = text_field(merged, "staff_no", "工号", 16, required=True)
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
        "name": text_field(merged, "name", "姓名", 32, required=True),
        "title": text_field(merged, "title", "职务", 32, required=False),
        "role": role,
        "active": flag_field(merged, "active", True),
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
