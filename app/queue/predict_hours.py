"""The hall's hours as the wait predictor needs them, read from the hall's own configuration.

The admin's hall settings (table hall_settings, app/models/hall_settings.py) give the hall's
opening and closing time and, when set, its lunch break (keys lunch_start / lunch_end, HH:MM);
values the composition root passes in (PredictorConfig.hall_hours, from the config file)
stand where the database has none. Service hours come with each service, and the 午间值班
windows (windows.lunch_duty) are the ones that stay open through lunch.

Nothing here is a default: a hall that configures no lunch break gets none assumed, and its
windows' lunch pauses are then learned from its own history (predict_history.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection, select

from app.models import HallSetting

OPEN, CLOSE, LUNCH_START, LUNCH_END = "open_at", "close_at", "lunch_start", "lunch_end"
KEYS = (OPEN, CLOSE, LUNCH_START, LUNCH_END)


@dataclass(frozen=True)
class HallHours:
    """Opening, closing and the lunch break of the hall; None where the hall says nothing."""

    open_at: dt.time | None = None
    close_at: dt.time | None = None
    lunch_start: dt.time | None = None
    lunch_end: dt.time | None = None

    @property
    def lunch(self) -> tuple[dt.time, dt.time] | None:
        if self.lunch_start is None or self.lunch_end is None:
            return None
        if self.lunch_start >= self.lunch_end:
            return None
        return (self.lunch_start, self.lunch_end)


def _time(value: object) -> dt.time | None:
    if isinstance(value, dt.time):
        return value
    if isinstance(value, str):
        try:
            return dt.time.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def read_hall_hours(conn: Connection, defaults: HallHours | None = None) -> HallHours:
    """The hall's hours: the stored hall settings, else `defaults` (the config file's)."""
    stored = {
        key: _time(value)
        for key, value in conn.execute(
            select(HallSetting.key, HallSetting.value).where(HallSetting.key.in_(KEYS))
        )
    }
    base = defaults or HallHours()

    def pick(key: str, fallback: dt.time | None) -> dt.time | None:
        found = stored.get(key)
        return found if found is not None else fallback

    return HallHours(
        open_at=pick(OPEN, base.open_at),
        close_at=pick(CLOSE, base.close_at),
        lunch_start=pick(LUNCH_START, base.lunch_start),
        lunch_end=pick(LUNCH_END, base.lunch_end),
    )


def seconds_of_day(moment: dt.time | dt.datetime) -> float:
    """Seconds since midnight."""
    return moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 1e6
