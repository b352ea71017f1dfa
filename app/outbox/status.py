"""How each channel's deliveries stand, for the supervisor's monitor: what is pending and
since when, what went, what failed, what the receiver refused; and the alarms that follow
(a stuck outbox, refused items)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select

from app.models.outbox import CHANNELS, OutboxChannel, OutboxItem
from app.outbox.items import DELIVERED, PENDING, REJECTED

REJECTED_ALARM_HOURS = 24  # refused items raise an alarm for a day
SHOWN_REJECTED = 20


@dataclass(frozen=True)
class Rejected:
    id: int
    kind: str
    ref: str
    created_at: dt.datetime
    error: str


@dataclass(frozen=True)
class ChannelStatus:
    name: str
    enabled: bool
    target: str
    pending: int
    oldest_pending_at: dt.datetime | None
    stuck: bool  # the oldest pending item is older than stuck_minutes
    stuck_minutes: int
    delivered: int  # all time
    delivered_today: int  # province items delivered since midnight (kept for a while)
    rejected: int
    last_attempt_at: dt.datetime | None
    last_success_at: dt.datetime | None
    last_error: str
    failures: int  # in a row
    recent_rejections: list[Rejected]


def _count(conn: Connection, *where: Any) -> int:
    return int(conn.scalar(select(func.count()).select_from(OutboxItem).where(*where)) or 0)


def channel_status(
    conn: Connection, name: str, stuck_minutes: int, now: dt.datetime
) -> ChannelStatus:
    row = conn.execute(select(OutboxChannel).where(OutboxChannel.name == name)).first()
    mine = OutboxItem.channel == name
    oldest = conn.scalar(
        select(OutboxItem.created_at)
        .where(mine, OutboxItem.state == PENDING)
        .order_by(OutboxItem.id)
        .limit(1)
    )
    midnight = dt.datetime.combine(now.date(), dt.time())
    rejected_rows = conn.execute(
        select(
            OutboxItem.id,
            OutboxItem.kind,
            OutboxItem.ref,
            OutboxItem.created_at,
            OutboxItem.last_error,
        )
        .where(mine, OutboxItem.state == REJECTED)
        .order_by(OutboxItem.id.desc())
        .limit(SHOWN_REJECTED)
    ).all()
    return ChannelStatus(
        name=name,
        enabled=bool(row.enabled) if row else False,
        target=row.target if row else "",
        pending=_count(conn, mine, OutboxItem.state == PENDING),
        oldest_pending_at=oldest,
        stuck=oldest is not None and now - oldest > dt.timedelta(minutes=stuck_minutes),
        stuck_minutes=stuck_minutes,
        delivered=int(row.delivered) if row else 0,
        delivered_today=_count(
            conn, mine, OutboxItem.state == DELIVERED, OutboxItem.delivered_at >= midnight
        ),
        rejected=_count(conn, mine, OutboxItem.state == REJECTED),
        last_attempt_at=row.last_attempt_at if row else None,
        last_success_at=row.last_success_at if row else None,
        last_error=row.last_error if row else "",
        failures=int(row.failures) if row else 0,
        recent_rejections=[Rejected(*r) for r in rejected_rows],
    )


def all_status(conn: Connection, stuck: dict[str, int], now: dt.datetime) -> list[ChannelStatus]:
    """Every channel the hall has (enabled or with items left), by name."""
    return [channel_status(conn, name, stuck.get(name, 60), now) for name in CHANNELS]


LABELS = {
    "province": ("省好差评平台", "the province's 好差评 platform"),
    "city": ("市级考评数据库", "the city's appraisal database"),
}


def alarms(status: ChannelStatus, now: dt.datetime) -> dict[str, dict[str, Any] | None]:
    """The channel's live alarms (None clears one): stuck, and refused items of the last day."""
    zh, en = LABELS.get(status.name, (status.name, status.name))
    stuck: dict[str, Any] | None = None
    if status.enabled and status.stuck and status.oldest_pending_at is not None:
        minutes = int((now - status.oldest_pending_at).total_seconds() // 60)
        stuck = {
            "code": "outbox_stuck",
            "channel": status.name,
            "pending": status.pending,
            "minutes": minutes,
            "error": status.last_error,
            "zh": f"上报{zh}受阻：{status.pending} 条待发，最早一条已等待 {minutes} 分钟",
            "en": f"uploads to {en} are stuck: {status.pending} pending, the oldest for "
            f"{minutes} minutes",
        }
    recent = [
        r
        for r in status.recent_rejections
        if now - r.created_at < dt.timedelta(hours=REJECTED_ALARM_HOURS)
    ]
    refused: dict[str, Any] | None = None
    if recent:
        refused = {
            "code": "outbox_rejected",
            "channel": status.name,
            "count": len(recent),
            "error": recent[0].error,
            "zh": f"{zh}拒收 {len(recent)} 条记录（最近：{recent[0].error[:80]}）",
            "en": f"{en} refused {len(recent)} records (latest: {recent[0].error[:80]})",
        }
    return {f"outbox:{status.name}": stuck, f"outbox_rejected:{status.name}": refused}
