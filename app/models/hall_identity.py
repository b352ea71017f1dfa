"""The hall's identity: a random id made when its database is set up, kept in the database
(hall_settings key ``hall_id``) and recorded in the server's config file.

With an id recorded, the server starts only on the database that carries it: a missing,
empty, damaged or different database is refused with what happened, what to do and the
newest good backup (``check_hall_database``), instead of quietly starting an empty hall.
``--new-hall`` is the explicit way past it. No id recorded (a new install, the one-PC
default, a test) means nothing to compare: the database's id is recorded at start-up.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from app.models.db import Database, DatabaseCorrupt, DatabaseError, sqlite_file
from app.models.hall_id import (
    ensure_hall_id,
    read_hall_id,
    read_hall_id_readonly,
)

if TYPE_CHECKING:
    from app.models.recovery import CopyRules

_HAS_DATA_ZH = "配置文件记录本厅已有数据，服务器不会以空的或别的数据库启动。"
_HAS_DATA_EN = (
    "The config says this hall has data, so the server will not start on an empty or "
    "different database. "
)


class HallDatabaseRefused(DatabaseError):
    """The server's config says this hall has data, and the database is missing, damaged
    or not it."""

    code = "hall_database_refused"


def hall_id_of(db: Database) -> str:
    with db.read() as conn:
        found = read_hall_id(conn)
    return found or ensure_hall_id(db.engine)


def check_hall_database(
    db_url: str, rules: CopyRules, *, new_hall: bool, locations: Sequence[Path]
) -> None:
    """Before a SQLite database is opened (opening makes a missing file): refuse when the
    config records a hall id (rules.hall_id) and the file is missing, unreadable or of
    another hall. The message names the newest backup that passes `rules`."""
    recorded = rules.hall_id or ""
    path = sqlite_file(db_url)
    if not recorded or new_hall or path is None:
        return
    if not path.exists():
        _refuse(
            rules,
            locations,
            f"本厅（编号 {recorded}）的数据库 {path} 不存在",
            f"the database {path} of this hall (id {recorded}) does not exist",
        )
    try:
        found = read_hall_id_readonly(path)
    except sqlite3.DatabaseError as exc:
        _refuse(
            rules,
            locations,
            f"本厅的数据库 {path} 无法读取或已损坏（{exc}）",
            f"the database {path} of this hall cannot be read or is damaged ({exc})",
        )
    if found != recorded:
        _refuse(rules, locations, *_other(path, recorded, found))


def check_opened_hall(db: Database, rules: CopyRules, *, new_hall: bool) -> str:
    """After opening (any database kind): the database's id, refused when it is another
    hall's. Returns the id to record in the config."""
    found = hall_id_of(db)
    recorded = rules.hall_id
    if recorded and not new_hall and found != recorded:
        _refuse(rules, [], *_other(Path(db.url), recorded, found))
    return found


def open_hall_database(
    db_url: str,
    rules: CopyRules,
    *,
    new_hall: bool,
    locations: Sequence[Path],
    key_file: Path | None = None,
) -> tuple[Database, str]:
    """The server's start: the hall's database opened (sealing with the key in `key_file`),
    or refused with what to do; returns it and its hall id (to record in the config when it
    differs)."""
    check_hall_database(db_url, rules, new_hall=new_hall, locations=locations)
    try:
        db = Database(db_url, key_file=key_file)
    except DatabaseCorrupt as exc:
        _refuse(rules, locations, exc.zh.split("，")[0], exc.en.split(";")[0])
    try:
        return db, check_opened_hall(db, rules, new_hall=new_hall)
    except BaseException:
        db.dispose()
        raise


def _other(path: Path, recorded: str, found: str | None) -> tuple[str, str]:
    if found is None:
        return (
            f"数据库 {path} 不是本厅（编号 {recorded}）的数据库：其中没有大厅编号，"
            "可能是新建的空数据库",
            f"the database {path} is not this hall's (id {recorded}): it carries no hall id, "
            "it may be a new, empty one",
        )
    return (
        f"数据库 {path} 属于另一个大厅（编号 {found}），本厅编号为 {recorded}",
        f"the database {path} belongs to another hall (id {found}); this hall is {recorded}",
    )


def _refuse(rules: CopyRules, locations: Sequence[Path], zh: str, en: str) -> NoReturn:
    from app.models.recovery import describe_newest

    recorded = rules.hall_id
    newest_zh, newest_en = describe_newest(locations, rules)
    raise HallDatabaseRefused(
        f"{zh}。{_HAS_DATA_ZH if recorded else ''}"
        f"请运行 python -m app recover 从备份恢复；{newest_zh}。"
        "若确实要开始一个新的空大厅，请加 --new-hall 启动",
        f"{en}. {_HAS_DATA_EN if recorded else ''}"
        f"Run python -m app recover to restore a backup; {newest_en}. "
        "To start a new, empty hall on purpose, start with --new-hall",
    )
