"""The predictor takes what it assumes about a hall from that hall: its configured lunch break,
its windows' own pause history, its clerks' speed; and it says so when it cannot estimate.

Demo hall (see test_predict.py): window 3 serves B only and has no 午间值班; window 1 serves A
then F and has. Exact answers use the deterministic replay with no overheads.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from sqlalchemy import delete, insert

from app.models import Database, HallSetting
from app.queue import ManualClock, QueueEngine, QueueSettings
from app.queue.live_estimates import LiveEstimates
from app.queue.predict import PredictorConfig, WaitPredictor, format_wait, make_estimator
from app.queue.predict_accuracy import estimate_accuracy
from app.queue.predict_hours import HallHours

EXACT = PredictorConfig(
    replays=0,
    future_arrivals=False,
    walk_prior_s=0.0,
    turnaround_prior_s=0.0,
    no_show_prior=0.0,
    prior_weight=0.0,
)
# A hall whose config file gives a lunch break from 12:00 to 13:00 ([hall] lunch_start/end).
LUNCH = dataclasses.replace(
    EXACT, hall_hours=HallHours(lunch_start=dt.time(12), lunch_end=dt.time(13))
)
MONDAY = dt.date(2026, 11, 23)
EARLIER_DAYS = [dt.date(2026, 11, 18), dt.date(2026, 11, 19), dt.date(2026, 11, 20)]


def at(day: dt.date, hhmm: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.fromisoformat(hhmm))


def hall(
    db: Database,
    clock: ManualClock,
    config: PredictorConfig = EXACT,
    settings: QueueSettings | None = None,
) -> QueueEngine:
    estimator = make_estimator(config, background=False)
    return QueueEngine(db, clock=clock, settings=settings, estimator=estimator)


def set_hall(db: Database, **values: str) -> None:
    """The admin's hall settings (hall_settings rows), e.g. close_at="17:30"."""
    with db.write() as conn:
        for key, value in values.items():
            conn.execute(delete(HallSetting).where(HallSetting.key == key))
            conn.execute(
                insert(HallSetting).values(key=key, value=value, updated_at=at(MONDAY, "07:00"))
            )


def past_pauses(
    engine: QueueEngine, clock: ManualClock, window: int, reason: str, begin: str, end: str
) -> None:
    """Window 3's clerk signed in on three earlier days and paused from `begin` to `end`."""
    for day in EARLIER_DAYS:
        clock.set(at(day, "08:30"))
        engine.sign_in(window, str(1000 + window))
        clock.set(at(day, begin))
        engine.pause(window, reason, "")
        clock.set(at(day, end))
        engine.resume(window)
        clock.set(at(day, "17:00"))
        engine.sign_out(window)


def test_a_hall_with_lunch_from_twelve_to_one_gets_estimates_assuming_one_oclock_returns(
    db: Database, clock: ManualClock
) -> None:
    engine = hall(db, clock, LUNCH)
    clock.set(at(MONDAY, "11:20"))
    engine.sign_in(3, "1003")  # B only, no lunch duty
    waits = [engine.issue_ticket("B").estimated_wait_s for _ in range(3)]
    assert waits == [0, 1200, 100 * 60]  # 11:20, 11:40, then 13:00 after lunch
    clock.set(at(MONDAY, "12:15"))
    engine.call_next(3)
    engine.finish(3, "done")
    engine.call_next(3)
    engine.finish(3, "done")
    engine.pause(3, "lunch")
    assert engine.waiting(service="B")[0].number == "B003"
    with db.read() as conn:
        view = engine.waiting(service="B")[0]
        assert WaitPredictor(LUNCH).estimate(conn, view, clock.now()) == 45 * 60


def test_a_window_still_busy_at_noon_goes_to_lunch_after_its_case(
    db: Database, clock: ManualClock
) -> None:
    engine = hall(db, clock, LUNCH)
    clock.set(at(MONDAY, "11:55"))
    engine.sign_in(3, "1003")
    engine.issue_ticket("B")
    engine.call_next(3)
    engine.start(3)  # 20 promised minutes: done at 12:15
    clock.set(at(MONDAY, "12:05"))
    assert engine.issue_ticket("B").estimated_wait_s == 55 * 60  # back at 13:00


