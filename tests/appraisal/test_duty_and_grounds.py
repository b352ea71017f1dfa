"""Duty windows and their patrols, 一次性告知, and the eight grounds that cancel 评先."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from app.appraisal.complaints import close_complaint, record_inspection, register_complaint
from app.appraisal.duty import duty_summary, record_patrol, set_duty_roster
from app.appraisal.errors import InvalidInput, NotAllowed
from app.appraisal.grounds import disqualifications, record_ground, withdraw_ground
from app.appraisal.notices import notices, record_notice_failure
from app.appraisal.ranking import month_appraisal, year_ranking
from app.appraisal.settings import AppraisalSettings
from app.models import Database, Ground, OneTimeNotice
from app.queue import QueueEngine, errors

from .builder import Hall, at

NOV = dt.date(2026, 11, 2)  # a Monday
AS_OF = dt.date(2026, 12, 1)
NOW = dt.datetime(2026, 12, 1, 9, 0)


# Window → its four ratings: 1–3 score 100, 4 scores 90, 5 80 and 6 70.
RANKED = {4: [5, 5, 5, 3], 5: [5, 5, 3, 3], 6: [5, 3, 3, 3]}


def served(db: Database, windows: list[int], levels: dict[int, list[int]] | None = None) -> None:
    """Four cases at each window by clerk 100N in November, rated 5 or as `levels` says."""
    with db.write() as conn:
        hall = Hall(conn)
        for w in windows:
            for n in range(4):
                t = hall.ticket(
                    NOV,
                    "A",
                    f"{9 + n}:00",
                    called=f"{9 + n}:05",
                    finished=f"{9 + n}:10",
                    window=w,
                    clerk=f"{1000 + w}",
                )
                hall.rate(t, (levels or {}).get(w, [5] * 4)[n], at(NOV, f"{9 + n}:11"))


def roster(db: Database, windows: list[int]) -> None:
    with db.write() as conn:
        set_duty_roster(conn, month=NOV, window_numbers=windows, recorded_by="2001", now=NOW)


def patrol_every_day(db: Database, window: int, per_day: int, skip: int = 0) -> None:
    """`per_day` patrols each working day of November (the first `skip` days with one)."""
    from app.queue.calendar import working_days

    with db.write() as conn:
        for n, day in enumerate(working_days(conn, NOV.replace(day=1), dt.date(2026, 11, 30))):
            for k in range(1 if n < skip else per_day):
                record_patrol(
                    conn,
                    at=at(day, f"{10 + 4 * k}:00"),
                    duty_window_no=window,
                    findings="未发现问题",
                    recorded_by="2001",
                    now=at(day, "17:00"),
                )


def test_the_duty_roster_is_four_different_windows(db: Database) -> None:
    for windows in ([1, 2, 3], [1, 2, 3, 3], [1, 2, 3, 4, 5]):
        with db.write() as conn, pytest.raises(InvalidInput):
            set_duty_roster(conn, month=NOV, window_numbers=windows, recorded_by="a", now=NOW)
    roster(db, [5, 6, 7, 8])
    with db.read() as conn:
        summary = duty_summary(conn, NOV, AS_OF, AppraisalSettings())
    assert [(d.window_no, d.convenor) for d in summary.roster] == [
        (5, True),
        (6, False),
        (7, False),
        (8, False),
    ]


def test_only_a_duty_window_of_the_month_records_a_patrol(db: Database) -> None:
    roster(db, [5, 6, 7, 8])
    with db.write() as conn, pytest.raises(InvalidInput):
        record_patrol(
            conn, at=at(NOV, "10:00"), duty_window_no=1, findings="无", recorded_by="a", now=NOW
        )


def test_a_convenor_short_of_two_patrols_a_day_is_not_a_red_flag(
    db: Database, settings: AppraisalSettings
) -> None:
    served(db, [1, 2, 3, 4, 5, 6], RANKED)
    roster(db, [1, 2, 3, 4])
    patrol_every_day(db, 1, per_day=2, skip=2)  # two days with one patrol only
    with db.read() as conn:
        summary = duty_summary(conn, NOV, AS_OF, settings)
        report = month_appraisal(conn, NOV, settings, AS_OF)
    assert [d for d, _ in summary.short_days] == [dt.date(2026, 11, 2), dt.date(2026, 11, 3)]
    window_1 = next(r for r in report.windows if r.label == "1号窗口")
    assert window_1.excluded == "值班巡查不足2天" and not window_1.red_flag
    assert [r.label for r in report.red_flags] == ["2号窗口", "3号窗口", "4号窗口"]


def test_with_two_patrols_every_day_the_convenor_stays_eligible(
    db: Database, settings: AppraisalSettings
) -> None:
    served(db, [1, 2, 3, 4, 5, 6], RANKED)
    roster(db, [1, 2, 3, 4])
    patrol_every_day(db, 1, per_day=2)
    with db.read() as conn:
        report = month_appraisal(conn, NOV, settings, AS_OF)
    assert [r.label for r in report.red_flags] == ["1号窗口", "2号窗口", "3号窗口"]


def test_a_criticised_duty_window_is_not_a_red_flag(
    db: Database, settings: AppraisalSettings
) -> None:
    served(db, [1, 2, 3, 4, 5, 6], RANKED)
    roster(db, [1, 2, 3, 4])
    patrol_every_day(db, 1, per_day=2)
    with db.write() as conn:
        hall = Hall(conn)
        record_inspection(
            conn,
            at=at(NOV, "15:00"),
            findings="值班窗口未按要求巡查登记",
            window_id=hall.windows[2],
            criticism=True,
            kind="centre",
            inspector="中心督查室",
        )
    with db.read() as conn:
        report = month_appraisal(conn, NOV, settings, AS_OF)
    assert "2号窗口" not in [r.label for r in report.red_flags]
    assert [i.kind.zh for i in report.inspections] == ["中心督查"]


# 一次性告知


def test_materials_incomplete_needs_the_list_of_missing_materials(
    engine: QueueEngine, db: Database
) -> None:
    engine.issue_ticket("A")
    engine.sign_in(1, "1001")
    engine.call_next(1)
    for note, missing in (("", None), (" ", []), ("", ["  "])):
        with pytest.raises(errors.MaterialsListRequired) as refused:
            engine.finish(1, "incomplete", note, missing=missing)
        assert refused.value.code == "materials_required"
    done = engine.finish(1, "incomplete", missing=["身份证复印件", "户口簿原件"])
    with db.read() as conn:
        [notice] = notices(conn, done.day, done.day)
        events = conn.scalar(select(OneTimeNotice.items))
    assert (notice.number, notice.items, notice.window_no) == (
        "A001",
        ["身份证复印件", "户口簿原件"],
        1,
    )
    assert events == ["身份证复印件", "户口簿原件"]


def test_the_materials_may_come_as_the_notes_lines(engine: QueueEngine, db: Database) -> None:
    engine.issue_ticket("A")
    engine.sign_in(1, "1001")
    engine.call_next(1)
    done = engine.finish(1, "incomplete", "身份证复印件\n户口簿原件；结婚证")
    with db.read() as conn:
        [notice] = notices(conn, done.day, done.day)
    assert notice.items == ["身份证复印件", "户口簿原件", "结婚证"]


def _failures(db: Database, clerk: str, days: list[dt.date]) -> None:
    with db.write() as conn:
        for day in days:
            record_notice_failure(
                conn,
                staff_no=clerk,
                day=day,
                note="申请人二次补件",
                window_no=int(clerk[-1]),
                recorded_by="2001",
                now=NOW,
            )


def test_two_notice_failures_in_a_month_bring_a_criticism(
    db: Database, settings: AppraisalSettings
) -> None:
    served(db, [1, 2, 3, 4, 5, 6], RANKED)
    _failures(db, "1001", [NOV, NOV + dt.timedelta(days=7)])
    _failures(db, "1002", [NOV])  # once: no criticism
    with db.read() as conn:
        report = month_appraisal(conn, NOV, settings, AS_OF)
        grounds = disqualifications(conn, NOV, dt.date(2026, 11, 30), [], settings)
        hall = Hall(conn)
    assert list(report.notice_criticisms) == [hall.staff["1001"]]
    window_1 = next(r for r in report.windows if r.label == "1号窗口")
    assert window_1.excluded == "一次性告知未落实通报批评"
    assert [g.ground for g in grounds[hall.staff["1001"]]] == [Ground.CRITICISM]
    assert hall.staff["1002"] not in grounds


# The eight grounds


def test_each_of_the_eight_grounds_is_recorded_with_its_evidence_and_applied(
    db: Database, settings: AppraisalSettings
) -> None:
    served(db, [1, 2, 3, 4, 5, 6, 7, 8])
    with db.write() as conn:
        for n, ground in enumerate(Ground, start=1):
            record_ground(
                conn,
                staff_no=f"{1000 + n}",
                ground=ground.value,
                day=NOV,
                note=f"情形{n}",
                evidence=f"监控录像第{n}段",
                recorded_by="2001",
                now=NOW,
            )
    with db.read() as conn:
        year = year_ranking(conn, 2026, settings, AS_OF)
    assert year.excellent == []  # everybody has a ground
    for row in year.staff:
        n = int(row.label[-5:-1]) - 1000
        assert row.excluded == f"取消评先（第{n}项）"
        [record] = year.grounds[row.key]
        assert (record.ground.number, record.evidence) == (n, f"监控录像第{n}段")


def test_a_ground_needs_a_note_evidence_and_a_supervisor(db: Database) -> None:
    with db.write() as conn:
        for note, evidence, by, error in (
            ("玩手机", "", "2001", InvalidInput),
            ("", "照片", "2001", InvalidInput),
            ("玩手机", "照片", "1002", NotAllowed),
            ("玩手机", "照片", "admin", NotAllowed),  # not the IT administrator
        ):
            with pytest.raises(error):
                record_ground(
                    conn,
                    staff_no="1001",
                    ground="conduct",
                    day=NOV,
                    note=note,
                    evidence=evidence,
                    recorded_by=by,
                    now=NOW,
                )


def test_a_withdrawn_ground_no_longer_cancels(db: Database, settings: AppraisalSettings) -> None:
    served(db, [1, 2, 3, 4], RANKED)
    with db.write() as conn:
        record = record_ground(
            conn,
            staff_no="1001",
            ground="bribery",
            day=NOV,
            note="收受礼品",
            evidence="举报信",
            recorded_by="2001",
            now=NOW,
        )
        withdraw_ground(conn, record, reason="经核实不属实", withdrawn_by="2001", now=NOW)
    with db.read() as conn:
        year = year_ranking(conn, 2026, settings, AS_OF)
    assert [r.label for r in year.excellent] == ["王芳（1001）", "李娜（1002）", "张伟（1003）"]


def test_complaints_inspections_and_attendance_produce_their_grounds(
    db: Database, settings: AppraisalSettings
) -> None:
    served(db, [1, 2, 3, 4, 5, 6, 7])
    with db.write() as conn:
        hall = Hall(conn)

        def complaint(clerk: str, overdue: bool) -> None:
            cid = register_complaint(
                conn,
                kind="complaint",
                received_at=at(NOV, "10:00"),
                content="超时未办结" if overdue else "态度生硬",
                staff_id=hall.staff[clerk],
                overdue_promise=overdue,
                settings=settings,
            )
            close_complaint(
                conn, cid, result="属实", feedback="已反馈", substantiated=True, now=NOW
            )

        def inspection(clerk: str, kind: str, conduct: str = "") -> None:
            record_inspection(
                conn,
                at=at(NOV, "15:00"),
                findings="发现问题",
                staff_id=hall.staff[clerk],
                criticism=True,
                kind=kind,
                conduct=conduct,
            )

        complaint("1001", overdue=False)  # ground 1
        complaint("1002", overdue=True)  # ground 8
        inspection("1003", "patrol")  # ground 7: 玩手机… when criticised
        inspection("1004", "unannounced")  # ground 3: caught by 明察暗访
        inspection("1005", "patrol", conduct="software")  # ground 5, as the record says
        record_inspection(  # a remark without criticism is no ground
            conn, at=at(NOV, "15:00"), findings="提醒", staff_id=hall.staff["1006"]
        )
        hall.session(NOV, "1007", 7, "08:15", "09:00")  # away from 09:00 …
        hall.session(NOV, "1007", 7, "10:30", "17:30")  # … to 10:30, no leave: ground 6
    with db.read() as conn:
        year = year_ranking(conn, 2026, settings, AS_OF)
    grounds = {
        r.label[-5:-1]: [g.ground.number for g in year.grounds.get(r.key, [])] for r in year.staff
    }
    assert grounds == {
        "1001": [1],
        "1002": [8],
        "1003": [7],
        "1004": [3],
        "1005": [5],
        "1006": [],
        "1007": [6],
    }
    assert [r.label for r in year.excellent] == ["杨磊（1006）"]
