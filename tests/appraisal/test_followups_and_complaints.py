"""差评 follow-ups and the complaints register: working-day deadlines, statuses, retention."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import insert, select

from app.appraisal.complaints import (
    close_complaint,
    complaints,
    delete_complaint,
    inspections,
    overdue_complaints,
    record_inspection,
    register_complaint,
    route_complaint,
)
from app.appraisal.errors import InvalidInput, NotAllowed
from app.appraisal.followups import (
    follow_ups,
    overdue_follow_ups,
    sync_follow_ups,
    update_follow_up,
)
from app.appraisal.settings import AppraisalSettings
from app.models import Complaint, ComplaintStatus, Database, FollowUpStatus, Holiday

from .builder import DAY, Hall, at

EVE = dt.date(2026, 9, 30)  # a Wednesday before the National Day holiday


@pytest.fixture
def national_day(db: Database) -> Database:
    """Holidays 1–7 October, and Saturday 10 October a make-up working day (调休)."""
    with db.write() as conn:
        for n in range(1, 8):
            conn.execute(insert(Holiday).values(day=dt.date(2026, 10, n), name="国庆节"))
        conn.execute(
            insert(Holiday).values(day=dt.date(2026, 10, 10), name="国庆调休", is_workday=True)
        )
    return db


def test_complaint_deadlines_skip_the_holiday_and_count_the_make_up_day(
    national_day: Database, settings: AppraisalSettings
) -> None:
    with national_day.write() as conn:
        normal = register_complaint(
            conn,
            kind="complaint",
            received_at=at(EVE, "16:00"),
            content="态度差",
            settings=settings,
        )
        special = register_complaint(
            conn,
            kind="complaint",
            received_at=at(EVE, "16:00"),
            content="涉及多部门",
            special=True,
            settings=settings,
        )
        deadlines = dict(conn.execute(select(Complaint.id, Complaint.deadline)).all())
    # 8 Oct (Thu) 1, 9 Oct (Fri) 2, 10 Oct (make-up Saturday) 3
    assert deadlines[normal] == dt.date(2026, 10, 10)
    # then 12, 13, 14, 15 October
    assert deadlines[special] == dt.date(2026, 10, 15)


def test_a_bad_rating_opens_one_follow_up_due_in_fifteen_working_days(
    national_day: Database, settings: AppraisalSettings
) -> None:
    with national_day.write() as conn:
        hall = Hall(conn)
        t = hall.ticket(EVE, "A", "09:00", called="09:05", finished="09:10", window=1, clerk="1001")
        hall.rate(t, 1, at(EVE, "09:11"))
        good = hall.ticket(EVE, "A", "09:00", called="09:15", finished="09:20", window=1)
        hall.rate(good, 4, at(EVE, "09:21"))
        assert sync_follow_ups(conn, settings) == 1
        assert sync_follow_ups(conn, settings) == 0  # idempotent
        [opened] = follow_ups(conn)
    assert (opened.ticket_id, opened.level, opened.opened_on) == (t, 1, EVE)
    # Oct 8, 9, 10 (make-up), 12–16, 19–23, 26, 27: the 15th working day
    assert opened.deadline == dt.date(2026, 10, 27)
    assert opened.status is FollowUpStatus.OPEN


def test_follow_up_is_overdue_after_its_deadline_until_closed(
    one_day: Database, settings: AppraisalSettings
) -> None:
    with one_day.write() as conn:
        sync_follow_ups(conn, settings)
        [item] = follow_ups(conn)
        assert item.deadline == dt.date(2026, 12, 14)
        assert overdue_follow_ups(conn, dt.date(2026, 12, 14)) == []
        assert [f.id for f in overdue_follow_ups(conn, dt.date(2026, 12, 15))] == [item.id]
        with pytest.raises(InvalidInput):
            update_follow_up(conn, item.id, close=True, by="admin", now=at(DAY, "15:00"))
        update_follow_up(
            conn, item.id, rectification="加强业务培训", by="admin", now=at(DAY, "15:00")
        )
        closed = update_follow_up(
            conn,
            item.id,
            visit_result="电话回访，群众表示理解",
            close=True,
            by="admin",
            now=dt.datetime(2026, 12, 16, 10, 0),
        )
        assert overdue_follow_ups(conn, dt.date(2026, 12, 20)) == []
    assert closed.status is FollowUpStatus.CLOSED
    assert closed.rectification == "加强业务培训"
    assert closed.overdue(dt.date(2026, 12, 20))  # closed two days late
    assert not item.overdue(dt.date(2026, 12, 14))


def test_complaint_is_routed_closed_and_flagged_overdue(
    db: Database, settings: AppraisalSettings
) -> None:
    with db.write() as conn:
        hall = Hall(conn)
        cid = register_complaint(
            conn,
            kind="complaint",
            received_at=at(DAY, "10:00"),
            content="窗口人员玩手机",
            source="12345热线",
            window_id=hall.windows[3],
            staff_id=hall.staff["1003"],
            settings=settings,
        )
        assert overdue_complaints(conn, dt.date(2026, 11, 26)) == []  # due Thu 26 Nov
        assert overdue_complaints(conn, dt.date(2026, 11, 27)) == [cid]
        route_complaint(conn, cid, "不动产登记中心", at(DAY, "10:30"))
        with pytest.raises(InvalidInput):
            close_complaint(
                conn, cid, result="", feedback="", substantiated=True, now=at(DAY, "11:00")
            )
        close_complaint(
            conn,
            cid,
            result="属实，已批评教育",
            feedback="已电话告知投诉人",
            substantiated=True,
            now=at(DAY, "16:00"),
        )
        row = conn.execute(select(Complaint).where(Complaint.id == cid)).one()
    assert row.status == ComplaintStatus.CLOSED.value
    assert (row.routed_to, row.substantiated) == ("不动产登记中心", True)


def test_complaints_cannot_be_deleted_within_a_year(
    db: Database, settings: AppraisalSettings
) -> None:
    with db.write() as conn:
        cid = register_complaint(
            conn,
            kind="suggestion",
            received_at=at(DAY, "10:00"),
            content="增加座椅",
            settings=settings,
            promised_on=DAY + dt.timedelta(days=7),
        )
        close_complaint(
            conn,
            cid,
            result="已采纳",
            feedback="已答复",
            substantiated=False,
            now=at(DAY, "11:00"),
        )
        with pytest.raises(NotAllowed):
            delete_complaint(conn, cid, dt.date(2027, 11, 23))  # exactly a year: still kept
        delete_complaint(conn, cid, dt.date(2027, 11, 24))
        assert conn.scalar(select(Complaint.id).where(Complaint.id == cid)) is None


def test_an_open_complaint_is_never_deleted(db: Database, settings: AppraisalSettings) -> None:
    with db.write() as conn:
        cid = register_complaint(
            conn,
            kind="consult",
            received_at=at(DAY, "10:00"),
            content="咨询社保",
            settings=settings,
        )
        with pytest.raises(NotAllowed):
            delete_complaint(conn, cid, dt.date(2030, 1, 1))


def test_unknown_complaint_kind_is_refused(db: Database, settings: AppraisalSettings) -> None:
    with db.write() as conn, pytest.raises(InvalidInput) as caught:
        register_complaint(
            conn, kind="praise", received_at=at(DAY, "10:00"), content="x", settings=settings
        )
    assert caught.value.zh.startswith("类别无效")


def test_register_and_inspection_lists_for_the_admin_screens(
    db: Database, settings: AppraisalSettings
) -> None:
    with db.write() as conn:
        hall = Hall(conn)
        first = register_complaint(
            conn,
            kind="complaint",
            received_at=at(DAY, "10:00"),
            content="窗口人员玩手机",
            window_id=hall.windows[3],
            staff_id=hall.staff["1003"],
            settings=settings,
        )
        register_complaint(
            conn, kind="consult", received_at=at(DAY, "11:00"), content="咨询", settings=settings
        )
        close_complaint(
            conn,
            first,
            result="属实",
            feedback="已反馈",
            substantiated=True,
            now=dt.datetime(2026, 11, 27, 9, 0),
        )
        record_inspection(
            conn,
            at=at(DAY, "14:00"),
            findings="工作时间闲聊",
            duty_window_id=hall.windows[8],
            inspector="周婷",
            window_id=hall.windows[3],
            criticism=True,
        )
        listed = complaints(conn, DAY, DAY)
        still_open = complaints(conn, DAY, DAY, open_only=True)
        records = inspections(conn, DAY, DAY)
    assert [(c.kind_zh, c.window_no, c.staff) for c in listed] == [
        ("投诉", 3, "张伟（1003）"),
        ("咨询", None, ""),
    ]
    assert listed[0].overdue(dt.date(2026, 12, 1))  # due 26 Nov, closed 27 Nov
    assert [c.kind_zh for c in still_open] == ["咨询"]
    assert [(r.duty_window_no, r.window_no, r.criticism) for r in records] == [(8, 3, True)]
