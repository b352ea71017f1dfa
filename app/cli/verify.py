"""`verify`: the tamper-evident chains checked under the hall's key, with anchors when given."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.config_file import config_for_tools


def cmd_verify(args: argparse.Namespace) -> int:
    """Exit 0: every chain intact; 1: something was changed (named); 2: cannot check."""
    from sqlalchemy import inspect

    from app.appraisal.verify import verify_chains
    from app.models import Database
    from app.models.anchors import Anchor, find_anchors
    from app.models.db import sqlite_file
    from app.models.hall_key import HallKeyError, fingerprint, load_key

    settings, config_file = config_for_tools(Path(args.config) if args.config else None)
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
