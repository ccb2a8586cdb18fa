"""Write the two feedback sounds (resources/sounds/ok.wav, error.wav) with the stdlib `wave` module.

The files are committed; run this only to change them: `python -m tools.make_sounds`."""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 22050
SOUNDS = Path(__file__).resolve().parent.parent / "resources" / "sounds"


def tone(parts: list[tuple[float, float]], volume: float = 0.5) -> bytes:
    """16-bit mono samples for a list of (frequency Hz, seconds); 0 Hz is silence. Short fades stop clicks."""
    frames = bytearray()
    for freq, seconds in parts:
        count = int(RATE * seconds)
        fade = min(count // 2, int(RATE * 0.008))
        for i in range(count):
            envelope = min(1.0, i / fade, (count - i) / fade) if fade else 1.0
            value = math.sin(2 * math.pi * freq * i / RATE) if freq else 0.0
            frames += struct.pack("<h", int(32767 * volume * envelope * value))
    return bytes(frames)


def write(name: str, samples: bytes) -> Path:
    path = SOUNDS / name
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(samples)
    return path


def main() -> None:
    # ok: a short rising two-note chirp; error: a low double buzz that cannot be mistaken for it.
    write("ok.wav", tone([(880, 0.07), (1320, 0.09)]))
    write("error.wav", tone([(220, 0.16), (0, 0.06), (196, 0.22)], volume=0.6))


if __name__ == "__main__":
    main()
