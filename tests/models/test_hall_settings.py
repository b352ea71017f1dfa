"""The hall-wide settings an admin edits: the config file's value until one is saved,
validated as a whole, only changed values written, before/after for the audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from app.models import Database, HallSetting
from app.models.hall_config import HallConfigError
from app.models.hall_settings import KEYS, effective_settings, save_settings, stored_settings

AT = dt.datetime(2026, 11, 23, 9, 0)
DEFAULTS = {
    "hall_name": "政务服务中心",
    "notice": "请取号",
    "open_at": "08:30",
    "close_at": "17:30",
}


def save(db: Database, data: dict[str, Any]) -> Any:
    with db.write() as conn:
        return save_settings(conn, data, defaults=DEFAULTS, at=AT)


def test_without_a_saved_value_the_config_files_value_is_in_effect(db: Database) -> None:
    with db.read() as conn:
        assert effective_settings(conn, DEFAULTS) == DEFAULTS
        assert stored_settings(conn) == {}


def test_a_save_writes_only_the_changed_values_and_reports_before_and_after(
    db: Database,
) -> None:
    change = save(db, {"notice": "  今日 12:00 起系统升级  ", "close_at": "17:00"})
    assert change.target == "hall:settings"
    assert change.before == DEFAULTS
    assert change.after == {**DEFAULTS, "notice": "今日 12:00 起系统升级", "close_at": "17:00"}
    with db.read() as conn:
        assert stored_settings(conn) == {"notice": "今日 12:00 起系统升级", "close_at": "17:00"}
        assert effective_settings(conn, DEFAULTS) == change.after
        rows = conn.execute(
            select(HallSetting.key, HallSetting.updated_at).where(HallSetting.key.in_(KEYS))
        ).all()  # the admin's settings (the hall id is a row of its own)
    assert {r.updated_at for r in rows} == {AT}
    again = save(db, {"notice": "今日 12:00 起系统升级"})
    assert again.before == again.after


@pytest.mark.parametrize(
    ("data", "zh", "en"),
    [
        ({"notice": "通" * 501}, "通知不能超过 500 个字", "over 500"),
        ({"hall_name": ""}, "大厅名称应为 1–64 个字", "1–64"),
        ({"hall_name": "中" * 65}, "大厅名称应为 1–64 个字", "1–64"),
        ({"hall_name": 7}, "大厅名称", "hall name"),
        ({"open_at": "8:30"}, "开门时间格式应为", "open_at must be HH:MM"),
        ({"close_at": "25:00"}, "关门时间格式应为", "close_at must be HH:MM"),
        ({"open_at": "17:30"}, "开门时间应早于关门时间", "before the closing time"),
        ({"open_at": "12:00", "close_at": "11:59"}, "开门时间应早于关门时间", "before"),
        ({"colour": "red"}, "未知的设置", "unknown settings: colour"),
    ],
)
def test_bad_settings_are_refused_in_both_languages_and_nothing_is_written(
    db: Database, data: dict[str, Any], zh: str, en: str
) -> None:
    with pytest.raises(HallConfigError) as refused:
        save(db, data)
    assert zh in refused.value.zh and en in refused.value.en
    with db.read() as conn:
        assert stored_settings(conn) == {}


def test_the_longest_allowed_values_are_accepted(db: Database) -> None:
    change = save(db, {"notice": "通" * 500, "hall_name": "中" * 64, "open_at": "00:00",
                       "close_at": "23:59"})  # fmt: skip
    assert change.after is not None and len(change.after["notice"]) == 500
