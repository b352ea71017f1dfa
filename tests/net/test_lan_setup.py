"""`python -m app setup-client`: a client's [client] lines (URL, machine, token, the server
certificate's fingerprint) as text and as a QR code that reads back the same; a new machine
gets a token of its own; the certificate is made at setup, owner-only."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from app.__main__ import main
from app.config_file import ensure_config_file, load_config
from app.models.server_cert import load_identity, shown_fingerprint


def test_setup_client_prints_the_lines_and_a_qr_code_of_them(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config_file = ensure_config_file(tmp_path / "hallqueue.toml")
    png = tmp_path / "window3.png"
    args = ["setup-client", "--window", "3", "--config", str(config_file),
            "--url", "wss://10.0.0.2:8765", "--png", str(png)]  # fmt: skip
    assert main(args) == 0
    out = capsys.readouterr().out
    settings = load_config(config_file)
    cert, key = settings.resolved_tls_files(config_file)
    fingerprint = shown_fingerprint(load_identity(cert, key).fingerprint)
    lines = (
        "[client]\n"
        'server_url = "wss://10.0.0.2:8765"\n'
        'machine = "window-3"\n'
        f'token = "{settings.tokens.counter[3]}"\n'
        f'fingerprint = "{fingerprint}"\n'
    )
    assert lines in out
    (read,) = [code.text for code in zxingcpp.read_barcodes(Image.open(png))]
    assert read == lines
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in (png, cert, key, config_file)}
    assert set(modes.values()) == {0o600}, modes


def test_a_new_supervisor_pc_gets_an_admin_token_of_its_own(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config_file = ensure_config_file(tmp_path / "hallqueue.toml")
    before = load_config(config_file).tokens.admin
    args = ["setup-client", "--machine", "office-2", "--add", "admin", "--config", str(config_file)]
    assert main(args) == 0
    admin = load_config(config_file).tokens.admin
    assert set(admin) == {*before, "office-2"} and admin["office-2"] not in before.values()
    assert f'token = "{admin["office-2"]}"' in capsys.readouterr().out
    assert "# " in config_file.read_text(encoding="utf-8")  # the comments are kept
    assert main(args) == 1  # not twice
    assert main(["setup-client", "--machine", "nobody", "--config", str(config_file)]) == 1
