"""The appraisal commands through the table: the register, follow-ups, inspections and
attendance as app.appraisal keeps them; a window or staff member that does not exist, or a
date that is no date, is a bad_request naming the field, and nothing is written."""

from __future__ import annotations

from sqlalchemy import func, select

from app.hall.caller import Role
from app.models import Complaint, FollowUp
from app.queue import ManualClock, QueueEngine
from tests.hall.conftest import Act, written

S = Role.SUPERVISOR


def bad_rating(engine: QueueEngine, clock: ManualClock, window: int = 3) -> None:
    engine.sign_in(window, f"{1000 + window}")
    ticket = engine.issue_ticket("B").ticket
    engine.call_next(window)
    clock.advance(minutes=3)
    engine.finish(window, "done")
    engine.record_rating(ticket.id, 1)


def test_an_unknown_window_staff_member_or_date_is_named(act: Act, engine: QueueEngine) -> None:
    before = written(engine)
    for args, field in (
        ({"window": 99}, "window"), ({"staff_no": "9999"}, "staff_no"),
    ):  # fmt: skip
        refusal = act.refused(S, "complaint_register", kind="complaint", content="x", **args)
        assert (refusal.code, getattr(refusal, "field", None)) == ("bad_request", field)
    refusal = act.refused(S, "inspection_record", findings="x", duty_window=42)
    assert getattr(refusal, "field", None) == "window"
    for name, args, field in (
        ("complaints", {"start": "2026-02-30"}, "start"),
        ("inspections", {"end": "2026-11-31"}, "end"),
        ("attendance", {"start": "2026-13-01"}, "start"),
        ("appraisal_month", {"month": "2026-13"}, "month"),
    ):
        refusal = act.refused(S, name, **args)
        assert (refusal.code, getattr(refusal, "field", None)) == ("bad_request", field), name
    assert written(engine) == before


def test_the_register_records_who_entered_it_and_lists_open_or_all(
    act: Act, engine: QueueEngine
) -> None:
    first = act.run(S, "complaint_register", kind="complaint", content="态度生硬", window=3,
                    staff_no="1003", special=True)  # fmt: skip
    act.run(S, "complaint_register", kind="suggestion", content="增加座椅")
    first_id = int(first["target"].split(":")[1])
    act.run(S, "complaint_close", id=first_id, result="已约谈", feedback="已反馈",
            substantiated=True)  # fmt: skip
    everything = act.run(S, "complaints")
    assert [(c["kind"], c["status"]) for c in everything] == [
        ("complaint", "closed"), ("suggestion", "open"),
    ]  # fmt: skip
    assert everything[0]["substantiated"] is True and everything[0]["window_no"] == 3
    assert [c["kind"] for c in act.run(S, "complaints", open_only=True)] == ["suggestion"]
    with engine.db.read() as conn:
        by = conn.scalars(select(Complaint.recorded_by).order_by(Complaint.id)).all()
    assert by == ["2001", "2001"]


def test_follow_ups_open_only_and_closed_by_an_update(
    act: Act, engine: QueueEngine, clock: ManualClock
) -> None:
    bad_rating(engine, clock, 3)
    bad_rating(engine, clock, 4)
    opened = act.run(S, "follow_ups", open_only=True)
    assert [(f["window"], f["level_label"]) for f in opened] == [(3, "非常不满意"),
                                                                  (4, "非常不满意")]  # fmt: skip
    act.run(S, "follow_up_update", id=opened[0]["id"], visit_result="已回访", close=True)
    act.run(S, "follow_up_update", id=opened[1]["id"], rectification="整改中")
    assert [f["window"] for f in act.run(S, "follow_ups", open_only=True)] == [4]
    assert [f["status"] for f in act.run(S, "follow_ups")] == ["closed", "open"]


def test_the_month_opens_missing_follow_ups_before_it_counts(
    act: Act, engine: QueueEngine, clock: ManualClock
) -> None:
    bad_rating(engine, clock, 3)
    with engine.db.read() as conn:
        assert conn.scalar(select(func.count()).select_from(FollowUp)) == 0
    month = act.run(S, "appraisal_month", month="2026-11")
    assert month["month"] == "2026-11"
    assert next(r for r in month["windows"] if r["order"] == 3)["bad"] == 1
    with engine.db.read() as conn:
        assert conn.scalar(select(func.count()).select_from(FollowUp)) == 1


def test_an_inspections_criticism_and_todays_lateness_are_listed(
    act: Act, engine: QueueEngine
) -> None:
    act.run(S, "inspection_record", findings="窗口脱岗", window=3, criticism=True)
    act.run(S, "inspection_record", findings="着装规范", duty_window=5)
    assert [(i["findings"], i["criticism"]) for i in act.run(S, "inspections")] == [
        ("窗口脱岗", True), ("着装规范", False),
    ]  # fmt: skip
    engine.sign_in(2, "1002")  # 09:00, due by 08:20
    late = act.run(S, "attendance")  # this month up to today
    assert [(f["day"], f["kind"], f["window"]) for f in late] == [("2026-11-23", "late", 2)]
    assert act.run(S, "attendance", start="2026-11-24", end="2026-11-30") == []
