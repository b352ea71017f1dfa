"""The composition root: parses the command line, builds the parts a role needs, runs it.
The commands' handlers are in app/cli, by what they work on."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from app import __version__
from app.cli.backups import cmd_backup, cmd_recover, cmd_restore
from app.cli.config_and_db import add_db_option
from app.cli.records import cmd_appointments_import, cmd_export, cmd_seed_demo
from app.cli.reports import cmd_city, cmd_report
from app.cli.roles import (
    cmd_admin,
    cmd_config_path,
    cmd_embedded,
    cmd_keypad_sim,
    cmd_not_ready,
    cmd_screen,
    cmd_server,
    cmd_smoke,
)
from app.cli.verify import cmd_verify

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
        add_db_option(sub)
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
    add_db_option(verify)
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
    add_db_option(importing)
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
