"""Row access inside one engine transaction: lookups, ticket views, the event log.

The lookups every command makes are hand-written SQL on the driver's own cursor (`Raw`): a
few microseconds a statement where a Core statement costs a hundred, which keeps a command
close to the cost of its one durable commit. Values are written and read the way SQLAlchemy
stores them, so the ORM, Core and these statements share the same rows, on SQLite and
PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeAlias

from sqlalchemy import Connection, Row, Select, func, select
from sqlalchemy.orm import aliased

from app.models import (
    Service,
    Ticket,
    TicketId,
    TicketState,
    Window,
    usual_workday,
)
from app.models.chain import EVENTS, GENESIS, as_stored, seal
from app.models.hall_key import connection_key
from app.queue import errors
from app.queue.views import HallEvent, TicketView, display_number

AnyRow: TypeAlias = Row[*tuple[Any, ...]]
_TargetWindow = aliased(Window)

TICKET_COLUMNS: Select[Any] = (
    select(
        *Ticket.__table__.c,
        Service.code.label("service_code"),
        Service.name.label("service_name"),
        Window.number.label("window_no"),
        _TargetWindow.number.label("target_window_no"),
    )
    .join(Service, Service.id == Ticket.service_id)
    .outerjoin(Window, Window.id == Ticket.window_id)
    .outerjoin(_TargetWindow, _TargetWindow.id == Ticket.target_window_id)
)
# In-service states as literals: SQLite uses a partial index only when the query repeats its
# WHERE clause literally (a bound parameter would not match it).
IN_SERVICE_SQL = "state IN ('called', 'serving')"


_TO_SQLITE: dict[type, Any] = {
    dt.datetime: lambda value: value.isoformat(" ", "microseconds"),
    dt.date: dt.date.isoformat,
}


class Raw:
    """Hand-written statements on the transaction's DBAPI cursor, '?' placeholders."""

    _pg_sql: dict[str, str] = {}  # noqa: RUF012 (a shared cache of translated statements)

    def __init__(self, conn: Connection) -> None:
        self.sqlite = conn.dialect.name == "sqlite"
        self.cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]

    def _sql(self, sql: str) -> str:
        if self.sqlite:
            return sql
        text = self._pg_sql.get(sql)
        if text is None:
            text = self._pg_sql[sql] = sql.replace("?", "%s")
        return text

    def _params(self, params: tuple[Any, ...]) -> Any:
        if not self.sqlite:
            return params
        # As SQLAlchemy stores them on SQLite: ISO text with microseconds, dates as ISO text.
        return [_TO_SQLITE[type(p)](p) if type(p) in _TO_SQLITE else p for p in params]

    def rows(self, sql: str, *params: Any) -> list[Any]:
        self.cursor.execute(self._sql(sql), self._params(params))
        return list(self.cursor.fetchall())

    def one(self, sql: str, *params: Any) -> Any:
        self.cursor.execute(self._sql(sql), self._params(params))
        return self.cursor.fetchone()

    def value(self, sql: str, *params: Any) -> Any:
        row = self.one(sql, *params)
        return None if row is None else row[0]

    def run(self, sql: str, *params: Any) -> int:
        """An INSERT/UPDATE/DELETE; returns the number of rows it touched."""
        self.cursor.execute(self._sql(sql), self._params(params))
        return int(self.cursor.rowcount)

    def insert(self, sql: str, *params: Any) -> int:
        """An INSERT ... RETURNING id; returns the new id."""
        row = self.one(sql + " RETURNING id", *params)
        return int(row[0])

    def json(self, value: Any) -> Any:
        if self.sqlite:
            return json.dumps(value)
        from psycopg.types.json import Json

        return Json(value)

    def moment(self, value: Any) -> dt.datetime | None:
        if value is None or isinstance(value, dt.datetime):
            return value
        return dt.datetime.fromisoformat(value)

    def day(self, value: Any) -> dt.date:
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)

    def time(self, value: Any) -> dt.time:
        return value if isinstance(value, dt.time) else dt.time.fromisoformat(value)


def raw(conn: Connection) -> Raw:
    return Raw(conn)


def to_view(row: AnyRow) -> TicketView:
    t = row
    return TicketView(
        id=TicketId(t.id),
        day=t.day,
        number=display_number(t.prefix, t.number),
        service_code=row.service_code,
        service_name=row.service_name,
        state=TicketState(t.state),
        priority=bool(t.priority),
        issued_at=t.issued_at,
        queue_at=t.queue_at,
        called_at=t.called_at,
        started_at=t.started_at,
        finished_at=t.finished_at,
        window_no=row.window_no,
        target_window_no=row.target_window_no,
        recalls=t.recalls,
        outcome=t.outcome,
        predicted_wait_s=t.predicted_wait_s,
        print_state=t.print_state,
    )


