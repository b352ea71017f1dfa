"""The one source of the hall hours that attendance and reports are judged by.

The config file gives the hours (`HallHours`); an admin may change the opening and closing
time in the console, which stores them in hall_settings. The stored value wins. Every command
and report asks `effective_hours` instead of reading either place itself.
"""

from __future__ import annotations

import dataclasses

from sqlalchemy import Connection

from app.appraisal.settings import AppraisalSettings, HallHours
from app.models.hall_settings import effective_settings, parse_hhmm


def _file_defaults(hours: HallHours) -> dict[str, str]:
    return {
        "hall_name": "",
        "notice": "",
        "open_at": hours.open_at.strftime("%H:%M"),
        "close_at": hours.close_at.strftime("%H:%M"),
    }


def effective_hours(conn: Connection, file_hours: HallHours) -> HallHours:
    """`file_hours` (the config file's) with the admin's opening and closing time, if set."""
    found = effective_settings(conn, _file_defaults(file_hours))
    return dataclasses.replace(
        file_hours,
        open_at=parse_hhmm(found["open_at"], "开门时间", "open_at"),
        close_at=parse_hhmm(found["close_at"], "关门时间", "close_at"),
    )


def with_effective_hours(conn: Connection, settings: AppraisalSettings) -> AppraisalSettings:
    """The settings with their hours replaced by the effective ones."""
    return dataclasses.replace(settings, hours=effective_hours(conn, settings.hours))
