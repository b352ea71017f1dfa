"""The one source of the hall hours that attendance and reports are judged by.

The config file gives the hours (`HallHours`); an admin may change the opening and closing
time in the console, which stores them in hall_settings. The stored value wins. Every command
and report asks `effective_hours` instead of reading either place itself.
"""

from __future__ import annotations

import dataclasses

from sqlalchemy import Connection

from app.appraisal.settings import AppraisalSettings, HallHours
from app.models.hall_settings import stored_hours


def effective_hours(conn: Connection, file_hours: HallHours) -> HallHours:
    """`file_hours` (the config file's) with the admin's opening and closing time, if set."""
    open_at, close_at = stored_hours(conn, file_hours.open_at, file_hours.close_at)
    return dataclasses.replace(file_hours, open_at=open_at, close_at=close_at)


def with_effective_hours(conn: Connection, settings: AppraisalSettings) -> AppraisalSettings:
    """The settings with their hours replaced by the effective ones."""
    return dataclasses.replace(settings, hours=effective_hours(conn, settings.hours))
