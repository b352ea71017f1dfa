"""The eight grounds for 取消年度评先资格, each with its evidence.

A supervisor records any ground with a note and its evidence (`record_ground`). The hall's
own records produce the others, looked up when the year is ranked (never copied, so a
corrected record corrects the ground):
- a substantiated 投诉 against the clerk: ground 1 (有效投诉), or 8 when it is about a
  promised time missed (违诺超时);
- a criticism in an inspection: the ground it names (`conduct`), else 3 for 明察暗访 and
  中心督查 (被查实、通报批评), else 7 (玩手机、喧哗… 受到批评);
- 旷工, or a mid-day sign-out or an unexplained leave of `post_absence_minutes` or more:
  ground 6 (未经请假长时间离岗);
- `notice_failures_for_criticism` failures of 一次性告知 in a month: ground 3 (通报批评).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select, update

from app.appraisal.attendance import Finding, FindingKind
from app.appraisal.errors import InvalidInput, NotFound
from app.appraisal.inspections import inspections
from app.appraisal.lookup import require_supervisor, staff_id_of, window_id_of
from app.appraisal.notices import criticised_for_notices, notice_failures
from app.appraisal.settings import AppraisalSettings
from app.models import (
    Complaint,
    ComplaintKind,
    ConductRecord,
    Ground,
    InspectionKind,
)

LONG_AWAY = (FindingKind.MID_DAY_OUT, FindingKind.LONG_LEAVE)


@dataclass(frozen=True)
class GroundRecord:
    staff_id: int
    day: dt.date
    ground: Ground
    source: str  # 主管登记 / 投诉登记 / 检查记录 / 考勤 / 一次性告知
    note: str
    evidence: str
    record_id: int | None = None  # the conduct_records row of a recorded ground


def record_ground(
    conn: Connection,
    *,
    staff_no: str,
    ground: str,
    day: dt.date,
    note: str,
    evidence: str,
    window_no: int | None = None,
    recorded_by: str,
    now: dt.datetime,
) -> int:
    """A supervisor records a ground against a clerk, saying what happened and on what
    evidence (both required); returns the record's id."""
    try:
        code = Ground(ground)
    except ValueError:
        raise InvalidInput(f"取消评先事由无效：{ground}", f"unknown ground: {ground}") from None
    if not note.strip() or not evidence.strip():
        raise InvalidInput("请填写事实经过和证据", "record what happened and the evidence")
    require_supervisor(conn, recorded_by, "登记取消评先事由", "record a ground")
    key = conn.execute(
        insert(ConductRecord).values(
            staff_id=staff_id_of(conn, staff_no),
            window_id=window_id_of(conn, window_no) if window_no is not None else None,
            day=day,
            ground=code.value,
            note=note.strip(),
            evidence=evidence.strip(),
            recorded_by=recorded_by,
            recorded_at=now,
        )
    ).inserted_primary_key
    assert key is not None
    return int(key[0])


def withdraw_ground(
    conn: Connection, record_id: int, *, reason: str, withdrawn_by: str, now: dt.datetime
) -> None:
    """A record made in error is withdrawn with the reason; it stays on file."""
    if not reason.strip():
        raise InvalidInput("请填写撤销理由", "say why the record is withdrawn")
    require_supervisor(conn, withdrawn_by, "撤销取消评先事由", "withdraw a ground")
    done = conn.execute(
        update(ConductRecord)
        .where(ConductRecord.id == record_id, ConductRecord.withdrawn_at.is_(None))
        .values(withdrawn_by=withdrawn_by, withdrawn_at=now, withdrawn_reason=reason.strip())
    ).rowcount
    if not done:
        raise NotFound(
            f"取消评先登记 {record_id} 不存在或已撤销", f"no standing ground record {record_id}"
        )


def _recorded(conn: Connection, start: dt.date, end: dt.date) -> list[GroundRecord]:
    rows = conn.execute(
        select(ConductRecord).where(
            ConductRecord.day.between(start, end), ConductRecord.withdrawn_at.is_(None)
        )
    )
    return [
        GroundRecord(
            r.staff_id, r.day, Ground(r.ground), "主管登记", r.note, r.evidence, record_id=r.id
        )
        for r in rows
    ]


