"""A database with the old unkeyed SHA-256 chains (revision 0003) is checked, then re-sealed
with the hall's key by migration 0004; an old break is recorded, not laundered."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from alembic import command
from sqlalchemy import create_engine, select

from app.models import AuditLog, Closing, Event, Rating
from app.models.chain import EVENT_FIELDS, GENESIS, RATING_FIELDS
from app.models.db import alembic_config

from .sealed_hall import SealedHall, build_sealed_hall, legacy_hash

Capture = pytest.CaptureFixture[str]


# The rating columns of revision 0003 (later revisions added the rest).
LATER = ("path", "session_id", "reasons", "case_no", "item_code")
LEGACY_RATING_FIELDS = tuple(f for f in RATING_FIELDS if f not in LATER)


def _downgrade_to_0003(hall: SealedHall) -> None:
    db = hall.open()
    with db.engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0003")
    db.dispose()


def _legacy_breaks(hall: SealedHall, table: Any, fields: tuple[str, ...]) -> list[int]:
    engine = create_engine(hall.url)
    try:
        with engine.connect() as conn:
            columns = [table.id, table.hash, *(getattr(table, name) for name in fields)]
            rows = conn.execute(select(*columns).order_by(table.id)).all()
    finally:
        engine.dispose()
    previous, broken = GENESIS, []
    for row in rows:
        if legacy_hash(previous, {name: getattr(row, name) for name in fields}) != row.hash:
            broken.append(row.id)
        previous = row.hash
    return broken


@pytest.fixture
def old_hall(demo_template: Path, tmp_path: Path) -> SealedHall:
    """The sealed hall taken back to revision 0003: unkeyed chains, no audit chain."""
    hall = build_sealed_hall(tmp_path / "hall", demo_template)
    _downgrade_to_0003(hall)
    assert _legacy_breaks(hall, Event, EVENT_FIELDS) == []
    assert _legacy_breaks(hall, Rating, LEGACY_RATING_FIELDS) == []
    hall.key_file.unlink()  # a hall from before the key existed
    return hall


def test_an_old_database_is_checked_then_sealed_with_a_new_key(
    old_hall: SealedHall, capsys: Capture
) -> None:
    db = old_hall.open()  # opening migrates; the key is made now
    with db.read() as conn:
        [sealed] = conn.execute(select(AuditLog).where(AuditLog.action == "chains_sealed")).all()
        closings = conn.execute(select(Closing.kind, Closing.target_id)).all()
    db.dispose()
    assert old_hall.key_file.exists()
    assert sealed.before["ratings"] == {"rows": 6, "old_chain_broken_at": None}
    assert sealed.before["audit_log"] == {"rows": 3}
    assert sorted(closings) == [("complaint", 1), ("follow_up", 1)]
    code, out = old_hall.verify(capsys=capsys)
    assert code == 0, out
    assert "注意" not in out
    assert list(Path(old_hall.folder / "backups").glob("premigrate-0003-*.db"))


def test_an_old_chain_already_broken_is_sealed_but_reported_on_every_verify(
    old_hall: SealedHall, capsys: Capture
) -> None:
    [(second,)] = old_hall.rows("SELECT id FROM ratings ORDER BY id LIMIT 1 OFFSET 1")
    old_hall.sql("UPDATE ratings SET level = 5 WHERE id = ?", second)  # before the upgrade
    old_hall.open().dispose()
    code, out = old_hall.verify(capsys=capsys)
    assert code == 0  # nothing changed since sealing ...
    note = [line for line in out.splitlines() if line.startswith("注意")]
    assert len(note) == 1  # ... but the old break is named each time
    assert f"old unkeyed ratings chain was already broken at row {second}" in note[0]
    # and the tamper-evidence of the rows changed after sealing still works:
    old_hall.sql("UPDATE ratings SET level = 1 WHERE id = ?", second)
    code, out = old_hall.verify(capsys=capsys)
    assert code == 1 and f"FAIL ratings 第 {second} 行" in out
