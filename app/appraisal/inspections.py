"""Inspections of conduct: the duty windows' rounds (值班巡查), unannounced visits (明察暗访)
and the centre's own checks, with their findings and criticisms."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select
from sqlalchemy.orm import aliased

from app.appraisal.errors import InvalidInput
from app.models import DutyInspection, Ground, InspectionKind, Staff, Window


@dataclass(frozen=True)
class InspectionView:
    id: int
    day: dt.date
    at: dt.datetime
    duty_window_no: int | None
    inspector: str
    window_no: int | None
    staff: str
    findings: str
    criticism: bool
    kind: InspectionKind = InspectionKind.PATROL
    conduct: Ground | None = None
    staff_id: int | None = None


def record_inspection(
    conn: Connection,
    *,
    at: dt.datetime,
    findings: str,
    duty_window_id: int | None = None,
    inspector: str = "",
    window_id: int | None = None,
    staff_id: int | None = None,
    criticism: bool = False,
    kind: str = InspectionKind.PATROL.value,
    conduct: str = "",
    recorded_by: str = "",
) -> int:
    """An inspection record (值班巡查, 明察暗访 or 中心督查); a criticism bars the window from
    红旗窗口 that month and, against a clerk, is a 评先 ground: `conduct` (a Ground code)
    says which, 玩手机… (ground 7) when empty; a 明察暗访 finding is ground 3."""
    if not findings.strip():
        raise InvalidInput("请填写检查情况", "the findings are empty")
    try:
        kind_code = InspectionKind(kind)
        conduct_code = Ground(conduct).value if conduct else ""
    except ValueError:
        raise InvalidInput(
            f"检查类别或事由无效：{kind} {conduct}", f"unknown kind or conduct: {kind} {conduct}"
        ) from None
    key = conn.execute(
        insert(DutyInspection).values(
            day=at.date(),
            at=at,
            duty_window_id=duty_window_id,
            inspector=inspector.strip(),
            window_id=window_id,
            staff_id=staff_id,
            findings=findings.strip(),
            criticism=criticism,
            kind=kind_code.value,
            conduct=conduct_code,
            recorded_by=recorded_by,
        )
    ).inserted_primary_key
    assert key is not None
    return int(key[0])


def inspections(conn: Connection, start: dt.date, end: dt.date) -> list[InspectionView]:
    """Duty-window inspection records of the days start..end, oldest first."""
    duty = aliased(Window)
    query = (
        select(
            DutyInspection,
            duty.number.label("duty_no"),
            Window.number.label("window_no"),
            Staff.name,
            Staff.staff_no,
        )
        .outerjoin(duty, duty.id == DutyInspection.duty_window_id)
        .outerjoin(Window, Window.id == DutyInspection.window_id)
        .outerjoin(Staff, Staff.id == DutyInspection.staff_id)
        .where(DutyInspection.day.between(start, end))
        .order_by(DutyInspection.at, DutyInspection.id)
    )
    return [
        InspectionView(
            id=r.id,
            day=r.day,
            at=r.at,
            duty_window_no=r.duty_no,
            inspector=r.inspector,
            window_no=r.window_no,
            staff=f"{r.name}（{r.staff_no}）" if r.name else "",
            findings=r.findings,
            criticism=bool(r.criticism),
            kind=InspectionKind(r.kind),
            conduct=Ground(r.conduct) if r.conduct else None,
            staff_id=r.staff_id,
        )
        for r in conn.execute(query)
    ]
