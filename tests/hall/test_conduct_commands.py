"""The 评先 grounds, 一次性告知 and the complaint register's new fields, through the real
CommandTable in-process: what the supervisor records is what the year's grounds show."""

from __future__ import annotations

import base64
import subprocess
import time
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.hall.errors import BadRequest
from app.models import AuditLog
from app.queue import QueueEngine

from .conftest import ADMIN, SUPERVISOR, Run, audit_rows


def test_a_ground_recorded_with_evidence_is_in_the_years_grounds_until_withdrawn(
    run: Run, refused: Any, engine: QueueEngine
) -> None:
    assert run(ADMIN, "grounds_year", year=2026)["clerks"] == []
    saved = run(SUPERVISOR, "ground_record", staff_no="1003", ground="bribery", day="2026-11-20",
                note="向申请人索要购物卡", evidence="监控录像 11-20 10:42；举报信第 7 号",
                window=3)  # fmt: skip
    record_id = int(saved["target"].split(":")[1])
    assert saved["after"]["evidence"] == "监控录像 11-20 10:42；举报信第 7 号"
    year = run(ADMIN, "grounds_year", year=2026)
    assert [(c["staff"], c["summary"]) for c in year["clerks"]] == [
        ("张伟（1003）", "取消评先（第2项）")
    ]
    ground = year["clerks"][0]["grounds"][0]
    assert (ground["ground"], ground["number"], ground["source"], ground["record_id"]) == (
        "bribery",
        2,
        "主管登记",
        record_id,
    )
    assert ground["ground_zh"] == "吃拿卡要" and ground["evidence"].startswith("监控录像")
    assert run(SUPERVISOR, "grounds_year", year=2025)["clerks"] == []

    unsaid = refused(SUPERVISOR, "ground_withdraw", id=record_id, reason="   ")
    assert unsaid.code == "invalid_input"
    run(SUPERVISOR, "ground_withdraw", id=record_id, reason="经核实系他人所为")
    year = run(ADMIN, "grounds_year", year=2026)
    assert year["clerks"] == []
    assert [(w["id"], w["reason"], w["withdrawn_by"]) for w in year["withdrawn"]] == [
        (record_id, "经核实系他人所为", "2001")
    ]
    twice = refused(SUPERVISOR, "ground_withdraw", id=record_id, reason="再撤")
    assert twice.code == "not_found"
    assert audit_rows(engine) == [
        ("2001", "ground_record", f"ground:{record_id}"),
        ("2001", "ground_withdraw", f"ground:{record_id}"),
    ]
    with engine.db.read() as conn:
        last = conn.execute(select(AuditLog).order_by(AuditLog.id.desc())).first()
    assert last is not None and last.before["withdrawn_reason"] == ""
    assert last.after["withdrawn_reason"] == "经核实系他人所为"


def test_two_notice_failures_in_a_month_are_a_criticism_and_a_ground(
    run: Run, engine: QueueEngine
) -> None:
    run(ADMIN, "notice_failure_record", staff_no="1002", note="未告知需户口簿，群众二次跑",
        day="2026-11-05", evidence="群众来电记录")  # fmt: skip
    failures = run(SUPERVISOR, "notice_failures")
    assert failures["threshold"] == 2 and failures["criticised"] == []
    run(SUPERVISOR, "notice_failure_record", staff_no="1002", note="漏告知复印件", window=2)
    failures = run(SUPERVISOR, "notice_failures", start="2026-11-01", end="2026-11-30")
    assert [f["day"] for f in failures["failures"]] == ["2026-11-05", "2026-11-23"]
    assert failures["criticised"] == [{"staff": "李娜（1002）", "month": "2026-11", "failures": 2}]
    clerks = run(SUPERVISOR, "grounds_year", year=2026)["clerks"]
    assert [(c["staff"], c["summary"]) for c in clerks] == [("李娜（1002）", "取消评先（第3项）")]
    assert clerks[0]["grounds"][0]["source"] == "一次性告知"
    assert [a for _, a, _ in audit_rows(engine)] == ["notice_failure_record"] * 2


def test_an_inspections_kind_and_conduct_decide_its_ground(run: Run) -> None:
    run(SUPERVISOR, "inspection_record", findings="暗访发现窗口人员玩手机", kind="unannounced",
        inspector="市督查室", window=3, staff_no="1003", criticism=True)  # fmt: skip
    run(ADMIN, "inspection_record", findings="工作时间网购", duty_window=5, window=4,
        staff_no="1004", criticism=True, conduct="leisure")  # fmt: skip
    run(ADMIN, "inspection_record", findings="巡查未发现问题", duty_window=5)
    rows = run(SUPERVISOR, "inspections")
    assert [(r["kind"], r["kind_zh"], r["conduct_zh"]) for r in rows] == [
        ("unannounced", "明察暗访", ""),
        ("patrol", "值班巡查", "工作时间娱乐网购"),
        ("patrol", "值班巡查", ""),
    ]
    clerks = run(SUPERVISOR, "grounds_year", year=2026)["clerks"]
    assert [(c["staff"], c["summary"]) for c in clerks] == [
        ("张伟（1003）", "取消评先（第3项）"),  # 明察暗访查实
        ("刘洋（1004）", "取消评先（第4项）"),  # the conduct it names
    ]
    assert clerks[0]["grounds"][0]["source"] == "检查记录"


