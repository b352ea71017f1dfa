"""SQL building blocks that differ between SQLite and PostgreSQL, and the effective rating."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Integer, and_, cast, func, or_, select
from sqlalchemy.sql.elements import ColumnElement

from app.appraisal.settings import AppraisalSettings
from app.models import Rating


def seconds_between(conn: Connection, later: Any, earlier: Any) -> ColumnElement[Any]:
    """Whole seconds from `earlier` to `later` (NULL if either is NULL)."""
    if conn.dialect.name == "sqlite":
        diff = (func.julianday(later) - func.julianday(earlier)) * 86400.0
        return cast(func.round(diff), Integer)
    return cast(func.round(func.date_part("epoch", later - earlier)), Integer)


def hour_of(conn: Connection, moment: Any) -> ColumnElement[Any]:
    if conn.dialect.name == "sqlite":
        return cast(func.strftime("%H", moment), Integer)
    return cast(func.date_part("hour", moment), Integer)


def latest_rating_id(ticket_id: Any) -> Any:
    """The effective rating of a ticket: its newest row (a correction supersedes what it names)."""
    inner = Rating.__table__.alias("newest")
    return (
        select(func.max(inner.c.id))
        .where(inner.c.ticket_id == ticket_id)
        .correlate_except(inner)
        .scalar_subquery()
    )


def is_good(settings: AppraisalSettings, level: Any, scale: Any) -> ColumnElement[bool]:
    """非常满意 or 满意 (or the configured satisfied levels of another scale)."""
    terms = [and_(scale == size, level >= s.good_min) for size, s in settings.scales.items()]
    terms.append(and_(scale.notin_(list(settings.scales)), level == scale))
    return or_(*terms)


def is_bad(settings: AppraisalSettings, level: Any, scale: Any) -> ColumnElement[bool]:
    """差评: 不满意 or 非常不满意 on the national scale."""
    terms = [and_(scale == size, level <= s.bad_max) for size, s in settings.scales.items()]
    terms.append(and_(scale.notin_(list(settings.scales)), level == 1))
    return or_(*terms)


def month_key(conn: Connection, day: Any) -> ColumnElement[Any]:
    """A date's month as the number YYYYMM (202611)."""
    if conn.dialect.name == "sqlite":
        return cast(func.strftime("%Y%m", day), Integer)
    return cast(func.to_char(day, "YYYYMM"), Integer)
