"""The month's complaints analysed: counts by kind and result, and the overdue ones."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection

from app.appraisal.complaints import ComplaintView, complaints
from app.models import ComplaintKind, ComplaintStatus


@dataclass(frozen=True)
class KindCounts:
    kind: ComplaintKind | None  # None: every kind together
    received: int = 0
    answered: int = 0  # closed, with the result and the feedback
    open: int = 0
    on_time: int = 0  # answered by the time it was due
    overdue: int = 0  # answered late, or still open past the due time
    substantiated: int = 0  # 有效投诉
    unfounded: int = 0  # 投诉 found not substantiated

    @property
    def label(self) -> str:
        return {
            None: "合计",
            ComplaintKind.CONSULT: "咨询",
            ComplaintKind.SUGGESTION: "建议",
            ComplaintKind.COMPLAINT: "投诉",
        }[self.kind]


@dataclass(frozen=True)
class ComplaintStats:
    by_kind: list[KindCounts]  # 咨询, 建议, 投诉, then 合计
    overdue: list[ComplaintView]  # every overdue entry received in the period
    entries: list[ComplaintView]  # the whole register of the period

    @property
    def total(self) -> KindCounts:
        return self.by_kind[-1]


def _count(kind: ComplaintKind | None, rows: list[ComplaintView], now: dt.datetime) -> KindCounts:
    closed = [c for c in rows if c.status is ComplaintStatus.CLOSED]
    return KindCounts(
        kind=kind,
        received=len(rows),
        answered=len(closed),
        open=len(rows) - len(closed),
        on_time=sum(1 for c in closed if not c.overdue_at(now)),
        overdue=sum(1 for c in rows if c.overdue_at(now)),
        substantiated=sum(1 for c in closed if c.substantiated),
        unfounded=sum(
            1 for c in closed if c.kind is ComplaintKind.COMPLAINT and c.substantiated is False
        ),
    )


def complaint_statistics(
    conn: Connection, start: dt.date, end: dt.date, as_of: dt.date
) -> ComplaintStats:
    """Entries received start..end, judged overdue as `as_of` begins."""
    now = dt.datetime.combine(as_of, dt.time())
    rows = complaints(conn, start, end)
    by_kind = [_count(k, [c for c in rows if c.kind is k], now) for k in ComplaintKind]
    by_kind.append(_count(None, rows, now))
    return ComplaintStats(by_kind, [c for c in rows if c.overdue_at(now)], rows)
