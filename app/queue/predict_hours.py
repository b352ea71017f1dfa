"""The hall's hours as the wait predictor needs them, read from the hall's own configuration.

The admin's hall settings (table hall_settings, app/models/hall_settings.py) give the hall's
opening and closing time; the config file's [hall] hours, which the composition root passes
in (PredictorConfig.hall_hours), stand where the admin set none, and give the lunch break.
Service hours come with each service, and the 午间值班 windows (windows.lunch_duty) are the
ones that stay open through lunch.

Nothing here is a default: a hall that configures no lunch break gets none assumed, and its
windows' lunch pauses are then learned from its own history (predict_history.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Connection

from app.models.hall_settings import stored_times


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


def read_hall_hours(conn: Connection, defaults: HallHours | None = None) -> HallHours:
    """The hall's hours: the admin's stored opening and closing time (the one reading of them,
    app.models.hall_settings), else `defaults` (the config file's), with the config file's
    lunch break."""
    base = defaults or HallHours()
    stored = stored_times(conn)
    open_at, close_at = stored.get("open_at", base.open_at), stored.get("close_at", base.close_at)
    return HallHours(open_at, close_at, base.lunch_start, base.lunch_end)


def seconds_of_day(moment: dt.time | dt.datetime) -> float:
    """Seconds since midnight."""
    return moment.hour * 3600 + moment.minute * 60 + moment.second + moment.microsecond / 1e6