def test_a_lunch_duty_window_keeps_calling_through_lunch(db: Database, clock: ManualClock) -> None:
    clock.set(at(MONDAY, "11:40"))
    engine = hall(db, clock, LUNCH)
    engine.sign_in(1, "1001")  # 午间值班
    waits = [engine.issue_ticket("A").estimated_wait_s for _ in range(4)]
    assert waits == [0, 600, 1200, 1800]


def test_a_hall_that_configures_no_lunch_gets_none_assumed(
    db: Database, clock: ManualClock
) -> None:
    engine = hall(db, clock)
    clock.set(at(MONDAY, "11:20"))
    engine.sign_in(3, "1003")
    waits = [engine.issue_ticket("B").estimated_wait_s for _ in range(3)]
    assert waits == [0, 1200, 2400]


def test_a_windows_pause_history_changes_its_assumed_return_time(
    db: Database, clock: ManualClock
) -> None:
    engine = hall(db, clock, LUNCH)
    past_pauses(engine, clock, 3, "lunch", "12:00", "13:20")  # it comes back at 13:20
    past_pauses(engine, clock, 5, "lunch", "12:00", "14:00")  # another window, later still
    clock.set(at(MONDAY, "08:30"))
    engine.sign_in(3, "1003")
    clock.set(at(MONDAY, "12:15"))
    engine.pause(3, "lunch")
    # its three returns at 13:20 and the configured 13:00 counted twice: 57 minutes on average
    assert engine.issue_ticket("B").estimated_wait_s == (3 * 65 + 2 * 45) * 60 // 5


def test_a_window_that_had_its_lunch_today_takes_no_second_one(
    db: Database, clock: ManualClock
) -> None:
    engine = hall(db, clock, LUNCH)
    clock.set(at(MONDAY, "08:30"))
    engine.sign_in(3, "1003")
    clock.set(at(MONDAY, "12:00"))
    engine.pause(3, "lunch")
    clock.set(at(MONDAY, "12:40"))
    engine.resume(3)
    clock.set(at(MONDAY, "12:45"))
    waits = [engine.issue_ticket("B").estimated_wait_s for _ in range(3)]
    assert waits == [0, 1200, 2400]


def test_without_a_configured_lunch_the_halls_own_lunches_are_learned(
    db: Database, clock: ManualClock
) -> None:
    engine = hall(db, clock)
    past_pauses(engine, clock, 3, "lunch", "12:00", "13:20")
    clock.set(at(MONDAY, "08:30"))
    engine.sign_in(3, "1003")
    clock.set(at(MONDAY, "11:30"))
    waits = [engine.issue_ticket("B").estimated_wait_s for _ in range(3)]
    assert waits == [0, 1200, 110 * 60]  # lunch from 12:00, back at 13:20 as it usually is


def test_a_meeting_lasts_as_long_as_this_windows_meetings_usually_do(
    db: Database, clock: ManualClock
) -> None:
    engine = hall(db, clock)
    past_pauses(engine, clock, 3, "meeting", "10:00", "10:40")
    past_pauses(engine, clock, 5, "meeting", "10:00", "11:30")  # another window's are longer
    clock.set(at(MONDAY, "08:30"))
    engine.sign_in(3, "1003")
    engine.sign_in(4, "1004")  # B then E; no meetings in its history
    clock.set(at(MONDAY, "10:00"))
    engine.pause(3, "meeting")
    clock.set(at(MONDAY, "10:15"))
    engine.pause(4, "meeting")
    assert engine.issue_ticket("B").estimated_wait_s == 25 * 60  # window 3: its own 40 min
    engine.sign_out(3)  # now only window 4 will call B, back after the hall's usual meeting:
    # it has none of its own, so the hall's (three of 40 and three of 90 minutes) it is
    back = (3 * 40 + 3 * 90) * 60 // 6
    assert engine.issue_ticket("B").estimated_wait_s == back + 20 * 60  # behind B001


def test_a_short_break_has_the_halls_long_pause_limit_as_prior(
    db: Database, clock: ManualClock
) -> None:
    engine = hall(db, clock, settings=QueueSettings(long_pause_minutes=15))
    engine.sign_in(3, "1003")
    engine.pause(3, "break")
    clock.advance(minutes=4)
    assert engine.issue_ticket("B").estimated_wait_s == 11 * 60


