"""Appointments through the command table for real callers: the front desk books, moves,
cancels and lists (the phone masked everywhere); the notice carries code, time and place; a
counter books the return visit of its 材料不齐 case only; slot rules are the admin's."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.hall.appointment_commands import COMMANDS
from app.hall.caller import Role
from app.hall.errors import BadRequest, Forbidden
from app.models import Appointment, AuditLog
from app.queue import QueueEngine
from tests.hall.conftest import Act, written
from tests.hall.policy import _APPOINTMENTS

C, K, S, A = Role.COUNTER, Role.KIOSK, Role.SUPERVISOR, Role.ADMIN
TUESDAY_NINE = "2026-11-24T09:00"


def test_the_appointment_commands_are_declared_as_the_policy_says() -> None:
    policy = {name: frozenset(roles) for roles, names in _APPOINTMENTS.items() for name in names}
    assert {entry.name: entry.roles for entry in COMMANDS} == policy


def test_the_front_desk_books_and_the_phone_is_masked_in_every_answer(act: Act) -> None:
    booked = act.run(S, "appointment_book", service="B", slot=TUESDAY_NINE, name="张三",
                     phone="138 1234 5678", note="电话预约")  # fmt: skip
    view = booked["appointment"]
    assert (view["status"], view["source"], view["booked_by"]) == ("booked", "console", "2001")
    assert view["slot_start"].startswith("2026-11-24T09:00") and view["visitor"] == "张三"
    listed = act.run(A, "appointment_list", day="2026-11-24")
    again = act.run(A, "appointment_notice", code=view["code"].lower())
    for answer in (booked, listed, again):
        text = json.dumps(answer, ensure_ascii=False)
        assert "13812345678" not in text and "138****5678" in text
    assert [v["code"] for v in listed] == [view["code"]]


def test_the_notice_says_code_time_and_place(act: Act) -> None:
    booked = act.run(A, "appointment_book", service="B", slot=TUESDAY_NINE, name="张三",
                     phone="13812345678")  # fmt: skip
    code, text = booked["appointment"]["code"], booked["text"]
    assert code in text and "2026-11-24（周二） 09:00–09:30" in text and "不动产登记" in text
    assert "08:30–09:15" in text  # when to check in: 30 min early up to 15 min late
    assert "测试大厅" in text  # the place: the hall's name unless the config names one
    assert len(text) <= 140  # two SMS at most
    assert booked["qr_text"] == code
    assert any(code in line for line in booked["printable"])


def test_moving_and_cancelling_at_the_front_desk(act: Act, engine: QueueEngine) -> None:
    code = act.run(A, "appointment_book", service="B", slot=TUESDAY_NINE, name="张三",
                   phone="13812345678")["appointment"]["code"]  # fmt: skip
    moved = act.run(S, "appointment_move", code=code, slot="2026-11-24 14:00")
    assert moved["appointment"]["slot_start"].startswith("2026-11-24T14:00")
    assert "14:00–14:30" in moved["text"]
    slots = act.run(C, "appointment_slots", service="B", day="2026-11-24")
    two = next(s for s in slots if s["start"] == "2026-11-24T14:00")
    assert (two["booked"], two["free"]) == (1, 1)
    cancelled = act.run(S, "appointment_cancel", code=code, reason="来电取消")
    assert cancelled["status"] == "cancelled"
    before = written(engine)
    error = act.refused(S, "appointment_cancel", code=code)
    assert error.code == "appointment_closed" and written(engine) == before


@pytest.mark.parametrize("slot", ["2026-11-24T9:00am", "tomorrow at nine", "2026-13-24T09:00"])
def test_a_slot_that_is_not_a_time_is_a_bad_request_naming_it(
    act: Act, engine: QueueEngine, slot: str
) -> None:
    before = written(engine)
    error = act.refused(A, "appointment_book", service="B", slot=slot, name="张三",
                        phone="13812345678")  # fmt: skip
    assert isinstance(error, BadRequest) and error.field == "slot"
    assert written(engine) == before


def test_a_full_slot_and_a_bad_phone_are_refused_naming_the_field(act: Act) -> None:
    for name in ("甲", "乙"):
        act.run(A, "appointment_book", service="B", slot=TUESDAY_NINE, name=name,
                phone="13812345678")  # fmt: skip
    full = act.refused(A, "appointment_book", service="B", slot=TUESDAY_NINE, name="丙",
                       phone="13812345678")  # fmt: skip
    assert full.code == "slot_full" and full.as_dict()["field"] == "slot_start"
    bad = act.refused(A, "appointment_book", service="B", slot="2026-11-24T09:30", name="丙",
                      phone="not a phone")  # fmt: skip
    assert bad.code == "bad_visitor" and bad.as_dict()["field"] == "phone"


def test_a_counter_books_the_return_visit_of_its_incomplete_case_only(
    act: Act, engine: QueueEngine
) -> None:
    act.run(K, "issue_ticket", service="A")
    act.run(C, "sign_in")
    act.run(C, "call_next")
    act.run(C, "finish", outcome="incomplete", missing=["身份证原件", "户口簿"])
    visit = act.run(C, "return_visit_book", slot=TUESDAY_NINE, name="李四", phone="13900001111")
    view = visit["appointment"]
    assert (view["service_code"], view["origin_number"], view["source"]) == ("A", "A001", "counter")
    assert view["booked_by"] == "1001" and "A001" in view["note"]
    error = act.refused(C, "return_visit_book", slot="2026-11-24T09:30", name="李四",
                        phone="13900001111")  # fmt: skip
    assert error.code == "return_visit_refused"
    with pytest.raises(Forbidden):
        act.run(C, "appointment_book", service="A", slot=TUESDAY_NINE, name="李四",
                phone="13900001111")  # fmt: skip
    with engine.db.read() as conn:
        origin = conn.scalar(select(Appointment.origin_ticket_id))
    assert origin is not None


def test_slot_rules_are_saved_by_the_admin_and_audited(act: Act, engine: QueueEngine) -> None:
    rules = {r["service_code"]: r for r in act.run(S, "appointment_rules")}
    assert rules["B"]["active"] and not rules["C"]["configured"]
    saved = act.run(A, "appointment_rule_save", service="C", slot_minutes=20, capacity=4)
    assert saved["after"]["slot_minutes"] == 20 and saved["audit_id"]
    offered = act.run(A, "appointment_slots", service="C", day="2026-11-24")
    assert [s["start"][11:] for s in offered][:2] == ["08:30", "08:50"]
    with engine.db.read() as conn:
        assert conn.scalar(select(AuditLog.action).order_by(AuditLog.id.desc())) == (
            "appointment_rule_save"
        )
    too_long = act.refused(A, "appointment_rule_save", service="C", slot_minutes=300, capacity=4)
    assert too_long.as_dict()["field"] == "slot_minutes"
    with pytest.raises(Forbidden):
        act.run(S, "appointment_rule_save", service="C", slot_minutes=20, capacity=4)
