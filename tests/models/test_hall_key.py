"""The hall's MAC key: made once per hall, private to its user, never inside the database."""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import stat
from pathlib import Path

import pytest

from app import config
from app.config_file import config_for_tools, default_text, load_config
from app.models import Database, sqlite_url
from app.models.audit import append_audit
from app.models.backup import backup_to
from app.models.hall_key import (
    KeyInvalid,
    KeyMissing,
    connection_key,
    default_key_file,
    load_key,
    load_or_create_key,
)


def test_the_key_is_made_on_first_use_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "conf" / "hall.key"
    key, made = load_or_create_key(path)
    assert made and len(key) == 32
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_or_create_key(path) == (key, False)  # never replaced
    assert load_key(path) == key
    assert [p.name for p in path.parent.iterdir()] == ["hall.key"]  # no temporary file left


def test_a_missing_or_damaged_key_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "hall.key"
    with pytest.raises(KeyMissing) as missing:
        load_key(path, ("配置文件旁", "beside the config file"))
    assert str(path) in missing.value.en and "beside the config file" in missing.value.en
    path.write_text("not hex\n", encoding="ascii")
    with pytest.raises(KeyInvalid):
        load_key(path)
    path.write_text("ab" * 16 + "\n", encoding="ascii")  # 16 bytes: too short
    with pytest.raises(KeyInvalid):
        load_key(path)


def test_a_database_carries_its_key_on_every_connection_and_never_stores_it(
    db_path: Path, tmp_path: Path
) -> None:
    key_file = tmp_path / "keys" / "hall.key"
    db = Database(sqlite_url(db_path), key_file=key_file)
    try:
        with db.read() as conn:
            assert connection_key(conn) == db.mac_key == load_key(key_file)
        with db.write() as conn:
            assert connection_key(conn) == db.mac_key
        made = backup_to(db_path, tmp_path / "backups" / "hall.db")
    finally:
        db.dispose()
    for copy in (db_path, made):
        data = copy.read_bytes()
        assert db.mac_key not in data and db.mac_key.hex().encode() not in data
    assert key_file.parent != made.parent


def test_without_a_key_named_the_default_is_beside_the_config_file(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HALLQUEUE_HOME", str(tmp_path / "home"))
    assert default_key_file() == config.config_path().parent / "hall.key"
    db = Database(sqlite_url(db_path))
    db.dispose()
    assert db.key_file == tmp_path / "home" / "hall.key"
    assert load_key(db.key_file) == db.mac_key


def test_the_config_key_moves_the_key_file(tmp_path: Path) -> None:
    conf = tmp_path / "etc" / "hallqueue.toml"
    conf.parent.mkdir()
    assert config.Config().resolved_key_file(conf) == tmp_path / "etc" / "hall.key"
    conf.write_text('[server]\nmac_key_file = "secret/hall.key"\n', encoding="utf-8")
    settings, path = config_for_tools(conf)
    assert settings.resolved_key_file(path) == tmp_path / "etc" / "secret" / "hall.key"
    conf.write_text(f'[server]\nmac_key_file = "{tmp_path / "k"}"\n', encoding="utf-8")
    assert load_config(conf).resolved_key_file(conf) == tmp_path / "k"
    assert "mac_key_file" in default_text()


def test_a_new_key_for_a_sealed_database_is_warned_about(
    db_path: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    first = Database(sqlite_url(db_path), key_file=tmp_path / "a.key")
    with first.write() as conn:
        append_audit(conn, at=dt.datetime(2026, 1, 1), actor="admin", action="service_save")
    first.dispose()
    copy = tmp_path / "copy.db"
    shutil.copy(db_path, copy)
    with caplog.at_level(logging.WARNING, logger="app.models.db"):
        Database(sqlite_url(copy), key_file=tmp_path / "b.key").dispose()
    assert "restore the hall's key file from its backup" in caplog.text
