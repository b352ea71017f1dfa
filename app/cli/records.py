"""Records in and out of the database: `seed-demo` (the demo hall), `export` (CSV) and
`appointments import` (a CSV or JSON file)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.config_and_db import tool_config, tool_db


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from app.models.demo import ADMIN_NO, ADMIN_PASSWORD, DEMO_PASSWORD, DEMO_WARNING, seed_demo

    db = tool_db(args)
    if seed_demo(db):
        print(f"已写入示范大厅 / demo hall written to {db.url}")
        print(f"窗口人员工号 1001–1010，密码 {DEMO_PASSWORD}；管理员 {ADMIN_NO} / {ADMIN_PASSWORD}")
        banner = "!" * 78
        print(f"{banner}\n{DEMO_WARNING}\n{banner}", file=sys.stderr)
    else:
        print(f"数据库已有事项配置，未改动 / the database already has services: {db.url}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    import datetime as dt

    from app.models.export import export_csv

    try:
        start, end = dt.date.fromisoformat(args.start), dt.date.fromisoformat(args.end)
    except ValueError:
        print("日期格式应为 YYYY-MM-DD / dates must be YYYY-MM-DD", file=sys.stderr)
        return 2
    db = tool_db(args)
    with db.read() as conn:
        counts = export_csv(conn, start, end, Path(args.out))
    for name, count in counts.items():
        print(f"{name}: {count}")
    return 0


def cmd_appointments_import(args: argparse.Namespace) -> int:
    """Import appointments from a CSV or JSON file with the online intake's rules: all of
    them or none (docs/APPOINTMENTS.md)."""
    from app.hall.appointment_intake import IntakeError, import_file
    from app.queue import QueueEngine

    settings = tool_config(args)
    engine = QueueEngine(tool_db(args), settings=settings.queue)
    try:
        result = import_file(engine, Path(args.file), settings.hall_name)
    except IntakeError as exc:
        where = " ".join(
            f"{k}={exc.as_dict()[k]}" for k in ("index", "field") if k in exc.as_dict()
        )
        print(f"未导入任何记录 / nothing imported: {exc} {where}".rstrip(), file=sys.stderr)
        return 1
    finally:
        engine.db.dispose()
    total = len(result["appointments"])
    print(f"已导入 / imported: {total}（新建 / created {result['created']}）")
    return 0
