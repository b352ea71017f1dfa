"""Database setup: durable SQLite (WAL, FULL sync, BEGIN IMMEDIATE) or PostgreSQL."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, exc, inspect
from sqlalchemy.engine import make_url

from app.models.errors import DatabaseCorrupt, DatabaseError
from app.models.hall_id import ensure_hall_id

if TYPE_CHECKING:
    from app.models.storage_guard import StorageGuard

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000
WRITE_LOCK_KEY = 0x4841_4C4C  # "HALL": PostgreSQL advisory lock taken by every write
MIGRATIONS = Path(__file__).with_name("migrations")


def sqlite_url(path: Path | str) -> str:
    return f"sqlite:///{Path(path)}"


def _install_sqlite_pragmas(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let us issue BEGIN ourselves (pysqlite's own transaction handling is off).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("hall_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def sqlite_file(url: str) -> Path | None:
    """The file of a SQLite URL; None for another database or an in-memory one."""
    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    return Path(database)


class Database:
    """Owns the SQLAlchemy engine; hands out write and read transactions.

    It also carries the hall's MAC key (hall_key.py) on every connection it hands out, for
    the writers of the chained records. `mac_key` names the key itself; else `key_file` is
    read, or created on first use (setup); else the default key file beside the config file.
    """

    def __init__(
        self,
        url: str,
        *,
        migrate: bool = True,
        check: bool = True,
        mac_key: bytes | None = None,
        key_file: Path | None = None,
    ) -> None:
        from app.models.hall_key import default_key_file, install_key, load_or_create_key

        try:
            parsed = make_url(url)
        except Exception as exc:  # sqlalchemy raises ArgumentError with its own text
            raise DatabaseError(f"数据库地址无效：{url}", f"invalid database URL: {url}") from exc
        self.url = url
        self.is_sqlite = parsed.get_backend_name() == "sqlite"
        self.file = sqlite_file(url)  # None unless a SQLite file
        self.storage: StorageGuard | None = None  # a SQLite file's write guard
        if self.is_sqlite:
            if self.file is not None:
                from app.models.private_files import create_private_database

                create_private_database(self.file)
            # hide_parameters: a failed statement is logged without its values (a hash, a
            # staff number typed at a login), never a secret in a log
            self.engine = create_engine(
                url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, hide_parameters=True
            )
            _install_sqlite_pragmas(self.engine)
        else:
            self.engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)
        self.key_file = None if mac_key is not None else key_file or default_key_file()
        self.key_created = False
        if mac_key is None:
            assert self.key_file is not None
            mac_key, self.key_created = load_or_create_key(self.key_file)
        self.mac_key: bytes = mac_key
        key = mac_key
        event.listen(self.engine, "connect", lambda _dbapi, record: install_key(record.info, key))
        # One connection kept open for writes (checking one out of the pool costs about as
        # much as a command's own statements); a writer that finds it busy takes another.
        self._writer: Connection | None = None
        self._writer_free = threading.Lock()
        if check and self.is_sqlite:
            self.quick_check()
        sealed_before = self.key_created and self._has_sealed_schema()
        if migrate:
            self.upgrade()
            ensure_hall_id(self.engine)
        if self.file is not None:
            from app.models.storage_guard import StorageGuard

            self.storage = StorageGuard(self.file)
        if sealed_before:
            self._warn_of_new_key()

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction, committed on leaving. Writers take turns: BEGIN IMMEDIATE on
        SQLite; on PostgreSQL a transaction-scoped advisory lock, so that both keep the event
        log's hash chain and the day's numbering strictly sequential. On a SQLite file the
        storage guard refuses every write once the file is lost, and after each commit checks
        that it went into the hall's file (StorageUnavailable otherwise)."""
        guard = self.storage
        if guard is not None:
            guard.before_write()
        try:
            if not self._writer_free.acquire(blocking=False):
                with self.engine.connect() as conn, self._transaction(conn):
                    yield conn
                if guard is not None:
                    guard.after_commit(kept=False)
                return
            try:
                if self._writer is None:
                    self._writer = self.engine.connect()
                conn = self._writer
                try:
                    with self._transaction(conn):
                        yield conn
                except self._driver_errors:
                    self._close_writer()  # it may be broken (server gone, disk error): afresh
                    raise
                if guard is not None:
                    guard.after_commit(kept=True)
            finally:
                self._writer_free.release()
        except self._driver_errors as error:
            storage = guard.failed(error) if guard is not None else None
            if storage is not None:
                raise storage from error
            raise

    @contextmanager
    def _transaction(self, conn: Connection) -> Iterator[None]:
        conn.execution_options(hall_write=True)
        with conn.begin():
            if not self.is_sqlite:
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")
            yield
            if self.storage is not None:
                self.storage.before_commit()  # a lost file: rolled back, never committed

    @property
    def _driver_errors(self) -> tuple[type[BaseException], ...]:
        dbapi = self.engine.dialect.dbapi
        return (exc.DBAPIError, dbapi.Error) if dbapi is not None else (exc.DBAPIError,)

    def _close_writer(self) -> None:
        writer, self._writer = self._writer, None
        if self.storage is not None:
            self.storage.writer_closed()
        if writer is not None:
            try:
                writer.close()
            except Exception:  # closing a broken connection may fail; it is dropped anyway
                log.debug("closing the write connection failed", exc_info=True)

    @contextmanager
    def kept_connection(self) -> Iterator[Any]:
        """The kept writer's driver connection, held from writers while in use (None when
        there is none). Opened before a file was deleted under the server, it still reads it:
        recovery.rescue_copy copies the hall's data out through it."""
        with self._writer_free:
            writer = self._writer
            yield None if writer is None else writer.connection.dbapi_connection

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """One consistent read snapshot."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def quick_check(self) -> None:
        try:
            with self.engine.connect() as conn:
                result = conn.exec_driver_sql("PRAGMA quick_check").scalar()
        except exc.DatabaseError as error:  # "file is not a database", "disk image is malformed"
            if isinstance(error, exc.OperationalError):
                raise  # locked, unreadable, no such directory: not damage
            self.engine.dispose()
            result = str(error.orig)
        if result != "ok":
            self.engine.dispose()
            raise DatabaseCorrupt(
                f"数据库文件已损坏（{result}），请从备份恢复",
                f"database file is damaged ({result}); restore it from a backup",
            )

    def upgrade(self) -> None:
        """Bring the schema to the newest migration (no-op when it is current)."""
        from alembic import command
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        head = ScriptDirectory.from_config(alembic_config()).get_current_head()
        with self.engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
        if current is not None and current != head:
            self._backup_before_migration(current)
        with self.engine.begin() as conn:
            command.upgrade(alembic_config(conn), "head")

    def _backup_before_migration(self, revision: str) -> None:
        """A hall's data is copied aside before its schema changes (SQLite files only)."""
        path = self.file
        if path is None:
            return
        import datetime as dt

        from app.models.backup import backup_to

        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        made = backup_to(path, path.parent / "backups" / f"premigrate-{revision}-{stamp}.db")
        log.info("backed up %s to %s before migrating", path, made)

    def _has_sealed_schema(self) -> bool:
        """Whether the database was keyed already (migration 0004 made `closings`)."""
        with self.engine.connect() as conn:
            return inspect(conn).has_table("closings")

    def _warn_of_new_key(self) -> None:
        """A key made now for records sealed earlier: verify will report them all."""
        from app.models.chain import chain_heads

        with self.read() as conn:
            heads = chain_heads(conn)
        if any(head["id"] for head in heads.values()):
            log.warning(
                "a new hall key was created at %s but the database already holds sealed "
                "records: restore the hall's key file from its backup, or verify will report "
                "them as changed",
                self.key_file,
            )

    def dispose(self) -> None:
        with self._writer_free:
            self._close_writer()
        self.engine.dispose()


def alembic_config(connection: Connection | None = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg
