"""`backup`, `restore`, `recover`: the SQLite database copied to and from its backup
locations (restore and recover with the server stopped)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app import config
from app.config_file import load_config


def _storage(args: argparse.Namespace) -> tuple[config.Config, Path, list[Path]]:
    """The config, the database file and every backup location (backup/restore/recover)."""
    from app.models.backup_plan import backup_locations
    from app.models.db import sqlite_file

    settings = load_config(Path(args.config) if getattr(args, "config", None) else None)
    path = sqlite_file(args.db or settings.resolved_db_url())
    if path is None:
        raise SystemExit(
            "备份与恢复仅适用于 SQLite 文件；PostgreSQL 请用 pg_dump / "
            "backup and restore work on SQLite files; use pg_dump for PostgreSQL"
        )
    destinations = [Path(p) for p in settings.backup_destinations]
    return settings, path, backup_locations(path, destinations)


def _copy_rules(settings: config.Config, args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """A copy must be this hall's, with its chains intact under the hall's key (when the key
    file is at hand)."""
    from app.appraisal.verify import copy_rules
    from app.models.hall_key import load_key

    config_file = Path(args.config) if getattr(args, "config", None) else None
    key_file = settings.resolved_key_file(config_file)
    return copy_rules(settings.hall_id or None, load_key(key_file) if key_file.exists() else None)


def cmd_backup(args: argparse.Namespace) -> int:
    import datetime as dt

    from app.models.backup import backup_to, daily_backup

    _, path, locations = _storage(args)
    if args.out:
        made = backup_to(path, Path(args.out))
    else:
        made = daily_backup(path, locations[0], dt.date.today())
    print(f"已备份 / backed up: {made}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from app.models.recovery import restore

    settings, path, _ = _storage(args)
    aside = restore(Path(args.file), path, _copy_rules(settings, args))
    kept = ", ".join(str(p) for p in aside) or "-"
    print(f"已恢复 / restored {args.file} -> {path}")
    print(f"原数据库文件已移至 / the previous database files were moved to: {kept}")
    return 0


def _confirmed(question: str) -> bool:
    """A yes typed on standard input; no input (closed, empty, a script) is a no."""
    if sys.stdin is None or sys.stdin.closed:
        return False
    print(question, end=" ", flush=True)
    try:
        answer = sys.stdin.readline()
    except (OSError, ValueError):
        return False
    return answer.strip().lower() in ("y", "yes", "是")


def cmd_recover(args: argparse.Namespace) -> int:
    """Find the newest good copy in every backup location, show what would be lost,
    restore it on confirmation (--yes for scripts)."""
    from app.models.recovery import loss_since, newest_good, restore

    settings, path, locations = _storage(args)
    rules = _copy_rules(settings, args)
    print("备份位置 / backup locations: " + ", ".join(str(p) for p in locations))
    if not settings.hall_id:
        print(
            "注意：配置中没有大厅编号，不核对备份所属大厅 / "
            "no hall id in the config: a copy of any hall is accepted"
        )
    good, looked_at = newest_good(locations, rules)
    for copy in looked_at:
        print("  " + copy.describe())
    if good is None:
        print("没有找到完好的备份 / no good backup found", file=sys.stderr)
        return 1
    print(f"最新完好备份 / newest good copy: {good.path}")
    print(loss_since(path, good).describe())
    if not args.yes and not _confirmed("恢复此备份？输入 y 确认 / restore this copy? [y/N]"):
        print("未恢复 / not restored (give --yes to restore without asking)")
        return 1
    aside = restore(good.path, path, rules)
    kept = ", ".join(str(p) for p in aside) or "-"
    print(f"已恢复 / restored {good.path} -> {path}")
    print(f"原数据库文件已移至 / the previous database files were moved to: {kept}")
    print("现在可以启动服务器 / the server can be started now")
    return 0
