"""Appointment figures (booked, checked in, late, no-show, cancelled, the wait after the slot)
and their section in the daily and month reports, read back from the real PDFs."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.appraisal.appointments import appointment_figures
from app.queue import ManualClock, QueueEngine
from app.queue.booking import Booking, book, cancel
from app.reports.produce import make_daily, make_month
from tests.pdf import pdf_text

MONDAY = dt.date(2026, 11, 23)


def at(day: dt.date, hhmm: str) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.fromisoformat(hhmm))


def monday_of_appointments(engine: QueueEngine, clock: ManualClock) -> None:
    """Booked the Friday before: two at 09:00 (one on time, called 09:05; one late), one at
    09:30 cancelled, one at 10:00 that nobody comes to."""
    rules = engine.settings.appointments
    clock.set(at(MONDAY - dt.timedelta(days=3), "09:00"))
    codes = []
    made = [("B", "09:00", "online"), ("B", "09:00", "console"), ("B", "09:30", "console"),
            ("A", "10:00", "counter")]  # fmt: skip
    for service, start, source in made:
        wanted = Booking(service, at(MONDAY, start), "张三", "13812345678", source, "t")
        codes.append(engine.run(lambda tx, w=wanted: book(tx, rules, w)).code)
    clock.set(at(MONDAY, "08:45"))
    engine.check_in(codes[0])
    clock.set(at(MONDAY, "09:05"))
    engine.sign_in(3, "1003")
    engine.call_next(3)
    clock.set(at(MONDAY, "09:20"))
    engine.check_in(codes[1])
    engine.run(lambda tx: cancel(tx, codes[2], "t"))
    clock.set(at(MONDAY, "18:00"))


def test_the_figures_count_each_kind_once(engine: QueueEngine, clock: ManualClock) -> None:
    monday_of_appointments(engine, clock)
    with engine.db.read() as conn:
        f = appointment_figures(conn, MONDAY, MONDAY)
        none = appointment_figures(conn, MONDAY + dt.timedelta(days=1), MONDAY + dt.timedelta(7))
    assert (f.booked, f.checked_in, f.late, f.no_show, f.cancelled) == (3, 2, 1, 1, 1)
    assert (f.called, f.wait_avg_s, f.wait_max_s) == (1, 300.0, 300.0)
    assert f.by_source == {"console": 1, "counter": 1, "online": 1}
    assert f.show_rate == 2 / 3
    assert none.booked == 0 and none.wait_avg_s is None


def test_the_daily_and_month_reports_have_the_section(
    engine: QueueEngine, clock: ManualClock, tmp_path: Path
) -> None:
    monday_of_appointments(engine, clock)
    [daily] = make_daily(engine.db, MONDAY, pdf=tmp_path / "daily.pdf")
    [month] = make_month(engine.db, MONDAY, pdf=tmp_path / "month.pdf", as_of=MONDAY)
    for path, title in ((daily, "十、预约情况"), (month, "十二、预约情况")):
        text = pdf_text(path)
        assert title in text, path
        words = " ".join(text.split())
        for label, value in (("预约", "3"), ("已签到", "2"), ("迟到", "1"), ("未到", "1"),
                             ("取消", "1"), ("时段后平均等候", "5.0")):  # fmt: skip
            assert f"{label} {value}" in words, (path.name, label)
        assert "网上预约 1" in words and "窗口回访 1" in words
