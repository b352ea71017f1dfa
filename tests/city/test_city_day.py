"""Three halls run a simulated day each (through the engine, interleaved in time) while their
senders ship to the city's PostgreSQL, which is taken away from 10:00 to 14:00: the halls
keep working, the senders catch up, and afterwards the city's tables equal the union of the
halls' records exactly, row by row. The city's appraisal of each hall equals the hall's own,
and the city's report is made from it (its pages rendered to PNG)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select

from app.appraisal.attendance import attendance_findings
from app.appraisal.hours import effective_hours
from app.appraisal.metrics import Group
from app.appraisal.ranking import mark_windows, month_bounds
from app.appraisal.scoring import appraise_groups
from app.appraisal.settings import DEFAULT_SETTINGS
from app.city.appraisal import CitySettings, city_month
from app.city.lens import hours_dict
from app.city.report_pdf import write_city_pdf
from app.models import OutboxItem
from app.models.outbox import CITY
from app.outbox.city_channel import CityChannel
from app.outbox.sender import Sender
from app.outbox.settings import CitySettings as ShipSettings
from tests.city.conftest import Outage
from tests.city.halls import DAY, SimHall, compare, sim_hall

HALLS = (
    ("东城区政务服务中心", 70, 11),
    ("西城区政务服务中心", 90, 12),
    ("南湖镇便民服务中心", 45, 13),
)


def pending(hall: SimHall) -> int:
    with hall.db.read() as conn:
        return len(conn.execute(select(OutboxItem.id).where(OutboxItem.channel == CITY)).all())


def sender(hall: SimHall, url: str, batch: int = 40) -> Sender:
    channel = CityChannel(
        hall.db,
        ShipSettings(db_url=url, batch=batch),
        hall_name=hall.name,
        file_hours=hours_dict(DEFAULT_SETTINGS.hours),
    )
    return Sender(hall.db, channel, idle_s=0.05, first_retry_s=0.05, last_retry_s=0.5)


@pytest.fixture
def halls(tmp_path: Path) -> Iterator[list[SimHall]]:
    found = [sim_hall(tmp_path, name, visitors, seed) for name, visitors, seed in HALLS]
    yield found
    for hall in found:
        hall.db.dispose()


def play_interleaved(halls: list[SimHall], outage: Outage) -> dict[str, int]:
    """Every hall's day, the earliest next thing first; the city away 10:00–14:00."""
    down_at, up_at = dt.datetime.combine(DAY, dt.time(10)), dt.datetime.combine(DAY, dt.time(14))
    seen = {"steps": 0, "pending_at_return": 0}
    state = "before"
    while True:
        ready = [h for h in halls if h.day.next_at() is not None]
        if not ready:
            return seen
        hall = min(ready, key=lambda h: h.day.next_at())  # type: ignore[arg-type,return-value]
        moment = hall.day.next_at()
        assert moment is not None
        if state == "before" and moment >= down_at:
            outage.down()
            state = "down"
        elif state == "down" and moment >= up_at:
            seen["pending_at_return"] = sum(pending(h) for h in halls)
            outage.up()
            state = "up"
        hall.day.step()
        seen["steps"] += 1


def test_three_halls_days_reach_the_city_exactly_despite_an_outage(
    halls: list[SimHall], outage: Outage, city_url: str, tmp_path: Path
) -> None:
    senders = [sender(h, outage.hall_url).start() for h in halls]
    try:
        seen = play_interleaved(halls, outage)
        for hall in halls:
            hall.finish_day()
        deadline = time.monotonic() + 180
        while any(pending(h) for h in halls) and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        for s in senders:
            s.stop()
    assert seen["pending_at_return"] > 0, "the outage held nothing back"
    assert [pending(h) for h in halls] == [0, 0, 0], "a hall did not catch up"
    city = create_engine(city_url)
    lines, closings = [], 0
    for hall in halls:
        tables = compare(hall.db, hall.hall_id, city)
        differ = {t: v for t, v in tables.items() if v[0] != v[1] or v[2]}
        assert differ == {}, f"{hall.name}: {differ}"
        rows = sum(v[0] for v in tables.values())
        lines.append(f"{hall.name}: {rows} rows in {len(tables)} tables, all equal")
        assert tables["tickets"][0] > 30 and tables["events"][0] > 150
        assert tables["ratings"][0] > tables["tickets"][0] // 2
        closings += tables["closings"][0]
    assert closings >= 1  # a follow-up closed somewhere (the rows that must never change)
    print(
        "\nrow by row (" + outage.how + " 10:00–14:00, "
        f"{seen['pending_at_return']} changes waiting when it came back):\n  " + "\n  ".join(lines)
    )

    # The city's appraisal of each hall is the hall's own (app.appraisal's rules).
    month, as_of = DAY.replace(day=1), DAY + dt.timedelta(days=1)
    report = city_month(city, month, as_of, CitySettings(), moment=dt.datetime.now())
    assert sorted(h.name for h in report.halls) == sorted(name for name, _, _ in HALLS)
    start, end = month_bounds(month)
    for hall, mine in zip(sorted(halls, key=lambda h: h.name), report.halls, strict=True):
        with hall.db.read() as conn:
            rules = DEFAULT_SETTINGS.__class__(hours=effective_hours(conn, DEFAULT_SETTINGS.hours))
            findings = attendance_findings(conn, start, end, rules.hours, as_of)
            own = appraise_groups(
                conn,
                start,
                end,
                (Group.WINDOW, Group.HALL),
                rules,
                as_of,
                percentiles=False,
                findings=findings,
            )
            mark_windows(conn, own[Group.WINDOW], start, end, as_of, rules)
        key = [
            (r.key, r.score, r.rank, r.red_flag, r.excluded, r.bottom) for r in own[Group.WINDOW]
        ]
        assert [
            (r.key, r.score, r.rank, r.red_flag, r.excluded, r.bottom) for r in mine.windows
        ] == key
        assert mine.tickets == own[Group.HALL][0].tickets
        assert not mine.behind
    assert report.city_red_flags and report.totals.finished == sum(
        h.tickets.finished for h in report.halls
    )

    pdf = write_city_pdf(report, tmp_path / "city.pdf")
    words = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for name, _, _ in HALLS:
        assert name in words
    assert "全市红旗窗口" in words and "差评回访整改情况" in words and "数据上报情况" in words
    pages = Path(os.environ.get("HALLQUEUE_CITY_PAGES", tmp_path / "pages"))
    pages.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf), str(pages / "city")], check=True)
    assert sorted(p.name for p in pages.glob("city*.png"))
    city.dispose()
