"""docs/PROTOCOL.md's command reference is the one the command table generates."""

from __future__ import annotations

from pathlib import Path

from app.hall.protocol_doc import BEGIN, END, commands_markdown
from app.hall.table import build_table

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "PROTOCOL.md"


def test_the_protocol_document_lists_every_command_as_the_table_declares_it() -> None:
    text = DOCUMENT.read_text(encoding="utf-8")
    written = text[text.index(BEGIN) : text.index(END) + len(END)]
    assert written == commands_markdown(build_table()), (
        "docs/PROTOCOL.md is out of date: run python -m app.hall.protocol_doc docs/PROTOCOL.md"
    )
