"""The server's kept snapshot always equals one built from scratch, whatever happened."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from app.hall import snapshot as snapshot_module
from app.hall.caller import Role
from app.hall.snapshot import HallView
from app.queue import ManualClock, QueueEngine
from tests.hall.conftest import Act


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


def test_service_loads_follow_the_clock_once_their_time_is_up(
    engine: QueueEngine, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Service hours change a load without any event: the loads are kept a few seconds only."""
    view = HallView(engine, "厅", "通知")
    assert all(s["open"] for s in view.snapshot()["services"])
    clock.set(dt.datetime(2026, 11, 23, 17, 30))  # the demo's services close at 17:00
    monkeypatch.setattr(snapshot_module, "SERVICES_TTL_S", -1.0)
    assert not any(s["open"] for s in view.snapshot()["services"])


def test_a_new_hall_name_and_notice_are_read_after_a_config_change(act: Act) -> None:
    assert act.run(Role.DISPLAY, "snapshot")["notice"] == "测试通知"
    act.run(
        Role.ADMIN, "hall_settings_save", data={"notice": "午间值班：1、5 号", "hall_name": "新厅"}
    )
    snapshot = act.run(Role.DISPLAY, "snapshot")
    assert (snapshot["notice"], snapshot["hall_name"]) == ("午间值班：1、5 号", "新厅")
