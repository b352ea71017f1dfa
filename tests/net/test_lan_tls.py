"""wss:// on 127.0.0.1 with the server's own certificate: a client pins its fingerprint and
refuses any other; a hello proves its token for one connection only; a request id repeated
on a connection is answered from the first reply, not done twice; the secrets on disk are
owner-only."""

# ruff: noqa: F811  (the fixtures of tests/net/lan.py, imported by name)
from __future__ import annotations

import stat
from pathlib import Path

from pytestqt.qtbot import QtBot
from sqlalchemy import func, select

from app.composition import HallSystem
from app.config_file import ensure_config_file, load_config
from app.models import Ticket, sqlite_url
from app.models.server_cert import ServerIdentity, shown_fingerprint
from app.net.server import HallServer
from app.queue import QueueEngine
from tests.net.lan import (  # noqa: F401 (fixtures)
    Connect,
    TlsPeer,
    identity,
    lan_config,
    lan_connect,
    lan_credential,
    lan_hall,
    limits,
    refusal,
    wss,
)

OTHER = "ab" * 32  # a fingerprint of some other certificate


def test_a_client_pinning_the_servers_fingerprint_logs_in_over_wss(
    qtbot: QtBot, lan_connect: Connect, wss: HallServer
) -> None:
    assert wss.tls
    kiosk = lan_connect("kiosk")
    assert kiosk.welcome["machine"] == "kiosk1"


def test_a_server_showing_another_certificate_is_refused_in_plain_words(
    qtbot: QtBot, lan_connect: Connect, wss: HallServer
) -> None:
    client = lan_connect("counter", wait=False, fingerprint=OTHER)
    error = refusal(qtbot, client)
    assert error["code"] == "tls_pin_mismatch"
    assert "指纹不符" in error["zh"] and "does not match" in error["en"]
    qtbot.wait(300)
    assert not client.is_connected and not client._wanted  # it does not try again
    assert all(peer.caller is None for peer in wss._peers.values())


def test_a_client_without_a_fingerprint_does_not_connect(
    qtbot: QtBot, lan_connect: Connect
) -> None:
    error = refusal(qtbot, lan_connect("kiosk", wait=False, fingerprint=""))
    assert error["code"] == "tls_no_fingerprint" and "setup-client" in error["en"]


def test_the_fingerprint_is_the_certificates_sha256(identity: ServerIdentity) -> None:
    import hashlib
    import ssl

    der = ssl.PEM_cert_to_DER_cert(identity.cert_file.read_text())
    assert identity.fingerprint == hashlib.sha256(der).hexdigest()
    assert shown_fingerprint(identity.fingerprint).count(":") == 31


def test_a_captured_hello_replayed_on_another_connection_is_refused(
    qtbot: QtBot, wss: HallServer
) -> None:
    first = TlsPeer(qtbot, wss.port)
    captured = first.hello_message("counter", lan_credential("counter"))
    assert "token" not in captured["credential"]  # only the proof crosses the wire
    answer = first.exchange(captured)
    assert answer is not None and answer["ok"], answer
    again = first.exchange(captured)
    assert again is not None and again["error"]["code"] == "bad_message"  # said hello already
    for _ in range(3):
        replay = TlsPeer(qtbot, wss.port)
        assert replay.nonce != first.nonce
        answer = replay.exchange(captured)
        assert answer is not None and answer["error"]["code"] == "auth_failed", answer
        qtbot.waitUntil(lambda r=replay: r.closed, timeout=5000)
    first.close()


def tickets(engine: QueueEngine) -> int:
    with engine.db.read() as conn:
        return int(conn.scalar(select(func.count()).select_from(Ticket)) or 0)


def test_a_replayed_request_is_answered_from_the_first_reply_not_done_twice(
    qtbot: QtBot, wss: HallServer, engine: QueueEngine
) -> None:
    peer = TlsPeer(qtbot, wss.port)
    assert (peer.exchange(peer.hello_message("kiosk", lan_credential("kiosk"))) or {})["ok"]
    before = tickets(engine)
    issue = {"v": 1, "type": "request", "id": 5, "op": "issue_ticket", "args": {"service": "A"}}
    replies = [peer.ask(issue) for _ in range(5)]
    assert tickets(engine) == before + 1
    first = replies[0]
    assert first is not None and first["ok"]
    assert all(reply == first for reply in replies)
    older = peer.ask({**issue, "id": 4})
    assert older is not None and older["error"]["code"] == "duplicate_request"
    assert tickets(engine) == before + 1
    newer = peer.ask({**issue, "id": 6})
    assert newer is not None and newer["ok"] and tickets(engine) == before + 2
    peer.close()


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_config_keys_certificate_and_database_are_owner_only(qtbot: QtBot, tmp_path: Path) -> None:
    """A new hall as `python -m app server` sets it up: every secret file 0600."""
    folder = tmp_path / "etc"
    config_file = ensure_config_file(folder / "hallqueue.toml")
    assert mode(config_file) == 0o600  # as written, before the server tightens anything
    settings = load_config(config_file)
    data = tmp_path / "data"
    system = HallSystem(
        settings, sqlite_url(data / "hall.db"), config_file=config_file, tls=True, jobs=False
    )
    system.start("127.0.0.1", 0, new_hall=True)
    try:
        assert system.server is not None and system.server.tls
        assert system.identity is not None
        files = {
            "config": config_file,
            "hall key": settings.resolved_key_file(config_file),
            "certificate": system.identity.cert_file,
            "certificate key": system.identity.key_file,
            "database": data / "hall.db",
        }
        assert {name: oct(mode(path)) for name, path in files.items()} == {
            name: oct(0o600) for name in files
        }
        assert "BEGIN PRIVATE KEY" in system.identity.key_file.read_text()
    finally:
        system.stop()


def test_a_config_file_made_readable_by_others_is_tightened_at_server_start(
    qtbot: QtBot, tmp_path: Path
) -> None:
    config_file = ensure_config_file(tmp_path / "hallqueue.toml")
    config_file.chmod(0o644)
    system = HallSystem(load_config(config_file), sqlite_url(tmp_path / "hall.db"),
                        config_file=config_file, jobs=False)  # fmt: skip
    system.start("127.0.0.1", 0, new_hall=True)
    system.stop()
    assert mode(config_file) == 0o600
