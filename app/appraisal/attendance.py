"""Attendance findings (考勤): lateness, early leave, missing sign-out, long leaves unexplained."""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import Connection, and_, func, select

from app.appraisal.findings import pause_seconds
from app.appraisal.settings import HallHours
from app.models import Pause, PauseReason, StaffSession

# Reasons that explain themselves; any other pause over the limit needs a note (离岗说明).
STATED_REASONS = (PauseReason.LUNCH.value, PauseReason.MEETING.value, PauseReason.BUSINESS.value)


PAUSE_REASON_ZH = {
    PauseReason.LUNCH.value: "午休",
    PauseReason.MEETING.value: "会议",
    PauseReason.BUSINESS.value: "公务外出",
    PauseReason.BREAK.value: "短暂离开",
    PauseReason.OTHER.value: "其他",
}


class FindingKind(enum.StrEnum):
    LATE = "late"  # 迟到
    EARLY_LEAVE = "early_leave"  # 早退
    NO_SIGN_OUT = "no_sign_out"  # 未签退
    LONG_LEAVE = "long_leave"  # 离岗超时未说明

    @property
    def zh(self) -> str:
        return {
            FindingKind.LATE: "迟到",
            FindingKind.EARLY_LEAVE: "早退",
            FindingKind.NO_SIGN_OUT: "未签退",
            FindingKind.LONG_LEAVE: "离岗超时未说明",
        }[self]


@dataclass(frozen=True)
class Finding:
    day: dt.date
    staff_id: int
    window_id: int
    kind: FindingKind
    minutes: int  # how late, how early, how long away; 0 for a missing sign-out


def _minutes(delta: dt.timedelta) -> int:
    return math.ceil(delta.total_seconds() / 60)


def attendance_findings(
    conn: Connection, start: dt.date, end: dt.date, hours: HallHours, as_of: dt.date
) -> list[Finding]:
    """Findings for the days start..end. A missing sign-out counts only for days before `as_of`.

    Per clerk and day: the first sign-in is compared with the expected time (opening minus
    `sign_in_lead_minutes`), the last sign-out with closing time; the finding goes to the
    window of that session.
    """
    rows = conn.execute(
        select(
            StaffSession.staff_id,
            StaffSession.window_id,
            StaffSession.day,
            StaffSession.signed_in_at,
            StaffSession.signed_out_at,
        )
        .where(StaffSession.day.between(start, end))
        .order_by(StaffSession.staff_id, StaffSession.day, StaffSession.signed_in_at)
    ).all()
    findings: list[Finding] = []
    days: dict[tuple[int, dt.date], list[tuple[int, dt.datetime, dt.datetime | None]]] = {}
    for staff_id, window_id, day, signed_in, signed_out in rows:
        days.setdefault((staff_id, day), []).append((window_id, signed_in, signed_out))
    for (staff_id, day), sessions in days.items():
        window_id, first_in, _ = sessions[0]
        expected = hours.expected_sign_in(day)
        if first_in > expected:
            findings.append(
                Finding(day, staff_id, window_id, FindingKind.LATE, _minutes(first_in - expected))
            )
        for window, _signed_in, signed_out in sessions:
            if signed_out is None and day < as_of:
                findings.append(Finding(day, staff_id, window, FindingKind.NO_SIGN_OUT, 0))
        last_window, _, last_out = max(sessions, key=lambda s: s[2] or dt.datetime.max)
        closing = hours.closing(day)
        if last_out is not None and last_out < closing:
            findings.append(
                Finding(
                    day,
                    staff_id,
                    last_window,
                    FindingKind.EARLY_LEAVE,
                    _minutes(closing - last_out),
                )
            )
    seconds = pause_seconds(conn)
    long_leaves = conn.execute(
        select(StaffSession.staff_id, Pause.window_id, StaffSession.day, seconds)
        .select_from(Pause)
        .join(StaffSession, StaffSession.id == Pause.session_id)
        .where(
            and_(
                StaffSession.day.between(start, end),
                Pause.reason.notin_(STATED_REASONS),
                func.trim(Pause.note) == "",
                seconds > hours.long_leave_minutes * 60,
            )
        )
        .order_by(Pause.started_at)
    )
    for staff_id, window_id, day, secs in long_leaves:
        findings.append(
            Finding(day, staff_id, window_id, FindingKind.LONG_LEAVE, math.ceil(secs / 60))
        )
    return findings


def count_by(findings: list[Finding], by_window: bool) -> dict[int, Counter[FindingKind]]:
    result: dict[int, Counter[FindingKind]] = {}
    for f in findings:
        key = f.window_id if by_window else f.staff_id
        result.setdefault(key, Counter())[f.kind] += 1
    return result