def test_a_service_with_no_open_window_gets_no_estimate_and_a_reason(
    db: Database, clock: ManualClock
) -> None:
    engine = hall(db, clock)
    engine.sign_in(3, "1003")  # B; nobody serves C (windows 2 and 5)
    issued = engine.issue_ticket("C")
    assert issued.estimated_wait_s is None and issued.wait_note == "no_window"
    assert engine.ticket(issued.ticket.id).predicted_wait_s is None
    loads = {load.code: load for load in engine.service_loads()}
    assert loads["C"].estimated_wait_s is None and loads["C"].wait_note == "no_window"
    assert format_wait(None, reason=loads["C"].wait_note) == "暂无窗口办理"
    assert format_wait(None, "en", reason="no_window") == "no window is serving this now"
    assert loads["B"].estimated_wait_s == 0 and loads["B"].wait_note == ""
    engine.sign_in(5, "1005")  # C first (8 promised minutes): the first C ticket, then this one
    assert engine.issue_ticket("C").estimated_wait_s == 480


def test_a_pause_of_a_kind_the_hall_has_no_history_of_leaves_no_estimate(
    db: Database, clock: ManualClock
) -> None:
    engine = hall(db, clock)
    engine.sign_in(3, "1003")
    engine.pause(3, "meeting")
    issued = engine.issue_ticket("B")
    assert issued.estimated_wait_s is None and issued.wait_note == "no_window"


def test_the_clerk_signed_in_sets_the_windows_speed(db: Database, clock: ManualClock) -> None:
    engine = hall(db, clock, dataclasses.replace(EXACT, clerk_weight=0.0))
    friday = EARLIER_DAYS[-1]
    for window, clerk, minutes in ((3, "1003", 30), (4, "1004", 15)):  # both serve B
        clock.set(at(friday, "09:00"))
        engine.sign_in(window, clerk)
        for _ in range(10):
            engine.issue_ticket("B")
            engine.call_next(window)
            engine.start(window)
            clock.advance(minutes=minutes)
            engine.finish(window, "done")
        engine.sign_out(window)
    clock.set(at(MONDAY, "09:00"))
    engine.sign_in(3, "1003")  # the slow clerk
    assert [engine.issue_ticket("B").estimated_wait_s for _ in range(2)] == [0, 1800]
    engine.sign_out(3)
    engine.sign_in(3, "1004")  # the quick one, at the same window
    assert engine.issue_ticket("B").estimated_wait_s == 2 * 900


def test_little_history_gives_a_range_and_says_so(db: Database, clock: ManualClock) -> None:
    engine = hall(db, clock, PredictorConfig())
    engine.sign_in(3, "1003")
    for _ in range(4):
        engine.issue_ticket("B")
    load = {load.code: load for load in engine.service_loads()}["B"]
    assert load.wait_note == "little_history"
    assert load.wait_low_s is not None and load.wait_high_s is not None
    assert load.estimated_wait_s is not None
    assert load.wait_low_s < load.estimated_wait_s < load.wait_high_s
    text = format_wait(
        load.estimated_wait_s, low=load.wait_low_s, high=load.wait_high_s, reason=load.wait_note
    )
    assert text.startswith("约 ") and "–" in text


def test_a_waiting_tickets_estimate_is_kept_current_and_the_printed_one_stays(
    db: Database, clock: ManualClock
) -> None:
    live = LiveEstimates(WaitPredictor(EXACT), background=False)
    engine = QueueEngine(db, clock=clock, estimator=live)
    engine.sign_in(3, "1003")
    tickets = [engine.issue_ticket("B") for _ in range(3)]
    assert [t.estimated_wait_s for t in tickets] == [0, 1200, 2400]
    engine.call_next(3)
    engine.start(3)
    clock.advance(minutes=5)
    engine.finish(3, "done")  # 5 minutes, not 20: B now takes 5 minutes
    third = tickets[2].ticket.id
    found = engine.ticket_outlook(third)
    assert found is not None and found.wait_s == 300
    assert engine.ticket(third).predicted_wait_s == 2400  # as printed
    engine.call_next(3)
    engine.start(3)
    clock.advance(minutes=5)
    engine.finish(3, "done")
    engine.call_next(3)  # B003, at 09:10 as its latest estimate said
    assert engine.ticket_outlook(third) is None  # no longer waiting
    live.flush()
    with db.read() as conn:
        accuracy = estimate_accuracy(conn, MONDAY)
    assert accuracy.at_issue.tickets == accuracy.latest.tickets == 3
    assert accuracy.at_issue.mean_abs_error_s == (0 + 900 + 1800) / 3
    assert accuracy.at_issue.bias_s == (0 + 900 + 1800) / 3
    assert accuracy.latest.mean_abs_error_s == 0
    assert accuracy.latest.within_5min == 1.0


