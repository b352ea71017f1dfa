"""What the supervisors record in a simulated year, through the appraisal functions the
console calls: the roster, leave, duty windows and patrols, complaints, inspections,
一次性告知 failures, a recorded 评先 ground, and the 回访 of each 差评."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from sqlalchemy import Connection, insert, select

from app.appraisal.complaints import close_complaint, register_complaint, route_complaint
from app.appraisal.duty import duty_roster, record_patrol, set_duty_roster
from app.appraisal.errors import NotAComplaint
from app.appraisal.followups import sync_follow_ups, update_follow_up
from app.appraisal.grounds import record_ground
from app.appraisal.inspections import record_inspection
from app.appraisal.notices import record_notice_failure
from app.appraisal.roster import decide_leave, record_leave, set_roster
from app.appraisal.settings import DEFAULT_SETTINGS
from app.models import FollowUp, Holiday, Staff, Window
from app.queue.calendar import add_working_days
from bench.yearplan import A_CLERK, B_CLERK, CLERKS, WINDOW_SERVICES, YearPlan, working_days

ADMIN = "admin"
SUPERVISOR = "2001"  # 督查主管 of the demo hall: decides leave, records grounds


@dataclass
class Records:
    refused_consult_substantiated: int = 0
    follow_ups_due: dict[dt.date, list[tuple[int, str]]] = field(default_factory=dict)


def at(day: dt.date, hhmm: str) -> dt.datetime:
    h, m = (int(x) for x in hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(h, m))


def setup_year(conn: Connection, plan: YearPlan, rng: random.Random) -> None:
    """Calendar, roster with A/B, monthly duty windows and the year's leave requests."""
    from bench.yearplan import HOLIDAYS, MAKE_UP_DAYS

    conn.execute(insert(Holiday), [{"day": d, "name": "节假日"} for d in HOLIDAYS])
    conn.execute(
        insert(Holiday), [{"day": d, "name": "调休上班", "is_workday": True} for d in MAKE_UP_DAYS]
    )
    now = dt.datetime.combine(plan.first, dt.time(8, 0)) - dt.timedelta(days=5)
    for w in WINDOW_SERVICES:
        set_roster(
            conn,
            window_no=w,
            start=plan.first,
            end=plan.last,
            staff_a_no=A_CLERK[w],
            staff_b_no=B_CLERK[w],
            recorded_by=ADMIN,
            now=now,
        )
    for month in range(plan.first.month, plan.last.month + 1):
        start = ((month - 1) * 4) % 8
        set_duty_roster(
            conn,
            month=dt.date(plan.first.year, month, 1),
            window_numbers=[(start + k) % 8 + 1 for k in range(4)],
            recorded_by=ADMIN,
            now=now,
        )
    for day, clerks in sorted(plan.leave.items()):
        for clerk in sorted(clerks):
            _leave(conn, clerk, day, True, now=at(day, "09:00") - dt.timedelta(days=3))
    for clerk, day in plan.rejected_leave:
        _leave(conn, clerk, day, False, now=at(day, "09:00") - dt.timedelta(days=2))
    half = plan.half_day_leave
    for day, clerk in half.items():
        leave = record_leave(
            conn,
            staff_no=clerk,
            kind="personal",
            start=at(day, "13:30"),
            end=at(day, "17:30"),
            reason="孩子家长会",
            recorded_by=clerk,
            now=at(day, "08:30"),
        )
        decide_leave(conn, leave, approve=True, decided_by=SUPERVISOR, now=at(day, "09:00"))


def _leave(conn: Connection, clerk: str, day: dt.date, approve: bool, now: dt.datetime) -> None:
    leave = record_leave(
        conn,
        staff_no=clerk,
        kind="annual" if approve else "personal",
        start=at(day, "00:00"),
        end=at(day, "23:59"),
        reason="年休假" if approve else "家中有事",
        recorded_by=clerk,
        now=now,
    )
    decide_leave(conn, leave, approve=approve, decided_by=SUPERVISOR, note="", now=now)


def daily_records(
    conn: Connection, day: dt.date, plan: YearPlan, rng: random.Random, records: Records
) -> None:
    """Patrols, the day's complaints and inspections, and the 回访 of earlier 差评."""
    _patrols(conn, day, plan, rng)
    _complaints(conn, day, rng, records)
    _inspections(conn, day, plan)
    opened = sync_follow_ups(conn, DEFAULT_SETTINGS, (day, day))
    if opened:
        staff_no = dict(conn.execute(select(Staff.id, Staff.staff_no)).all())
        for fid, sid in conn.execute(
            select(FollowUp.id, FollowUp.staff_id).where(FollowUp.opened_on == day)
        ):
            clerk = CLERKS.get(staff_no.get(sid, ""), CLERKS["1001"])
            late = rng.random() < clerk.slow_follow_up
            days = rng.randint(17, 25) if late else rng.randint(2, 12)
            due = add_working_days(conn, day, days)
            records.follow_ups_due.setdefault(due, []).append((fid, "已回访，群众表示理解"))
    for fid, result in records.follow_ups_due.pop(day, []):
        update_follow_up(
            conn,
            fid,
            visit_result=result,
            rectification="已整改",
            close=True,
            by=ADMIN,
            now=at(day, "16:30"),
        )


def _patrols(conn: Connection, day: dt.date, plan: YearPlan, rng: random.Random) -> None:
    roster = duty_roster(conn, day)
    if not roster:
        return
    times = ["10:00"] if day in plan.one_patrol_only else ["10:00", "15:00"]
    for n, hhmm in enumerate(times):
        window = roster[n % len(roster)].window_no
        finding = "未发现问题" if rng.random() < 0.85 else "个别窗口桌面杂乱，已提醒"
        record_patrol(
            conn,
            at=at(day, hhmm),
            duty_window_no=window,
            findings=finding,
            patroller_no=A_CLERK[window],
            recorded_by=A_CLERK[window],
            now=at(day, hhmm),
        )


