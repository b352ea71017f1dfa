"""Staff and windows by the numbers people type, and who may decide on appraisal matters:
the supervisor (督查主管), as for rating corrections, not the IT administrator."""

from __future__ import annotations

from sqlalchemy import Connection, select

from app.appraisal.errors import NotAllowed, NotFound
from app.appraisal.ratings import CORRECTORS
from app.models import Staff, Window


def staff_id_of(conn: Connection, staff_no: str) -> int:
    found = conn.scalar(select(Staff.id).where(Staff.staff_no == staff_no.strip()))
    if found is None:
        raise NotFound(f"没有工号为 {staff_no} 的工作人员", f"no staff member numbered {staff_no}")
    return int(found)


def window_id_of(conn: Connection, number: int) -> int:
    found = conn.scalar(select(Window.id).where(Window.number == number))
    if found is None:
        raise NotFound(f"没有 {number} 号窗口", f"no window {number}")
    return int(found)


def require_supervisor(conn: Connection, staff_no: str, action_zh: str, action_en: str) -> None:
    """Only an active supervisor (the same people who may correct a rating) may do this."""
    row = conn.execute(select(Staff.role, Staff.active).where(Staff.staff_no == staff_no)).first()
    if row is None or row.role not in CORRECTORS or not row.active:
        raise NotAllowed(f"只有督查主管可以{action_zh}", f"only a supervisor may {action_en}")


def labels(conn: Connection) -> tuple[dict[int, str], dict[int, str]]:
    """Window labels ("3号窗口") and staff labels ("王芳（1001）") by id."""
    windows = {wid: f"{no}号窗口" for wid, no in conn.execute(select(Window.id, Window.number))}
    staff = {
        sid: f"{name}（{no}）"
        for sid, name, no in conn.execute(select(Staff.id, Staff.name, Staff.staff_no))
    }
    return windows, staff
