"""The TOML configuration: a commented default file, and bad values named by their key."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import config
from app.__main__ import main
from app.config import Config, ConfigError
from app.config_file import load_config
from app.config_reader import parse_config


def test_the_default_file_is_written_once_with_comments_and_reads_back_as_the_defaults(
    tmp_path: Path,
) -> None:
    path = tmp_path / "hall.toml"
    loaded = load_config(path)
    text = path.read_text(encoding="utf-8")
    assert text.count("#") > 30
    assert loaded.queue == Config().queue
    assert (loaded.hall_name, loaded.server_port, loaded.voice_backend) == (
        Config().hall_name,
        8765,
        "clips",
    )
    assert sorted(loaded.tokens.counter) == list(range(1, 9))
    assert load_config(path) == loaded, "a second run keeps the file (and its tokens)"


def test_two_installations_get_different_tokens(tmp_path: Path) -> None:
    first = load_config(tmp_path / "a.toml").tokens
    second = load_config(tmp_path / "b.toml").tokens
    assert first.kiosk["kiosk1"] != second.kiosk["kiosk1"]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ('[queue]\nrecall_cap = "three"', "queue.recall_cap"),
        ("[queue]\nrecall_cap = 99", "queue.recall_cap"),
        ('[queue]\nenforce_hours = "no"', "queue.enforce_hours"),
        ("[queue]\nestimate_waits = 1", "queue.estimate_waits"),
        ('[hall]\nlanguage = "fr"', "hall.language"),
        ("[server]\nport = 70000", "server.port"),
        ('[voice]\nbackend = "radio"', "voice.backend"),
        ('[devices]\nprinter_backend = "fax"', "devices.printer_backend"),
        ("[devices.keypads]\n3 = { url = 5 }", "devices.keypads.3"),
        (
            '[devices.keypads]\n3 = { url = "/dev/ttyS0", address = 300 }',
            "devices.keypads.3.address",
        ),
        ('[tokens.counter]\nlobby = "long-enough-token"', "tokens.counter.lobby"),
        ('[tokens.kiosk]\nkiosk1 = "short"', "tokens.kiosk.kiosk1"),
        ('[client]\nserver_url = "http://x"', "client.server_url"),
        ("[queue]\nrecal_cap = 2", "queue.recal_cap"),
        ('hall = "x"', "hall"),
    ],
)
def test_a_bad_value_names_its_key_in_both_languages(text: str, key: str) -> None:
    with pytest.raises(ConfigError) as bad:
        parse_config(text)
    assert bad.value.key == key
    assert key in bad.value.zh and key in bad.value.en


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "hall.toml"
    path.write_text("[hall\nname = 1", encoding="utf-8")
    with pytest.raises(ConfigError) as bad:
        load_config(path)
    assert bad.value.key == str(path)


def test_config_path_prints_the_file_and_creates_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HALLQUEUE_HOME", str(tmp_path))
    assert main(["config-path"]) == 0
    printed = Path(capsys.readouterr().out.strip())
    assert printed == config.config_path() == tmp_path / config.CONFIG_FILE
    assert printed.exists()


def test_the_server_command_reports_a_bad_config_value_and_exits_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[queue]\nrecall_cap = -1\n", encoding="utf-8")
    assert main(["server", "--config", str(path)]) == 1
    assert "queue.recall_cap" in capsys.readouterr().err


def test_an_older_file_with_the_window_apis_own_address_still_loads_and_warns(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """[window_api] host / port of older versions: read no more, named in the log, no crash;
    the windows' API is served on [api], over HTTPS unless [api] tls = false."""
    older = '[window_api]\nenabled = true\nhost = "0.0.0.0"\nport = 8766\n'
    loaded = parse_config(older)
    assert loaded.window_api_enabled and loaded.api_tls
    assert "window_api.host" in caplog.text and "window_api.port" in caplog.text
    assert not parse_config("[api]\ntls = false\n").api_tls
    with pytest.raises(ConfigError) as refused:
        parse_config("[window_api]\nhots = 1\n")  # a typo is still refused
    assert refused.value.key == "window_api.hots"
