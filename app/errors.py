"""The one error base of every layer: a stable ``code`` and a message in Chinese and English.

Each layer keeps its own hierarchy (QueueError, DatabaseError, AppraisalError, NetError, ...)
under HallError, so a refusal from any layer reaches a client as the same {code, zh, en} and
is turned into a user message in one place on each side (app.net.server for the wire,
app.ui.messages for the screens).
"""

from __future__ import annotations

from typing import Any


class HallError(Exception):
    """A refusal or failure that a person must read; nothing was half-written."""

    code = "error"

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(f"{zh} / {en}")
        self.zh = zh
        self.en = en

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "zh": self.zh, "en": self.en}


def error_dict(code: str, zh: str, en: str) -> dict[str, Any]:
    return {"code": code, "zh": zh, "en": en}
