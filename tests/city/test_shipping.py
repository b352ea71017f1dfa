"""Shipping to the city, by its parts: a hall offline for a week catches up in order, batch
after batch; a batch the city applied while its answer was lost is not sent again; a batch
applied twice changes nothing; every table keys by hall; the big ones by month."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, text

from app.appraisal.complaints import close_complaint, delete_complaint, register_complaint
from app.appraisal.settings import DEFAULT_SETTINGS
from app.models import Database, sqlite_url
from app.models.hall_id import read_hall_id
from app.outbox.city_batch import read_batch
from app.outbox.city_channel import CityChannel
from app.outbox.city_schema import PARTITIONS, TABLES
from app.outbox.city_store import CityStore, conninfo
from app.outbox.items import reading
from app.outbox.settings import CitySettings
from app.queue import ManualClock, QueueEngine
from bench.citygen import HallSpec, build_hall
from tests.city.halls import compare

WEEK = [dt.date(2026, 11, 23) + dt.timedelta(days=n) for n in range(7)]


@pytest.fixture
def week_hall(tmp_path: Path) -> Database:
    """A township hall's week, written while the city was unreachable: all of it queued."""
    path = tmp_path / "town.db"
    build_hall(path, HallSpec("南湖镇便民服务中心", 6, 250, 300, 5), WEEK, bytes(32))
    return Database(sqlite_url(path), mac_key=bytes(32))


def channel(db: Database, url: str, batch: int = 500) -> CityChannel:
    return CityChannel(
        db, CitySettings(db_url=url, batch=batch), hall_name="南湖镇便民服务中心", file_hours={}
    )


def test_a_hall_offline_for_a_week_catches_up_in_order(week_hall: Database, city_url: str) -> None:
    ship = channel(week_hall, city_url)
    seqs: list[tuple[int, int]] = []
    while ship.step():
        assert ship.last_batch is not None
        seqs.append((ship.last_batch.first_seq, ship.last_batch.last_seq))
    ship.close()
    assert len(seqs) > 10
    assert all(a[1] < b[0] for a, b in itertools.pairwise(seqs)), "out of order"
    with week_hall.read() as conn:
        hall_id = read_hall_id(conn) or ""
    city = create_engine(city_url)
    tables = compare(week_hall, hall_id, city)
    assert {t: v for t, v in tables.items() if v[0] != v[1] or v[2]} == {}
    with city.connect() as conn:
        applied = conn.scalar(text("SELECT applied_seq FROM city.halls"))
        parts = set(
            conn.scalars(
                text(
                    "SELECT relname FROM pg_class WHERE relispartition AND relname LIKE '%2026_11'"
                )
            )
        )
    assert applied == seqs[-1][1]
    assert {f"{t}_2026_11" for t in PARTITIONS} <= parts
    # All of it delivered, the outbox empty; the server restarts and the hall goes on.
    QueueEngine(week_hall, clock=ManualClock(dt.datetime(2026, 11, 30, 8, 20))).sign_in(1, "1001")
    restarted = channel(week_hall, city_url)
    assert restarted.step() > 0
    restarted.close()
    tables = compare(week_hall, hall_id, city)
    assert {t: v for t, v in tables.items() if v[0] != v[1] or v[2]} == {}
    city.dispose()
    week_hall.dispose()


def test_a_batch_whose_answer_was_lost_is_not_sent_again(
    week_hall: Database, city_url: str
) -> None:
    with week_hall.read() as conn:
        hall_id = read_hall_id(conn) or ""
    with reading(week_hall) as conn:
        batch = read_batch(conn, hall_id, 300)
    assert batch is not None
    store = CityStore(city_url)
    store.apply(batch, name="南湖镇", file_hours={})  # the city has it; the hall never heard
    store.apply(batch, name="南湖镇", file_hours={})  # sent again: nothing changes
    store.close()
    with psycopg.connect(conninfo(city_url)) as conn:
        before = {t: conn.execute(f"SELECT count(*) FROM city.{t}").fetchone()[0] for t in TABLES}
    ship = channel(week_hall, city_url, batch=300)
    assert ship.step() > 0  # the next batch: it resumed after the city's applied_seq
    assert ship.last_batch is not None and ship.last_batch.first_seq > batch.last_seq
    ship.close()
    with psycopg.connect(conninfo(city_url)) as conn:
        counts = dict(conn.execute("SELECT hall_id, batches FROM city.halls").fetchall())
        after_events = conn.execute("SELECT count(*) FROM city.events").fetchone()[0]
    assert counts[hall_id] == 3  # two applies of the first batch, then the next one
    assert after_events >= before["events"]
    week_hall.dispose()


