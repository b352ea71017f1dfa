"""Voice announcements for the lobby: a strict one-at-a-time queue and its playback backends."""

from app.ui.voice.backends import (
    Backend,
    ChimeBackend,
    ClipBackend,
    SilentBackend,
    TtsBackend,
    make_backend,
)
from app.ui.voice.phrases import Announcement, announcement_for_event, clip_names, spoken_text
from app.ui.voice.queue import AnnouncementQueue

__all__ = [
    "Announcement",
    "AnnouncementQueue",
    "Backend",
    "ChimeBackend",
    "ClipBackend",
    "SilentBackend",
    "TtsBackend",
    "announcement_for_event",
    "clip_names",
    "make_backend",
    "spoken_text",
]