def _window_id(conn: Connection, number: int) -> int:
    return int(conn.scalar(select(Window.id).where(Window.number == number)))


def _staff_id(conn: Connection, no: str) -> int:
    return int(conn.scalar(select(Staff.id).where(Staff.staff_no == no)))


def _complaints(conn: Connection, day: dt.date, rng: random.Random, records: Records) -> None:
    """About three 咨询, one 建议 and one 投诉 a month; two 投诉 are found substantiated."""
    s = DEFAULT_SETTINGS
    if rng.random() < 0.15:
        w = rng.choice(list(WINDOW_SERVICES))
        received = at(day, "10:30")
        cid = register_complaint(
            conn,
            kind="consult",
            received_at=received,
            content="咨询办理所需材料",
            settings=s,
            source="来电",
            window_id=_window_id(conn, w),
        )
        hours = 30 if rng.random() < 0.1 else rng.randint(1, 20)
        if day.month == 3 and records.refused_consult_substantiated == 0:
            try:  # a 咨询 cannot be 有效投诉: refused
                close_complaint(
                    conn,
                    cid,
                    result="已答复",
                    feedback="电话答复",
                    substantiated=True,
                    now=received + dt.timedelta(hours=hours),
                )
            except NotAComplaint:
                records.refused_consult_substantiated += 1
        close_complaint(
            conn,
            cid,
            result="已答复",
            feedback="电话答复",
            substantiated=False,
            now=received + dt.timedelta(hours=hours),
        )
    if rng.random() < 0.05:
        received = at(day, "14:00")
        cid = register_complaint(
            conn,
            kind="suggestion",
            received_at=received,
            content="建议增加自助取号机",
            settings=s,
            source="意见箱",
            promised_on=day + dt.timedelta(days=7),
        )
        late = 9 if rng.random() < 0.15 else 5
        close_complaint(
            conn,
            cid,
            result="已采纳",
            feedback="已书面答复",
            substantiated=False,
            now=received + dt.timedelta(days=late),
        )
    special = _special_complaint(day)
    if special is None and rng.random() < 0.05:
        w = rng.choice(list(WINDOW_SERVICES))
        special = (w, A_CLERK[w], "办事等候时间过长", False, False)
    if special is not None:
        w, clerk, content, substantiated, overdue = special
        received = at(day, "11:00")
        cid = register_complaint(
            conn,
            kind="complaint",
            received_at=received,
            content=content,
            settings=s,
            source="12345",
            window_id=_window_id(conn, w),
            staff_id=_staff_id(conn, clerk),
            overdue_promise=overdue,
        )
        route_complaint(conn, cid, f"{w}号窗口", received + dt.timedelta(hours=1))
        answered = add_working_days(conn, day, 5 if rng.random() < 0.1 else 2)
        close_complaint(
            conn,
            cid,
            result="属实，已批评教育" if substantiated else "经核查不属实",
            feedback="已电话反馈",
            substantiated=substantiated,
            now=at(answered, "15:00"),
        )


def _special_complaint(day: dt.date) -> tuple[int, str, str, bool, bool] | None:
    if day == dt.date(2026, 6, 10):
        return (2, "1002", "窗口工作人员态度生硬、推诿", True, False)
    if day == dt.date(2026, 9, 9):
        return (8, "1008", "承诺当日办结，三天后仍未办结", True, True)
    return None


def _inspections(conn: Connection, day: dt.date, plan: YearPlan) -> None:
    if day == dt.date(2026, 8, 12):
        record_inspection(
            conn,
            at=at(day, "10:20"),
            findings="工作时间玩手机",
            window_id=_window_id(conn, 3),
            staff_id=_staff_id(conn, "1003"),
            criticism=True,
            inspector="值班窗口",
            duty_window_id=_window_id(conn, duty_roster(conn, day)[0].window_no),
            recorded_by=ADMIN,
        )
    if day in plan.unannounced:  # 明察暗访 once a month
        caught = day.month == 10
        record_inspection(
            conn,
            at=at(day, "15:40"),
            findings="窗口人员大声闲聊" if caught else "各窗口秩序良好",
            window_id=_window_id(conn, 4) if caught else None,
            staff_id=_staff_id(conn, "1004") if caught else None,
            criticism=caught,
            kind="unannounced",
            inspector="中心督查室",
            recorded_by=ADMIN,
        )
    if day in (dt.date(2026, 5, 12), dt.date(2026, 5, 26)):
        record_notice_failure(
            conn,
            staff_no="1007",
            day=day,
            note="申请人二次补交材料，首次未告知需授权委托书",
            evidence="一次性告知单与二次受理记录",
            window_no=7,
            recorded_by=ADMIN,
            now=at(day, "17:00"),
        )
    if day == dt.date(2026, 7, 8):
        record_notice_failure(
            conn,
            staff_no="1002",
            day=day,
            note="未告知需提供户口簿原件",
            recorded_by=ADMIN,
            now=at(day, "17:00"),
        )
    if day == dt.date(2026, 9, 15):
        record_ground(
            conn,
            staff_no="1010",
            ground="leisure",
            day=day,
            note="上班时间网购",
            evidence="监控录像 2026-09-15 14:20–14:35",
            recorded_by=SUPERVISOR,
            now=at(day, "17:00"),
        )


def all_days(plan: YearPlan) -> list[dt.date]:
    return working_days(plan.first, plan.last)
