"""The composition root: parses the command line, builds the parts a role needs, runs it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from app import __version__, config

Handler = Callable[[argparse.Namespace], int]

ROLES = {
    "server": "大厅服务器（数据库、排队引擎、网络） / hall server",
    "kiosk": "取号机 / ticket kiosk",
    "counter": "窗口叫号终端 / clerk workstation (--window N)",
    "display": "大厅显示屏与语音播报 / lobby call screen",
    "counter-screen": "窗口屏 / counter screen (--window N)",
    "admin": "管理后台 / supervisor console",
}


def _db(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from app.models import Database

    return Database(args.db or config.default_db_url())


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from app.models.demo import ADMIN_NO, ADMIN_PASSWORD, DEMO_PASSWORD, seed_demo

    db = _db(args)
    if seed_demo(db):
        print(f"已写入示范大厅 / demo hall written to {db.url}")
        print(f"窗口人员工号 1001–1010，密码 {DEMO_PASSWORD}；管理员 {ADMIN_NO} / {ADMIN_PASSWORD}")
    else:
        print(f"数据库已有事项配置，未改动 / the database already has services: {db.url}")
    return 0


def _sqlite_path(args: argparse.Namespace) -> Path:
    from app.models.db import sqlite_file

    path = sqlite_file(args.db or config.default_db_url())
    if path is None:
        raise SystemExit(
            "备份与恢复仅适用于 SQLite 文件；PostgreSQL 请用 pg_dump / "
            "backup and restore work on SQLite files; use pg_dump for PostgreSQL"
        )
    return path


def cmd_backup(args: argparse.Namespace) -> int:
    import datetime as dt

    from app.models.backup import backup_to, daily_backup

    path = _sqlite_path(args)
    if args.out:
        made = backup_to(path, Path(args.out))
    else:
        made = daily_backup(path, path.parent / "backups", dt.date.today())
    print(f"已备份 / backed up: {made}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from app.models.backup import restore

    aside = restore(Path(args.file), _sqlite_path(args))
    print(f"已恢复 / restored {args.file}; 原数据库另存为 / previous database kept as {aside}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    import datetime as dt

    from app.models.export import export_csv

    try:
        start, end = dt.date.fromisoformat(args.start), dt.date.fromisoformat(args.end)
    except ValueError:
        print("日期格式应为 YYYY-MM-DD / dates must be YYYY-MM-DD", file=sys.stderr)
        return 2
    db = _db(args)
    with db.read() as conn:
        counts = export_csv(conn, start, end, Path(args.out))
    for name, count in counts.items():
        print(f"{name}: {count}")
    return 0


def cmd_server(args: argparse.Namespace) -> int:
    """The hall server: headless, owns the database and the engine, serves the LAN."""
    import logging
    import signal

    from PySide6.QtCore import QCoreApplication, QTimer

    from app.models import Database
    from app.net.bus_keypads import attach_bus_keypads
    from app.net.embedded import closing_plan, estimator, hold_database
    from app.net.jobs import ServerJobs
    from app.net.qt_gc import collect_on_main_thread
    from app.net.server import HallServer
    from app.queue import QueueEngine

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    settings = config.load_config(Path(args.config) if args.config else None)
    db_url = args.db or settings.resolved_db_url()
    host = args.host if args.host is not None else settings.server_host
    port = args.port if args.port is not None else settings.server_port
    app = QCoreApplication(sys.argv[:1])
    collect_on_main_thread(app)
    db = Database(db_url)
    lock = hold_database(db)
    engine = QueueEngine(db, settings=settings.queue, estimator=estimator(settings))
    server = HallServer(engine, settings)
    server.listen(host, port)
    bus = attach_bus_keypads(server)  # [devices] keypad_bus: keypads polled by the server
    jobs = ServerJobs(engine, closing_plan(settings, db))
    jobs.start()
    if not server.view.snapshot()["services"]:
        print(
            "数据库中还没有事项；试用可运行 seed-demo / no services yet: try seed-demo",
            file=sys.stderr,
        )
    print(
        f"大厅服务器已启动 / hall server listening on {host}:{server.port} ({db.url})", flush=True
    )
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: app.quit())
    wake = QTimer()  # lets Python run its signal handlers while Qt waits
    wake.start(250)
    wake.timeout.connect(lambda: None)
    code = app.exec()
    jobs.stop()
    if bus is not None:
        bus.stop()
    server.close()
    db.dispose()
    if lock is not None:
        lock.release()
    return code


def cmd_config_path(args: argparse.Namespace) -> int:
    print(config.ensure_config_file())
    return 0


def cmd_smoke() -> int:
    from app.net.smoke import run

    return run()


def _report_db_args(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--db", default=argparse.SUPPRESS, help="database URL")


def _report_config(args: argparse.Namespace) -> config.Config:
    """The config file named, else the usual one if it exists, else the defaults."""
    path = Path(args.config) if getattr(args, "config", None) else config.config_path()
    if getattr(args, "config", None) or path.exists():
        return config.load_config(path, create=False)
    return config.Config()


def cmd_report(args: argparse.Namespace) -> int:
    """Reports read the hall hours from one place (app.appraisal.hours.effective_hours: the
    admin's stored hours over the config file's) and the issuing body from the config."""
    import dataclasses
    import datetime as dt

    from app.appraisal.errors import AppraisalError
    from app.appraisal.settings import DEFAULT_SETTINGS
    from app.reports.errors import ReportError
    from app.reports.produce import make_daily, make_month, make_notice, make_year

    out = Path(args.out) if args.out else None
    xlsx = Path(args.xlsx) if getattr(args, "xlsx", None) else None
    if out is None and xlsx is None:
        print("请给出 --out 或 --xlsx / give --out and/or --xlsx", file=sys.stderr)
        return 2

    def show(fraction: float, message: str) -> None:
        print(f"{fraction * 100:5.1f}%  {message}", file=sys.stderr)

    try:
        cfg = _report_config(args)
        settings = dataclasses.replace(DEFAULT_SETTINGS, hours=cfg.hours)
        issuer = cfg.issuing_body
        db = _db(args)
        as_of = dt.date.fromisoformat(args.as_of) if getattr(args, "as_of", None) else None
        if args.kind == "daily":
            day = dt.date.fromisoformat(args.date) if args.date else dt.date.today()
            files = make_daily(
                db, day, pdf=out, xlsx=xlsx, settings=settings, issuer=issuer, progress=show
            )
        elif args.kind == "month":
            month = dt.date.fromisoformat(f"{args.month}-01")
            files = make_month(
                db,
                month,
                pdf=out,
                xlsx=xlsx,
                as_of=as_of,
                settings=settings,
                issuer=issuer,
                progress=show,
            )
        elif args.kind == "year":
            files = make_year(
                db,
                args.year,
                pdf=out,
                xlsx=xlsx,
                as_of=as_of,
                settings=settings,
                issuer=issuer,
                progress=show,
            )
        else:
            assert out is not None
            day = dt.date.fromisoformat(args.date)
            files = [make_notice(db, day, args.number, pdf=out, issuer=issuer)]
    except (AppraisalError, ReportError) as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return 1
    for path in files:
        print(f"已生成 / written: {path}")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from app.appraisal.verify import verify_chains

    with _db(args).read() as conn:
        checks = verify_chains(conn)
    for check in checks:
        print(check.describe())
    return 0 if all(check.ok for check in checks) else 1


def cmd_keypad_sim(args: argparse.Namespace) -> int:
    from app.devices.keypad.simulator import run

    return run(args)


def cmd_screen(args: argparse.Namespace) -> int:
    """kiosk, counter --window N, display, counter-screen --window N: the Qt screens."""
    from app.ui.launch import run_role

    return run_role(args)


def cmd_admin(args: argparse.Namespace) -> int:
    """The admin console; connects to the hall server named in the config file."""
    from app.ui.admin.launch import run_admin

    return run_admin(args)


def cmd_embedded(args: argparse.Namespace) -> int:
    """No command: the whole hall on this PC (server, kiosk, counter 1, display, keypad)."""
    from app.ui.launch import run_embedded

    return run_embedded(args)


def cmd_not_ready(args: argparse.Namespace) -> int:
    print(
        f"「{args.command}」尚未在此版本中提供 / '{args.command}' is not in this build yet",
        file=sys.stderr,
    )
    return 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m app",
        description="政务服务大厅排队叫号评价系统 / queue-and-counter system for service halls. "
        "Without a command, runs the whole hall on this PC (embedded default).",
    )
    parser.add_argument("--version", action="version", version=__version__)
    parser.add_argument("--db", help="database URL (default: SQLite file in the data folder)")
    parser.add_argument(
        "--smoke", action="store_true", help="headless self-test of one whole case over the network"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for role, text in ROLES.items():
        sub = commands.add_parser(role, help=text)
        if role in ("counter", "counter-screen"):
            sub.add_argument("--window", type=int, required=True)
        sub.set_defaults(handler=cmd_not_ready)
    for role in ("kiosk", "counter", "display", "counter-screen"):
        screen = commands.choices[role]
        screen.add_argument("--config", help="config file (default: see config-path)")
        screen.set_defaults(handler=cmd_screen)
    admin = commands.choices["admin"]
    admin.add_argument("--config", help="config file (default: see config-path)")
    admin.set_defaults(handler=cmd_admin)
    server = commands.choices["server"]
    server.add_argument("--db", default=argparse.SUPPRESS, help="database URL")
    server.add_argument("--host", help="listen address (default: from the config file)")
    server.add_argument("--port", type=int, help="port (default: from the config file)")
    server.add_argument("--config", help="config file (default: see config-path)")
    server.set_defaults(handler=cmd_server)
    where = commands.add_parser("config-path", help="配置文件位置 / print the config file's path")
    where.set_defaults(handler=cmd_config_path)
    backup = commands.add_parser("backup", help="在线备份数据库 / back up the database now")
    backup.add_argument("--out", help="backup file (default: dated file in the backups folder)")
    backup.set_defaults(handler=cmd_backup)
    restore = commands.add_parser("restore", help="从备份恢复 / restore a backup (server stopped)")
    restore.add_argument("file")
    restore.set_defaults(handler=cmd_restore)
    export = commands.add_parser("export", help="导出 CSV / export tickets, ratings, events")
    export.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD")
    export.add_argument("--to", dest="end", required=True, metavar="YYYY-MM-DD")
    export.add_argument("--out", default="export", help="folder for the CSV files")
    export.set_defaults(handler=cmd_export)
    report = commands.add_parser("report", help="报表 / daily, month, year report (PDF, Excel)")
    kinds = report.add_subparsers(dest="kind", metavar="KIND", required=True)
    daily = kinds.add_parser("daily", help="日报 / end-of-day report")
    daily.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")
    month = kinds.add_parser("month", help="月度考核通报 / monthly appraisal, 红旗窗口")
    month.add_argument("--month", required=True, metavar="YYYY-MM")
    year = kinds.add_parser("year", help="年度考核通报 / yearly clerk ranking, 评先")
    year.add_argument("--year", type=int, required=True)
    for sub in (month, year):
        sub.add_argument(
            "--as-of", metavar="YYYY-MM-DD", help="judge what is overdue on (the 通报's date)"
        )
    notice = kinds.add_parser("notice", help="一次性告知单 / one-time notice of a ticket")
    notice.add_argument("--date", metavar="YYYY-MM-DD", required=True)
    notice.add_argument("--number", metavar="A012", required=True)
    for sub in (daily, month, year, notice):
        sub.add_argument("--out", metavar="F.pdf", help="PDF file to write")
        if sub is not notice:
            sub.add_argument("--xlsx", metavar="F.xlsx", help="Excel file to write")
        sub.add_argument("--config", help="config file (default: see config-path)")
        _report_db_args(sub)
    report.set_defaults(handler=cmd_report)
    verify = commands.add_parser("verify", help="校验评价与事件哈希链 / check the hash chains")
    _report_db_args(verify)
    verify.set_defaults(handler=cmd_verify)
    seed = commands.add_parser(
        "seed-demo", help="写入示范大厅 / fill the database with a demo hall"
    )
    seed.set_defaults(handler=cmd_seed_demo)
    sim = commands.add_parser("keypad-sim", help="评价器模拟器 / satisfaction keypad simulator")
    where_sim = sim.add_mutually_exclusive_group()
    where_sim.add_argument("--port", help="socket://HOST:PORT to listen on, or a serial URL")
    where_sim.add_argument("--pty", action="store_true", help="make a pty, print its path")
    sim.add_argument("--link", help="with --pty: keep this symlink pointing at the pty")
    sim.add_argument("--address", type=int, action="append", help="keypad address (repeat)")
    sim.add_argument("--poll", action="store_true", help="RS-485 bus mode: answer POLL only")
    sim.add_argument("--model", default="hall-v1", choices=["hall-v1", "example-4key"])
    sim.set_defaults(handler=cmd_keypad_sim)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.smoke:
        return cmd_smoke()
    handler: Handler = getattr(args, "handler", None) or cmd_embedded
    from app.models import DatabaseError
    from app.net.errors import NetError
    from app.queue import QueueError

    try:
        return handler(args)
    except (DatabaseError, QueueError, NetError, config.ConfigError) as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
