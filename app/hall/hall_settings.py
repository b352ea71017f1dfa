"""The hall's effective name, notice and hours: the admin's value if set, else the config file's."""

from __future__ import annotations

import dataclasses
from typing import Any

from app.appraisal.hours import effective_hours as hours_rule
from app.appraisal.settings import DEFAULT_SETTINGS, AppraisalSettings, HallHours
from app.config import Config
from app.models import Database
from app.models.hall_settings import effective_settings


def defaults(config: Config) -> dict[str, str]:
    return {
        "hall_name": config.hall_name,
        "notice": config.notice,
        "open_at": config.hours.open_at.strftime("%H:%M"),
        "close_at": config.hours.close_at.strftime("%H:%M"),
    }


def effective(db: Database, config: Config) -> dict[str, Any]:
    with db.read() as conn:
        return effective_settings(conn, defaults(config))


def effective_hours(db: Database, hours: HallHours) -> HallHours:
    """`hours` (the config file's) with the admin's opening and closing time, if set (the
    one rule: app.appraisal.hours)."""
    with db.read() as conn:
        return hours_rule(conn, hours)


def appraisal_settings(db: Database, config: Config) -> AppraisalSettings:
    """The appraisal defaults with the hall's effective hours (admin's, else config file's)."""
    return dataclasses.replace(DEFAULT_SETTINGS, hours=effective_hours(db, config.hours))