def test_a_suggestion_needs_its_promised_date_and_an_entry_can_be_marked_important(
    run: Run, refused: Any, engine: QueueEngine
) -> None:
    no_date = refused(ADMIN, "complaint_register", kind="suggestion", content="增加自助复印机")
    assert no_date.code == "promised_date_required"
    saved = run(ADMIN, "complaint_register", kind="suggestion", content="增加自助复印机",
                promised_on="2026-12-04")  # fmt: skip
    assert saved["after"]["deadline"] == "2026-12-04"
    consult = run(SUPERVISOR, "complaint_register", kind="consult", content="公积金提取材料？")
    assert consult["after"]["due_at"] == "2026-11-24T09:00:00"  # 24 hours
    complaint = run(SUPERVISOR, "complaint_register", kind="complaint", content="承诺3天办结未办结",
                    window=5, staff_no="1005", overdue_promise=True, important=True)  # fmt: skip
    assert complaint["after"]["important"] is True
    assert complaint["after"]["overdue_promise"] is True
    consult_id = int(consult["target"].split(":")[1])
    wrong = refused(SUPERVISOR, "complaint_close", id=consult_id, result="已答复",
                    feedback="电话告知", substantiated=True)  # fmt: skip
    assert wrong.code == "not_a_complaint"

    suggestion_id = int(saved["target"].split(":")[1])
    marked = run(SUPERVISOR, "complaint_set_important", id=suggestion_id, important=True)
    assert marked["audit_id"] is not None and marked["after"]["important"] is True
    again = run(SUPERVISOR, "complaint_set_important", id=suggestion_id, important=True)
    assert again["audit_id"] is None  # no change, no audit row
    cleared = run(ADMIN, "complaint_set_important", id=suggestion_id, important=False)
    assert cleared["after"]["important"] is False
    run(SUPERVISOR, "complaint_set_important", id=suggestion_id, important=True)
    missing = refused(SUPERVISOR, "complaint_set_important", id=999, important=True)
    assert missing.code == "not_found"
    register = run(ADMIN, "complaints")
    assert [r["important"] for r in register] == [True, False, True]

    stats = run(SUPERVISOR, "complaint_stats", month="2026-11")
    by_label = {k["label"]: k for k in stats["by_kind"]}
    assert [k["label"] for k in stats["by_kind"]] == ["咨询", "建议", "投诉", "合计"]
    assert [by_label[k]["received"] for k in ("咨询", "建议", "投诉", "合计")] == [1, 1, 1, 3]
    assert by_label["合计"]["open"] == 3 and stats["overdue"] == []
    assert [a for _, a, _ in audit_rows(engine)] == [
        "complaint_register",
        "complaint_register",
        "complaint_register",
        "complaint_set_important",
        "complaint_set_important",
        "complaint_set_important",
    ]


def test_the_one_time_notice_of_a_finished_ticket_is_read_and_printed_as_a_pdf(
    run: Run, refused: Any, engine: QueueEngine, tmp_path: Path
) -> None:
    engine.sign_in(1, "1001")
    engine.issue_ticket("A")
    engine.call_next(1)
    engine.finish(1, "incomplete", "", missing=["身份证原件", "近三个月社保缴费证明"])
    notice = run(ADMIN, "one_time_notice", date="2026-11-23", number="A001")
    assert (notice["number"], notice["window"], notice["staff"]) == ("A001", 1, "王芳")
    assert notice["items"] == ["身份证原件", "近三个月社保缴费证明"]
    assert [n["number"] for n in run(SUPERVISOR, "notices")] == ["A001"]
    assert refused(ADMIN, "one_time_notice", date="2026-11-23", number="A002").code == "not_found"
    assert refused(ADMIN, "report_start", kind="notice", number="A009").code == "not_found"
    unnamed = refused(ADMIN, "report_start", kind="notice")
    assert isinstance(unnamed, BadRequest) and unnamed.field == "number"

    job = run(ADMIN, "report_start", kind="notice", date="2026-11-23", number="a001")["job"]
    deadline = time.monotonic() + 30
    while not (status := run(ADMIN, "report_status", job=job))["done"]:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert status["error"] is None
    assert [f["name"] for f in status["files"]] == ["notice-2026-11-23-A001.pdf"]
    reply = run(ADMIN, "report_file", job=job, name="notice-2026-11-23-A001.pdf")
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(base64.b64decode(reply["data"]))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    for expected in ("一次性告知单", "A001", "1. 身份证原件", "2. 近三个月社保缴费证明"):
        assert expected in text
    assert "测试市政务服务中心" in text  # the issuer from the config


def test_a_rostered_clerk_absent_without_approved_leave_loses_pingxian_for_absence(
    run: Run,
) -> None:
    """旷工 (due, no sign-in, no approved leave) is ground 6 in the year's grounds; the day
    covered by approved leave is not."""
    run(ADMIN, "roster_set", window=3, start="2026-11-19", end="2026-11-20", staff_a="1003")
    leave = run(ADMIN, "leave_record", staff_no="1003", kind="annual", start="2026-11-19T00:00",
                end="2026-11-19T23:59", reason="年休假")  # fmt: skip
    run(SUPERVISOR, "leave_decide", id=int(leave["target"].split(":")[1]), approve=True)
    [clerk] = run(SUPERVISOR, "grounds_year", year=2026)["clerks"]
    assert (clerk["staff"], clerk["summary"]) == ("张伟（1003）", "取消评先（第6项）")
    assert [(g["day"], g["source"]) for g in clerk["grounds"]] == [("2026-11-20", "考勤")]
    assert clerk["grounds"][0]["note"].startswith("旷工")
