"""Settings and paths. Paths come from platformdirs so every OS gets its usual place."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

APP_NAME = "hallqueue"


def data_dir() -> Path:
    """Where the hall's database, reports and backups live (HALLQUEUE_HOME overrides)."""
    override = os.environ.get("HALLQUEUE_HOME")
    return Path(override) if override else Path(user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    override = os.environ.get("HALLQUEUE_HOME")
    return Path(override) if override else Path(user_config_dir(APP_NAME, appauthor=False))


def default_db_url() -> str:
    return f"sqlite:///{data_dir() / 'hall.db'}"
