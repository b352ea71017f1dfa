"""The command layer's refusals (each a HallError: code, Chinese, English)."""

from __future__ import annotations

from app.errors import HallError


class CommandError(HallError):
    code = "command_error"


class BadRequest(CommandError):
    """An argument is missing, of the wrong type, out of range or not valid text."""

    code = "bad_request"

    def __init__(self, zh: str, en: str, field: str = "") -> None:
        super().__init__(zh, en)
        self.field = field

    def as_dict(self) -> dict[str, object]:
        return {**super().as_dict(), "field": self.field}


class UnknownCommand(CommandError):
    code = "unknown_op"

    def __init__(self, name: object) -> None:
        super().__init__(f"未知的操作：{name!r}", f"unknown op: {name!r}")


class Forbidden(CommandError):
    code = "forbidden"


class Unavailable(CommandError):
    code = "not_available"
