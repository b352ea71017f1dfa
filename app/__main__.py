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
    "evaluator": "平板评价器 / the window's tablet evaluator (--window N)",
    "admin": "管理后台 / supervisor console",
}


def _db(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from app.models import Database

    settings, path = config.config_for_tools()
    return Database(args.db or config.default_db_url(), key_file=settings.resolved_key_file(path))


def cmd_seed_demo(args: argparse.Namespace) -> int:
    from app.models.demo import ADMIN_NO, ADMIN_PASSWORD, DEMO_PASSWORD, DEMO_WARNING, seed_demo

    db = _db(args)
    if seed_demo(db):
        print(f"已写入示范大厅 / demo hall written to {db.url}")
        print(f"窗口人员工号 1001–1010，密码 {DEMO_PASSWORD}；管理员 {ADMIN_NO} / {ADMIN_PASSWORD}")
        banner = "!" * 78
        print(f"{banner}\n{DEMO_WARNING}\n{banner}", file=sys.stderr)
    else:
        print(f"数据库已有事项配置，未改动 / the database already has services: {db.url}")
    return 0


def _storage(args: argparse.Namespace) -> tuple[config.Config, Path, list[Path]]:
    """The config, the database file and every backup location (backup/restore/recover)."""
    from app.models.backup_plan import backup_locations
    from app.models.db import sqlite_file

    settings = config.load_config(Path(args.config) if getattr(args, "config", None) else None)
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


def cmd_appointments_import(args: argparse.Namespace) -> int:
    """Import appointments from a CSV or JSON file with the online intake's rules: all of
    them or none (docs/APPOINTMENTS.md)."""
    from app.hall.appointment_intake import IntakeError, import_file
    from app.queue import QueueEngine

    settings = _report_config(args)
    engine = QueueEngine(_db(args), settings=settings.queue)
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


def cmd_server(args: argparse.Namespace) -> int:
    """The hall server: headless, owns the database and the engine, serves the LAN."""
    import logging
    import signal

    from PySide6.QtCore import QCoreApplication, QTimer

    from app.composition import HallSystem
    from app.runtime.qt_gc import collect_on_main_thread

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    config_file = Path(args.config) if args.config else None
    settings = config.load_config(config_file)
    db_url = args.db or settings.resolved_db_url()
    host = args.host if args.host is not None else settings.server_host
    port = args.port if args.port is not None else settings.server_port
    app = QCoreApplication(sys.argv[:1])
    collect_on_main_thread(app)
    config_file = Path(args.config) if args.config else config.config_path()
    system = HallSystem(settings, db_url, config_file=config_file, tls=settings.server_tls)
    port = system.start(host, port, new_hall=args.new_hall)
    if not system.engine.service_loads():
        print(
            "数据库中还没有事项；试用可运行 seed-demo / no services yet: try seed-demo",
            file=sys.stderr,
        )
    scheme = "wss" if system.identity is not None else "ws"
    print(
        f"大厅服务器已启动 / hall server listening on {scheme}://{host}:{port} ({system.db_label})",
        flush=True,
    )
    if system.identity is not None:
        from app.models.server_cert import shown_fingerprint

        shown = shown_fingerprint(system.identity.fingerprint)
        print(f"证书指纹 / certificate fingerprint: {shown}", flush=True)
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: app.quit())
    wake = QTimer()  # lets Python run its signal handlers while Qt waits
    wake.start(250)
    wake.timeout.connect(lambda: None)
    code = app.exec()
    system.stop()
    return code


def cmd_config_path(args: argparse.Namespace) -> int:
    print(config.ensure_config_file())
    return 0


def cmd_smoke() -> int:
    from app.smoke import run

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


