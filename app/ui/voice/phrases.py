"""What an announcement says: the Mandarin sentence and the clips that speak it (no Qt here)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

CALL_KINDS = ("ticket_called", "ticket_called_back", "ticket_recalled")
DIGIT_TEXT = "零一二三四五六七八九"


@dataclass(frozen=True)
class Announcement:
    """One call to announce: "请 A012 号 到 3 号窗口办理"."""

    number: str  # "A012"
    window: int
    recall: bool = False
    seq: int = 0  # the hall event it came from (0: made up, e.g. a test)


def announcement_for_event(event: dict[str, Any]) -> Announcement | None:
    """The announcement a hall event asks for, or None when it is not a call."""
    if event.get("kind") not in CALL_KINDS:
        return None
    data = event.get("data") or {}
    number, window = data.get("number"), data.get("window")
    if not number or window is None:
        return None
    return Announcement(
        number=str(number),
        window=int(window),
        recall=event.get("kind") == "ticket_recalled",
        seq=int(event.get("seq") or 0),
    )


def window_words(window: int) -> list[str]:
    """A window number read the Chinese way: 3 → 三, 12 → 十二, 20 → 二十, 105 → 一零五."""
    if 10 <= window < 20:
        return ["shi"] + ([str(window % 10)] if window % 10 else [])
    if 20 <= window < 100:
        tens, ones = divmod(window, 10)
        return [str(tens), "shi"] + ([str(ones)] if ones else [])
    return list(str(window))


def number_words(number: str) -> list[str]:
    """A ticket number read sign by sign: A012 → A 零 一 二."""
    return [ch.upper() for ch in number if ch.isalnum()]


def clip_names(item: Announcement) -> list[str]:
    """The clip files (without .wav) that speak the announcement, chime first."""
    return [
        "chime",
        "qing",
        *number_words(item.number),
        "hao",
        "dao",
        *window_words(item.window),
        "hao",
        "chuangkou",
        "banli",
    ]


def spoken_text(item: Announcement) -> str:
    """The sentence for a text-to-speech engine, with digits written as Chinese words."""
    signs = "".join(DIGIT_TEXT[int(ch)] if ch.isdigit() else ch for ch in item.number)
    window = "".join(
        {"shi": "十"}.get(word, DIGIT_TEXT[int(word)] if word.isdigit() else word)
        for word in window_words(item.window)
    )
    return f"请 {signs} 号，到 {window} 号窗口办理"
