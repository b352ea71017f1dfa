"""The hall's satisfaction month by month (for the trend chart of the month and year reports).

One grouped query over the finished tickets and their rating in force, without the per-ticket
facts table: a year of a large hall is one pass.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, case, func, select
from sqlalchemy.orm import aliased

from app.appraisal.expressions import is_bad, is_good, latest_rating_id, month_key
from app.appraisal.settings import AppraisalSettings
from app.models import Rating, Ticket, TicketState

_R = aliased(Rating)


@dataclass(frozen=True)
class MonthPoint:
    month: dt.date  # first day
    finished: int
    rated: int
    good: int  # 非常满意 + 满意
    bad: int  # 差评

    @property
    def satisfaction(self) -> float | None:
        return self.good / self.rated if self.rated else None

    @property
    def label(self) -> str:
        return f"{self.month.month}月"


def monthly_satisfaction(
    conn: Connection, start: dt.date, end: dt.date, settings: AppraisalSettings
) -> list[MonthPoint]:
    """Finished, rated, satisfied and 差评 per month of start..end (months with cases)."""
    month = month_key(conn, Ticket.day).label("month")

    def flag(condition: Any) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    query = (
        select(
            month,
            func.count(),
            flag(_R.level.is_not(None)),
            flag(is_good(settings, _R.level, _R.scale)),
            flag(is_bad(settings, _R.level, _R.scale)),
        )
        .select_from(Ticket)
        .outerjoin(_R, _R.id == latest_rating_id(Ticket.id))
        .where(Ticket.day.between(start, end), Ticket.state == TicketState.FINISHED.value)
        .group_by(month)
        .order_by(month)
    )
    return [
        MonthPoint(dt.date(int(m) // 100, int(m) % 100, 1), int(n), int(r), int(g), int(b))
        for m, n, r, g, b in conn.execute(query)
    ]
