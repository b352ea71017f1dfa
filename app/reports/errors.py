"""The report layer's errors, each with a Chinese and an English message."""

from __future__ import annotations


class ReportError(Exception):
    code = "report"

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en


class FontMissing(ReportError):
    code = "font_missing"