def _complaints(conn: Connection, start: dt.date, end: dt.date) -> list[GroundRecord]:
    low = dt.datetime.combine(start, dt.time())
    high = dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
    rows = conn.execute(
        select(Complaint).where(
            Complaint.received_at >= low,
            Complaint.received_at < high,
            Complaint.kind == ComplaintKind.COMPLAINT.value,
            Complaint.substantiated.is_(True),
            Complaint.staff_id.is_not(None),
        )
    )
    return [
        GroundRecord(
            r.staff_id,
            r.received_at.date(),
            Ground.OVERDUE_PROMISE if r.overdue_promise else Ground.VIOLATION,
            "投诉登记",
            r.content,
            f"投诉登记第 {r.id} 号，处理结果：{r.result}",
        )
        for r in rows
    ]


def _inspections(conn: Connection, start: dt.date, end: dt.date) -> list[GroundRecord]:
    found = []
    for i in inspections(conn, start, end):
        if not i.criticism or i.staff_id is None:
            continue
        if i.conduct is not None:
            ground = i.conduct
        elif i.kind in (InspectionKind.UNANNOUNCED, InspectionKind.CENTRE):
            ground = Ground.CRITICISM
        else:
            ground = Ground.CONDUCT
        evidence = f"{i.kind.zh}记录第 {i.id} 号（{i.at:%Y-%m-%d %H:%M}，{i.inspector or '—'}）"
        found.append(GroundRecord(i.staff_id, i.day, ground, "检查记录", i.findings, evidence))
    return found


def _attendance(findings: list[Finding], settings: AppraisalSettings) -> list[GroundRecord]:
    found = []
    for f in findings:
        away = f.kind in LONG_AWAY and f.minutes >= settings.post_absence_minutes
        if f.kind is FindingKind.ABSENT or away:
            found.append(
                GroundRecord(
                    f.staff_id,
                    f.day,
                    Ground.ABSENT_POST,
                    "考勤",
                    f"{f.kind.zh} {f.minutes} 分钟",
                    "签到、签退与暂停记录；未见批准的请假",
                )
            )
    return found


def _notices(
    conn: Connection, start: dt.date, end: dt.date, settings: AppraisalSettings
) -> list[GroundRecord]:
    months = criticised_for_notices(
        notice_failures(conn, start, end), settings.notice_failures_for_criticism
    )
    return [
        GroundRecord(
            staff_id,
            failures[-1].day,
            Ground.CRITICISM,
            "一次性告知",
            f"{month:%Y年%m月}一次性告知未落实 {len(failures)} 次，通报批评",
            "；".join(f"{f.day:%m-%d} {f.note}" for f in failures),
        )
        for (staff_id, month), failures in sorted(months.items())
    ]


def disqualifications(
    conn: Connection,
    start: dt.date,
    end: dt.date,
    findings: list[Finding],
    settings: AppraisalSettings,
) -> dict[int, list[GroundRecord]]:
    """Every ground against each clerk in start..end, by day."""
    found = (
        _recorded(conn, start, end)
        + _complaints(conn, start, end)
        + _inspections(conn, start, end)
        + _attendance(findings, settings)
        + _notices(conn, start, end, settings)
    )
    result: dict[int, list[GroundRecord]] = {}
    for g in sorted(found, key=lambda g: (g.day, g.ground.number)):
        result.setdefault(g.staff_id, []).append(g)
    return result


def summary(grounds: list[GroundRecord]) -> str:
    """'取消评先（第1、7项）': the grounds found, by their number in the regulations."""
    numbers = sorted({g.ground.number for g in grounds})
    return "取消评先（第" + "、".join(str(n) for n in numbers) + "项）"


def counts(grounds: list[GroundRecord]) -> list[tuple[Ground, int]]:
    """Each ground found, in the regulations' order, with how many times."""
    found: dict[Ground, int] = {}
    for g in grounds:
        found[g.ground] = found.get(g.ground, 0) + 1
    return sorted(found.items(), key=lambda kv: kv[0].number)
