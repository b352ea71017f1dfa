"""Validated changes to the hall's windows: number, name, the services in priority order,
the A and B clerks, the keypad; a window signed in or serving is not renumbered or stopped.
Returns a Change for the audit log, like app.models.hall_config."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, and_, delete, func, insert, select, update

from app.models.base import IN_SERVICE
from app.models.hall import Service, Staff, Window, WindowService
from app.models.hall_config import (
    Change,
    HallConfigError,
    NotFoundError,
    flag_field,
    int_field,
    text_field,
    updated_fields,
)
from app.models.records import StaffSession, Ticket


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
    merged = updated_fields(before, data)
    new_number = int_field(merged, "number", "窗口号", 1, 999)
    other = conn.scalar(select(Window.id).where(Window.number == new_number))
    if other is not None and (row is None or other != row.id):
        raise HallConfigError(f"{new_number} 号窗口已存在", f"window {new_number} exists already")
    active = flag_field(merged, "active", True)
    service_ids = _service_ids(conn, merged.get("services", []))
    if active and not service_ids:
        raise HallConfigError("启用的窗口至少要办理一个事项", "an active window needs a service")
    staff_a = _staff_id(conn, merged.get("staff_a"), "A角")
    staff_b = _staff_id(conn, merged.get("staff_b"), "B角")
    if staff_a is not None and staff_a == staff_b:
        raise HallConfigError("A角与B角不能是同一人", "the A and B clerks must differ")
    values = {
        "number": new_number,
        "name": text_field(merged, "name", "窗口名称", 64, required=False),
        "staff_a_id": staff_a,
        "staff_b_id": staff_b,
        "lunch_duty": flag_field(merged, "lunch_duty", False),
        "keypad_url": text_field(merged, "keypad_url", "评价器端口", 255, required=False),
        "keypad_address": int_field(
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
