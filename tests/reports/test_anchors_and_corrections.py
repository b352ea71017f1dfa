"""Anchors outside the database (the closing job's heads file, the daily report's heads) and
the month report's list of rating corrections, read back from the real files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from appraisal.sealed_hall import DAY, SUPERVISOR, SealedHall, build_sealed_hall

from app.models.chain import chain_heads
from app.reports.closing import ClosingPlan, run_closing
from app.reports.produce import make_daily, make_month
from tests.pdf import pdf_text

Capture = pytest.CaptureFixture[str]


@pytest.fixture
def hall(demo_template: Path, tmp_path: Path) -> SealedHall:
    return build_sealed_hall(tmp_path / "hall", demo_template)


def test_the_closing_job_appends_the_heads_and_never_rewrites_them(
    hall: SealedHall, tmp_path: Path, capsys: Capture
) -> None:
    plan = ClosingPlan(tmp_path / "reports", None)
    db = hall.open()
    try:
        made = run_closing(db, DAY, plan)
        with db.read() as conn:
            heads = chain_heads(conn)
        heads_file = plan.heads_dir / "heads-2026-11-23.jsonl"
        assert made[0] == heads_file
        first = heads_file.read_text(encoding="utf-8")
        assert json.loads(first)["chain_heads"] == heads
        assert heads["ratings"] == {"id": hall.ratings[-1], "digest": heads["ratings"]["digest"]}
        assert len(heads["ratings"]["digest"]) == 16
        run_closing(db, DAY, plan)  # a restarted server runs it again
    finally:
        db.dispose()
    text = heads_file.read_text(encoding="utf-8")
    assert text.startswith(first) and len(text.splitlines()) == 2
    code, out = hall.verify("--anchors", str(plan.reports_dir), capsys=capsys)
    assert code == 0, out
    assert "2 anchor(s) match" in out


def test_the_daily_report_prints_each_chains_head(hall: SealedHall, tmp_path: Path) -> None:
    db = hall.open()
    try:
        [pdf] = make_daily(db, DAY, pdf=tmp_path / "daily.pdf")
        with db.read() as conn:
            heads = chain_heads(conn)
    finally:
        db.dispose()
    lines = pdf_text(pdf).splitlines()
    assert any("十一、防篡改链头" in line for line in lines)
    for table, head in heads.items():
        assert any(line.split() == [table, str(head["id"]), head["digest"]] for line in lines), (
            table
        )


def test_the_month_report_lists_the_corrections(hall: SealedHall, tmp_path: Path) -> None:
    db = hall.open()
    try:
        [pdf] = make_month(
            db, DAY.replace(day=1), pdf=tmp_path / "month.pdf", as_of=dt.date(2026, 12, 31)
        )
    finally:
        db.dispose()
    text = pdf_text(pdf)
    assert "十三、评价更正" in text
    [row] = [line for line in text.splitlines() if "群众按错键" in line]
    # the 4th case (A004) was rated 3 基本满意, corrected to 4 满意 by the supervisor
    assert row.split()[:8] == [
        "A004",
        "2026-11-23",
        "1号",
        "王芳",
        "基本满意",
        "满意",
        SUPERVISOR,
        "2026-11-23",
    ]