def ticket_views(conn: Connection, query: Select[Any]) -> list[TicketView]:
    return [to_view(row) for row in conn.execute(query)]


_TICKET_VIEW_SQL = (
    "SELECT t.id, t.day, t.prefix, t.number, s.code, s.name, t.state, t.priority,"
    " t.issued_at, t.queue_at, t.called_at, t.started_at, t.finished_at, w.number,"
    " tw.number, t.recalls, t.outcome, t.predicted_wait_s, t.print_state"
    " FROM tickets t JOIN services s ON s.id = t.service_id"
    " LEFT JOIN windows w ON w.id = t.window_id"
    " LEFT JOIN windows tw ON tw.id = t.target_window_id WHERE t.id = ?"
)


def ticket_view(conn: Connection | Raw, ticket_id: int) -> TicketView:
    sql = conn if isinstance(conn, Raw) else Raw(conn)
    r = sql.one(_TICKET_VIEW_SQL, ticket_id)
    if r is None:
        raise errors.UnknownTicket(ticket_id)
    moment = sql.moment
    return TicketView(
        id=TicketId(r[0]),
        day=sql.day(r[1]),
        number=display_number(r[2], r[3]),
        service_code=r[4],
        service_name=r[5],
        state=TicketState(r[6]),
        priority=bool(r[7]),
        issued_at=moment(r[8]),  # type: ignore[arg-type]
        queue_at=moment(r[9]),  # type: ignore[arg-type]
        called_at=moment(r[10]),
        started_at=moment(r[11]),
        finished_at=moment(r[12]),
        window_no=r[13],
        target_window_no=r[14],
        recalls=r[15],
        outcome=r[16],
        predicted_wait_s=r[17],
        print_state=r[18],
    )


def parse_number(text: str) -> tuple[str, int]:
    """'a12' or 'A012' → ('A', 12); raises UnknownTicket on anything else."""
    cleaned = text.strip().upper()
    prefix = cleaned.rstrip("0123456789")
    digits = cleaned[len(prefix) :]
    if not prefix or not digits or not prefix.isalpha() or len(digits) > 6:
        raise errors.UnknownTicket(text)
    return prefix, int(digits)


class ServiceRow(NamedTuple):
    id: int
    code: str
    name: str
    active: bool
    open_at: dt.time
    close_at: dt.time
    daily_cap: int | None


def service_by_code(conn: Connection | Raw, code: str) -> ServiceRow:
    sql = conn if isinstance(conn, Raw) else Raw(conn)
    r = sql.one(
        "SELECT id, code, name, active, open_at, close_at, daily_cap FROM services WHERE code = ?",
        code.strip().upper(),
    )
    if r is None:
        raise errors.UnknownService(code)
    return ServiceRow(r[0], r[1], r[2], bool(r[3]), sql.time(r[4]), sql.time(r[5]), r[6])


class WindowRow(NamedTuple):
    id: int
    number: int
    name: str
    active: bool


def window_by_number(conn: Connection | Raw, number: int) -> WindowRow:
    sql = conn if isinstance(conn, Raw) else Raw(conn)
    r = sql.one("SELECT id, number, name, active FROM windows WHERE number = ?", number)
    if r is None or not r[3]:
        raise errors.UnknownWindow(number)
    return WindowRow(r[0], r[1], r[2], bool(r[3]))


def window_service_ids(conn: Connection | Raw, window_id: int) -> list[int]:
    sql = conn if isinstance(conn, Raw) else Raw(conn)
    rows = sql.rows(
        "SELECT service_id FROM window_services WHERE window_id = ? ORDER BY rank", window_id
    )
    return [r[0] for r in rows]


class SessionRow(NamedTuple):
    id: int
    staff_id: int
    staff_no: str
    name: str


def open_session(conn: Connection | Raw, window_id: int, day: dt.date) -> SessionRow | None:
    sql = conn if isinstance(conn, Raw) else Raw(conn)
    r = sql.one(
        "SELECT ss.id, ss.staff_id, st.staff_no, st.name FROM staff_sessions ss"
        " JOIN staff st ON st.id = ss.staff_id"
        " WHERE ss.window_id = ? AND ss.day = ? AND ss.signed_out_at IS NULL",
        window_id,
        day,
    )
    return None if r is None else SessionRow(*r)


