"""The hall's working commands, run through the table for a real caller: each does its own
engine command at the caller's own window, with the arguments it was given."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from sqlalchemy import select, update

from app.config import Config
from app.hall.caller import Role
from app.hall.context import build_hall
from app.hall.report_jobs import ReportJobs
from app.hall.table import build_table
from app.models import Staff, Ticket
from app.queue import ManualClock, QueueEngine
from app.queue.predict import make_estimator
from tests.hall.conftest import Act

C, K, A = Role.COUNTER, Role.KIOSK, Role.ADMIN


def event_kinds(engine: QueueEngine, after: int) -> list[str]:
    return [e.kind for e in engine.events_after(after)]


def serving(act: Act, engine: QueueEngine, service: str = "A", window: int = 1) -> dict:
    """A ticket issued at the kiosk and called at `window` by its signed-in clerk."""
    act.run(K, "issue_ticket", service=service)
    act.run(C, "sign_in", at=window)
    return act.run(C, "call_next", at=window)


def test_hold_puts_the_ticket_aside_for_a_call_back_and_no_show_marks_it_missed(
    act: Act, engine: QueueEngine
) -> None:
    """Issue 11's first unseen fault: `hold` made to do `no_show`."""
    ticket = serving(act, engine)
    held = act.run(C, "hold")
    assert (held["number"], held["state"]) == (ticket["number"], "held")
    state = act.run(C, "window_state")
    assert state["current"] is None and [t["number"] for t in state["held"]] == ["A001"]
    back = act.run(C, "call_back", number="A001")
    assert (back["state"], back["window_no"]) == ("called", 1)
    missed = act.run(C, "no_show")
    assert missed["state"] == "no_show" and list(act.run(C, "window_state")["held"]) == []
    assert act.refused(C, "call_back", number="A001").code == "bad_ticket_state"


def test_call_back_is_for_held_tickets_and_call_number_for_waiting_ones(
    act: Act, engine: QueueEngine
) -> None:
    for _ in range(3):
        act.run(K, "issue_ticket", service="A")
    act.run(C, "sign_in")
    assert act.refused(C, "call_back", number="A003").code == "bad_ticket_state"
    called = act.run(C, "call_number", number="A003")
    assert (called["number"], called["state"]) == ("A003", "called")
    act.run(C, "hold")
    assert act.refused(C, "call_number", number="A003").code == "bad_ticket_state"
    assert act.run(C, "call_back", number="A003")["number"] == "A003"


def test_call_next_recall_start_and_finish_each_move_the_case_on(
    act: Act, engine: QueueEngine
) -> None:
    act.run(K, "issue_ticket", service="A")
    act.run(K, "issue_ticket", service="A")
    act.run(C, "sign_in")
    first = act.run(C, "call_next")
    assert (first["number"], first["recalls"]) == ("A001", 0)
    again = act.run(C, "recall")
    assert (again["number"], again["recalls"]) == ("A001", 1)
    started = act.run(C, "start")
    assert (started["number"], started["state"]) == ("A001", "serving")
    assert act.refused(C, "call_next").code == "window_busy"
    assert act.refused(C, "finish", outcome="incomplete").code == "materials_required"
    done = act.run(C, "finish", outcome="incomplete", missing=["户口本原件"])
    assert (done["state"], done["outcome"]) == ("finished", "incomplete")
    assert act.run(C, "call_next")["number"] == "A002"


def test_a_rejection_and_an_other_pause_need_the_note_that_was_sent(
    act: Act, engine: QueueEngine
) -> None:
    serving(act, engine)
    assert act.refused(C, "finish", outcome="rejected").code == "reason_required"
    done = act.run(C, "finish", outcome="rejected", note="材料不属于本中心受理范围")
    assert done["outcome"] == "rejected"
    assert act.refused(C, "pause", reason="other").code == "reason_required"
    paused = act.run(C, "pause", reason="other", note="培训")
    assert (paused["paused"], paused["pause_reason"], paused["pause_note"]) == (
        True, "other", "培训",
    )  # fmt: skip
    assert act.refused(C, "call_next").code == "window_paused"
    resumed = act.run(C, "resume")
    assert resumed["paused"] is False and engine.window_state(1).paused is False


