"""Storage setup: migrations give exactly the models' schema; durable pragmas; corrupt files."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from app.models import Base, Database, DatabaseCorrupt, DatabaseError, sqlite_url
from app.models.db import BUSY_TIMEOUT_MS


def test_the_migrations_produce_exactly_the_models_schema(tmp_path: Path) -> None:
    db = Database(sqlite_url(tmp_path / "fresh.db"))
    try:
        with db.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, Base.metadata)
            tables = set(inspect(conn).get_table_names())
    finally:
        db.dispose()
    assert diff == []
    assert tables == set(Base.metadata.tables) | {"alembic_version"}


def test_the_partial_unique_indexes_exist_in_the_migrated_file(tmp_path: Path) -> None:
    db = Database(sqlite_url(tmp_path / "fresh.db"))
    db.dispose()
    conn = sqlite3.connect(tmp_path / "fresh.db")
    try:
        rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'").fetchall()
    finally:
        conn.close()
    sql = {name: text for name, text in rows if text}
    assert "WHERE state IN ('called', 'serving')" in sql["uq_tickets_window_in_service"]
    assert "UNIQUE" in sql["uq_tickets_window_in_service"]
    assert "WHERE corrects_id IS NULL" in sql["uq_ratings_original_per_ticket"]
    assert "WHERE signed_out_at IS NULL" in sql["uq_staff_sessions_open_window"]


def test_opening_twice_migrates_once_and_keeps_the_data(db_path: Path) -> None:
    first = Database(sqlite_url(db_path))
    with first.engine.connect() as conn:
        head = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
        services = conn.exec_driver_sql("SELECT count(*) FROM services").scalar()
    first.dispose()
    second = Database(sqlite_url(db_path))
    with second.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == head
        assert conn.exec_driver_sql("SELECT count(*) FROM services").scalar() == services == 6
    second.dispose()


def test_durable_pragmas_are_in_effect_on_every_connection(db: Database) -> None:
    for _ in range(2):
        with db.engine.connect() as conn:
            pragma = conn.exec_driver_sql
            assert pragma("PRAGMA journal_mode").scalar() == "wal"
            assert pragma("PRAGMA synchronous").scalar() == 2  # FULL
            assert pragma("PRAGMA foreign_keys").scalar() == 1
            assert pragma("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS


def test_a_write_transaction_takes_the_write_lock_at_once(db: Database) -> None:
    """BEGIN IMMEDIATE: a second writer waits at BEGIN, not at its first write."""
    other = sqlite3.connect(db.engine.url.database or "", timeout=0, isolation_level=None)
    try:
        with db.write(), pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    finally:
        other.close()


def test_foreign_keys_are_enforced(db: Database) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), db.write() as conn:
        conn.exec_driver_sql(
            "INSERT INTO window_services (window_id, service_id, rank) VALUES (999, 999, 0)"
        )


def _damaged_copy(source: Path, target: Path, pages: range) -> Path:
    shutil.copy(source, target)
    page_size = 4096
    with open(target, "r+b") as handle:
        for page in pages:
            handle.seek(page * page_size + 100)
            handle.write(b"\xde\xad\xbe\xef" * 900)
    return target


def test_a_file_with_garbage_in_its_pages_is_refused_as_corrupt(
    demo_template: Path, tmp_path: Path
) -> None:
    pages = Path(demo_template).stat().st_size // 4096
    damaged = _damaged_copy(demo_template, tmp_path / "damaged.db", range(1, pages))
    with pytest.raises(DatabaseCorrupt) as caught:
        Database(sqlite_url(damaged))
    assert "损坏" in caught.value.zh and "damaged" in caught.value.en


def test_a_file_that_is_not_a_database_is_refused_as_corrupt(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database at all " * 400)
    with pytest.raises(DatabaseCorrupt):
        Database(sqlite_url(junk))


def test_a_bad_url_is_refused_with_a_clear_message() -> None:
    with pytest.raises(DatabaseError) as caught:
        Database("no-such-scheme:/x")
    assert "数据库地址无效" in caught.value.zh


def test_a_write_that_raises_is_rolled_back_and_the_next_one_commits(db: Database) -> None:
    import datetime as dt

    from sqlalchemy import exc, func, insert, select

    from app.models import Holiday

    with pytest.raises(ValueError), db.write() as conn:
        conn.execute(insert(Holiday).values(day=dt.date(2026, 10, 1), name="国庆"))
        raise ValueError("refused")
    with pytest.raises(exc.OperationalError), db.write() as conn:
        conn.exec_driver_sql("INSERT INTO no_such_table VALUES (1)")
    with db.write() as conn:
        conn.execute(insert(Holiday).values(day=dt.date(2026, 10, 2), name="国庆"))
    with db.read() as conn:
        days = conn.scalars(select(Holiday.day)).all()
        assert conn.scalar(select(func.count()).select_from(Holiday)) == 1
    assert days == [dt.date(2026, 10, 2)]


def test_writes_from_several_threads_all_commit(db: Database) -> None:
    import datetime as dt
    import threading

    from sqlalchemy import func, insert, select

    from app.models import Holiday

    def writer(offset: int) -> None:
        for n in range(20):
            with db.write() as conn:
                day = dt.date(2030, 1, 1) + dt.timedelta(days=offset * 100 + n)
                conn.execute(insert(Holiday).values(day=day, name="", is_workday=False))

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with db.read() as conn:
        assert conn.scalar(select(func.count()).select_from(Holiday)) == 80
