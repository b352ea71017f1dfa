"""The server's kept snapshot always equals one built from scratch, whatever happened."""

from __future__ import annotations

from collections.abc import Callable

from app.hall.snapshot import HallView
from app.queue import ManualClock, QueueEngine


def fresh(engine: QueueEngine) -> dict:
    return HallView(engine, "厅", "通知").snapshot()


def test_the_kept_snapshot_follows_every_kind_of_change(
    engine: QueueEngine, clock: ManualClock
) -> None:
    view = HallView(engine, "厅", "通知")  # it follows the engine's events by itself
    steps: list[Callable[[], object]] = [
        lambda: engine.issue_ticket("A"),
        lambda: engine.issue_ticket("B"),
        lambda: engine.issue_ticket("A"),
        lambda: engine.sign_in(1, "1001"),
        lambda: engine.sign_in(3, "1003"),
        lambda: engine.call_next(1),
        lambda: engine.recall(1),
        lambda: engine.start(1),
        lambda: engine.hold(1),
        lambda: engine.call_next(1),
        lambda: engine.transfer(1, to_window=3, note="转"),
        lambda: engine.call_next(3),
        lambda: engine.finish(3, "done"),
        lambda: engine.call_back(1, "A001"),
        lambda: engine.no_show(1),
        lambda: engine.reactivate("A001"),
        lambda: engine.pause(1, "meeting"),
        lambda: engine.resume(1),
        lambda: engine.sign_out(3),
    ]
    for step in steps:
        before = view.snapshot()["seq"]
        step()
        clock.advance(minutes=1)
        kept, built = view.snapshot(), fresh(engine)
        assert kept["seq"] > before
        assert kept == built, step


def test_the_next_day_starts_from_a_clean_state(engine: QueueEngine, clock: ManualClock) -> None:
    view = HallView(engine, "厅", "通知")  # it follows the engine's events by itself
    engine.sign_in(2, "1002")
    assert view.snapshot()["windows"][1]["signed_in"]
    clock.advance(days=1)
    assert not view.snapshot()["windows"][1]["signed_in"]
