"""Ways to speak an announcement. Each backend's play(item, done) returns at once and calls
done() exactly once when the item has been spoken; none needs a sound device to finish."""

from __future__ import annotations

import logging
import shutil
import tempfile
import wave
import weakref
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, QUrl
from PySide6.QtMultimedia import QMediaDevices, QSoundEffect

from app.ui.voice.phrases import Announcement, clip_names, spoken_text

log = logging.getLogger(__name__)
Done = Callable[[], None]
Sink = Callable[[Path], None]  # starts playing a WAV file; must not block
TAIL_MS = 250  # let the speaker ring out before the next item


class Backend(QObject):
    """The interface of every backend."""

    name = "base"

    def play(self, item: Announcement, done: Done) -> None:
        raise NotImplementedError

    def stop(self) -> None:
        """Cut the current item short (the queue's watchdog); done() is then not expected."""


class SilentBackend(Backend):
    """Says nothing; finishes on the next turn of the event loop (voice switched off)."""

    name = "none"

    def play(self, item: Announcement, done: Done) -> None:
        QTimer.singleShot(0, done)


class _WavPlayer(QObject):
    """Plays a WAV through the default audio output when there is one; finishing is timed by
    the file's own length so that the queue goes on with or without a speaker."""

    def __init__(self, sink: Sink | None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._sink = sink
        self._effect: QSoundEffect | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._done: Done | None = None
        self._timer.timeout.connect(self._finish)

    def play(self, path: Path, duration_ms: int, done: Done) -> None:
        self._done = done
        try:
            (self._sink or self._play_on_device)(path)
        except Exception:
            log.exception("could not play %s", path)
        self._timer.start(duration_ms + TAIL_MS)

    def stop(self) -> None:
        self._timer.stop()
        self._done = None
        if self._effect is not None:
            self._effect.stop()

    def _finish(self) -> None:
        done, self._done = self._done, None
        if done is not None:
            done()

    def _play_on_device(self, path: Path) -> None:
        if not QMediaDevices.audioOutputs():
            return  # no sound device: the timer alone keeps the queue going
        if self._effect is None:
            self._effect = QSoundEffect(self)
        self._effect.setSource(QUrl.fromLocalFile(str(path)))
        self._effect.play()


def wav_duration_ms(path: Path) -> int:
    with wave.open(str(path)) as w:
        return int(1000 * w.getnframes() / w.getframerate())


class ChimeBackend(Backend):
    """Only the chime: the fallback when no voice can be spoken."""

    name = "chime"

    def __init__(self, chime: Path, *, sink: Sink | None = None) -> None:
        super().__init__()
        self.chime = chime
        self._player = _WavPlayer(sink, self)

    def play(self, item: Announcement, done: Done) -> None:
        self._player.play(self.chime, wav_duration_ms(self.chime), done)

    def stop(self) -> None:
        self._player.stop()


class ClipBackend(Backend):
    """Joins pre-recorded clips (resources/voice/*.wav, replaceable by the hall) into one
    sentence. All clips must share one format; a missing clip is left out with a warning."""

    name = "clips"

    def __init__(self, clips_dir: Path, *, sink: Sink | None = None) -> None:
        super().__init__()
        self.clips_dir = clips_dir
        self._player = _WavPlayer(sink, self)
        self._frames: dict[str, bytes] = {}
        self._params: wave._wave_params | None = None
        self._out = Path(tempfile.mkdtemp(prefix="hallqueue-voice-"))
        weakref.finalize(self, shutil.rmtree, self._out, True)
        self._count = 0

    def _clip(self, name: str) -> bytes:
        if name not in self._frames:
            path = self.clips_dir / f"{name}.wav"
            try:
                with wave.open(str(path)) as w:
                    params = w.getparams()
                    frames = w.readframes(w.getnframes())
            except (OSError, wave.Error, EOFError):
                log.warning("voice clip missing or unreadable: %s", path)
                frames = b""
            else:
                if self._params is None:
                    self._params = params
                elif params[:3] != self._params[:3]:
                    log.warning("voice clip %s has another format; left out", path)
                    frames = b""
            self._frames[name] = frames
        return self._frames[name]

    def sentence(self, item: Announcement) -> Path:
        """Writes the joined sentence to a WAV file and returns its path."""
        frames = b"".join(self._clip(name) for name in clip_names(item))
        if self._params is None:
            raise FileNotFoundError(f"no voice clips in {self.clips_dir}")
        self._count += 1
        path = self._out / f"call-{self._count % 4}.wav"  # a few files in turn; none grows
        with wave.open(str(path), "wb") as w:
            w.setnchannels(self._params.nchannels)
            w.setsampwidth(self._params.sampwidth)
            w.setframerate(self._params.framerate)
            w.writeframes(frames)
        return path

    def play(self, item: Announcement, done: Done) -> None:
        path = self.sentence(item)
        self._player.play(path, wav_duration_ms(path), done)

    def stop(self) -> None:
        self._player.stop()


class TtsBackend(Backend):
    """The system's text-to-speech with a Chinese voice (only where the system has one)."""

    name = "tts"

    def __init__(self) -> None:
        super().__init__()
        from PySide6.QtCore import QLocale
        from PySide6.QtTextToSpeech import QTextToSpeech

        self._speech: QTextToSpeech | None = None
        self._done: Done | None = None
        self._spoke = False
        for engine in QTextToSpeech.availableEngines():
            speech = QTextToSpeech(engine, self)
            chinese = [
                loc
                for loc in speech.availableLocales()
                if loc.language() == QLocale.Language.Chinese
            ]
            if chinese:
                speech.setLocale(chinese[0])
                speech.stateChanged.connect(self._on_state)
                self._speech = speech
                break

    @property
    def available(self) -> bool:
        return self._speech is not None

    def play(self, item: Announcement, done: Done) -> None:
        if self._speech is None:
            QTimer.singleShot(0, done)
            return
        self._done, self._spoke = done, False
        self._speech.say(spoken_text(item))

    def stop(self) -> None:
        self._done = None
        if self._speech is not None:
            self._speech.stop()

    def _on_state(self, state: object) -> None:
        from PySide6.QtTextToSpeech import QTextToSpeech

        if state == QTextToSpeech.State.Speaking:
            self._spoke = True
        elif state in (QTextToSpeech.State.Ready, QTextToSpeech.State.Error) and (
            self._spoke or state == QTextToSpeech.State.Error
        ):
            done, self._done = self._done, None
            if done is not None:
                done()


def make_backend(kind: str, clips_dir: Path) -> Backend:
    """The backend named in the configuration ("clips", "tts", "chime", "none"), falling back
    to clips, then the chime, then silence when the wanted one cannot work here."""
    if kind == "none":
        return SilentBackend()
    if kind == "tts":
        tts = TtsBackend()
        if tts.available:
            return tts
        log.warning("no Chinese text-to-speech voice on this system; using voice clips")
        kind = "clips"
    chime = clips_dir / "chime.wav"
    if kind == "clips" and (clips_dir / "qing.wav").exists():
        return ClipBackend(clips_dir)
    if chime.exists():
        return ChimeBackend(chime)
    log.warning("no voice clips in %s; announcements are silent", clips_dir)
    return SilentBackend()