def test_sign_in_is_the_callers_own_clerk_and_sign_out_closes_the_window(
    act: Act, engine: QueueEngine
) -> None:
    state = act.run(C, "sign_in", at=2)
    assert (state["number"], state["staff_no"], state["signed_in"]) == (2, "1002", True)
    assert engine.window_state(2).staff_no == "1002"
    out = act.run(C, "sign_out", at=2)
    assert out["signed_in"] is False and engine.window_state(2).signed_in is False


def test_transfer_sends_the_case_to_the_window_or_service_asked_with_its_note(
    act: Act, engine: QueueEngine
) -> None:
    serving(act, engine)
    seq = engine.last_seq()
    moved = act.run(C, "transfer", to_window=3, note="需不动产窗口办理")
    assert (moved["state"], moved["target_window_no"]) == ("waiting", 3)
    [event] = engine.events_after(seq)
    assert (event.kind, event.data["note"]) == ("ticket_transferred", "需不动产窗口办理")
    act.run(C, "sign_in", at=3)
    assert act.run(C, "call_next", at=3)["number"] == "A001"
    act.run(C, "transfer", at=3, to_service="B")
    assert engine.ticket(moved["id"]).service_code == "B"


def test_waiting_lists_what_this_window_may_call_and_waiting_for_any_queue(
    act: Act, engine: QueueEngine
) -> None:
    for service in ("A", "B", "F", "A"):
        act.run(K, "issue_ticket", service=service)
    mine = [t["number"] for t in act.run(C, "waiting")]  # window 1 serves A, then F
    assert mine == ["A001", "A002", "F001"]
    assert [t["number"] for t in act.run(C, "waiting", at=3)] == ["B001"]
    assert [t["number"] for t in act.run(A, "waiting_for", service="A")] == ["A001", "A002"]
    assert [t["number"] for t in act.run(A, "waiting_for", window=3)] == ["B001"]
    for args in ({}, {"service": "A", "window": 3}):
        refusal = act.refused(A, "waiting_for", **args)
        assert (refusal.code, getattr(refusal, "field", None)) == ("bad_request", "service")


def test_the_console_sees_any_window_and_the_whole_hall(act: Act, engine: QueueEngine) -> None:
    act.run(C, "sign_in", at=3)
    assert act.run(A, "window_state_of", window=3)["staff_no"] == "1003"
    assert act.run(A, "window_state_of", window=4)["signed_in"] is False
    hall = act.run(A, "hall_state")
    assert [w["number"] for w in hall] == list(range(1, 9))
    assert [w["number"] for w in hall if w["signed_in"]] == [3]


def test_the_kiosk_issues_with_priority_and_its_own_name_and_reports_printing(
    act: Act, engine: QueueEngine
) -> None:
    issued = act.run(K, "issue_ticket", service="A", priority=True)
    ticket = issued["ticket"]
    assert ticket["priority"] is True and ticket["print_state"] == "pending"
    with engine.db.read() as conn:
        assert conn.scalar(select(Ticket.kiosk).where(Ticket.id == ticket["id"])) == "kiosk1"
    assert act.run(K, "issue_ticket", service="A")["ticket"]["priority"] is False


@pytest.mark.parametrize("state", ["failed", "printed", "pending"])
def test_set_print_state_records_the_state_the_kiosk_sent(
    act: Act, engine: QueueEngine, state: str
) -> None:
    """Issue 11's second unseen fault: set_print_state ignoring the state."""
    ticket = act.run(K, "issue_ticket", service="A")["ticket"]
    assert (
        act.run(K, "set_print_state", ticket_id=ticket["id"], state=state)["print_state"] == state
    )
    assert engine.ticket(ticket["id"]).print_state == state
    assert act.refused(K, "set_print_state", ticket_id=ticket["id"], state="jammed").code == (
        "bad_ticket_state"
    )


