"""Languages: source strings are English; the Simplified Chinese translation is the default."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from app.ui.resources import i18n_dir

DEFAULT_LANGUAGE = "zh_CN"
CATALOG = "hallqueue"


def install_translator(
    app: QCoreApplication, language: str = DEFAULT_LANGUAGE
) -> QTranslator | None:
    """Loads resources/i18n/hallqueue_<language>.qm (and Qt's own) into the application; English
    needs none. Returns the translator so the caller can remove it again."""
    if language.startswith("en"):
        QLocale.setDefault(QLocale(QLocale.Language.English))
        return None
    translator = QTranslator(app)
    if not translator.load(f"{CATALOG}_{language}", str(i18n_dir())):
        raise FileNotFoundError(f"no translation {CATALOG}_{language}.qm in {i18n_dir()}")
    app.installTranslator(translator)
    QLocale.setDefault(QLocale(language))
    return translator


def ui_language() -> str:
    """The language shown: "zh" while the Chinese translation is loaded, else "en"."""
    return QCoreApplication.translate("Language", "en")


def in_ui_language(zh: Any, en: Any, fallback: Any = "") -> str:
    """A text the server sends in both languages (a refusal, a 差评 reason, a rating level),
    in the screen's language; the other language, then `fallback`, when one is missing."""
    first, second = (zh, en) if ui_language() == "zh" else (en, zh)
    return str(first or second or fallback)


def error_text(error: dict[str, Any]) -> str:
    """The message of a refused request in the screen's language."""
    return in_ui_language(error.get("zh"), error.get("en"), error.get("code", ""))
