"""The dashboard's and the kiosk's read commands through the table: which windows serve a
service now (and why none does), the hall now with its alarms, and the day per hour against
the same weekday's average with satisfaction."""

from __future__ import annotations

import datetime as dt

from app.appraisal.followups import sync_follow_ups
from app.appraisal.settings import DEFAULT_SETTINGS
from app.hall.caller import Role
from app.hall.context import Hall
from app.queue import ManualClock, QueueEngine
from tests.hall.conftest import Act
from tests.visitor import rate

K, D, S = Role.KIOSK, Role.DISPLAY, Role.SUPERVISOR


def by_code(rows: list[dict]) -> dict[str, dict]:  # type: ignore[type-arg]
    return {row["code"]: row for row in rows}


def test_a_service_no_window_serves_says_why_and_when_it_opens(
    act: Act, engine: QueueEngine, clock: ManualClock
) -> None:
    clock.set(dt.datetime(2026, 11, 23, 8, 0))
    early = by_code(act.run(K, "service_availability"))
    assert (early["A"]["reason"], early["A"]["opens_at"]) == ("before_hours", "08:30")
    engine.sign_in(1, "1001")  # window 1 serves A and F
    clock.set(dt.datetime(2026, 11, 23, 9, 0))
    now = by_code(act.run(D, "service_availability"))
    assert (now["A"]["windows_open"], now["A"]["reason"], now["A"]["opens_at"]) == (1, "", None)
    assert (now["B"]["windows_open"], now["B"]["reason"]) == (0, "no_window")
    clock.set(dt.datetime(2026, 11, 23, 12, 10))
    engine.pause(1, "lunch", "")
    lunch = by_code(act.run(K, "service_availability"))
    assert (lunch["A"]["reason"], lunch["A"]["opens_at"], lunch["A"]["windows_paused"]) == (
        "lunch",
        "13:30",
        1,
    )
    assert lunch["B"]["reason"] == "no_window"  # none of its windows is at lunch
    engine.resume(1)
    clock.set(dt.datetime(2026, 11, 23, 17, 45))
    engine.sign_out(1)
    late = by_code(act.run(K, "service_availability"))
    assert (late["A"]["reason"], late["A"]["opens_at"]) == ("after_hours", None)


def test_the_hall_now_waiting_longest_wait_windows_and_alarms(
    act: Act, hall: Hall, engine: QueueEngine, clock: ManualClock
) -> None:
    for window, staff in ((1, "1001"), (2, "1002"), (3, "1003"), (4, "1004"), (5, "1005")):
        engine.sign_in(window, staff)
    first = engine.issue_ticket("A").ticket  # 09:00
    clock.advance(minutes=5)
    engine.issue_ticket("B")  # 09:05
    engine.issue_ticket("B")
    engine.issue_ticket("A")
    engine.issue_ticket("C")
    engine.call_next(1)  # A001 called at window 1
    engine.call_next(3)  # B001
    engine.start(3)
    engine.pause(4, "meeting", "")
    clock.set(dt.datetime(2026, 11, 23, 9, 30))
    hall.device_changed("keypad_status", 2, False, window=2)
    engine.log_rating_anomaly("too_fast", 5, path="bus")
    now = act.run(S, "dashboard_now")
    assert now["windows"] == {
        "total": 8,
        "not_staffed": 3,
        "free": 2,
        "calling": 1,
        "serving": 1,
        "paused": 1,
    }
    services = by_code(now["services"])
    assert (services["A"]["waiting"], services["A"]["longest_number"]) == (1, "A002")
    assert services["A"]["longest_wait_s"] == 25 * 60
    assert (services["B"]["waiting"], services["B"]["longest_wait_s"]) == (1, 25 * 60)
    assert services["D"]["longest_wait_s"] is None and services["D"]["reason"] == "no_window"
    assert services["A"]["windows_open"] == 3  # windows 1, 2 and 5 (4, paused, serves B, E)
    assert now["wait_target_minutes"] == DEFAULT_SETTINGS.wait_target_minutes == 20
    assert [w["number"] for w in now["long_waits"]] == ["B002", "A002", "C001"]
    assert now["long_wait_count"] == 3 and now["long_waits"][0]["waited_s"] == 25 * 60
    assert [(d["kind"], d["window"]) for d in now["devices_offline"]] == [("keypad", 2)]
    assert now["anomalies_today"] == 1 and now["anomalies"][0]["window"] == 5
    assert now["follow_ups_due"] == []
    assert first.number == "A001"