def test_an_appointment_is_checked_in_at_the_kiosk_that_scanned_it(
    act: Act, engine: QueueEngine, clock: ManualClock
) -> None:
    from tests.hall.records import add_appointment

    add_appointment(engine, "YY0001", "B", clock.now())
    issued = act.run(K, "check_in", code="YY0001")
    with engine.db.read() as conn:
        kiosk = conn.scalar(select(Ticket.kiosk).where(Ticket.id == issued["ticket"]["id"]))
    assert (issued["ticket"]["number"], kiosk) == ("B001", "kiosk1")
    assert act.refused(K, "check_in", code="YY0001").code == "appointment_invalid"


def test_device_status_logs_a_printer_by_kiosk_and_a_keypad_by_window_once_per_change(
    act: Act, engine: QueueEngine
) -> None:
    seq = engine.last_seq()
    assert act.run(K, "device_status", online=False) is True
    assert act.run(K, "device_status", online=False) is False
    assert act.run(C, "device_status", at=3, online=False) is True
    assert act.run(C, "device_status", at=3, online=True) is True
    logged = [(e.kind, e.data) for e in engine.events_after(seq)]
    assert logged == [
        ("printer_status", {"online": False, "kiosk": "kiosk1"}),
        ("keypad_status", {"window": 3, "online": False}),
        ("keypad_status", {"window": 3, "online": True}),
    ]
    rows = act.run(A, "devices")
    assert [(r["kind"], r["window"], r["kiosk"], r["online"]) for r in rows] == [
        ("keypad", 3, None, True), ("printer", None, "kiosk1", False),
    ]  # fmt: skip


def test_the_clerks_photo_is_sent_to_screens_and_the_console(act: Act, engine: QueueEngine) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\1" * 20
    with engine.db.write() as conn:
        conn.execute(update(Staff).where(Staff.staff_no == "1003").values(photo=png))
    sent = act.run(Role.DISPLAY, "staff_photo", staff_no="1003")
    assert (sent["staff_no"], base64.b64decode(sent["photo"])) == ("1003", png)
    assert act.run(C, "staff_photo", staff_no="1004")["photo"] is None
    assert base64.b64decode(act.run(A, "config_staff_photo", staff_no="1003")["photo"]) == png


def test_the_snapshot_and_the_service_loads_show_the_waiting_queue(
    act: Act, engine: QueueEngine
) -> None:
    act.run(K, "issue_ticket", service="A")
    loads = {s["code"]: s for s in act.run(K, "service_loads")}
    assert loads["A"]["waiting"] == 1 and loads["B"]["waiting"] == 0
    snapshot = act.run(Role.DISPLAY, "snapshot")
    assert snapshot["hall_name"] == "测试大厅" and snapshot["seq"] == engine.last_seq()
    assert {s["code"]: s["waiting"] for s in snapshot["services"]}["A"] == 1


def test_the_kiosk_is_told_the_estimates_range_and_reason_the_engine_worked_out(
    hall_config: Config, engine: QueueEngine, tmp_path: Path
) -> None:
    """Issue 19: the kiosk's ticket carries what the predictor said, not the figure alone."""
    estimating = QueueEngine(
        engine.db, clock=engine.clock, estimator=make_estimator(background=False)
    )
    hall = build_hall(estimating, hall_config, reports=ReportJobs(engine.db, tmp_path / "r"))
    act = Act(hall, build_table(check_results=True))
    issued = act.run(K, "issue_ticket", service="A")  # no window signed in: no figure
    told = estimating.issue_ticket("A")
    assert issued["wait_note"] == told.wait_note != ""
    assert issued["estimated_wait_s"] is None and "wait_low_s" in issued
