"""A realistic year of the demo hall through the engine (bench/yearsim.py): the scores spread,
and 评先 goes to the best clerks without a ground against them."""

from __future__ import annotations

import datetime as dt
import statistics

import pytest
from sqlalchemy import select

from app.appraisal.complaints import close_complaint, register_complaint
from app.appraisal.errors import NotAComplaint
from app.appraisal.ranking import month_appraisal, year_ranking
from app.appraisal.settings import AppraisalSettings
from app.models import Complaint, ComplaintKind, Database

from .year import SimSummary

AS_OF = dt.date(2026, 12, 1)
Year = tuple[Database, SimSummary]


@pytest.fixture(scope="module")
def ranking(year: Year):  # type: ignore[no-untyped-def]
    db, _ = year
    with db.read() as conn:
        return year_ranking(conn, 2026, AppraisalSettings(), AS_OF)


def test_the_year_ran_through_the_engine(year: Year) -> None:
    _, summary = year
    assert summary.days == 225  # 4 January to 30 November, holidays out, make-up days in
    assert summary.finished > 5000 and summary.rated > 0.9 * summary.finished
    assert summary.refusals == {}  # every command the simulation sent was accepted


def test_the_scores_spread(ranking) -> None:  # type: ignore[no-untyped-def]
    scores = [r.score for r in ranking.staff if r.score is not None]
    assert len(scores) == 10 and len(set(scores)) == 10
    low, high = min(scores), max(scores)
    assert high - low >= 20, scores
    assert low < statistics.median(scores) < high
    assert low > 0  # a year of findings does not drive anybody to zero


def test_grounds_cancel_excellence_and_the_best_of_the_rest_are_picked(ranking) -> None:  # type: ignore[no-untyped-def]
    numbers = {
        r.label[-5:-1]: sorted({g.ground.number for g in ranking.grounds.get(r.key, [])})
        for r in ranking.staff
    }
    assert numbers == {
        "1001": [],
        "1002": [1],  # a substantiated complaint (June)
        "1003": [7],  # criticised for 玩手机 (August)
        "1004": [3, 6],  # caught by 明察暗访 (October); away on a refused leave (March)
        "1005": [],
        "1006": [6],  # 旷工 (July)
        "1007": [3],  # 一次性告知 failed twice in May: 通报批评
        "1008": [6, 8],  # 90 minutes signed out (June); 违诺超时 complaint (September)
        "1009": [],
        "1010": [4],  # 网购 at work, recorded with the video as evidence
    }
    eligible = [r for r in ranking.staff if not r.excluded]
    assert [r.label for r in ranking.excellent] == [r.label for r in eligible[:3]]
    assert all(r.excluded.startswith("取消评先") for r in ranking.staff if numbers[r.label[-5:-1]])


def test_a_consultation_could_not_be_made_a_substantiated_complaint(year: Year) -> None:
    db, summary = year
    assert summary.refused_consult_substantiated == 1
    with db.read() as conn:
        consult = conn.scalar(
            select(Complaint.id).where(Complaint.kind == ComplaintKind.CONSULT.value).limit(1)
        )
        found = conn.scalar(
            select(Complaint.id).where(
                Complaint.kind != ComplaintKind.COMPLAINT.value, Complaint.substantiated.is_(True)
            )
        )
    assert consult is not None and found is None
    with db.engine.connect() as conn:  # rolled back: the shared year stays as simulated
        tx = conn.begin()
        new = register_complaint(
            conn,
            kind="consult",
            received_at=dt.datetime(2026, 12, 1, 9, 0),
            content="咨询",
            settings=AppraisalSettings(),
        )
        with pytest.raises(NotAComplaint):
            close_complaint(
                conn, new, result="x", feedback="y", substantiated=True, now=dt.datetime.now()
            )
        tx.rollback()


@pytest.mark.parametrize(
    ("month", "window", "why"),
    [
        (4, "5号窗口", "值班巡查不足3天"),  # the convenor patrolled once on three days
        (5, "7号窗口", "一次性告知未落实通报批评"),
        (6, "2号窗口", "有效投诉1件"),
        (8, "3号窗口", "受批评1次"),
    ],
)
def test_windows_excluded_from_the_months_red_flags(
    year: Year, month: int, window: str, why: str
) -> None:
    db, _ = year
    with db.read() as conn:
        report = month_appraisal(conn, dt.date(2026, month, 1), AppraisalSettings(), AS_OF)
    row = next(r for r in report.windows if r.label == window)
    assert why in row.excluded and not row.red_flag
    assert report.red_flags  # the month still has its 红旗窗口
