"""The composition root: parses the command line, builds the parts a role needs, runs it."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for role, text in ROLES.items():
        sub = commands.add_parser(role, help=text)
        if role in ("counter", "counter-screen"):
            sub.add_argument("--window", type=int, required=True)
        sub.set_defaults(handler=cmd_not_ready)
    seed = commands.add_parser(
        "seed-demo", help="写入示范大厅 / fill the database with a demo hall"
    )
    seed.set_defaults(handler=cmd_seed_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        return cmd_not_ready(argparse.Namespace(command="(embedded default)"))
    from app.models import DatabaseError
    from app.queue import QueueError

    try:
        return handler(args)
    except (DatabaseError, QueueError) as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