def test_every_city_table_keys_by_hall_and_the_big_ones_by_month(city_url: str) -> None:
    CityStore(city_url).connection().close()  # the schema made
    with psycopg.connect(conninfo(city_url)) as conn:
        for table in TABLES:
            key = conn.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid"
                " AND a.attnum = i.indkey[0] WHERE i.indrelid = %s::regclass AND i.indisprimary",
                (f"city.{table}",),
            ).fetchone()
            assert key == ("hall_id",), table
        kinds = dict(
            conn.execute(
                "SELECT c.relname, p.partstrat FROM pg_partitioned_table p"
                " JOIN pg_class c ON c.oid = p.partrelid"
            ).fetchall()
        )
    assert kinds == {t: "r" for t in PARTITIONS}


def test_the_same_rows_from_two_halls_stay_apart(tmp_path: Path, city_url: str) -> None:
    """Two halls with the same ids, numbers and windows (A001 at window 1 in both)."""
    ids = []
    for n in range(2):
        path = tmp_path / f"h{n}.db"
        build_hall(path, HallSpec(f"第{n}厅", 5, 200, 220, 40 + n), WEEK[:1], bytes(32))
        db = Database(sqlite_url(path), mac_key=bytes(32))
        ship = channel(db, city_url)
        while ship.step():
            pass
        ship.close()
        with db.read() as conn:
            ids.append(read_hall_id(conn))
        tables = compare(db, ids[-1] or "", create_engine(city_url))
        assert {t: v for t, v in tables.items() if v[0] != v[1] or v[2]} == {}
        db.dispose()
    with psycopg.connect(conninfo(city_url)) as conn:
        both = conn.execute(
            "SELECT count(DISTINCT hall_id) FROM city.tickets WHERE prefix = 'A' AND number = 1"
        ).fetchone()[0]
    assert both == 2 and ids[0] != ids[1]


def test_a_row_removed_in_the_hall_is_removed_in_the_city_and_its_sealed_record_stays(
    week_hall: Database, city_url: str
) -> None:
    """A complaint deleted after its year (the one row a hall may delete)."""
    old = dt.datetime(2025, 10, 8, 10)
    with week_hall.write() as conn:
        complaint = register_complaint(conn, kind="complaint", received_at=old, content="久等",
                                       settings=DEFAULT_SETTINGS)  # fmt: skip
        close_complaint(conn, complaint, result="已处理", feedback="已反馈", substantiated=False,
                        now=old + dt.timedelta(days=1))  # fmt: skip
    ship = channel(week_hall, city_url)
    while ship.step():
        pass
    with week_hall.write() as conn:
        delete_complaint(conn, complaint, dt.date(2026, 11, 30))
    while ship.step():
        pass
    ship.close()
    with week_hall.read() as conn:
        hall_id = read_hall_id(conn) or ""
    city = create_engine(city_url)
    tables = compare(week_hall, hall_id, city)
    assert {t: v for t, v in tables.items() if v[0] != v[1] or v[2]} == {}
    with city.connect() as conn:
        left = conn.scalar(
            text("SELECT count(*) FROM city.complaints WHERE id = :c"), {"c": complaint}
        )
        sealed = conn.scalar(text(
            "SELECT count(*) FROM city.closings WHERE kind = 'complaint' AND target_id = :c"),
            {"c": complaint})  # fmt: skip
    assert (left, sealed) == (0, 1)
    city.dispose()
    week_hall.dispose()


def test_a_hall_connecting_takes_no_lock_on_the_tables_others_are_writing(
    city_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the schema is made, connecting runs no DDL: DDL beside another hall's insert
    deadlocked (seen with 50 halls shipping at once)."""
    CityStore(city_url).connection().close()
    writing = psycopg.connect(conninfo(city_url))  # another hall's batch, mid-insert
    writing.execute("LOCK TABLE city.ratings IN ROW EXCLUSIVE MODE")
    monkeypatch.setenv("PGOPTIONS", "-c lock_timeout=2000")
    try:
        CityStore(city_url).connection().close()
    finally:
        writing.rollback()
        writing.close()