def test_a_long_case_of_a_variable_service_is_expected_to_go_on_as_long_ones_do(
    db: Database, clock: ManualClock
) -> None:
    """The rest of a case in hand comes from the cases that lasted at least as long."""
    sampled = dataclasses.replace(EXACT, replays=48, min_replays=48)
    engine = hall(db, clock, sampled)
    engine.sign_in(3, "1003")
    for minutes in (10, 10, 10, 60, 10, 10, 10, 60, 10, 10):
        engine.issue_ticket("B")
        engine.call_next(3)
        engine.start(3)
        clock.advance(minutes=minutes)
        engine.finish(3, "done")
    engine.issue_ticket("B")
    engine.call_next(3)
    engine.start(3)
    clock.advance(minutes=40)  # longer than most: one of the long ones
    assert engine.issue_ticket("B").estimated_wait_s == 20 * 60


def test_a_window_that_just_finished_calls_after_its_usual_turnaround(
    db: Database, clock: ManualClock
) -> None:
    learned = dataclasses.replace(EXACT, turnaround_prior_s=None)
    engine = hall(db, clock, learned)
    engine.sign_in(3, "1003")
    for _ in range(4):
        engine.issue_ticket("B")
    for _ in range(4):
        engine.call_next(3)
        engine.start(3)
        clock.advance(minutes=10)
        engine.finish(3, "done")
        clock.advance(seconds=20)  # 20 s from a finish to the next call
    clock.advance(seconds=-15)  # 5 s after the last finish
    assert engine.issue_ticket("B").estimated_wait_s == 15


def test_a_queue_that_may_run_past_closing_time_says_so(db: Database, clock: ManualClock) -> None:
    set_hall(db, close_at="17:30")
    engine = hall(db, clock)
    clock.set(at(MONDAY, "16:50"))
    engine.sign_in(3, "1003")
    waits = [engine.issue_ticket("B") for _ in range(4)]
    assert [t.wait_note for t in waits] == ["", "", "", "after_hours"]  # the third: at 17:30
    last = waits[-1]
    assert last.estimated_wait_s == 3600
    text = format_wait(
        last.estimated_wait_s, low=last.wait_low_s, high=last.wait_high_s, reason=last.wait_note
    )
    assert text == "约 1 小时（可能排到下班以后）"


def test_days_differ_beyond_chance_only_when_their_arrivals_do() -> None:
    from app.queue.predict_history import History

    steady = History(issued_per_day=[400, 390, 410, 405, 395])
    assert steady.day_spread() == 0.0  # within Poisson noise: every day counts as usual
    busy_and_quiet = History(issued_per_day=[200, 600, 250, 550, 400])
    assert 0.05 < busy_and_quiet.day_spread() < 0.2


def test_ranges_are_worded_outwards_in_whole_steps() -> None:
    assert format_wait(1500, low=600, high=2700, reason="wide") == "约 10–45 分钟"
    assert format_wait(1500, "en", low=600, high=2700, reason="little_history") == (
        "about 10–45 min"
    )
    assert format_wait(9000, low=5000, high=12000, reason="wide") == "约 1–3.5 小时"
    assert format_wait(3000, low=2800, high=3200, reason="after_hours") == (
        "约 45–55 分钟（可能排到下班以后）"
    )
    assert format_wait(1500, low=850, high=2450, reason="wide") == "约 10–45 分钟"
    assert format_wait(1500, low=600, high=2700) == "约 25 分钟"  # no reason: the figure
    assert format_wait(None, reason="not_today") == "今日可能无法办理"
