"""The command line starts the screens through app.ui.launch; devices follow the config."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QIcon

from app.__main__ import build_parser
from app.cli.roles import cmd_screen
from app.config import Config, KeypadConfig
from app.ui import launch
from app.ui.display import LobbyDisplay
from app.ui.launch import make_keypad, make_printer, make_voice
from app.ui.resources import icons_dir
from tests.ui.conftest import ClientFactory


def test_each_screen_role_has_its_handler_and_the_counters_need_a_window() -> None:
    parser = build_parser()
    for argv in (["kiosk"], ["display"], ["counter", "--window", "3"],
                 ["counter-screen", "--window", "3"], ["evaluator", "--window", "3"]):  # fmt: skip
        args = parser.parse_args(argv)
        assert args.handler is cmd_screen
    assert parser.parse_args(["counter", "--window", "3"]).window == 3
    with pytest.raises(SystemExit):
        parser.parse_args(["evaluator"])  # a tablet evaluator belongs to one window


def test_the_evaluator_role_runs_the_tablet_evaluator(monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[int] = []
    monkeypatch.setattr(launch, "run_evaluator", lambda args: ran.append(args.window) or 0)
    assert launch.run_role(build_parser().parse_args(["evaluator", "--window", "2"])) == 0
    assert ran == [2]


def test_devices_follow_the_config(tmp_path: Path, qapp: Any) -> None:
    assert make_printer(Config(printer_backend="none")) is None
    assert type(make_printer(Config(printer_backend="pdf"), tmp_path)).__name__ == (
        "PdfTicketPrinter"
    )
    assert make_keypad(Config(), 1) is None
    assert make_keypad(Config(keypads={1: KeypadConfig(url="")}), 1) is None
    assert make_voice(Config(voice_backend="chime")).backend.name == "chime"
    assert make_voice(Config(voice_backend="clips")).backend.name == "clips"
    assert not QIcon(str(icons_dir() / "hallqueue.svg")).isNull()


def test_fonts_follow_the_screen_height(qtbot: Any, make_client: ClientFactory) -> None:
    """High-DPI safe: sizes come from the layout, not fixed pixels."""
    display = LobbyDisplay(make_client("display"))
    qtbot.addWidget(display)
    display.resize(1920, 1080)
    display.show()
    big = display.latest_number.font().pixelSize()
    assert big == int(1080 * 0.15)
    display.resize(960, 600)
    qtbot.waitUntil(lambda: display.latest_number.font().pixelSize() < big)
    assert display.latest_number.font().pixelSize() == int(display.height() * 0.15)
