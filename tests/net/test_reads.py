"""The clerk's own figures for today follow the appraisal's definition of satisfaction."""

from __future__ import annotations

from sqlalchemy import select

from app.models import Staff
from app.net.reads import my_today
from app.queue import ManualClock, QueueEngine


def test_only_very_satisfied_and_satisfied_count_as_satisfied(
    engine: QueueEngine, clock: ManualClock
) -> None:
    engine.sign_in(1, "1001")
    for level in (5, 4, 3, None):
        ticket = engine.issue_ticket("A").ticket
        engine.call_next(1)
        clock.advance(minutes=4)
        engine.finish(1, "done")
        engine.record_rating(ticket.id, level)
    with engine.db.read() as conn:
        staff_id = conn.scalar(select(Staff.id).where(Staff.staff_no == "1001"))
    figures = my_today(engine, int(staff_id))
    assert figures["served"] == 4
    assert figures["rated"] == 3  # 未评价 is not a rating
    assert figures["satisfaction_rate"] == round(2 / 3, 4)
    assert figures["avg_handling_s"] == 240
