"""The TrueType CJK font embedded in every PDF, so that a report prints on any machine."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.reports.errors import FontMissing

FONT_NAME = "WenQuanYiMicroHei"
FONT_FILE = "wqy-microhei.ttc"
# The copy shipped with the application first, then the Debian package's.
CANDIDATES = (
    Path(__file__).resolve().parents[2] / "resources" / "fonts" / FONT_FILE,
    Path("/usr/share/fonts/truetype/wqy") / FONT_FILE,
)


def font_path() -> Path:
    for path in CANDIDATES:
        if path.is_file():
            return path
    raise FontMissing(
        f"找不到中文字体 {FONT_FILE}（请安装 fonts-wqy-microhei）",
        f"CJK font {FONT_FILE} not found (install fonts-wqy-microhei)",
    )


def cjk_font() -> str:
    """Register the font once (subset-embedded by reportlab) and return its name."""
    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(font_path()), subfontIndex=0))
    return FONT_NAME
