"""Rows a test needs that no command writes (an online appointment) — written the way the
hall's own records are, straight into the real database."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import insert, select

from app.models import Appointment, Service
from app.queue import QueueEngine


def add_appointment(engine: QueueEngine, code: str, service: str, start: dt.datetime) -> None:
    with engine.db.write() as conn:
        service_id = conn.scalar(select(Service.id).where(Service.code == service))
        conn.execute(
            insert(Appointment).values(
                code=code, service_id=service_id, slot_start=start,
                slot_end=start + dt.timedelta(minutes=30), visitor="张三",
            )
        )  # fmt: skip
