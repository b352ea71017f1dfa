"""The wait estimates a ticket was given after it was issued (the one at issue is
tickets.predicted_wait_s): the latest one before its first call, for the daily report's
accuracy of estimates kept current. Written by the wait predictor, never by a command."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base


class WaitEstimate(Base):
    """A ticket's last estimate before its first call: made at `estimated_at`, it said the
    ticket would be called `wait_s` later (likely between low_s and high_s)."""

    __tablename__ = "wait_estimates"

    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), primary_key=True)
    estimated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    wait_s: Mapped[int] = mapped_column(Integer)
    low_s: Mapped[int | None] = mapped_column(Integer, default=None)
    high_s: Mapped[int | None] = mapped_column(Integer, default=None)
