"""A period's tickets as a temporary table: times worked out once, then grouped and ranked.

Every figure of an appraisal or a 日报 is an aggregate over the same per-ticket facts (wait,
handling time, rating in force). Writing them once into a temporary table costs one scan of
the period's tickets; the sums are then one GROUP BY, and each 90th percentile is an index
build on the temporary table plus one `ORDER BY … LIMIT 1 OFFSET k` per group (the rows are
never brought into Python). The table lives on this connection only and is dropped on exit.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    Column,
    Connection,
    Index,
    Integer,
    MetaData,
    Table,
    and_,
    bindparam,
    case,
    func,
    insert,
    null,
    select,
)
from sqlalchemy.dialects.postgresql import distinct_on

from app.appraisal.expressions import hour_of, latest_rating_id, seconds_between
from app.models import Rating, Service, Ticket, TicketState

_names = itertools.count(1)
KEY_COLUMNS = ("window_id", "staff_id", "service_id")


def _table(name: str) -> Table:
    return Table(
        name,
        MetaData(),
        Column("ticket_id", Integer),
        *(Column(c, Integer) for c in KEY_COLUMNS),
        Column("hour", Integer),  # hour of issue, for the arrivals chart
        Column("finished", Integer),
        Column("no_show", Integer),
        Column("wait", Integer),  # seconds from issue to (last) call
        Column("handle", Integer),  # seconds from start (or call) to finish, finished only
        Column("promised", Integer),  # the service's promised seconds
        Column("rating_id", Integer),  # rating in force of a finished ticket
        Column("level", Integer),
        Column("scale", Integer),
        Column("predicted", Integer),  # the wait predicted at issue, seconds
        prefixes=["TEMPORARY"],
    )


@contextmanager
def period_facts(
    conn: Connection, start: dt.date, end: dt.date, *, detail: bool = True
) -> Iterator[Table]:
    """The temporary table of the tickets of days start..end (inclusive).

    Without `detail` the ticket id, the hour of issue and the predicted wait stay NULL
    (an appraisal needs none of them, and skipping them makes the scan cheaper).
    """
    table = _table(f"appraisal_facts_{next(_names)}")
    table.create(conn)
    rated, in_force = _in_force(conn, start)
    wait = seconds_between(conn, Ticket.called_at, Ticket.issued_at)
    handle = seconds_between(
        conn, Ticket.finished_at, func.coalesce(Ticket.started_at, Ticket.called_at)
    )
    finished = Ticket.state == TicketState.FINISHED.value
    timed = and_(finished, Ticket.finished_at.is_not(None))
    source = (
        select(
            Ticket.id if detail else null(),
            Ticket.window_id,
            Ticket.staff_id,
            Ticket.service_id,
            hour_of(conn, Ticket.issued_at) if detail else null(),
            case((finished, 1), else_=0),
            case((Ticket.state == TicketState.NO_SHOW.value, 1), else_=0),
            wait,
            case((timed, handle)),
            Service.promised_minutes * 60,
            case((finished, rated.c.id)),
            case((finished, rated.c.level)),
            case((finished, rated.c.scale)),
            Ticket.predicted_wait_s if detail else null(),
        )
        .join(Service, Service.id == Ticket.service_id)
        .outerjoin(rated, in_force)
        .where(Ticket.day.between(start, end))
    )
    conn.execute(insert(table).from_select([c.name for c in table.c], source))
    yield table
    # Not in a `finally`: after an error the transaction is rolled back, and the rollback
    # removes the table (DDL is transactional on SQLite and PostgreSQL); a DROP there would
    # fail on PostgreSQL's aborted transaction and hide the real error.
    table.drop(conn)


def _in_force(conn: Connection, start: dt.date) -> tuple[Any, Any]:
    """The ratings to join a ticket to, and the condition that picks its rating in force (its
    newest row: expressions.latest_rating_id). SQLite looks each ticket's newest row up in the
    (ticket_id, id) index. On PostgreSQL the period's ratings are sorted once instead
    (DISTINCT ON): a correlated look-up per ticket costs more there, the more so in the city's
    database, whose ratings are partitioned by month. A rating is never older than its ticket's
    day, so the ratings from the day before the period on are all it needs."""
    if conn.dialect.name == "sqlite":
        rated = Rating.__table__.alias("in_force")
        return rated, rated.c.id == latest_rating_id(Ticket.id)
    since = dt.datetime.combine(start - dt.timedelta(days=1), dt.time())
    newest = (
        select(Rating.ticket_id, Rating.id, Rating.level, Rating.scale)
        .where(Rating.at >= since)
        .ext(distinct_on(Rating.ticket_id))
        .order_by(Rating.ticket_id, Rating.id.desc())
        .subquery("in_force")
    )
    return newest, newest.c.ticket_id == Ticket.id


def nearest_rank_p90(conn: Connection, table: Table, key: str | None, value: str) -> dict[Any, int]:
    """The ⌈0.9·n⌉-th smallest `value` per `key` (None: the whole table under key 0)."""
    column = table.c[value]
    present = column.is_not(None)
    if key is None:
        Index(f"{table.name}_{value}", column).create(conn)
        n = conn.scalar(select(func.count(column)))
        counts: list[tuple[Any, int]] = [(0, int(n or 0))]
    else:
        group = table.c[key]
        Index(f"{table.name}_{key}_{value}", group, column).create(conn)
        counts = [
            (k, int(n))
            for k, n in conn.execute(
                select(group, func.count(column)).where(group.is_not(None)).group_by(group)
            )
        ]
    where = present if key is None else and_(present, table.c[key] == bindparam("k"))
    # One statement, compiled once, run per group (SQLite cannot correlate an OFFSET). The
    # ⌈0.9·n⌉-th smallest is the (n − ⌈0.9·n⌉ + 1)-th largest: walking the index from the top
    # steps over a tenth of the group instead of nine tenths.
    lookup = select(column).where(where).order_by(column.desc()).limit(1).offset(bindparam("o"))
    result: dict[Any, int] = {}
    for k, n in counts:
        if n:
            v = conn.scalar(lookup, {"k": k, "o": n - (9 * n + 9) // 10})
            if v is not None:
                result[k] = int(v)
    return result
