"""The 日报 and the monthly report as real PDF files (pdftotext, pdffonts) and workbooks."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from pathlib import Path

import pytest
from appraisal.builder import DAY, Hall, fill_one_day
from openpyxl import load_workbook

from app.__main__ import main
from app.models import Database
from app.reports.fonts import FONT_NAME
from app.reports.produce import make_daily, make_month, write_daily_report
from tests.pdf import pdf_text


@pytest.fixture
def one_day(db: Database) -> Database:
    return fill_one_day(db)


def test_daily_pdf_has_the_chinese_headings_and_the_figures(
    one_day: Database, tmp_path: Path
) -> None:
    [pdf] = make_daily(one_day, DAY, pdf=tmp_path / "daily.pdf")
    text = pdf_text(pdf)
    for heading in (
        "政务服务大厅日报",
        "一、总体情况",
        "二、分事项统计",
        "三、分窗口统计",
        "四、分时段取号",
        "五、评价分布",
        "六、差评清单",
        "七、超时办结清单",
        "八、等候时间预测准确度",
    ):
        assert heading in text
    assert "2026-11-23（星期一）" in text
    # hall: mean wait 1100 s = 18.3 min, p90 2400 s = 40.0, mean handling 816 s = 13.6
    assert "18.3" in text and "40.0" in text and "13.6" in text
    # window 2: waits 2.5/3.0/3.0, handling 20.0/30.0/30.0
    assert "2.5" in text and "20.0" in text and "30.0" in text
    # 差评 list: A002 at window 1, 王芳, 不满意, follow-up due 14 December
    assert "A002" in text and "王芳" in text and "不满意" in text and "2026-12-14" in text
    # prediction: MAE 293.3 s = 4.9 min, bias 93.3 s = 1.6 min, 66.7% within ±5 min, on
    # both rows (no later estimate stored: the latest before the call is the printed one)
    section = text[text.index("八、等候时间预测准确度") :]
    for row in ("出票时（票面所印）", "叫号前最新预测"):
        line = next(line for line in section.splitlines() if row in line)
        assert re.search(r"\b3\b.*4\.9.*1\.6.*66\.7%", line), line


def test_pdfs_embed_the_cjk_font_and_no_other(one_day: Database, tmp_path: Path) -> None:
    [daily] = make_daily(one_day, DAY, pdf=tmp_path / "daily.pdf")
    [month] = make_month(one_day, DAY, pdf=tmp_path / "month.pdf", as_of=DAY)
    for pdf in (daily, month):
        fonts = subprocess.run(
            ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
        ).stdout
        rows = fonts.splitlines()[2:]  # below the header and the dashes
        assert any(FONT_NAME in row for row in rows), fonts
        # columns: name type encoding emb sub uni object ID; every font embedded
        assert all(row.split()[-5] == "yes" for row in rows), fonts


def test_an_empty_day_says_no_data(db: Database, tmp_path: Path) -> None:
    [pdf] = make_daily(db, DAY, pdf=tmp_path / "empty.pdf")
    text = pdf_text(pdf)
    assert "无数据" in text
    assert "政务服务大厅日报" in text


def test_daily_workbook_has_the_figures(one_day: Database, tmp_path: Path) -> None:
    [book] = make_daily(one_day, DAY, xlsx=tmp_path / "daily.xlsx")
    wb = load_workbook(book)
    totals = {row[0]: row[1] for row in wb["总体"].iter_rows(min_row=2, values_only=True)}
    assert (totals["取号"], totals["办结"], totals["过号"], totals["差评"]) == (7, 5, 1, 1)
    assert totals["最长等候(分)"] == 40.0
    windows = list(wb["分窗口"].iter_rows(min_row=2, values_only=True))
    assert [(w[0], w[1], w[2]) for w in windows] == [(1, 3, 1), (2, 2, 0)]
    assert list(wb["分时段取号"].iter_rows(min_row=2, values_only=True)) == [(9, 6), (10, 1)]
    assert [r[0] for r in wb["差评"].iter_rows(min_row=2, values_only=True)] == ["A002"]


def test_closing_time_writes_pdf_and_workbook_into_the_folder(
    one_day: Database, tmp_path: Path
) -> None:
    seen: list[float] = []
    files = write_daily_report(
        one_day, DAY, tmp_path / "reports", progress=lambda f, _m: seen.append(f)
    )
    assert [f.name for f in files] == ["daily-2026-11-23.pdf", "daily-2026-11-23.xlsx"]
    assert all(f.stat().st_size > 1000 for f in files)
    assert seen[0] == 0.0 and seen[-1] == 1.0
    assert seen == sorted(seen)


def test_month_report_lists_the_red_flag_windows(one_day: Database, tmp_path: Path) -> None:
    seen: list[float] = []
    pdf, book = make_month(
        one_day,
        dt.date(2026, 11, 1),
        pdf=tmp_path / "month.pdf",
        xlsx=tmp_path / "month.xlsx",
        as_of=dt.date(2026, 12, 1),
        progress=lambda f, _m: seen.append(f),
    )
    text = pdf_text(pdf)
    for heading in (
        "关于2026年11月窗口考核情况的通报",
        "一、总体情况",
        "二、红旗窗口",
        "三、满意率趋势",
        "四、窗口考核排名",
        "五、投诉、咨询、建议办理情况",
        "六、值班巡查与明察暗访",
        "七、一次性告知",
        "八、差评回访",
        "九、考勤情况",
        "十、工作人员考核",
        "约谈",
        "评分办法",
        "附件1",
    ):
        assert heading in text
    # a 通报: issued by the hall (the default issuer), dated as_of, with lines to sign
    assert "政务服务中心（盖章）" in text and "2026年12月1日" in text and "签发" in text
    # window 2 scores 80.00 (first), window 1 62.50 (see tests/appraisal)
    assert "2号窗口（第1名，80.00分）" in text
    assert "62.50" in text
    assert seen == sorted(seen) and seen[-1] == 1.0
    # the 差评 of A002, due 14 December, still open on 1 December: listed in the appendix
    appendix = text[text.index("差评回访未按期办结明细", text.index("签发")) :]
    assert "A002" in appendix and "2026-12-14" in appendix and "办理中" in appendix
    wb = load_workbook(book)
    rows = list(wb["窗口考核"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[2]) for r in rows] == [(1, "2号窗口", 80.0), (2, "1号窗口", 62.5)]
    follow = list(wb["差评回访"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1], r[3]) for r in follow] == [("A002", "1号窗口", 2)]


def test_month_report_flags_overdue_follow_ups_and_attendance(
    one_day: Database, tmp_path: Path
) -> None:
    with one_day.write() as conn:
        hall = Hall(conn)
        session = hall.session(DAY, "1002", 2, "08:25", "17:30")  # 5 minutes late
        hall.pause(session, 2, DAY, "12:00", "13:00", "lunch")
    [pdf] = make_month(one_day, DAY, pdf=tmp_path / "month.pdf", as_of=dt.date(2026, 12, 15))
    text = pdf_text(pdf)
    assert "逾期未办结" in text
    # the summary counts per clerk with the pause time; the appendix lists each finding
    assert "李娜（1002）" in text and "午休60" in text
    appendix = text[text.index("考勤问题明细") :]
    assert re.search(r"2026-11-23\s+李娜（1002）\s+2号窗口\s+迟到\s+5", appendix)


def test_report_command_writes_the_files(one_day: Database, tmp_path: Path) -> None:
    out, book = tmp_path / "d.pdf", tmp_path / "d.xlsx"
    code = main(
        [
            "report",
            "daily",
            "--db",
            one_day.url,
            "--date",
            "2026-11-23",
            "--out",
            str(out),
            "--xlsx",
            str(book),
        ]
    )
    assert code == 0
    assert out.exists() and book.exists()
    month = tmp_path / "m.pdf"
    assert (
        main(["report", "month", "--db", one_day.url, "--month", "2026-11", "--out", str(month)])
        == 0
    )
    assert "红旗窗口" in pdf_text(month)


def test_year_report_shows_cancelled_excellence(one_day: Database, tmp_path: Path) -> None:
    from sqlalchemy import select

    from app.appraisal.complaints import close_complaint, register_complaint
    from app.appraisal.settings import DEFAULT_SETTINGS
    from app.models import Staff

    with one_day.write() as conn:
        clerk = conn.scalar(select(Staff.id).where(Staff.staff_no == "1002"))
        cid = register_complaint(
            conn,
            kind="complaint",
            received_at=dt.datetime(2026, 11, 23, 11, 0),
            content="推诿",
            staff_id=clerk,
            settings=DEFAULT_SETTINGS,
        )
        close_complaint(
            conn,
            cid,
            result="属实",
            feedback="已反馈",
            substantiated=True,
            now=dt.datetime(2026, 11, 24, 9, 0),
        )
    out = tmp_path / "year.pdf"
    assert main(["report", "year", "--db", one_day.url, "--year", "2026", "--out", str(out)]) == 0
    text = pdf_text(out)
    assert "关于2026年度窗口工作人员考核情况的通报" in text
    assert "取消评先（第1项）" in text
    assert "违规审批、有效投诉或与服务对象发生正面冲突" in text
    assert "投诉登记第 1 号" in text  # the evidence, in the appendix
    # 李娜 scores 80 less 10 for the complaint: 70.00, still ahead of 王芳 (62.50)
    assert "70.00" in text and "62.50" in text
