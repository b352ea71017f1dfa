"""Where the screens' files live: resources/ at the top of the source tree (or the bundle)."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)  # PyInstaller onedir bundle
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def voice_dir() -> Path:
    return resources_dir() / "voice"


def i18n_dir() -> Path:
    return resources_dir() / "i18n"


def icons_dir() -> Path:
    return resources_dir() / "icons"
