"""The configuration commands through the table: each change is audited with its actor and
action in its own transaction and announced; a change that changes nothing is neither."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from app.appraisal.settings import HallHours
from app.config import Config
from app.hall.caller import Role
from app.models import AuditLog, Staff
from app.models.passwords import verify_password
from app.queue import QueueEngine
from tests.hall.conftest import Act, written
from tests.tokens import TOKENS

A, S = Role.ADMIN, Role.SUPERVISOR
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 40


@pytest.fixture
def hall_config() -> Config:
    """The config file's hours are not the built-in 08:30–17:30 here."""
    hours = HallHours(open_at=dt.time(9, 0), close_at=dt.time(18, 0))
    return Config(hall_name="测试大厅", notice="测试通知", tokens=TOKENS, hours=hours)


def audits(engine: QueueEngine) -> list[Any]:
    with engine.db.read() as conn:
        return list(conn.execute(select(AuditLog).order_by(AuditLog.id)).all())


def announced(engine: QueueEngine, seq: int) -> list[dict[str, Any]]:
    return [e.data for e in engine.events_after(seq) if e.kind == "config_changed"]


def test_a_new_and_a_changed_service_are_audited_and_announced_as_such(
    act: Act, engine: QueueEngine
) -> None:
    seq = engine.last_seq()
    data = {"code": "G", "name": "出入境", "promised_minutes": 12, "daily_cap": 50,
            "open_at": "08:00", "close_at": "17:00"}  # fmt: skip
    made = act.run(A, "service_save", data=data)
    changed = act.run(A, "service_save", code="G", data={"name": "出入境证件"})
    rows = audits(engine)
    assert [(r.id, r.action, r.actor, r.target) for r in rows] == [
        (made["audit_id"], "service_create", "admin", "service:G"),
        (changed["audit_id"], "service_update", "admin", "service:G"),
    ]
    assert rows[0].before is None and rows[1].before["name"] == "出入境"
    assert rows[1].after["name"] == "出入境证件"
    assert announced(engine, seq) == [
        {"what": "services", "action": "service_create", "target": "service:G"},
        {"what": "services", "action": "service_update", "target": "service:G"},
    ]


def test_a_new_and_a_changed_window_are_audited_as_such(act: Act, engine: QueueEngine) -> None:
    act.run(A, "window_save", data={"number": 9, "name": "新窗口", "services": ["A"]})
    act.run(A, "window_save", number=9, data={"services": ["B", "A"]})
    assert [(r.action, r.target) for r in audits(engine)] == [
        ("window_create", "window:9"), ("window_update", "window:9"),
    ]  # fmt: skip
    assert act.run(A, "window_save", number=9, data={"services": ["B", "A"]})["audit_id"] is None
    assert len(audits(engine)) == 2


def test_a_staff_photo_must_be_base64_text(act: Act, engine: QueueEngine) -> None:
    before = written(engine)
    good = base64.b64encode(PNG).decode()
    for photo in (12, ["x"], "not base64 at all!", f"{good[:8]}*{good[8:]}", good + "\n"):
        refusal = act.refused(A, "staff_save", staff_no="1001", data={"photo": photo})
        assert (refusal.code, getattr(refusal, "field", None)) == ("bad_request", "data.photo")
    assert written(engine) == before
    act.run(A, "staff_save", staff_no="1001", data={"photo": good})
    assert base64.b64decode(act.run(A, "config_staff_photo", staff_no="1001")["photo"]) == PNG
    act.run(A, "staff_save", staff_no="1001", data={"photo": None})
    assert act.run(A, "config_staff_photo", staff_no="1001")["photo"] is None


def test_a_password_reset_is_audited_without_the_password(act: Act, engine: QueueEngine) -> None:
    act.run(A, "staff_reset_password", staff_no="1002", password="a-new-pass-1002")
    [row] = audits(engine)
    assert (row.action, row.target, row.actor) == ("staff_password_reset", "staff:1002", "admin")
    assert "a-new-pass-1002" not in f"{row.before}{row.after}"
    with engine.db.read() as conn:
        stored = conn.scalar(select(Staff.password_hash).where(Staff.staff_no == "1002"))
    assert verify_password("a-new-pass-1002", stored)


def test_holidays_by_year_make_up_days_and_their_removal_announced(
    act: Act, engine: QueueEngine
) -> None:
    act.run(A, "holiday_set", day="2026-12-26", name="调休上班", is_workday=True)
    act.run(A, "holiday_set", day="2027-01-01", name="元旦")
    in_2026 = [(h["day"], h["is_workday"]) for h in act.run(S, "config_holidays", year=2026)]
    assert ("2026-12-26", True) in in_2026 and all(d.startswith("2026") for d, _ in in_2026)
    assert ("2027-01-01", False) in [(h["day"], h["is_workday"]) for h in
                                     act.run(S, "config_holidays")]  # fmt: skip
    seq = engine.last_seq()
    act.run(A, "holiday_remove", day="2027-01-01")
    assert announced(engine, seq) == [
        {"what": "holidays", "action": "holiday_remove", "target": "holiday:2027-01-01"}
    ]
    assert act.refused(A, "holiday_remove", day="2027-01-01").code == "not_found"


def test_the_hall_settings_default_to_the_config_files_and_rating_scales_use_the_admins(
    act: Act, engine: QueueEngine
) -> None:
    settings = act.run(S, "hall_settings")
    expected = {"hall_name": "测试大厅", "notice": "测试通知", "open_at": "09:00",
                "close_at": "18:00"}  # fmt: skip
    assert settings["defaults"] == expected
    assert {k: settings[k] for k in expected} == expected
    act.run(A, "hall_settings_save", data={"open_at": "08:45", "notice": "新通知"})
    settings = act.run(S, "hall_settings")
    assert (settings["open_at"], settings["notice"], settings["defaults"]["open_at"]) == (
        "08:45", "新通知", "09:00",
    )  # fmt: skip
    scales = act.run(S, "rating_scales")
    assert (scales["hours"]["open_at"], scales["hours"]["close_at"]) == ("08:45", "18:00")
    assert (scales["notice"], scales["hall_name"]) == ("新通知", "测试大厅")
    assert [s["size"] for s in scales["scales"]] == [5, 3]


def test_a_supervisors_changes_are_audited_under_their_own_staff_number(
    act: Act, engine: QueueEngine
) -> None:
    act.run(S, "inspection_record", findings="窗口脱岗", window=3)
    act.run(A, "holiday_set", day="2026-12-25", name="测试")
    assert [(r.actor, r.action) for r in audits(engine)] == [
        ("2001", "inspection_record"), ("admin", "holiday_set"),
    ]  # fmt: skip
