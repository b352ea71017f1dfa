"""A database file lost under a running hall raises an alarm on every console at once; the
alarm is not a record (it is not written to the database that failed)."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.config import Config
from app.embedded_hall import EmbeddedHall
from app.models.demo import ADMIN_NO, ADMIN_PASSWORD

WAIT_MS = 10_000


def test_a_deleted_database_raises_the_storage_alarm_on_a_connected_console(
    qtbot: QtBot, tmp_path: Path
) -> None:
    hall = EmbeddedHall(Config(), data_dir=tmp_path)
    hall.start()
    try:
        console = hall.admin(ADMIN_NO, ADMIN_PASSWORD)
        console.open()
        qtbot.waitUntil(lambda: console.is_connected, timeout=WAIT_MS)
        assert console.alarms == {}
        for suffix in ("", "-wal", "-shm"):
            Path(f"{tmp_path / 'hall.db'}{suffix}").unlink(missing_ok=True)
        with qtbot.waitSignal(console.alarms_changed, timeout=WAIT_MS) as raised:
            hall.system.check_storage()
        alarm = raised.args[0]["storage"]
        assert alarm["code"] == "storage_unavailable" and alarm["reason"] == "missing"
        assert alarm["zh"] and alarm["en"]
        late = hall.admin(ADMIN_NO, ADMIN_PASSWORD)  # a console that connects later sees it too
        late.open()
        qtbot.waitUntil(lambda: late.is_connected, timeout=WAIT_MS)
        assert late.alarms["storage"]["reason"] == "missing"
    finally:
        hall.stop()
