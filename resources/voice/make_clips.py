"""Regenerates the default announcement clips with espeak-ng: python resources/voice/make_clips.py

A hall may replace any clip with its own recording: same file name, WAV, mono, 16-bit PCM,
any one sample rate shared by all clips (the default set is 16 kHz).
"""

from __future__ import annotations

import math
import struct
import subprocess
import sys
import tempfile
import wave
from pathlib import Path

RATE = 16000
HERE = Path(__file__).resolve().parent
PINYIN = "cmn-latn-pinyin"  # the plain "cmn" voice is broken on Debian 12

# clip name -> (espeak voice, text)
WORDS: dict[str, tuple[str, str]] = {
    "qing": (PINYIN, "qing3"),
    "hao": (PINYIN, "hao4"),
    "dao": (PINYIN, "dao4"),
    "chuangkou": (PINYIN, "chuang1 kou3"),
    "banli": (PINYIN, "ban4 li3"),
    "shi": (PINYIN, "shi2"),
}
DIGITS = ["ling2", "yi1", "er4", "san1", "si4", "wu3", "liu4", "qi1", "ba1", "jiu3"]


def _read_samples(path: Path) -> tuple[list[int], int]:
    with wave.open(str(path)) as w:
        rate = w.getframerate()
        data = w.readframes(w.getnframes())
    return list(struct.unpack(f"<{len(data) // 2}h", data)), rate


def _trim(samples: list[int], threshold: int = 300) -> list[int]:
    loud = [i for i, s in enumerate(samples) if abs(s) > threshold]
    if not loud:
        return samples
    return samples[max(0, loud[0] - 80) : loud[-1] + 400]


def _resample(samples: list[int], rate: int) -> list[int]:
    if rate == RATE:
        return samples
    count = int(len(samples) * RATE / rate)
    out = []
    for i in range(count):
        pos = i * rate / RATE
        j = int(pos)
        frac = pos - j
        a = samples[min(j, len(samples) - 1)]
        b = samples[min(j + 1, len(samples) - 1)]
        out.append(int(a + (b - a) * frac))
    return out


def _write(path: Path, samples: list[int]) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(RATE)
        w.writeframes(struct.pack(f"<{len(samples)}h", *samples))


def speak(name: str, voice: str, text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.wav"
        subprocess.run(["espeak-ng", "-v", voice, "-s", "150", "-w", str(raw), text], check=True)
        samples, rate = _read_samples(raw)
    _write(HERE / f"{name}.wav", _resample(_trim(samples), rate))


def chime() -> None:
    """A two-tone ding-dong, 0.9 s."""
    samples: list[int] = []
    for freq, length in ((880.0, 0.45), (659.3, 0.45)):
        n = int(RATE * length)
        for i in range(n):
            envelope = math.exp(-4.0 * i / n)
            samples.append(int(9000 * envelope * math.sin(2 * math.pi * freq * i / RATE)))
    _write(HERE / "chime.wav", samples)


def main() -> int:
    for name, (voice, text) in WORDS.items():
        speak(name, voice, text)
    for digit, text in enumerate(DIGITS):
        speak(str(digit), PINYIN, text)
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        speak(letter, "en", letter)
    chime()
    return 0


if __name__ == "__main__":
    sys.exit(main())
