"""Scores, ties, 红旗窗口 with its exclusions, 约谈 after two bottom months, yearly 评先."""

from __future__ import annotations

import datetime as dt

import pytest

from app.appraisal.attendance import FindingKind
from app.appraisal.complaints import close_complaint, record_inspection, register_complaint
from app.appraisal.metrics import TicketMetrics, TimeStats
from app.appraisal.ranking import bottom_keys, month_appraisal, pick_top, year_ranking
from app.appraisal.scoring import AppraisalRow, rank, score
from app.appraisal.settings import AppraisalSettings, ScoreWeights
from app.models import Database

from .builder import Hall, at

OCT = dt.date(2026, 10, 12)  # a Monday
NOV = dt.date(2026, 11, 16)  # a Monday
AS_OF = dt.date(2026, 12, 1)

# Window → clerk; each window serves four A tickets a month (5 min wait, 5 min handling:
# within the promised 10 minutes and the 20-minute waiting target) rated as listed.
CLERK = {1: "1001", 2: "1002", 3: "1003", 4: "1004", 5: "1005", 6: "1006"}
OCTOBER = {1: [5, 5, 5, 5], 5: [5, 5, 5, 5], 4: [5, 5, 3, 3], 6: [3, 3, 3, 3]}
NOVEMBER = {
    1: [5, 5, 5, 5],  # 100
    2: [5, 5, 5, 4],  # 100, less 10 for a substantiated complaint: 90
    3: [5, 5, 5, 3],  # 90, less 5 for a duty-window criticism: 85
    4: [5, 5, 3, 3],  # 80
    5: [5, 3, 3, 3],  # 70
    6: [3, 3, 3, 3],  # 60
}


def _month(hall: Hall, day: dt.date, plan: dict[int, list[int]]) -> None:
    for window, levels in plan.items():
        for n, level in enumerate(levels):
            issued = f"{9 + n}:00"
            t = hall.ticket(
                day,
                "A",
                issued,
                called=f"{9 + n}:05",
                finished=f"{9 + n}:10",
                window=window,
                clerk=CLERK[window],
            )
            hall.rate(t, level, at(day, f"{9 + n}:11"))


@pytest.fixture
def two_months(db: Database, settings: AppraisalSettings) -> Database:
    with db.write() as conn:
        hall = Hall(conn)
        _month(hall, OCT, OCTOBER)
        _month(hall, NOV, NOVEMBER)
        complaint = register_complaint(
            conn,
            kind="complaint",
            received_at=at(NOV, "11:00"),
            content="推诿",
            window_id=hall.windows[2],
            staff_id=hall.staff["1002"],
            settings=settings,
        )
        close_complaint(
            conn,
            complaint,
            result="属实",
            feedback="已反馈",
            substantiated=True,
            now=at(NOV, "15:00"),
        )
        unfounded = register_complaint(
            conn,
            kind="complaint",
            received_at=at(NOV, "11:00"),
            content="等太久",
            window_id=hall.windows[1],
            settings=settings,
        )
        close_complaint(
            conn,
            unfounded,
            result="不属实",
            feedback="已解释",
            substantiated=False,
            now=at(NOV, "15:00"),
        )
        record_inspection(
            conn,
            at=at(NOV, "14:00"),
            findings="工作时间闲聊",
            window_id=hall.windows[3],
            criticism=True,
            inspector="8号窗口",
        )
        record_inspection(
            conn,
            at=at(NOV, "14:10"),
            findings="桌面整洁",
            window_id=hall.windows[4],
            criticism=False,
            inspector="8号窗口",
        )
    return db


def test_month_scores_and_ranks(two_months: Database, settings: AppraisalSettings) -> None:
    with two_months.read() as conn:
        report = month_appraisal(conn, NOV, settings, AS_OF)
    got = [(r.label, r.rank, r.score) for r in report.windows]
    assert got == [
        ("1号窗口", 1, 100.0),
        ("2号窗口", 2, 90.0),
        ("3号窗口", 3, 85.0),
        ("4号窗口", 4, 80.0),
        ("5号窗口", 5, 70.0),
        ("6号窗口", 6, 60.0),
    ]


