"""The city's side of shipping: a hall's batch applied to the city's PostgreSQL in one
transaction, with the hall's sequence number.

``city.halls.applied_seq`` is the last outbox id of the hall that the city holds; the hall
asks for it when it connects and forgets what is below it (a batch that reached the city
while its answer was lost is not sent again). Applying a batch again changes nothing: sealed
rows are inserted once (a hall that rewrites one later does not change the city's copy),
other rows take the state they were read in, whole tables are replaced.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy.engine import make_url

from app.outbox.city_batch import CityBatch
from app.outbox.city_schema import (
    APPEND,
    LENS_VERSION,
    ROWS,
    SCHEMA,
    TABLES,
    WHOLE,
    CityTable,
    lens_statements,
    partition_statement,
    quoted,
    schema_statements,
)
from app.outbox.errors import DeliveryFailed

DDL_LOCK = 0x43495459  # "CITY": one connection at a time changes the city's schema


def conninfo(url: str) -> str:
    """A libpq connection string from a SQLAlchemy URL (postgresql+psycopg://…)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql":
        raise ValueError(f"the city database must be PostgreSQL, not {parsed.drivername}")
    return parsed.set(drivername="postgresql").render_as_string(hide_password=False)


def shown(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _failed(exc: Exception) -> DeliveryFailed:
    return DeliveryFailed(
        f"城市考评数据库不可用：{type(exc).__name__}",
        f"the city's appraisal database is not available: {type(exc).__name__}: {exc}",
    )


def ensure_schema(conn: Any) -> None:
    """Create what is missing of the city's schema, and every hall's lens again when this
    version makes them differently. Halls connect at once: one of them does it (the others
    wait on the lock, then find it done), and once it is done nobody takes the tables' locks
    again (DDL beside the halls' inserts could deadlock)."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (DDL_LOCK,))
        made = conn.execute("SELECT to_regclass('city.meta')").fetchone()[0] is not None
        row = (
            conn.execute("SELECT value FROM city.meta WHERE key = 'lens_version'").fetchone()
            if made
            else None
        )
        if row is not None and row[0] == LENS_VERSION:
            return
        for statement in schema_statements():
            conn.execute(statement)
        for hall_id in hall_ids(conn):
            for statement in lens_statements(hall_id):
                conn.execute(statement)
        conn.execute(
            "INSERT INTO city.meta (key, value) VALUES ('lens_version', %s)"
            " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            (LENS_VERSION,),
        )


class CityStore:
    """One hall's connection to the city database (opened when needed, dropped on error)."""

    def __init__(self, url: str, *, connect_timeout: int = 10) -> None:
        self.info = conninfo(url)
        self.connect_timeout = connect_timeout
        self._conn: Any = None
        self._partitions: set[str] = set()

    @property
    def connected(self) -> bool:
        return self._conn is not None and not self._conn.closed

    def connection(self) -> Any:
        import psycopg

        if self._conn is not None and not self._conn.closed:
            return self._conn
        try:
            conn = psycopg.connect(self.info, connect_timeout=self.connect_timeout, autocommit=True)
            ensure_schema(conn)
            with conn.transaction():
                for t in TABLES.values():
                    conn.execute(
                        f"CREATE TEMP TABLE IF NOT EXISTS stage_{t.name}"
                        f" (LIKE {t.qualified}) ON COMMIT DELETE ROWS"
                    )
        except psycopg.Error as exc:
            raise _failed(exc) from exc
        self._conn = conn
        return conn

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(Exception):  # a broken connection: dropped anyway
                self._conn.close()
            self._conn = None

    def _guarded(self, work: Any) -> Any:
        import psycopg

        try:
            return work(self.connection())
        except psycopg.Error as exc:
            self.close()
            raise _failed(exc) from exc

    def applied(self, hall_id: str) -> int:
        """The last outbox id of the hall that the city holds (0: none yet)."""

        def read(conn: Any) -> int:
            with conn.transaction():
                row = conn.execute(
                    "SELECT applied_seq FROM city.halls WHERE hall_id = %s", (hall_id,)
                ).fetchone()
            return int(row[0]) if row else 0

        return int(self._guarded(read))

    def apply(self, batch: CityBatch, *, name: str, file_hours: dict[str, Any]) -> int:
        """Apply one batch; returns the hall's applied sequence number afterwards."""
        return int(self._guarded(lambda conn: self._apply(conn, batch, name, file_hours)))

    def _partitions_for(self, conn: Any, batch: CityBatch) -> None:
        wanted = {
            (table, month)
            for table in batch.rows
            for month in batch.months(table)
            if f"{table}:{month}" not in self._partitions
        }
        if not wanted:
            return
        # Before the batch's transaction, each in a transaction of its own: a new partition
        # locks its table, and must never wait holding another table's lock.
        conn.execute("SELECT pg_advisory_lock(%s)", (DDL_LOCK,))
        try:
            for table, month in sorted(wanted):
                conn.execute(partition_statement(table, month))
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (DDL_LOCK,))
        self._partitions |= {f"{table}:{month}" for table, month in wanted}

    def _apply(self, conn: Any, batch: CityBatch, name: str, hours: dict[str, Any]) -> int:
        self._partitions_for(conn, batch)
        with conn.transaction():
            new = conn.execute(
                "INSERT INTO city.halls (hall_id, name, file_hours) VALUES (%s, %s, %s)"
                " ON CONFLICT (hall_id) DO UPDATE SET name = EXCLUDED.name,"
                " file_hours = EXCLUDED.file_hours RETURNING xmax = 0",
                (batch.hall_id, name, json.dumps(hours)),
            ).fetchone()[0]
            if new:  # a hall the city has not seen: its lens for the appraisal
                for statement in lens_statements(batch.hall_id):
                    conn.execute(statement)
            row = conn.execute(
                "SELECT applied_seq FROM city.halls WHERE hall_id = %s FOR UPDATE",
                (batch.hall_id,),
            ).fetchone()
            for table in sorted(batch.rows):
                self._merge(conn, TABLES[table], batch, batch.rows[table])
            for table, ids in batch.gone.items():
                conn.execute(
                    f"DELETE FROM {TABLES[table].qualified} WHERE hall_id = %s AND id = ANY(%s)",
                    (batch.hall_id, ids),
                )
            applied = max(int(row[0]), batch.last_seq)
            conn.execute(
                "UPDATE city.halls SET applied_seq = %s, batches = batches + 1,"
                " records = records + %s, last_contact = localtimestamp, hall_clock = %s,"
                " backlog = %s, oldest_pending = %s WHERE hall_id = %s",
                (
                    applied,
                    batch.records,
                    batch.hall_clock,
                    batch.backlog,
                    batch.oldest_pending,
                    batch.hall_id,
                ),
            )
        return applied

    def _merge(self, conn: Any, t: CityTable, batch: CityBatch, rows: list[Any]) -> None:
        columns = ", ".join(["hall_id", *(quoted(c) for c in t.columns)])
        if t.mode == WHOLE:
            conn.execute(f"DELETE FROM {t.qualified} WHERE hall_id = %s", (batch.hall_id,))
        if not rows:
            return
        stage = f"stage_{t.name}"
        with conn.cursor().copy(f"COPY {stage} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row((batch.hall_id, *row))
        insert = f"INSERT INTO {t.qualified} ({columns}) SELECT {columns} FROM {stage}"
        key = ", ".join(quoted(c) for c in t.city_key)
        if t.mode == APPEND:
            conn.execute(f"{insert} ON CONFLICT ({key}) DO NOTHING")
        elif t.mode == ROWS:
            changed = [c for c in t.columns if c not in t.city_key]
            sets = ", ".join(f"{quoted(c)} = EXCLUDED.{quoted(c)}" for c in changed)
            conn.execute(f"{insert} ON CONFLICT ({key}) DO UPDATE SET {sets}")
        else:
            conn.execute(insert)


def hall_ids(conn: Any) -> Iterable[str]:
    return [r[0] for r in conn.execute(f"SELECT hall_id FROM {SCHEMA}.halls ORDER BY hall_id")]
