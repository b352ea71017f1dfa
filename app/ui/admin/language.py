"""The admin console's languages: the screens' catalogue plus the console's own
(resources/i18n/hallqueue_admin_<language>.qm); English needs neither."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from app.ui.i18n import install_translator
from app.ui.resources import i18n_dir

CATALOG = "hallqueue_admin"
LANGUAGES = (("zh_CN", "中文"), ("en", "English"))

_installed: list[QTranslator] = []


def use_language(app: QCoreApplication, language: str) -> None:
    """Replaces the translators this module installed with those of `language`."""
    while _installed:
        app.removeTranslator(_installed.pop())
    shared = install_translator(app, language)
    if shared is None:
        return
    _installed.append(shared)
    own = QTranslator(app)
    if not own.load(f"{CATALOG}_{language}", str(i18n_dir())):
        raise FileNotFoundError(f"no translation {CATALOG}_{language}.qm in {i18n_dir()}")
    app.installTranslator(own)
    _installed.append(own)