def test_red_flags_skip_excluded_windows_and_the_bottom_places(
    two_months: Database, settings: AppraisalSettings
) -> None:
    with two_months.read() as conn:
        report = month_appraisal(conn, NOV, settings, AS_OF)
    # 2 and 3 are excluded; 5 would be next but sits in the bottom two: only two red flags
    assert [r.label for r in report.red_flags] == ["1号窗口", "4号窗口"]
    excluded = {r.label: r.excluded for r in report.windows if r.excluded}
    assert excluded == {"2号窗口": "有效投诉1件", "3号窗口": "受批评1次"}


def test_bottom_two_months_running_is_flagged_for_a_talk(
    two_months: Database, settings: AppraisalSettings
) -> None:
    with two_months.read() as conn:
        report = month_appraisal(conn, NOV, settings, AS_OF)
    # November's bottom two are 5 and 6; October's were 4 and 6
    assert [r.label for r in report.windows if r.bottom] == ["5号窗口", "6号窗口"]
    assert [r.label for r in report.talks] == ["6号窗口"]


def test_year_ranking_cancels_excellence_after_a_substantiated_complaint(
    two_months: Database, settings: AppraisalSettings
) -> None:
    with two_months.read() as conn:
        year = year_ranking(conn, 2026, settings, AS_OF)
    got = [(r.label, r.rank, r.score) for r in year.staff]
    # 1002 and 1003 both score 82.5; 1002 is ahead on satisfaction (100% against 75%)
    assert got == [
        ("王芳（1001）", 1, 100.0),
        ("陈静（1005）", 2, 85.0),
        ("李娜（1002）", 3, 82.5),
        ("张伟（1003）", 4, 82.5),
        ("刘洋（1004）", 5, 80.0),
        ("杨磊（1006）", 6, 60.0),
    ]
    assert [r.label for r in year.excellent] == ["王芳（1001）", "陈静（1005）", "张伟（1003）"]
    assert year.staff[2].excluded == "取消评先（第1项）"  # 有效投诉


def _row(key: int, sat_good: int, finished: int = 4, bad: int = 0, rated: int = 4) -> AppraisalRow:
    t = TicketMetrics(key, issued=finished, finished=finished, rated=rated, good=sat_good, bad=bad)
    row = AppraisalRow(key=key, label=f"{key}号窗口", order=key, tickets=t)
    return row


def test_equal_rows_share_a_rank_and_the_next_rank_is_skipped() -> None:
    rows = [_row(1, 4), _row(2, 3), _row(3, 3), _row(4, 2)]
    for r, s in zip(rows, [90.0, 80.0, 80.0, 70.0], strict=True):
        r.score = s
    ranked = rank(rows)
    assert [(r.key, r.rank) for r in ranked] == [(1, 1), (2, 2), (3, 2), (4, 4)]


def test_equal_scores_are_split_by_satisfaction_then_cases_then_fewer_bad() -> None:
    rows = [
        _row(1, 3, finished=4),  # 75%, 4 cases
        _row(2, 4, finished=4),  # 100%
        _row(3, 3, finished=5),  # 75%, 5 cases
        _row(4, 3, finished=5, bad=1),  # 75%, 5 cases, one 差评
    ]
    for r in rows:
        r.score = 80.0
    assert [r.key for r in rank(rows)] == [2, 3, 4, 1]


def test_a_window_tied_with_the_last_red_flag_is_a_red_flag_too() -> None:
    rows = [_row(k, 4) for k in range(1, 6)]
    for r, s in zip(rows, [95.0, 90.0, 85.0, 85.0, 60.0], strict=True):
        r.score = s
    ranked = rank(rows)
    pick_top(ranked, 3)
    assert [r.key for r in ranked if r.red_flag] == [1, 2, 3, 4]
    assert bottom_keys(ranked, 2) == {3, 4, 5}  # 4th place ties with 3rd


def test_too_few_windows_have_no_bottom() -> None:
    rows = [_row(1, 4), _row(2, 2)]
    rows[0].score, rows[1].score = 90.0, 50.0
    assert bottom_keys(rank(rows), 2) == set()


def test_score_deductions_and_nothing_finished() -> None:
    weights = ScoreWeights()
    row = _row(1, 4)
    row.tickets.within_promised = 4
    row.tickets.wait = TimeStats(4, 60.0, 60, 60)
    row.tickets.within_wait_target = 4
    assert score(row, 4, weights) == 100.0
    row.attendance.update({FindingKind.LATE: 2})
    assert score(row, 8, weights) == 100.0 - 7.5 - 2
    assert score(_row(2, 0, finished=0, rated=0), 8, weights) is None
