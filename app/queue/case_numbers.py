"""The case as the window's business system (一窗受理系统) knows it: its 办件编号, typed or
scanned by the clerk or sent by that system when it finishes the case, and the 事项编码 (the
service's own from the province's catalogue unless the case names another). The rating of
the case carries both (ratings.record), and so does its upload to the 好差评 platform."""

from __future__ import annotations

import re

from app.queue import errors
from app.queue.store import Raw

MAX_CHARS = 64
_PRINTABLE = re.compile(r"^[^\s\x00-\x1f\x7f]{1,64}$")


class InvalidCaseNumber(errors.QueueError):
    code = "invalid_case_number"


def cleaned(value: str | None, zh: str, en: str) -> str | None:
    """A 办件编号 or 事项编码 as stored: trimmed (a scanner's Enter), None when empty;
    refused unless 1–64 characters without spaces or control characters."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if not _PRINTABLE.match(text):
        raise InvalidCaseNumber(
            f"{zh}应为 1–{MAX_CHARS} 个字符，不含空格：{text[:80]!r}",
            f"the {en} must be 1–{MAX_CHARS} characters without spaces: {text[:80]!r}",
        )
    return text


def set_case(sql: Raw, ticket_id: int, case_no: str | None, item_code: str | None) -> None:
    """Give the ticket its 办件编号 and/or 事项编码 (a value not given stays as it is)."""
    case = cleaned(case_no, "办件编号", "case number")
    item = cleaned(item_code, "事项编码", "item code")
    if case is not None:
        sql.run("UPDATE tickets SET case_no = ? WHERE id = ?", case, ticket_id)
    if item is not None:
        sql.run("UPDATE tickets SET item_code = ? WHERE id = ?", item, ticket_id)


def case_of(sql: Raw, ticket_id: int) -> tuple[str | None, str | None]:
    """(办件编号, 事项编码) of a ticket: the case's own 事项编码, else its service's."""
    row = sql.one(
        "SELECT t.case_no, COALESCE(t.item_code, s.item_code) FROM tickets t"
        " JOIN services s ON s.id = t.service_id WHERE t.id = ?",
        ticket_id,
    )
    return (row[0], row[1]) if row is not None else (None, None)
