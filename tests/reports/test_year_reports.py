"""The month, year and daily reports of the simulated year, read back as a director would:
pdftotext for the sections and figures, pdffonts for the embedded font, the workbooks for the
same content; the 一次性告知单; the report command with the config's issuer and hours."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from appraisal.year import SimSummary
from openpyxl import load_workbook
from sqlalchemy import select

from app.__main__ import main
from app.appraisal.ranking import year_ranking
from app.appraisal.settings import AppraisalSettings
from app.models import Database, OneTimeNotice, Ticket
from app.reports.fonts import FONT_NAME
from app.reports.produce import make_daily, make_month, make_notice, make_year
from tests.pdf import pdf_text

AS_OF = dt.date(2026, 12, 1)
Year = tuple[Database, SimSummary]


def embedded_fonts(path: Path) -> list[str]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    rows = out.splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), out  # embedded
    return rows


@pytest.fixture(scope="module")
def reports(year: Year, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    db, _ = year
    out = tmp_path_factory.mktemp("reports")
    files = {}
    for name, made in (
        (
            "month",
            make_month(
                db, dt.date(2026, 11, 1), pdf=out / "m.pdf", xlsx=out / "m.xlsx", as_of=AS_OF
            ),
        ),
        (
            "april",
            make_month(
                db, dt.date(2026, 4, 1), pdf=out / "a.pdf", xlsx=out / "a.xlsx", as_of=AS_OF
            ),
        ),
        ("year", make_year(db, 2026, pdf=out / "y.pdf", xlsx=out / "y.xlsx", as_of=AS_OF)),
        ("daily", make_daily(db, dt.date(2026, 11, 23), pdf=out / "d.pdf", xlsx=out / "d.xlsx")),
    ):
        files[name], files[f"{name}_xlsx"] = made
    return files


def test_the_month_report_is_a_notice_with_its_sections_and_charts(
    reports: dict[str, Path],
) -> None:
    text = pdf_text(reports["month"])
    head = text[: text.index("一、总体情况")]
    assert "政务服务中心" in head and "关于2026年11月窗口考核情况的通报" in head
    for section in (
        "二、红旗窗口",
        "三、满意率趋势",
        "四、窗口考核排名",
        "五、投诉、咨询、建议办理情况",
        "六、值班巡查与明察暗访",
        "七、一次性告知",
        "八、差评回访",
        "九、考勤情况",
        "十、工作人员考核",
        "评分办法",
        "附件1",
    ):
        assert section in text, section
    assert "满意率（%）/ satisfaction" in text  # the trend chart's title
    assert re.search(r"1\. \d号窗口", text)  # the ranking's bars are labelled by rank
    assert "本月值班窗口：1号窗口（召集人）、2号窗口、3号窗口、4号窗口" in text
    assert "明察暗访" in text
    signed = text[text.index("评分办法") :]
    assert "政务服务中心（盖章）" in signed and "2026年12月1日" in signed and "签发" in signed
    assert any(FONT_NAME in row for row in embedded_fonts(reports["month"]))


def test_a_ranking_row_is_one_line(reports: dict[str, Path]) -> None:
    """No wrapped cells: each window's row carries its score and its satisfaction on the
    same line of text."""
    text = pdf_text(reports["month"])
    table = text[text.index("四、窗口考核排名") : text.index("五、投诉")]
    rows = [line for line in table.splitlines() if re.match(r"\s*\d+\s+\d号窗口", line)]
    assert len(rows) == 8
    assert all(re.search(r"\d+\.\d\d\s+\d+.*\d+\.\d%", row) for row in rows), rows


def test_a_month_with_missing_patrols_says_so(reports: dict[str, Path]) -> None:
    text = pdf_text(reports["april"])
    assert "本月值班窗口：5号窗口（召集人）" in text
    assert "巡查不足每日两次的 3 天" in text
    assert "5号窗口（值班巡查不足3天）" in text  # not a 红旗窗口, and why


def test_the_year_report_names_the_picks_their_reasons_and_the_grounds(
    year: Year, reports: dict[str, Path]
) -> None:
    db, _ = year
    with db.read() as conn:
        ranking = year_ranking(conn, 2026, AppraisalSettings(), AS_OF)
    text = pdf_text(reports["year"])
    assert "关于2026年度窗口工作人员考核情况的通报" in text
    picks = text[text.index("三、年度评先人选") : text.index("四、取消年度评先资格")]
    for n, row in enumerate(ranking.excellent, start=1):
        assert f"{n}. {row.label}" in picks
        assert f"第{row.rank}名，{row.score:.2f}分" in picks and "无取消评先情形" in picks
    cancelled = text[text.index("四、取消年度评先资格") : text.index("五、工作人员考核排名")]
    assert "违诺超时被投诉并查实" in cancelled and "吃拿卡要" not in cancelled
    appendix = text[text.index("取消年度评先资格依据明细", text.index("签发")) :]
    assert "监控录像 2026-09-15 14:20–14:35" in appendix  # the recorded evidence
    assert "满意率（%）/ satisfaction" in text
    assert any(FONT_NAME in row for row in embedded_fonts(reports["year"]))


def test_the_workbooks_hold_the_same_content(year: Year, reports: dict[str, Path]) -> None:
    month = load_workbook(reports["month_xlsx"])
    for sheet in ("窗口考核", "人员考核", "红旗窗口", "满意率趋势", "投诉统计", "投诉登记"):
        assert sheet in month.sheetnames
    for sheet in ("值班窗口", "巡查记录", "检查记录", "一次性告知单", "差评回访", "考勤"):
        assert sheet in month.sheetnames
    trend = list(month["满意率趋势"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in trend] == [f"2026-{m:02d}" for m in range(1, 12)]
    year = load_workbook(reports["year_xlsx"])
    picks = [r[1] for r in year["评先人选"].iter_rows(min_row=2, values_only=True)]
    grounds = {r[1] for r in year["取消评先依据"].iter_rows(min_row=2, values_only=True)}
    assert len(picks) == 3 and not set(picks) & grounds
    ranked = [r[1] for r in year["人员排名"].iter_rows(min_row=2, values_only=True)]
    assert len(ranked) == 10


def test_the_daily_report_charts_arrivals_by_hour(reports: dict[str, Path]) -> None:
    text = pdf_text(reports["daily"])
    assert "四、分时段取号" in text and "取号人数 / tickets" in text and "9时" in text
    assert any(FONT_NAME in row for row in embedded_fonts(reports["daily"]))


def test_the_one_time_notice_prints_every_missing_material(year: Year, tmp_path: Path) -> None:
    db, _ = year
    with db.read() as conn:
        items, day, prefix, number = conn.execute(
            select(OneTimeNotice.items, Ticket.day, Ticket.prefix, Ticket.number)
            .join(Ticket, Ticket.id == OneTimeNotice.ticket_id)
            .order_by(OneTimeNotice.id.desc())
            .limit(1)
        ).one()
    pdf = make_notice(
        db, day, f"{prefix}{number:03d}", pdf=tmp_path / "n.pdf", issuer="某市政务服务中心"
    )
    text = pdf_text(pdf)
    assert "一次性告知单" in text and "某市政务服务中心" in text
    for n, item in enumerate(items, start=1):
        assert f"{n}. {item}" in text
    embedded_fonts(pdf)


def test_the_report_command_takes_the_issuer_and_the_hours_from_one_place(
    db: Database, tmp_path: Path
) -> None:
    """The config names the issuing body; the admin's stored opening time (09:00) beats the
    config file's (08:30): a sign-in at 08:45 is on time."""
    from appraisal.builder import DAY, Hall

    from app.models.hall_settings import save_settings

    with db.write() as conn:
        hall = Hall(conn)
        hall.session(DAY, "1002", 2, "08:45", "17:30")
        t = hall.ticket(DAY, "A", "09:00", called="09:05", finished="09:10", window=2, clerk="1002")
        hall.rate(t, 5, dt.datetime(2026, 11, 23, 9, 11))
        defaults = {"hall_name": "x", "notice": "", "open_at": "08:30", "close_at": "17:30"}
        save_settings(conn, {"open_at": "09:00"}, defaults=defaults, at=dt.datetime(2026, 1, 1))
    config = tmp_path / "hall.toml"
    config.write_text('[hall]\nname = "某区政务服务中心"\nissuer = "某区行政审批局"\n', "utf-8")
    out, book = tmp_path / "m.pdf", tmp_path / "m.xlsx"
    args = ["report", "month", "--month", "2026-11", "--as-of", "2026-12-01"]
    args += ["--db", db.url, "--config", str(config), "--out", str(out), "--xlsx", str(book)]
    assert main(args) == 0
    text = pdf_text(out)
    assert "某区行政审批局" in text[:300] and "某区行政审批局（盖章）" in text
    attendance = list(load_workbook(book)["考勤"].iter_rows(min_row=2, values_only=True))
    assert attendance == []  # judged by 09:00: no 迟到 25 min, no 早退
