"""The report layer's errors, each with a Chinese and an English message."""

from __future__ import annotations

from app.errors import HallError


class ReportError(HallError):
    code = "report"


class FontMissing(ReportError):
    code = "font_missing"
