"""The config and the database a command-line tool works on."""

from __future__ import annotations

import argparse
from pathlib import Path

from app import config
from app.config_file import config_for_tools, load_config
from app.models import Database


def tool_db(args: argparse.Namespace) -> Database:
    """The database of --db, else the default one, with the hall's key from the config."""
    settings, path = config_for_tools()
    return Database(args.db or config.default_db_url(), key_file=settings.resolved_key_file(path))


def add_db_option(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--db", default=argparse.SUPPRESS, help="database URL")


def tool_config(args: argparse.Namespace) -> config.Config:
    """The config file named, else the usual one if it exists, else the defaults."""
    path = Path(args.config) if getattr(args, "config", None) else config.config_path()
    if getattr(args, "config", None) or path.exists():
        return load_config(path, create=False)
    return config.Config()
