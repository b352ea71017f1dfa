"""The hall-wide settings an admin edits: hall name, display notice, opening and closing time.

The config file gives each one's default; a row in hall_settings (written by an admin save)
overrides it. Saving validates the whole set and returns a Change with the effective values
before and after for the audit log (hall_config's Change and HallConfigError).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, delete, insert, select

from app.models.hall import HallSetting
from app.models.hall_config import Change, HallConfigError

KEYS = ("hall_name", "notice", "open_at", "close_at")
MAX_NOTICE = 500
MAX_NAME = 64
TARGET = "hall:settings"


def stored_settings(conn: Connection) -> dict[str, Any]:
    """The values an admin has set (only the known keys)."""
    rows = conn.execute(select(HallSetting.key, HallSetting.value).where(HallSetting.key.in_(KEYS)))
    return {key: value for key, value in rows}


def effective_settings(conn: Connection, defaults: Mapping[str, str]) -> dict[str, str]:
    """{hall_name, notice, open_at, close_at}: the admin's value if set, else the default."""
    stored = stored_settings(conn)
    return {key: str(stored.get(key, defaults[key])) for key in KEYS}


def stored_hours(conn: Connection, open_at: dt.time, close_at: dt.time) -> tuple[dt.time, dt.time]:
    """The hall's opening and closing time: an admin's stored value over the given ones (the
    config file's). The one reading of them: app/appraisal/hours.py and app/queue/slots.py."""
    stored = stored_times(conn)
    return stored.get("open_at", open_at), stored.get("close_at", close_at)


def stored_times(conn: Connection) -> dict[str, dt.time]:
    """The opening ("open_at") and closing time ("close_at") an admin has set, if any."""
    stored = stored_settings(conn)
    names = {"open_at": "开门时间", "close_at": "关门时间"}
    return {key: parse_hhmm(stored[key], zh, key) for key, zh in names.items() if key in stored}


def _name(value: Any) -> str:
    if not isinstance(value, str) or not 1 <= len(value.strip()) <= MAX_NAME:
        raise HallConfigError(
            f"大厅名称应为 1–{MAX_NAME} 个字", f"the hall name must be 1–{MAX_NAME} characters"
        )
    return value.strip()


def _notice(value: Any) -> str:
    if not isinstance(value, str):
        raise HallConfigError("通知应为文本", "the notice must be text")
    if len(value.strip()) > MAX_NOTICE:
        raise HallConfigError(
            f"通知不能超过 {MAX_NOTICE} 个字", f"the notice is over {MAX_NOTICE} characters"
        )
    return value.strip()


def parse_hhmm(value: Any, label: str, name: str) -> dt.time:
    if isinstance(value, str) and len(value) == 5 and value[2] == ":":
        try:
            return dt.time.fromisoformat(value)
        except ValueError:
            pass
    raise HallConfigError(f"{label}格式应为 时:分（如 08:30）", f"{name} must be HH:MM")


def validated(data: Mapping[str, Any]) -> dict[str, str]:
    """The full set checked: name 1–64 characters, notice ≤ 500, HH:MM times open < close."""
    unknown = set(data) - set(KEYS)
    if unknown:
        names = ", ".join(sorted(unknown))
        raise HallConfigError(f"未知的设置：{names}", f"unknown settings: {names}")
    open_at = parse_hhmm(data.get("open_at"), "开门时间", "open_at")
    close_at = parse_hhmm(data.get("close_at"), "关门时间", "close_at")
    if open_at >= close_at:
        raise HallConfigError(
            "开门时间应早于关门时间", "the opening time must be before the closing time"
        )
    return {
        "hall_name": _name(data.get("hall_name")),
        "notice": _notice(data.get("notice")),
        "open_at": open_at.strftime("%H:%M"),
        "close_at": close_at.strftime("%H:%M"),
    }


def save_settings(
    conn: Connection, data: Mapping[str, Any], *, defaults: Mapping[str, str], at: dt.datetime
) -> Change:
    """Changes the given settings (the others stay); only changed values are written."""
    before = effective_settings(conn, defaults)
    after = validated({**before, **data})
    for key in KEYS:
        if after[key] != before[key]:
            conn.execute(delete(HallSetting).where(HallSetting.key == key))
            conn.execute(insert(HallSetting).values(key=key, value=after[key], updated_at=at))
    return Change(TARGET, before, after)
