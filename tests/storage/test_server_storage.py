"""A real `python -m app server` on 127.0.0.1 whose database is deleted or corrupted: nothing
is acknowledged after the loss, a restart refuses, `recover` brings the hall back."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from tests.net.conftest import KIOSK_TOKEN
from tests.net.raw_peer import RawPeer
from tests.net.test_restart import ROOT, START_S, ServerProcess, free_port, write_config

WAIT_MS = 5000


class Kiosk:
    """A raw websocket kiosk: issue_ticket requests, replies matched by id."""

    def __init__(self, qtbot: QtBot, port: int) -> None:
        self.qtbot = qtbot
        self.peer = RawPeer(qtbot, port)
        reply = self.peer.hello("kiosk", {"token": KIOSK_TOKEN})
        assert reply is not None and reply["ok"], reply
        self.next_id = 100

    def issue(self) -> dict[str, Any]:
        """The server's reply to one issue_ticket (ok or error)."""
        self.next_id += 1
        ident = self.next_id
        self.peer.send(
            {"v": 1, "type": "request", "id": ident, "op": "issue_ticket", "args": {"service": "A"}}
        )

        def reply() -> dict[str, Any] | None:
            return next((m for m in self.peer.received if m.get("id") == ident), None)

        self.qtbot.waitUntil(lambda: reply() is not None, timeout=WAIT_MS)
        answer = reply()
        assert answer is not None
        return answer

    def close(self) -> None:
        self.peer.close()


def run_app(*args: str, config: Path, db_path: Path, stdin: str | None = None) -> Any:
    """One `python -m app` command; its completed process (output captured)."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "app",
            "--db",
            f"sqlite:///{db_path}",
            *args,
            "--config",
            str(config),
        ],
        cwd=ROOT,
        env={**os.environ, "HALLQUEUE_HOME": str(config.parent)},
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=120,
    )


def start_refused(process: ServerProcess) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        process.args, cwd=ROOT, env=process.env, capture_output=True, text=True, timeout=START_S
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "listening" not in result.stdout
    return result


@pytest.fixture
def hall(db_path: Path, tmp_path: Path) -> Iterator[ServerProcess]:
    process = ServerProcess(db_path, write_config(tmp_path), free_port())
    process.start()
    yield process
    process.stop()


def _port(process: ServerProcess) -> int:
    return int(process.args[process.args.index("--port") + 1])


def _config(process: ServerProcess) -> Path:
    return Path(process.args[process.args.index("--config") + 1])


def _tickets(db_path: Path) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return int(conn.execute("SELECT count(*) FROM tickets").fetchone()[0])
    finally:
        conn.close()


def test_a_deleted_database_acknowledges_nothing_after_and_a_restart_refuses_until_recover(
    qtbot: QtBot, hall: ServerProcess, db_path: Path
) -> None:
    config = _config(hall)
    kiosk = Kiosk(qtbot, _port(hall))
    try:
        before = [kiosk.issue() for _ in range(5)]
        assert all(r["ok"] for r in before), before
        for suffix in ("", "-wal", "-shm"):
            Path(str(db_path) + suffix).unlink()
        deleted = time.monotonic()
        after = []
        while time.monotonic() - deleted < 10:
            after.append(kiosk.issue())
            if not after[-1]["ok"]:
                break
        refused_after = time.monotonic() - deleted
        acknowledged = [r for r in after if r["ok"]]
        assert not acknowledged, "a ticket was acknowledged after the file was deleted"
        assert after[-1]["error"]["code"] == "storage_unavailable"
        assert after[-1]["error"]["zh"] and after[-1]["error"]["en"]
        more = [kiosk.issue() for _ in range(3)]
        assert [r["error"]["code"] for r in more] == ["storage_unavailable"] * 3
        print(f"\ndeleted → first refused write: {refused_after * 1000:.1f} ms")
        backups = db_path.parent / "backups"
        deadline = time.monotonic() + 15
        while not list(backups.glob("rescue-*.db")) and time.monotonic() < deadline:
            time.sleep(0.1)
        rescued = list(backups.glob("rescue-*.db"))
        assert rescued, "the server's open copy was not rescued"
    finally:
        kiosk.close()
    hall.stop()

    refused = start_refused(hall)
    assert "recover" in refused.stderr and "--new-hall" in refused.stderr
    assert str(rescued[0]) in refused.stderr  # the newest good backup is named
    assert not db_path.exists()  # the refusal did not make an empty database

    assert run_app("recover", config=config, db_path=db_path).returncode == 1  # no stdin: no
    assert not db_path.exists()
    recovered = run_app("recover", "--yes", config=config, db_path=db_path)
    assert recovered.returncode == 0, recovered.stdout + recovered.stderr
    assert _tickets(db_path) == 5  # every acknowledged ticket is back

    hall.start()
    kiosk = Kiosk(qtbot, _port(hall))
    try:
        sixth = kiosk.issue()
        assert sixth["ok"], sixth
        assert sixth["result"]["ticket"]["number"].endswith("006")
    finally:
        kiosk.close()


def _corrupt_middle(path: Path, pages: int = 20) -> None:
    size = path.stat().st_size
    start = (size // 2 // 4096 - pages // 2) * 4096
    with open(path, "r+b") as handle:
        handle.seek(max(start, 4096))
        handle.write(os.urandom(pages * 4096))


def test_a_database_corrupted_in_the_middle_is_recovered_and_the_server_starts(
    qtbot: QtBot, hall: ServerProcess, db_path: Path
) -> None:
    config = _config(hall)
    kiosk = Kiosk(qtbot, _port(hall))
    try:
        assert all(kiosk.issue()["ok"] for _ in range(4))
        made = run_app("backup", config=config, db_path=db_path)  # online, server running
        assert made.returncode == 0, made.stderr
        assert all(kiosk.issue()["ok"] for _ in range(2))
    finally:
        kiosk.close()
    hall.stop()
    _corrupt_middle(db_path)

    refused = start_refused(hall)
    assert "recover" in refused.stderr

    started = time.monotonic()
    recovered = run_app("recover", "--yes", config=config, db_path=db_path)
    took = time.monotonic() - started
    assert recovered.returncode == 0, recovered.stdout + recovered.stderr
    print(f"\nrecover over a corrupt database: {took:.2f} s")
    assert list(db_path.parent.glob("hall-broken-*.db")), "the damaged file was not kept aside"
    assert not [p for p in db_path.parent.iterdir() if p.name.startswith(".")]
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert _tickets(db_path) == 4
    verified = subprocess.run(
        [sys.executable, "-m", "app", "verify", "--db", f"sqlite:///{db_path}"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "HALLQUEUE_HOME": str(config.parent)},  # the server's key
    )  # fmt: skip
    assert verified.returncode == 0, verified.stdout + verified.stderr

    hall.start()
    kiosk = Kiosk(qtbot, _port(hall))
    try:
        assert kiosk.issue()["ok"]
    finally:
        kiosk.close()
