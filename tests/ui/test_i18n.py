"""Chinese is the default through Qt's translations, English works, and no string is left
untranslated."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QApplication

from app.queue import QueueEngine
from app.ui.counter_desk import ClerkDesk
from app.ui.display import LobbyDisplay
from app.ui.i18n import error_text, install_translator, ui_language
from app.ui.resources import i18n_dir
from tests.ui.conftest import ClientFactory

CATALOG = i18n_dir() / "hallqueue_zh_CN.ts"
LUPDATE = Path(sys.executable).parent / "pyside6-lupdate"


def messages(path: Path) -> dict[tuple[str, str], str | None]:
    root = ET.parse(path).getroot()
    found = {}
    for context in root.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            done = translation.get("type") not in ("unfinished", "vanished", "obsolete")
            found[(name, message.findtext("source") or "")] = translation.text if done else None
    return found


def test_every_string_in_the_screens_has_a_chinese_translation(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (Path(__file__).parents[2] / "app" / "ui").glob("*.py"))
    subprocess.run([str(LUPDATE), *sources, "-ts", str(fresh)], check=True, capture_output=True)
    shipped = messages(CATALOG)
    missing = [key for key in messages(fresh) if not shipped.get(key)]
    assert missing == [], "run resources/i18n/update.sh and translate these"
    assert (i18n_dir() / "hallqueue_zh_CN.qm").stat().st_mtime >= CATALOG.stat().st_mtime - 1


def test_the_lobby_display_speaks_chinese_by_default_and_english_when_chosen(
    qtbot: Any, qapp: QApplication, make_client: ClientFactory, engine: QueueEngine
) -> None:
    engine.sign_in(3, "1003")
    engine.issue_ticket("B")
    engine.call_next(3)
    translator = install_translator(qapp, "zh_CN")
    try:
        assert ui_language() == "zh"
        zh = LobbyDisplay(make_client("display"))
        qtbot.addWidget(zh)
        zh.request_snapshot()
        qtbot.waitUntil(lambda: "B001" in zh.latest_number.text())
        assert zh.latest_number.text().startswith("请 ")
        assert "到 " in zh.latest_window.text() and "号窗口" in zh.latest_window.text()
        assert zh.recent_labels[0][1].text() == "3 号窗口"
        assert error_text({"code": "x", "zh": "已暂停", "en": "paused"}) == "已暂停"
    finally:
        assert translator is not None
        qapp.removeTranslator(translator)
    assert ui_language() == "en"
    en = LobbyDisplay(make_client("display"))
    qtbot.addWidget(en)
    en.request_snapshot()
    qtbot.waitUntil(lambda: "B001" in en.latest_number.text())
    assert en.latest_number.text().startswith("Number ")
    assert en.recent_labels[0][1].text() == "Window 3"
    assert error_text({"code": "x", "zh": "已暂停", "en": "paused"}) == "paused"


def test_forms_built_from_a_shared_base_class_are_translated_too(
    qtbot: Any, make_client: ClientFactory, clock: Any, zh: None
) -> None:
    desk = ClerkDesk(make_client("counter", window=1, staff_no="1001"), 1, now=clock.now)
    qtbot.addWidget(desk)
    assert desk.finish_panel.title.text() == "办结：请选择办理结果"
    assert desk.finish_panel.cancel.text() == "Esc  取消"
    assert "叫下一位" in desk.buttons["call_next"].text()
    assert "材料不齐" in desk.finish_panel.buttons["incomplete"].text()
