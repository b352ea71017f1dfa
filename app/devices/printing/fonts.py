"""Where the CJK TrueType font for tickets is: the shipped copy, then the usual system places."""

from __future__ import annotations

import os
from pathlib import Path

from app.devices.errors import PrinterError

FONT_FILE = "wqy-microhei.ttc"
CANDIDATES = (
    Path(__file__).resolve().parents[3] / "resources" / "fonts" / FONT_FILE,
    Path("/usr/share/fonts/truetype/wqy") / FONT_FILE,
)


class FontMissing(PrinterError):
    code = "font_missing"

    def __init__(self) -> None:
        super().__init__(
            f"找不到中文字体 {FONT_FILE}（请安装 fonts-wqy-microhei）",
            f"CJK font {FONT_FILE} not found (install fonts-wqy-microhei)",
        )


def font_path() -> Path:
    """HALLQUEUE_FONT overrides; otherwise the first candidate that exists."""
    override = os.environ.get("HALLQUEUE_FONT")
    for path in ((Path(override),) if override else ()) + CANDIDATES:
        if path.is_file():
            return path
    raise FontMissing()
