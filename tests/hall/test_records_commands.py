"""The console's views of the hall's records through the table: the audit log with its
filters and limits, the unprinted tickets, a reprint (audited), the event log."""

from __future__ import annotations

from sqlalchemy import select

from app.hall.caller import Role
from app.models import AuditLog
from app.models.audit import append_audit
from app.queue import ManualClock, QueueEngine
from app.queue.store import Tx
from tests.hall.conftest import Act

A, S, K = Role.ADMIN, Role.SUPERVISOR, Role.KIOSK


def test_the_audit_log_newest_first_before_an_id_and_by_actor_or_action(
    act: Act, engine: QueueEngine
) -> None:
    for day in ("2026-12-24", "2026-12-25", "2026-12-31"):
        act.run(A, "holiday_set", day=day, name="假日")
    act.run(S, "inspection_record", findings="脱岗")
    log = act.run(S, "audit_log")
    ids = [r["id"] for r in log]
    assert ids == sorted(ids, reverse=True) and len(ids) == 4
    assert [r["action"] for r in log] == ["inspection_record", *["holiday_set"] * 3]
    assert [r["id"] for r in act.run(S, "audit_log", before_id=ids[1])] == ids[2:]
    assert [r["action"] for r in act.run(S, "audit_log", actor="2001")] == ["inspection_record"]
    assert [r["actor"] for r in act.run(S, "audit_log", action="holiday_set")] == ["admin"] * 3
    assert [r["id"] for r in act.run(S, "audit_log", limit=2)] == ids[:2]
    assert [r["id"] for r in act.run(S, "audit_log", limit=0)] == ids[:1]


def test_at_most_500_audit_rows_and_1000_events_come_back(
    act: Act, engine: QueueEngine, clock: ManualClock
) -> None:
    def write(tx: Tx) -> None:
        for n in range(1001):
            append_audit(tx.conn, at=clock.now(), actor="test", action="bulk", target=str(n))
            tx.log("printer_status", online=bool(n % 2), kiosk="kiosk1")

    engine.run(write)
    assert len(act.run(S, "audit_log", limit=10**6)) == 500
    assert len(act.run(S, "events_after", seq=0, limit=10**6)) == 1000
    assert [e["seq"] for e in act.run(S, "events_after", seq=3, limit=2)] == [4, 5]


def test_unprinted_tickets_are_todays_waiting_ones_not_known_printed(
    act: Act, engine: QueueEngine, clock: ManualClock
) -> None:
    clock.advance(days=-3)  # a Friday
    engine.issue_ticket("A")  # not today's
    clock.advance(days=3)
    pending = act.run(K, "issue_ticket", service="B")["ticket"]
    failed = act.run(K, "issue_ticket", service="B")["ticket"]
    printed = act.run(K, "issue_ticket", service="B")["ticket"]
    called = act.run(K, "issue_ticket", service="C")["ticket"]
    act.run(K, "set_print_state", ticket_id=failed["id"], state="failed")
    act.run(K, "set_print_state", ticket_id=printed["id"], state="printed")
    engine.sign_in(5, "1005")
    assert engine.call_next(5).id == called["id"]
    listed = act.run(S, "unprinted_tickets")
    assert [(t["number"], t["print_state"], t["kiosk"]) for t in listed] == [
        (pending["number"], "pending", "kiosk1"), (failed["number"], "failed", "kiosk1"),
    ]  # fmt: skip


def test_a_reprint_is_marked_printed_and_audited_in_the_same_change(
    act: Act, engine: QueueEngine
) -> None:
    ticket = act.run(K, "issue_ticket", service="A")["ticket"]
    act.run(K, "set_print_state", ticket_id=ticket["id"], state="failed")
    seq = engine.last_seq()
    done = act.run(S, "mark_printed", ticket_id=ticket["id"])
    assert done["after"]["print_state"] == "printed" and done["target"] == "ticket:A001"
    with engine.db.read() as conn:
        row = conn.execute(select(AuditLog).where(AuditLog.id == done["audit_id"])).one()
    assert (row.actor, row.action, row.before, row.after) == (
        "2001", "ticket_reprinted", {"print_state": "failed"}, {"print_state": "printed"},
    )  # fmt: skip
    [event] = engine.events_after(seq)
    assert (event.kind, event.data["state"]) == ("ticket_print_state", "printed")
    assert act.run(S, "unprinted_tickets") == []