def test_a_bad_ratings_follow_up_shows_when_it_is_three_working_days_from_its_deadline(
    act: Act, engine: QueueEngine, clock: ManualClock
) -> None:
    engine.sign_in(1, "1001")
    ticket = engine.issue_ticket("A").ticket
    engine.call_next(1)
    engine.finish(1, "done")
    rate(engine, ticket.id, 1)
    with engine.db.write() as conn:
        assert sync_follow_ups(conn, DEFAULT_SETTINGS) == 1
    [deadline] = [f["deadline"] for f in act.run(S, "follow_ups")]
    assert act.run(S, "dashboard_now")["follow_ups_due"] == []
    clock.set(dt.datetime.fromisoformat(deadline) - dt.timedelta(days=2))
    [due] = act.run(S, "dashboard_now")["follow_ups_due"]
    assert (due["number"], due["window"], due["overdue"]) == ("A001", 1, False)
    clock.set(dt.datetime.fromisoformat(deadline) + dt.timedelta(days=1, hours=9))
    [late] = act.run(S, "dashboard_now")["follow_ups_due"]
    assert late["overdue"] is True


def serve(engine: QueueEngine, clock: ManualClock, day: dt.date, plan: dict[int, int]) -> None:
    """On `day`: `plan[hour]` tickets issued in that hour at window 1, each called a minute
    later."""
    clock.set(dt.datetime.combine(day, dt.time(8, 20)))
    engine.sign_in(1, "1001")
    for hour, count in plan.items():
        for n in range(count):
            clock.set(dt.datetime.combine(day, dt.time(hour, 10 + n)))
            engine.issue_ticket("A")
            clock.advance(minutes=1)
            engine.call_next(1)
            engine.finish(1, "done")


def test_arrivals_and_calls_per_hour_against_the_same_weekdays_average(
    act: Act, engine: QueueEngine, clock: ManualClock
) -> None:
    monday = dt.date(2026, 11, 23)
    serve(engine, clock, monday - dt.timedelta(weeks=2), {9: 2, 10: 1})
    serve(engine, clock, monday - dt.timedelta(weeks=1), {9: 4})
    serve(engine, clock, monday - dt.timedelta(days=6), {9: 9})  # a Tuesday: not compared
    serve(engine, clock, monday, {9: 1, 11: 2})
    day = act.run(S, "dashboard_day")
    assert day["day"] == "2026-11-23"
    assert day["compared_days"] == ["2026-11-16", "2026-11-09"]  # 8 weeks back: two had tickets
    hours = {h["hour"]: h for h in day["hours"]}
    assert sorted(hours) == list(range(8, 18))  # the hall's hours 08:30–17:30
    assert (hours[9]["arrivals"], hours[9]["arrivals_avg"]) == (1, 3.0)
    assert (hours[10]["arrivals"], hours[10]["arrivals_avg"]) == (0, 0.5)
    assert (hours[11]["calls"], hours[11]["calls_avg"]) == (2, 0.0)
    earlier = act.run(S, "dashboard_day", day="2026-11-09")
    assert earlier["compared_days"] == [] and earlier["hours"][1]["arrivals_avg"] is None


def test_satisfaction_today_and_over_thirty_days_by_the_appraisals_rule(
    act: Act, engine: QueueEngine, clock: ManualClock
) -> None:
    def case(at: dt.datetime, level: int | None) -> None:
        clock.set(at)
        if not engine.window_state(1).signed_in:
            engine.sign_in(1, "1001")
        ticket = engine.issue_ticket("A").ticket
        engine.call_next(1)
        engine.finish(1, "done")
        rate(engine, ticket.id, level)

    case(dt.datetime(2026, 10, 20, 9), 5)  # 34 days before: outside the 30
    case(dt.datetime(2026, 11, 2, 9), 1)
    case(dt.datetime(2026, 11, 2, 10), 4)
    case(dt.datetime(2026, 11, 23, 9), 5)
    case(dt.datetime(2026, 11, 23, 10), 3)  # 基本满意: rated, not satisfied
    case(dt.datetime(2026, 11, 23, 11), None)  # 未评价: not rated
    day = act.run(S, "dashboard_day")
    today, month = day["satisfaction_day"], day["satisfaction_period"]
    assert (today["finished"], today["rated"], today["good"], today["satisfaction"]) == (
        3,
        2,
        1,
        0.5,
    )
    assert (month["first"], month["last"]) == ("2026-10-25", "2026-11-23")
    assert (month["rated"], month["good"], month["bad"], month["satisfaction"]) == (4, 2, 1, 0.5)
    assert [p["first"] for p in day["satisfaction_by_day"]] == ["2026-11-02", "2026-11-23"]