class PauseRow(NamedTuple):
    id: int
    reason: str
    note: str
    started_at: dt.datetime


def open_pause(conn: Connection | Raw, session_id: int) -> PauseRow | None:
    sql = conn if isinstance(conn, Raw) else Raw(conn)
    r = sql.one(
        "SELECT id, reason, note, started_at FROM pauses WHERE session_id = ? AND ended_at IS NULL",
        session_id,
    )
    return None if r is None else PauseRow(r[0], r[1], r[2], sql.moment(r[3]))  # type: ignore[arg-type]


class CurrentRow(NamedTuple):
    id: int
    prefix: str
    number: int
    state: str
    recalls: int
    staff_id: int | None
    called_at: dt.datetime | None
    started_at: dt.datetime | None


def ticket_in_service(conn: Connection | Raw, window_id: int) -> CurrentRow | None:
    """The window's current ticket, whatever day it was issued (a stale one must be closed)."""
    sql = conn if isinstance(conn, Raw) else Raw(conn)
    r = sql.one(
        "SELECT id, prefix, number, state, recalls, staff_id, called_at, started_at"
        f" FROM tickets WHERE window_id = ? AND {IN_SERVICE_SQL}",
        window_id,
    )
    if r is None:
        return None
    return CurrentRow(r[0], r[1], r[2], r[3], r[4], r[5], sql.moment(r[6]), sql.moment(r[7]))


def is_working(sql: Raw, day: dt.date) -> bool:
    """Weekdays, less holidays, plus make-up working days (see calendar.py)."""
    exception = sql.one("SELECT is_workday FROM holidays WHERE day = ?", day)
    return bool(exception[0]) if exception is not None else usual_workday(day)


def closed_reason(
    conn: Connection | Raw,
    service: Any,
    now: dt.datetime,
    *,
    hours: bool,
    calendar: bool,
    working: bool | None = None,
) -> tuple[str, str] | None:
    """Why a service takes no tickets now, in Chinese and English; None when it is open.
    `working` says whether today is a working day, if the caller has read it already."""
    if not service.active:
        return ("该事项已停办", "this service is suspended")
    if calendar:
        if working is None:
            working = is_working(conn if isinstance(conn, Raw) else Raw(conn), now.date())
        if not working:
            return ("今天不是工作日", "today is not a working day")
    if hours and not (service.open_at <= now.time() < service.close_at):
        span = f"{service.open_at:%H:%M}–{service.close_at:%H:%M}"
        return (f"该事项取号时间为 {span}", f"tickets for this service are issued {span}")
    return None


def issued_count(conn: Connection | Raw, day: dt.date, prefix: str) -> int:
    """Numbers handed out today for a prefix; numbers are contiguous so max == count."""
    if isinstance(conn, Raw):
        value = conn.value(
            "SELECT max(number) FROM tickets WHERE day = ? AND prefix = ?", day, prefix
        )
    else:
        value = conn.scalar(
            select(func.max(Ticket.number)).where(Ticket.day == day, Ticket.prefix == prefix)
        )
    return int(value or 0)


@dataclass
class Tx:
    """One engine transaction: the connection, the moment it runs, the events it logs."""

    conn: Connection
    now: dt.datetime
    events: list[HallEvent]
    _raw: Raw | None = field(default=None, repr=False)

    @property
    def day(self) -> dt.date:
        return self.now.date()

    @property
    def sql(self) -> Raw:
        """Hand-written statements on this transaction's connection."""
        if self._raw is None:
            self._raw = Raw(self.conn)
        return self._raw

    def log(
        self,
        kind: str,
        *,
        ticket_id: int | None = None,
        window_id: int | None = None,
        staff_id: int | None = None,
        **data: Any,
    ) -> HallEvent:
        """Append one event, sealed with the hall's key to the MAC of the one before (chain.py)."""
        sql = self.sql
        previous = sql.value("SELECT hash FROM events ORDER BY id DESC LIMIT 1")
        fields = {
            "at": self.now,
            "kind": kind,
            "ticket_id": ticket_id,
            "window_id": window_id,
            "staff_id": staff_id,
            "data": as_stored(data),
        }
        digest = seal(connection_key(self.conn), EVENTS, previous or GENESIS, fields)
        seq = sql.insert(
            "INSERT INTO events (at, kind, ticket_id, window_id, staff_id, data, hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            self.now,
            kind,
            ticket_id,
            window_id,
            staff_id,
            sql.json(data),
            digest,
        )
        event = HallEvent(seq, self.now, kind, ticket_id, window_id, data)
        self.events.append(event)
        return event
