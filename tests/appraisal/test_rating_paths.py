"""The reports' view of how ratings came in: coverage per device path, the device anomalies,
and a window whose relayed keypad ratings stand out from its server-side ones."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

from app.appraisal.rating_paths import GAP, RELAYED_MIN, rating_integrity
from app.appraisal.settings import DEFAULT_SETTINGS
from app.models import Database, RatingPath
from app.queue import ManualClock, QueueEngine, errors
from app.reports.produce import make_month
from tests.visitor import rate

DAY = dt.date(2026, 11, 23)


def _case(
    engine: QueueEngine, clock: ManualClock, window: int, level: int | None, path: RatingPath
) -> None:
    ticket = engine.issue_ticket("A").ticket.id
    engine.call_next(window)
    clock.advance(minutes=2)
    engine.finish(window, "done")
    clock.advance(seconds=3)
    rate(engine, ticket, level, path=path)


@pytest.fixture
def month(engine: QueueEngine, clock: ManualClock) -> QueueEngine:
    """Window 1: relayed ratings all 非常满意, its tablet ratings 基本满意; window 2: relayed
    and bus alike; two cases not rated; one refused answer."""
    engine.sign_in(1, "1001")
    engine.sign_in(2, "1002")
    for _ in range(RELAYED_MIN):
        _case(engine, clock, 1, 5, RatingPath.RELAYED)
        _case(engine, clock, 1, 3, RatingPath.TABLET)
        _case(engine, clock, 2, 5, RatingPath.RELAYED)
        _case(engine, clock, 2, 5, RatingPath.BUS)
    _case(engine, clock, 2, None, RatingPath.BUS)
    _case(engine, clock, 2, None, RatingPath.BUS)
    with pytest.raises(errors.RatingRefused):
        engine.answer_rating(12345, window=2, level=5, path=RatingPath.TABLET)
    return engine


def test_coverage_per_path_anomalies_and_the_flagged_window(
    month: QueueEngine, db: Database
) -> None:
    with db.read() as conn:
        found = rating_integrity(conn, DAY.replace(day=1), DAY.replace(day=30), DEFAULT_SETTINGS)
    counts = {p.path: (p.count, p.share) for p in found.paths}
    finished = 4 * RELAYED_MIN + 2
    assert found.finished == finished
    assert counts["relayed"] == (2 * RELAYED_MIN, 2 * RELAYED_MIN / finished)
    assert counts["tablet"][0] == counts["bus"][0] == RELAYED_MIN
    assert counts["none"][0] == 2
    assert [(a.anomaly, a.count, a.windows) for a in found.anomalies] == [
        ("unknown_session", 1, {2: 1})
    ]
    [flagged] = found.flagged
    assert flagged.relayed == flagged.server == RELAYED_MIN
    assert flagged.gap >= GAP and not flagged.against_hall
    with db.read() as conn:
        window_1 = conn.exec_driver_sql("SELECT id FROM windows WHERE number = 1").scalar()
    assert flagged.window_id == window_1


def test_the_month_report_shows_the_paths_the_anomalies_and_the_flag(
    month: QueueEngine, db: Database, tmp_path: Path, clock: ManualClock
) -> None:
    pdf = tmp_path / "month.pdf"
    make_month(db, DAY.replace(day=1), pdf=pdf, as_of=DAY)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True
    ).stdout
    assert "十一、评价途径与设备异常" in text
    for words in ("窗口电脑转发评价器", "平板评价器", "服务器总线评价器", "会话不存在", "请核查"):
        assert words in text, words