def cmd_city(args: argparse.Namespace) -> int:
    """The city's monthly report from its PostgreSQL: halls side by side, 红旗窗口 per hall
    and city-wide, satisfaction and 差评 整改 by hall, halls whose uploads are behind."""
    import dataclasses
    import datetime as dt
    import time

    from sqlalchemy import create_engine

    from app.city.appraisal import CitySettings, city_month
    from app.city.report_pdf import DEFAULT_ISSUER, write_city_pdf

    url = args.db_url or _report_config(args).city.db_url
    if not url:
        print("请给出 --db-url 或在配置 [city] db_url 中设置 / give --db-url", file=sys.stderr)
        return 2
    month = dt.date.fromisoformat(f"{args.month}-01")
    following = (month + dt.timedelta(days=32)).replace(day=1)
    as_of = dt.date.fromisoformat(args.as_of) if args.as_of else min(following, dt.date.today())
    settings = dataclasses.replace(CitySettings(), city_red_flags=args.red_flags)
    started = time.perf_counter()
    engine = create_engine(url)
    try:
        report = city_month(engine, month, as_of, settings, moment=dt.datetime.now())
    finally:
        engine.dispose()
    path = write_city_pdf(report, Path(args.out), args.issuer or DEFAULT_ISSUER)
    t = report.totals
    print(
        f"{len(report.halls)} 个大厅 / halls, {t.finished} 件办结 / cases, 满意率 / satisfaction "
        f"{(t.satisfaction or 0) * 100:.2f}%, 全市红旗窗口 / city red flags "
        f"{len(report.city_red_flags)}, 上报滞后 / behind {len(report.behind)}"
    )
    print(f"已生成 / written: {path} ({time.perf_counter() - started:.2f} s)")
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    """Exit 0: every chain intact; 1: something was changed (named); 2: cannot check."""
    from sqlalchemy import inspect

    from app.appraisal.verify import verify_chains
    from app.models import Database
    from app.models.anchors import Anchor, find_anchors
    from app.models.db import sqlite_file
    from app.models.hall_key import HallKeyError, fingerprint, load_key

    settings, config_file = config.config_for_tools(Path(args.config) if args.config else None)
    url = args.db or settings.resolved_db_url()
    if args.key_file:
        key_path, how = Path(args.key_file), ("--key-file", "--key-file")
    else:
        key_path = settings.resolved_key_file(config_file)
        how = (
            (f"{config_file} 中的 server.mac_key_file", f"server.mac_key_file in {config_file}")
            if settings.mac_key_file
            else (f"配置文件 {config_file} 旁", f"beside the config file {config_file}")
        )
    try:
        key = load_key(key_path, how)
    except HallKeyError as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return 2
    file = sqlite_file(url)
    if file is not None and not file.exists():
        print(f"错误 / error: 数据库文件不存在 / no database file at {file}", file=sys.stderr)
        return 2
    anchors: list[Anchor] = []
    unreadable: list[str] = []
    if args.anchors:
        folder = Path(args.anchors)
        if not folder.is_dir():
            print(f"错误 / error: 锚点目录不存在 / no anchors folder {folder}", file=sys.stderr)
            return 2
        anchors, unreadable = find_anchors(folder)
    db = Database(url, migrate=False, mac_key=key)
    try:
        with db.read() as conn:
            if not inspect(conn).has_table("closings"):
                print(
                    "错误 / error: 数据库尚未升级到密钥链（请先启动一次服务器）/ the database "
                    "is not upgraded to keyed chains yet: start the server once",
                    file=sys.stderr,
                )
                return 2
            result = verify_chains(conn, key, anchors)
    finally:
        db.dispose()
    print(f"密钥 / key {key_path}（指纹 / fingerprint {fingerprint(key)}）")
    if args.anchors:
        print(f"锚点 / anchors: {len(anchors)} 个，来自 / from {args.anchors}")
        if not anchors:
            print("警告 / warning: 该目录中没有锚点 / no anchors in that folder", file=sys.stderr)
    for path in unreadable:
        print(f"警告 / warning: 无法读取锚点文件 / unreadable anchor file {path}", file=sys.stderr)
    for line in result.lines():
        print(line)
    return 0 if result.ok else 1


