"""Announcements play one after another in order, recalls repeat, nothing overlaps or is
skipped; the clip backend speaks the right clips; every backend finishes without a speaker."""

from __future__ import annotations

import struct
import wave
from pathlib import Path
from typing import Any

from app.ui.resources import voice_dir
from app.ui.voice import (
    Announcement,
    AnnouncementQueue,
    Backend,
    ChimeBackend,
    ClipBackend,
    SilentBackend,
    announcement_for_event,
    clip_names,
    make_backend,
    spoken_text,
)
from app.ui.voice.phrases import window_words
from tests.ui.conftest import RecordingBackend


def test_calls_in_quick_succession_play_in_order_one_at_a_time(qtbot: Any) -> None:
    backend = RecordingBackend(ms=15)
    queue = AnnouncementQueue(backend, gap_ms=1)
    items = [Announcement(f"A00{i}", i) for i in range(1, 6)]
    for item in items:
        queue.enqueue(item)
    qtbot.waitUntil(lambda: len(backend.log) == 10, timeout=3000)
    assert backend.log == [(what, item) for item in items for what in ("start", "end")]
    assert backend.most_at_once == 1
    assert not queue.busy


def test_a_recall_is_announced_again_after_what_is_already_queued(qtbot: Any) -> None:
    backend = RecordingBackend(ms=10)
    queue = AnnouncementQueue(backend, gap_ms=1)
    first, other = Announcement("A001", 1), Announcement("B001", 3)
    recall = Announcement("A001", 1, recall=True)
    for item in (first, other, recall):
        queue.enqueue(item)
    qtbot.waitUntil(lambda: len(backend.log) == 6, timeout=3000)
    assert [item for what, item in backend.log if what == "start"] == [first, other, recall]


def test_a_backend_that_never_finishes_is_cut_off_and_the_queue_goes_on(qtbot: Any) -> None:
    class Stuck(Backend):
        def __init__(self) -> None:
            super().__init__()
            self.played: list[Announcement] = []
            self.stopped = 0

        def play(self, item: Announcement, done: Any) -> None:
            self.played.append(item)

        def stop(self) -> None:
            self.stopped += 1

    backend = Stuck()
    queue = AnnouncementQueue(backend, gap_ms=1, watchdog_ms=30)
    queue.enqueue(Announcement("A001", 1))
    queue.enqueue(Announcement("A002", 2))
    qtbot.waitUntil(lambda: len(backend.played) == 2 and backend.stopped == 2, timeout=3000)


def test_a_late_second_done_from_a_backend_does_not_start_two_items_at_once(qtbot: Any) -> None:
    dones: list[Any] = []

    class Twice(Backend):
        def play(self, item: Announcement, done: Any) -> None:
            dones.append(done)

    queue = AnnouncementQueue(Twice(), gap_ms=1)
    for number in ("A001", "A002", "A003"):
        queue.enqueue(Announcement(number, 1))
    dones[0]()
    dones[0]()  # repeated: ignored
    qtbot.waitUntil(lambda: len(dones) == 2)
    qtbot.wait(20)
    assert len(dones) == 2


def test_call_events_become_announcements_and_others_do_not() -> None:
    call = {"seq": 7, "kind": "ticket_recalled", "data": {"number": "A012", "window": 3}}
    assert announcement_for_event(call) == Announcement("A012", 3, recall=True, seq=7)
    assert announcement_for_event({"kind": "ticket_issued", "data": {"number": "A012"}}) is None


def test_the_sentence_reads_the_number_sign_by_sign_and_the_window_as_a_chinese_number() -> None:
    item = Announcement("A012", 12)
    assert clip_names(item) == [
        "chime", "qing", "A", "0", "1", "2", "hao", "dao", "shi", "2", "hao", "chuangkou", "banli",
    ]  # fmt: skip
    assert spoken_text(item) == "请 A零一二 号，到 十二 号窗口办理"
    assert window_words(3) == ["3"] and window_words(20) == ["2", "shi"]
    assert window_words(35) == ["3", "shi", "5"]


def test_the_default_clips_exist_for_every_word_an_announcement_can_use() -> None:
    names = {"chime", "qing", "hao", "dao", "chuangkou", "banli", "shi"}
    names |= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    rates = set()
    for name in names:
        with wave.open(str(voice_dir() / f"{name}.wav")) as clip:
            assert clip.getnchannels() == 1 and clip.getnframes() > 0
            rates.add(clip.getframerate())
    assert len(rates) == 1 and 8000 <= rates.pop() <= 16000


def tiny_clips(folder: Path, names: list[str]) -> None:
    for index, name in enumerate(names):
        with wave.open(str(folder / f"{name}.wav"), "wb") as clip:
            clip.setnchannels(1)
            clip.setsampwidth(2)
            clip.setframerate(8000)
            clip.writeframes(struct.pack("<80h", *([index + 1] * 80)))  # 10 ms each


def test_the_clip_backend_joins_the_clips_in_spoken_order_and_finishes(
    qtbot: Any, tmp_path: Path
) -> None:
    item = Announcement("B7", 3)
    names = clip_names(item)
    unique = list(dict.fromkeys(names))
    tiny_clips(tmp_path, unique)
    played: list[Path] = []
    backend = ClipBackend(tmp_path, sink=played.append)
    path = backend.sentence(item)
    with wave.open(str(path)) as sentence:
        samples = struct.unpack(f"<{sentence.getnframes()}h", sentence.readframes(10_000))
    assert [samples[i * 80] for i in range(len(names))] == [unique.index(n) + 1 for n in names]
    queue = AnnouncementQueue(backend, gap_ms=1)
    finished: list[Announcement] = []
    queue.finished.connect(finished.append)
    queue.enqueue(item)
    qtbot.waitUntil(lambda: finished == [item], timeout=3000)
    assert len(played) == 1


def test_with_no_sound_device_the_chime_and_silent_backends_still_finish(qtbot: Any) -> None:
    finished: list[Announcement] = []
    for backend in (ChimeBackend(voice_dir() / "chime.wav"), SilentBackend()):
        queue = AnnouncementQueue(backend, gap_ms=1)
        queue.finished.connect(finished.append)
        queue.enqueue(Announcement("A001", 1))
    qtbot.waitUntil(lambda: len(finished) == 2, timeout=5000)


def test_the_configured_backend_falls_back_when_it_cannot_work_here(tmp_path: Path) -> None:
    assert make_backend("clips", voice_dir()).name == "clips"
    assert make_backend("tts", voice_dir()).name in ("tts", "clips")
    assert make_backend("chime", voice_dir()).name == "chime"
    assert make_backend("clips", tmp_path).name == "none"  # no clips at all: silent
    assert make_backend("none", voice_dir()).name == "none"
