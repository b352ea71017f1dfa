"""Anchors: chain heads kept outside the database, which `verify --anchors DIR` checks.

The closing job appends the day's heads to ``heads/heads-YYYY-MM-DD.jsonl`` (one JSON object
per line: {"at", "day", "chain_heads": chain_heads(conn)}); a file is only ever appended to,
never rewritten. Backup manifests carry the same ``chain_heads`` mapping. `find_anchors`
reads every ``*.json`` and ``*.jsonl`` file under a folder and takes each mapping that looks
like chain_heads' answer, wherever it sits in the document, so any manifest layout that
embeds that mapping verbatim is understood.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.models.chain import BY_TABLE

HEADS_FOLDER = "heads"


@dataclass(frozen=True)
class Anchor:
    source: str  # the file it came from
    table: str
    id: int  # the chain's last row id when the heads were taken (0: empty)
    digest: str  # the first hex digits of that row's MAC


def heads_file(folder: Path, day: dt.date) -> Path:
    return folder / f"heads-{day.isoformat()}.jsonl"


def append_heads(
    folder: Path, day: dt.date, heads: dict[str, dict[str, Any]], at: dt.datetime
) -> Path:
    """Append one line with the heads to the day's heads file (made if absent); returns it."""
    folder.mkdir(parents=True, exist_ok=True)
    path = heads_file(folder, day)
    line = json.dumps(
        {"at": at.isoformat(timespec="seconds"), "day": day.isoformat(), "chain_heads": heads},
        ensure_ascii=False,
        sort_keys=True,
    )
    with open(path, "a", encoding="utf-8") as handle:  # append only: never truncated
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    return path


def _is_heads(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and bool(value)
        and all(
            name in BY_TABLE
            and isinstance(head, dict)
            and isinstance(head.get("id"), int)
            and isinstance(head.get("digest"), str)
            for name, head in value.items()
        )
    )


def _walk(value: Any) -> Iterator[dict[str, dict[str, Any]]]:
    if _is_heads(value):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from _walk(item)


def _documents(path: Path) -> list[Any]:
    text = path.read_text(encoding="utf-8")
    try:
        return [json.loads(text)]
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]


def find_anchors(folder: Path) -> tuple[list[Anchor], list[str]]:
    """Every anchored head in the JSON files under `folder` (recursively), and the files that
    could not be read (named, so that a damaged heads file is not silently skipped)."""
    anchors: list[Anchor] = []
    unreadable: list[str] = []
    files = sorted(p for p in folder.rglob("*") if p.suffix in (".json", ".jsonl") and p.is_file())
    for path in files:
        try:
            documents = _documents(path)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            unreadable.append(str(path))
            continue
        for document in documents:
            for heads in _walk(document):
                for table, head in heads.items():
                    anchors.append(Anchor(str(path), table, head["id"], head["digest"]))
    return anchors, unreadable
