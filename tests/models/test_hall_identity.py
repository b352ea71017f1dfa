"""Each hall's database carries a random id; with an id recorded in the config, a missing,
damaged or different database is refused with what to do and the newest good backup."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.appraisal.verify import copy_rules
from app.config_file import ensure_config_file, load_config, record_hall_id
from app.models import Database, sqlite_url
from app.models.backup import backup_to
from app.models.hall_identity import (
    HallDatabaseRefused,
    check_hall_database,
    hall_id_of,
    open_hall_database,
)
from app.models.hall_key import default_key_file, load_key
from app.models.recovery import CopyRules


def test_a_new_database_gets_a_random_hall_id_that_stays(tmp_path: Path) -> None:
    first = Database(sqlite_url(tmp_path / "a.db"))
    other = Database(sqlite_url(tmp_path / "b.db"))
    try:
        made = hall_id_of(first)
        assert len(made) == 16 and made != hall_id_of(other)
    finally:
        first.dispose()
        other.dispose()
    again = Database(sqlite_url(tmp_path / "a.db"))
    try:
        assert hall_id_of(again) == made
    finally:
        again.dispose()


def _rules(hall_id: str) -> CopyRules:
    return copy_rules(hall_id, load_key(default_key_file()))


def test_a_missing_database_is_refused_naming_the_newest_backup_and_not_created(
    db: Database, db_path: Path
) -> None:
    hall_id = hall_id_of(db)
    copy = backup_to(db_path, db_path.parent / "backups" / "hall-2026-11-23.db")
    db.dispose()
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    url, locations = sqlite_url(db_path), [copy.parent]
    with pytest.raises(HallDatabaseRefused) as refused:
        open_hall_database(url, _rules(hall_id), new_hall=False, locations=locations)
    message = str(refused.value)
    assert "does not exist" in message and "不存在" in message
    assert "python -m app recover" in message and "--new-hall" in message
    assert str(copy) in message
    assert not db_path.exists()
    made, new_id = open_hall_database(url, _rules(hall_id), new_hall=True, locations=locations)
    made.dispose()
    assert new_id != hall_id  # a new, empty hall on purpose


def test_another_halls_database_and_a_damaged_one_are_refused(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    hall_id = hall_id_of(db)
    db.dispose()
    other = tmp_path / "other.db"
    Database(sqlite_url(other)).dispose()
    with pytest.raises(HallDatabaseRefused) as foreign:
        check_hall_database(sqlite_url(other), _rules(hall_id), new_hall=False, locations=[])
    assert "another hall" in str(foreign.value)
    check_hall_database(sqlite_url(other), _rules(""), new_hall=False, locations=[])  # no id yet
    check_hall_database(sqlite_url(db_path), _rules(hall_id), new_hall=False, locations=[])
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"\x07" * 8192)
    with pytest.raises(HallDatabaseRefused) as damaged:
        open_hall_database(sqlite_url(junk), _rules(hall_id), new_hall=False, locations=[])
    assert "damaged" in str(damaged.value) and "recover" in str(damaged.value)


def test_the_hall_id_is_recorded_in_the_config_keeping_its_comments(tmp_path: Path) -> None:
    path = ensure_config_file(tmp_path / "hall.toml")
    before = path.read_text(encoding="utf-8")
    record_hall_id(path, "0123456789abcdef")
    after = path.read_text(encoding="utf-8")
    assert load_config(path).hall_id == "0123456789abcdef"
    assert after.count("\n") == before.count("\n") and "# 大厅编号" in after
    bare = tmp_path / "bare.toml"
    bare.write_text("[queue]\nrecall_cap = 2\n", encoding="utf-8")
    record_hall_id(bare, "fedcba9876543210")
    loaded = load_config(bare)
    assert loaded.hall_id == "fedcba9876543210" and loaded.queue.recall_cap == 2
