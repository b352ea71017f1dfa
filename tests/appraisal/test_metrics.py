"""Figures per window, service and hall on the hand-made day (see builder.fill_one_day)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app.appraisal.daily import daily_summary
from app.appraisal.metrics import Group, TicketMetrics, TimeStats, ticket_metrics
from app.appraisal.settings import AppraisalSettings
from app.models import Database, Window

from .builder import DAY, Hall


def _by_number(db: Database, group: Group, settings: AppraisalSettings) -> dict[int, TicketMetrics]:
    with db.read() as conn:
        figures = ticket_metrics(conn, DAY, DAY, group, settings)
        numbers = dict(conn.execute(select(Window.id, Window.number)).all())
    return {numbers[k]: v for k, v in figures.items()}


def test_window_counts_waits_and_handling_times(
    one_day: Database, settings: AppraisalSettings
) -> None:
    w = _by_number(one_day, Group.WINDOW, settings)
    w1, w2 = w[1], w[2]
    assert (w1.issued, w1.finished, w1.no_show) == (4, 3, 1)
    # waits 600, 1200, 2100, 2400: nearest-rank p90 is the 4th of 4
    assert w1.wait == TimeStats(4, 1575.0, 2400, 2400)
    # handling 300, 900, 480: p90 is the 3rd of 3
    assert w1.handle == TimeStats(3, 560.0, 900, 900)
    assert (w2.issued, w2.finished, w2.no_show) == (2, 2, 0)
    assert w2.wait == TimeStats(2, 150.0, 180, 180)
    assert w2.handle == TimeStats(2, 1200.0, 1800, 1800)


def test_promised_time_and_waiting_target_shares(
    one_day: Database, settings: AppraisalSettings
) -> None:
    w = _by_number(one_day, Group.WINDOW, settings)
    # A promises 10 minutes: 300 and 480 in time, 900 late; B promises 20: 600 in, 1800 late
    assert (w[1].within_promised, w[1].overdue) == (2, 1)
    assert w[1].promised_share == pytest.approx(2 / 3)
    assert (w[2].within_promised, w[2].overdue) == (1, 1)
    # called within 20 minutes: 600 and 1200 of W1's four; both of W2's
    assert w[1].wait_share == 0.5
    assert w[2].wait_share == 1.0


def test_satisfaction_and_coverage_keep_unrated_apart(
    one_day: Database, settings: AppraisalSettings
) -> None:
    w = _by_number(one_day, Group.WINDOW, settings)
    w1, w2 = w[1], w[2]
    # W1: 5 (good), 2 (差评), 未评价 stored: rated 2 of 3 finished
    assert (w1.rated, w1.not_rated, w1.good, w1.bad) == (2, 1, 1, 1)
    assert w1.satisfaction == 0.5
    assert w1.coverage == pytest.approx(2 / 3)
    # W2: 4 (满意) and one case without any rating row
    assert (w2.rated, w2.not_rated, w2.good, w2.bad) == (1, 0, 1, 0)
    assert (w2.satisfaction, w2.coverage) == (1.0, 0.5)


def test_hall_and_service_totals(one_day: Database, settings: AppraisalSettings) -> None:
    with one_day.read() as conn:
        hall = ticket_metrics(conn, DAY, DAY, Group.HALL, settings)[0]
        services = ticket_metrics(conn, DAY, DAY, Group.SERVICE, settings)
    assert (hall.issued, hall.finished, hall.no_show) == (7, 5, 1)
    # waits 600 1200 2100 2400 120 180: p90 is the 6th of 6
    assert hall.wait == TimeStats(6, 1100.0, 2400, 2400)
    # handling 300 900 480 600 1800: p90 is the 5th of 5
    assert hall.handle == TimeStats(5, 816.0, 1800, 1800)
    assert sorted((m.issued, m.finished) for m in services.values()) == [(2, 2), (5, 3)]


def test_a_day_without_tickets_has_no_figures(db: Database, settings: AppraisalSettings) -> None:
    with db.read() as conn:
        assert ticket_metrics(conn, DAY, DAY, Group.WINDOW, settings) == {}


def test_daily_summary_lists_and_prediction_accuracy(
    one_day: Database, settings: AppraisalSettings
) -> None:
    with one_day.read() as conn:
        summary = daily_summary(conn, DAY, settings)
    assert summary.hourly == [(9, 6), (10, 1)]
    assert [(b.number, b.window_no, b.staff, b.level_label) for b in summary.bad_ratings] == [
        ("A002", 1, "王芳", "不满意")
    ]
    # longest first: B002 took 30 min (20 promised), A002 15 min (10 promised)
    assert [(c.number, c.handle_min, c.promised_min) for c in summary.overdue_cases] == [
        ("B002", 30.0, 20),
        ("A002", 15.0, 10),
    ]
    assert summary.ratings.levels == {(5, 5): 1, (5, 4): 1, (5, 2): 1}
    assert (summary.ratings.not_rated, summary.ratings.no_rating) == (1, 1)
    # errors: 700−600=+100, 900−1200=−300, 600−120=+480
    assert summary.prediction is not None
    p = summary.prediction.at_issue
    assert p.tickets == 3
    assert p.mean_abs_error_s == pytest.approx(880 / 3)
    assert p.bias_s == pytest.approx(280 / 3)
    assert p.within_5min == pytest.approx(2 / 3)
    assert summary.prediction.latest == p  # no later estimate stored: the printed one


def test_prediction_accuracy_is_none_without_predictions(
    db: Database, settings: AppraisalSettings
) -> None:
    with db.read() as conn:
        assert daily_summary(conn, DAY, settings).prediction is None


def test_p90_is_the_nearest_rank_not_the_maximum(db: Database, settings: AppraisalSettings) -> None:
    """Waits of 1..11 minutes: ⌈0.9·11⌉ = 10, so p90 is the 10th smallest (10 minutes)."""
    with db.write() as conn:
        hall = Hall(conn)
        for k in range(1, 12):
            called = f"09:{k:02d}"
            finished = f"10:{2 * k:02d}"  # handling 60 + k minutes
            hall.ticket(DAY, "F", "09:00", called=called, finished=finished, window=8)
    w = _by_number(db, Group.WINDOW, settings)[8]
    assert w.wait == TimeStats(11, 360.0, 600, 660)
    assert (w.handle.p90_s, w.handle.max_s) == ((60 + 10) * 60, (60 + 11) * 60)


def test_the_temporary_facts_table_is_dropped(
    one_day: Database, settings: AppraisalSettings
) -> None:
    with one_day.read() as conn:
        ticket_metrics(conn, DAY, DAY, Group.WINDOW, settings)
        left = conn.exec_driver_sql("SELECT name FROM sqlite_temp_master").all()
    assert left == []