def cmd_keypad_sim(args: argparse.Namespace) -> int:
    from app.devices.keypad.simulator import run

    return run(args)


def cmd_screen(args: argparse.Namespace) -> int:
    """kiosk, counter --window N, display, counter-screen --window N, evaluator --window N:
    the Qt screens."""
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
        if role in ("counter", "counter-screen", "evaluator"):
            sub.add_argument("--window", type=int, required=True)
        sub.set_defaults(handler=cmd_not_ready)
    for role in ("kiosk", "counter", "display", "counter-screen", "evaluator"):
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
    server.add_argument(
        "--new-hall",
        action="store_true",
        help="开始新的大厅（数据库缺失时新建空库）/ start a new hall on purpose: an empty "
        "database when there is none, and this database's hall id recorded in the config",
    )
    server.set_defaults(handler=cmd_server)
    where = commands.add_parser("config-path", help="配置文件位置 / print the config file's path")
    where.set_defaults(handler=cmd_config_path)
    from app.client_setup import add_parser as add_setup_client

    add_setup_client(commands)
    backup = commands.add_parser("backup", help="在线备份数据库 / back up the database now")
    backup.add_argument(
        "--out", help="new backup file, never overwritten (default: dated file in backups/)"
    )
    backup.set_defaults(handler=cmd_backup)
    restore = commands.add_parser("restore", help="从备份恢复 / restore a backup (server stopped)")
    restore.add_argument("file")
    restore.set_defaults(handler=cmd_restore)
    recover = commands.add_parser(
        "recover", help="从最新完好备份恢复 / restore the newest good backup (server stopped)"
    )
    recover.add_argument("--yes", action="store_true", help="restore without asking")
    recover.set_defaults(handler=cmd_recover)
    for sub in (backup, restore, recover):
        sub.add_argument("--config", help="config file (default: see config-path)")
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
    city = commands.add_parser(
        "city", help="全市考评月报 / the city's monthly report from its PostgreSQL"
    )
    city.add_argument("--month", required=True, metavar="YYYY-MM")
    city.add_argument("--out", required=True, metavar="F.pdf", help="PDF file to write")
    city.add_argument("--db-url", help="the city's database (default: [city] db_url)")
    city.add_argument("--as-of", metavar="YYYY-MM-DD", help="judge what is overdue on")
    city.add_argument("--issuer", help="发文单位 / the issuing body (市政务服务管理办公室)")
    city.add_argument("--red-flags", type=int, default=10, help="全市红旗窗口 count (10)")
    city.add_argument("--config", help="config file (default: see config-path)")
    city.set_defaults(handler=cmd_city)
    verify = commands.add_parser(
        "verify", help="校验防篡改链 / check the tamper-evident chains (exit 0 intact, 1 changed)"
    )
    _report_db_args(verify)
    verify.add_argument(
        "--anchors", metavar="DIR", help="heads files and backup manifests (searched recursively)"
    )
    verify.add_argument("--key-file", metavar="F", help="the hall's key file (default: config)")
    verify.add_argument("--config", help="config file (default: see config-path)")
    verify.set_defaults(handler=cmd_verify)
    appointments = commands.add_parser("appointments", help="预约 / appointments")
    appointment_kinds = appointments.add_subparsers(dest="action", metavar="ACTION", required=True)
    importing = appointment_kinds.add_parser(
        "import", help="从 CSV/JSON 文件导入预约（全部或不导入）/ import a CSV or JSON file"
    )
    importing.add_argument("file", metavar="FILE")
    importing.add_argument("--config", help="config file (default: see config-path)")
    _report_db_args(importing)
    importing.set_defaults(handler=cmd_appointments_import)
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
    from app.errors import HallError

    try:
        return handler(args)
    except HallError as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
