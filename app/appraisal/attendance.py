"""Attendance findings (考勤): what the hall's rules name, from sessions, pauses, the roster
and approved leave.

Per clerk and day (judged when the roster makes the clerk due that day, or on a day that no
roster entry covers):
- 旷工: due, no sign-in, and approved leave does not cover the day;
- 迟到 / 早退: the first sign-in after opening − 10 min, the last sign-out before closing,
  less approved leave and the lunch hours;
- 中途签退: signed out and back in during opening hours for over 10 minutes (lunch hours and
  approved leave aside);
- 未签退: a session of a past day never signed out (anyone).
Per pause (anyone):
- 离岗超时未说明: over 10 minutes, reason 短暂离开/其他, no note;
- 午休超出时段: the part of a 午休 pause outside the lunch hours;
- 内部活动暂停服务: a 会议 or 学习培训 pause in opening hours (内部活动不许停止对外营业).
Per 午间值班 window and day it was open:
- 午间值班关闭: closed (no one signed in, or paused) for over 10 minutes of the lunch hours.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from app.appraisal.roster import Interval, approved_leave, duties, uncovered_seconds
from app.appraisal.settings import HallHours
from app.models import Pause, PauseReason, StaffSession, Window

# Reasons that explain themselves; any other pause over the limit needs a note (离岗说明).
STATED_REASONS = (
    PauseReason.LUNCH.value,
    PauseReason.MEETING.value,
    PauseReason.TRAINING.value,
    PauseReason.BUSINESS.value,
)
INTERNAL_ACTIVITIES = (PauseReason.MEETING.value, PauseReason.TRAINING.value)

PAUSE_REASON_ZH = {
    PauseReason.LUNCH.value: "午休",
    PauseReason.MEETING.value: "会议",
    PauseReason.TRAINING.value: "学习培训",
    PauseReason.BUSINESS.value: "公务外出",
    PauseReason.BREAK.value: "短暂离开",
    PauseReason.OTHER.value: "其他",
}


class FindingKind(enum.StrEnum):
    ABSENT = "absent"  # 旷工
    LATE = "late"  # 迟到
    EARLY_LEAVE = "early_leave"  # 早退
    MID_DAY_OUT = "mid_day_out"  # 中途签退
    NO_SIGN_OUT = "no_sign_out"  # 未签退
    LONG_LEAVE = "long_leave"  # 离岗超时未说明
    LUNCH_OUT_OF_HOURS = "lunch_out_of_hours"  # 午休超出时段
    INTERNAL_ACTIVITY = "internal_activity"  # 会议、培训暂停对外服务
    LUNCH_DUTY_CLOSED = "lunch_duty_closed"  # 午间值班窗口关闭

    @property
    def zh(self) -> str:
        return FINDING_ZH[self]


FINDING_ZH = {
    FindingKind.ABSENT: "旷工",
    FindingKind.LATE: "迟到",
    FindingKind.EARLY_LEAVE: "早退",
    FindingKind.MID_DAY_OUT: "中途签退",
    FindingKind.NO_SIGN_OUT: "未签退",
    FindingKind.LONG_LEAVE: "离岗超时未说明",
    FindingKind.LUNCH_OUT_OF_HOURS: "午休超出时段",
    FindingKind.INTERNAL_ACTIVITY: "内部活动暂停服务",
    FindingKind.LUNCH_DUTY_CLOSED: "午间值班关闭",
}


@dataclass(frozen=True)
class Finding:
    day: dt.date
    staff_id: int
    window_id: int
    kind: FindingKind
    minutes: int  # how late, how early, how long away or closed; 0 for a missing sign-out


def _minutes(seconds: float) -> int:
    return math.ceil(seconds / 60)


@dataclass
class _Session:
    staff_id: int
    window_id: int
    day: dt.date
    signed_in: dt.datetime
    signed_out: dt.datetime | None
    lunch_duty: bool


def _sessions(conn: Connection, start: dt.date, end: dt.date) -> list[_Session]:
    rows = conn.execute(
        select(
            StaffSession.staff_id,
            StaffSession.window_id,
            StaffSession.day,
            StaffSession.signed_in_at,
            StaffSession.signed_out_at,
            Window.lunch_duty,
        )
        .join(Window, Window.id == StaffSession.window_id)
        .where(StaffSession.day.between(start, end))
        .order_by(StaffSession.staff_id, StaffSession.day, StaffSession.signed_in_at)
    )
    return [_Session(*row[:5], bool(row[5])) for row in rows]


def _pauses(conn: Connection, start: dt.date, end: dt.date) -> list[Any]:
    return list(
        conn.execute(
            select(
                StaffSession.staff_id,
                Pause.window_id,
                StaffSession.day,
                Pause.reason,
                Pause.note,
                Pause.started_at,
                Pause.ended_at,
                StaffSession.signed_out_at,
            )
            .join(StaffSession, StaffSession.id == Pause.session_id)
            .where(StaffSession.day.between(start, end))
            .order_by(Pause.started_at, Pause.id)
        )
    )


def attendance_findings(
    conn: Connection, start: dt.date, end: dt.date, hours: HallHours, as_of: dt.date
) -> list[Finding]:
    """Findings for the days start..end. Whatever needs the day to be over (旷工, 未签退, a
    window closed at lunch) counts only for days before `as_of`."""
    sessions = _sessions(conn, start, end)
    leave = approved_leave(conn, start, end)
    due, rostered = duties(conn, start, min(end, as_of - dt.timedelta(days=1)), hours)
    by_day: dict[tuple[int, dt.date], list[_Session]] = {}
    for s in sessions:
        by_day.setdefault((s.staff_id, s.day), []).append(s)
    findings: list[Finding] = []
    due_keys = {(d.staff_id, d.day): d for days in due.values() for d in days}
    for (staff_id, day), duty in sorted(due_keys.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        if (staff_id, day) not in by_day:
            span = (hours.opening(day), hours.closing(day))  # the hours of duty
            away = uncovered_seconds(*span, [*leave.get(staff_id, []), hours.lunch(day)])
            if away > 0:
                findings.append(
                    Finding(day, staff_id, duty.window_id, FindingKind.ABSENT, _minutes(away))
                )
    for (staff_id, day), days_sessions in by_day.items():
        judged = (staff_id, day) in due_keys or day not in rostered
        covers = [*leave.get(staff_id, []), hours.lunch(day)]
        findings += _day_findings(days_sessions, hours, as_of, covers, judged)
    pauses = _pauses(conn, start, end)
    findings += _pause_findings(pauses, hours, as_of)
    findings += _lunch_duty_findings(sessions, pauses, hours, as_of)
    return findings


def _day_findings(
    sessions: list[_Session],
    hours: HallHours,
    as_of: dt.date,
    covers: list[Interval],
    judged: bool,
) -> list[Finding]:
    first = sessions[0]
    day, staff_id = first.day, first.staff_id
    found: list[Finding] = []
    for s in sessions:
        if s.signed_out is None and day < as_of:
            found.append(Finding(day, staff_id, s.window_id, FindingKind.NO_SIGN_OUT, 0))
    if not judged:
        return found
    late = uncovered_seconds(hours.expected_sign_in(day), first.signed_in, covers)
    if late > 0:
        found.append(Finding(day, staff_id, first.window_id, FindingKind.LATE, _minutes(late)))
    closing = hours.closing(day)
    last = max(sessions, key=lambda s: s.signed_out or dt.datetime.max)
    if last.signed_out is not None:
        early = uncovered_seconds(last.signed_out, closing, covers)
        if early > 0:
            found.append(
                Finding(day, staff_id, last.window_id, FindingKind.EARLY_LEAVE, _minutes(early))
            )
    opening = hours.opening(day)
    for before, after in itertools.pairwise(sessions):
        if before.signed_out is None:
            continue
        low, high = max(before.signed_out, opening), min(after.signed_in, closing)
        gap = uncovered_seconds(low, high, covers)
        if gap > hours.long_leave_minutes * 60:
            found.append(
                Finding(day, staff_id, before.window_id, FindingKind.MID_DAY_OUT, _minutes(gap))
            )
    return found


def _pause_end(row: Any, hours: HallHours, as_of: dt.date) -> dt.datetime | None:
    """A pause ends when resumed, else at sign-out, else (a past day) at closing time."""
    end = row.ended_at or row.signed_out_at
    if end is None and row.day < as_of:
        end = hours.closing(row.day)
    return end


def _pause_findings(pauses: list[Any], hours: HallHours, as_of: dt.date) -> list[Finding]:
    found: list[Finding] = []
    for p in pauses:
        end = _pause_end(p, hours, as_of)
        if end is None:
            continue
        seconds = (end - p.started_at).total_seconds()
        lunch = hours.lunch(p.day)
        kind: FindingKind | None = None
        if p.reason not in STATED_REASONS and not (p.note or "").strip():
            if seconds > hours.long_leave_minutes * 60:
                kind = FindingKind.LONG_LEAVE
        elif p.reason == PauseReason.LUNCH.value:
            seconds = uncovered_seconds(p.started_at, end, [lunch])
            if seconds >= 60:
                kind = FindingKind.LUNCH_OUT_OF_HOURS
        elif p.reason in INTERNAL_ACTIVITIES:
            low, high = max(p.started_at, hours.opening(p.day)), min(end, hours.closing(p.day))
            seconds = uncovered_seconds(low, high, [lunch])
            if seconds >= 60:
                kind = FindingKind.INTERNAL_ACTIVITY
        if kind is not None:
            found.append(Finding(p.day, p.staff_id, p.window_id, kind, _minutes(seconds)))
    return found


def _lunch_duty_findings(
    sessions: list[_Session], pauses: list[Any], hours: HallHours, as_of: dt.date
) -> list[Finding]:
    """A 午间值班 window open that day must stay open through the lunch hours."""
    windows: dict[tuple[int, dt.date], list[_Session]] = {}
    for s in sessions:
        if s.lunch_duty and s.day < as_of:
            windows.setdefault((s.window_id, s.day), []).append(s)
    paused: dict[tuple[int, dt.date], list[Interval]] = {}
    for p in pauses:
        end = _pause_end(p, hours, as_of)
        if end is not None:
            paused.setdefault((p.window_id, p.day), []).append((p.started_at, end))
    found: list[Finding] = []
    for (window_id, day), here in windows.items():
        low, high = hours.lunch(day)
        open_spans = [(s.signed_in, s.signed_out or hours.closing(day)) for s in here]
        # Closed = lunch hours not covered by a session, plus paused time inside sessions.
        closed = uncovered_seconds(low, high, open_spans)
        closed += sum(
            (min(e, high) - max(s, low)).total_seconds()
            for s, e in paused.get((window_id, day), [])
            if e > low and s < high
        )
        if closed > hours.long_leave_minutes * 60:
            responsible = _who_left(here, low)
            found.append(
                Finding(
                    day, responsible, window_id, FindingKind.LUNCH_DUTY_CLOSED, _minutes(closed)
                )
            )
    return found


def _who_left(sessions: list[_Session], lunch_start: dt.datetime) -> int:
    """The clerk of the window when lunch began (or the first one there that day)."""
    before = [s for s in sessions if s.signed_in <= lunch_start]
    chosen = max(before, key=lambda s: s.signed_in) if before else sessions[0]
    return chosen.staff_id


def count_by(findings: list[Finding], by_window: bool) -> dict[int, Counter[FindingKind]]:
    result: dict[int, Counter[FindingKind]] = {}
    for f in findings:
        key = f.window_id if by_window else f.staff_id
        result.setdefault(key, Counter())[f.kind] += 1
    return result
