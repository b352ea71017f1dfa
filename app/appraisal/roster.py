"""Who is due at which window each working day (排班, with the A/B 角), and leave (请假).

A roster entry names a window's A clerk and its B clerk for a range of days; the latest entry
covering a day wins. On a working day the A clerk is due; when A's approved leave covers the
whole working day, the B clerk is due in A's place (B 角顶岗). A day no entry covers has no
one due: 旷工 is judged against the roster only, so a hall without a roster is not flooded
with absences of people it never planned for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select, update

from app.appraisal.errors import InvalidInput, NotAllowed, NotFound
from app.appraisal.lookup import require_supervisor, staff_id_of, window_id_of
from app.appraisal.settings import HallHours
from app.models import Leave, LeaveKind, LeaveStatus, RosterEntry, Staff
from app.queue.calendar import working_days

Interval = tuple[dt.datetime, dt.datetime]


@dataclass(frozen=True)
class Duty:
    day: dt.date
    window_id: int
    staff_id: int
    role: str  # "A" or "B" (covering for A)


@dataclass(frozen=True)
class LeaveView:
    id: int
    staff_id: int
    staff: str
    kind: LeaveKind
    start: dt.datetime
    end: dt.datetime
    reason: str
    status: LeaveStatus
    decided_by: str
    decided_at: dt.datetime | None


def set_roster(
    conn: Connection,
    *,
    window_no: int,
    start: dt.date,
    end: dt.date,
    staff_a_no: str,
    staff_b_no: str | None,
    recorded_by: str,
    now: dt.datetime,
) -> int:
    """Put clerk A (and B as backup) on a window for the days start..end; returns the id."""
    if end < start:
        raise InvalidInput("结束日期不能早于开始日期", "the last day is before the first")
    window_id = window_id_of(conn, window_no)
    staff_a = staff_id_of(conn, staff_a_no)
    staff_b = staff_id_of(conn, staff_b_no) if staff_b_no else None
    if staff_a == staff_b:
        raise InvalidInput("A 角与 B 角不能是同一人", "the A and B clerk must differ")
    key = conn.execute(
        insert(RosterEntry).values(
            window_id=window_id,
            start=start,
            end=end,
            staff_a_id=staff_a,
            staff_b_id=staff_b,
            recorded_by=recorded_by,
            recorded_at=now,
        )
    ).inserted_primary_key
    assert key is not None
    return int(key[0])


def record_leave(
    conn: Connection,
    *,
    staff_no: str,
    kind: str,
    start: dt.datetime,
    end: dt.datetime,
    reason: str,
    recorded_by: str,
    now: dt.datetime,
) -> int:
    """A leave request (待审批); it excuses nothing until approved."""
    try:
        code = LeaveKind(kind)
    except ValueError:
        raise InvalidInput(f"假别无效：{kind}", f"unknown kind of leave: {kind}") from None
    if end <= start:
        raise InvalidInput("请假结束时间应晚于开始时间", "the leave must end after it starts")
    if not reason.strip():
        raise InvalidInput("请填写请假事由", "say why the leave is needed")
    key = conn.execute(
        insert(Leave).values(
            staff_id=staff_id_of(conn, staff_no),
            kind=code.value,
            start=start,
            end=end,
            reason=reason.strip(),
            status=LeaveStatus.PENDING.value,
            recorded_by=recorded_by,
            recorded_at=now,
        )
    ).inserted_primary_key
    assert key is not None
    return int(key[0])


def decide_leave(
    conn: Connection,
    leave_id: int,
    *,
    approve: bool,
    decided_by: str,
    note: str = "",
    now: dt.datetime,
) -> None:
    """Approve or refuse a pending leave: a supervisor, never the clerk on leave."""
    row = conn.execute(
        select(Leave.status, Staff.staff_no)
        .join(Staff, Staff.id == Leave.staff_id)
        .where(Leave.id == leave_id)
    ).first()
    if row is None:
        raise NotFound(f"请假记录 {leave_id} 不存在", f"no leave {leave_id}")
    require_supervisor(conn, decided_by, "审批请假", "decide on leave")
    if row.staff_no == decided_by:
        raise NotAllowed("不能审批本人的请假", "nobody approves their own leave")
    if row.status != LeaveStatus.PENDING.value:
        raise InvalidInput("该请假已审批", "this leave has been decided already")
    status = LeaveStatus.APPROVED if approve else LeaveStatus.REJECTED
    conn.execute(
        update(Leave)
        .where(Leave.id == leave_id)
        .values(status=status.value, decided_by=decided_by, decided_at=now, decision_note=note)
    )


def leaves(conn: Connection, start: dt.date, end: dt.date) -> list[LeaveView]:
    """Leave overlapping the days start..end, earliest first (every status)."""
    low = dt.datetime.combine(start, dt.time())
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
    rows = conn.execute(
        select(Leave, Staff.name, Staff.staff_no)
        .join(Staff, Staff.id == Leave.staff_id)
        .where(Leave.start < high, Leave.end > low)
        .order_by(Leave.start, Leave.id)
    )
    return [
        LeaveView(
            id=r.id,
            staff_id=r.staff_id,
            staff=f"{r.name}（{r.staff_no}）",
            kind=LeaveKind(r.kind),
            start=r.start,
            end=r.end,
            reason=r.reason,
            status=LeaveStatus(r.status),
            decided_by=r.decided_by,
            decided_at=r.decided_at,
        )
        for r in rows
    ]


def approved_leave(conn: Connection, start: dt.date, end: dt.date) -> dict[int, list[Interval]]:
    """Approved leave overlapping start..end, as intervals per clerk."""
    result: dict[int, list[Interval]] = {}
    for view in leaves(conn, start, end):
        if view.status is LeaveStatus.APPROVED:
            result.setdefault(view.staff_id, []).append((view.start, view.end))
    return result


def uncovered_seconds(low: dt.datetime, high: dt.datetime, covers: Iterable[Interval]) -> float:
    """How much of [low, high] none of `covers` covers, in seconds."""
    if high <= low:
        return 0.0
    clipped = sorted((max(s, low), min(e, high)) for s, e in covers if e > low and s < high)
    covered, reach = 0.0, low
    for s, e in clipped:
        if e <= reach:
            continue
        covered += (e - max(s, reach)).total_seconds()
        reach = e
    return (high - low).total_seconds() - covered


def on_leave_all_day(hours: HallHours, day: dt.date, leave: list[Interval]) -> bool:
    """Approved leave covers the whole working day, opening to closing (lunch aside); the
    minutes expected before opening are a sign-in rule, not hours of duty."""
    span = (hours.opening(day), hours.closing(day))
    return uncovered_seconds(*span, [*leave, hours.lunch(day)]) == 0


def duties(
    conn: Connection, start: dt.date, end: dt.date, hours: HallHours
) -> tuple[dict[dt.date, list[Duty]], set[dt.date]]:
    """Who is due on each working day start..end, and the days some roster entry covers."""
    entries = conn.execute(
        select(
            RosterEntry.window_id,
            RosterEntry.start,
            RosterEntry.end,
            RosterEntry.staff_a_id,
            RosterEntry.staff_b_id,
        )
        .where(RosterEntry.start <= end, RosterEntry.end >= start)
        .order_by(RosterEntry.id)
    ).all()
    if not entries:
        return {}, set()
    leave = approved_leave(conn, start, end)
    result: dict[dt.date, list[Duty]] = {}
    covered: set[dt.date] = set()
    for day in working_days(conn, start, end):
        latest: dict[int, Any] = {}
        for entry in entries:  # by id: a later entry replaces an earlier one
            if entry.start <= day <= entry.end:
                latest[entry.window_id] = entry
        if not latest:
            continue
        covered.add(day)
        seen: set[int] = set()
        for window_id, entry in sorted(latest.items()):
            staff, role = entry.staff_a_id, "A"
            if on_leave_all_day(hours, day, leave.get(staff, [])) and entry.staff_b_id:
                staff, role = entry.staff_b_id, "B"
            if staff not in seen:  # one person is due once, at the first window they cover
                seen.add(staff)
                result.setdefault(day, []).append(Duty(day, window_id, staff, role))
    return result, covered
