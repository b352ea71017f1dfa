"""The clerk's own figures for today (my_today) follow the appraisal's definition of
satisfaction, for the signed-in clerk only."""

from __future__ import annotations

from app.hall.caller import Role
from app.queue import ManualClock, QueueEngine
from tests.hall.conftest import Act


def test_only_very_satisfied_and_satisfied_count_as_satisfied(
    act: Act, engine: QueueEngine, clock: ManualClock
) -> None:
    engine.sign_in(1, "1001")
    for level in (5, 4, 3, None):
        ticket = engine.issue_ticket("A").ticket
        engine.call_next(1)
        clock.advance(minutes=4)
        engine.finish(1, "done")
        engine.record_rating(ticket.id, level)
    figures = act.run(Role.COUNTER, "my_today")
    assert figures["served"] == 4
    assert figures["rated"] == 3  # 未评价 is not a rating
    assert figures["satisfaction_rate"] == round(2 / 3, 4)
    assert figures["avg_handling_s"] == 240
    other = act.run(Role.COUNTER, "my_today", at=2)  # clerk 1002 served nobody
    assert other == {"served": 0, "avg_handling_s": None, "satisfaction_rate": None, "rated": 0}
