"""Make the spoken-digits data set in ``data/speech-digits/`` from Debian's espeak-ng.

Every clip is a synthetic voice saying one of the words "zero" to "nine". The
voices are the English accents of espeak-ng crossed with some of its voice
variants; each clip gets its own speaking rate and pitch, drawn from a seeded
generator, so the command below always makes the same file:

    apt-get install espeak-ng sox
    python tools/make_speech_digits.py            # writes data/speech-digits/digits.npz

The clips are resampled to 8 kHz with sox, trimmed of silence, centred in a
fixed window and stored as 8-bit signed integers (peak-normalized), compressed.
Nothing here runs at build time: the site reads the committed ``digits.npz``.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "data" / "speech-digits"
WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
ACCENTS = ["en-us", "en-gb", "en-gb-scotland", "en-029", "en-us-nyc", "en-gb-x-rp",
           "en-gb-x-gbclan", "en-gb-x-gbcwmd"]  # fmt: skip
VARIANTS = ["m1", "m3", "m7", "f1", "f2", "f4"]
RATE = 8000  # samples per second
WINDOW = 7200  # 0.9 s: every trimmed word fits
SEED = 2026


def speak(word: str, voice: str, speed: int, pitch: int) -> np.ndarray:
    """One clip as float samples at ``RATE`` Hz, in [-1, 1]."""
    wav = subprocess.run(
        ["espeak-ng", "-v", voice, "-s", str(speed), "-p", str(pitch), "--stdout", word],
        check=True, capture_output=True,
    ).stdout  # fmt: skip
    raw = subprocess.run(
        ["sox", "-t", "wav", "-", "-t", "raw", "-r", str(RATE), "-c", "1", "-b", "16",
         "-e", "signed-integer", "-"],
        input=wav, check=True, capture_output=True,
    ).stdout  # fmt: skip
    return np.frombuffer(raw, dtype="<i2").astype(np.float64) / 32768.0


def trim_and_centre(x: np.ndarray, threshold: float = 0.02) -> np.ndarray:
    """Cut leading and trailing silence, then centre the word in ``WINDOW`` samples."""
    loud = np.flatnonzero(np.abs(x) > threshold * np.abs(x).max())
    x = x[loud[0] : loud[-1] + 1]
    if len(x) > WINDOW:
        raise ValueError(f"a clip of {len(x)} samples does not fit the window of {WINDOW}")
    out = np.zeros(WINDOW)
    start = (WINDOW - len(x)) // 2
    out[start : start + len(x)] = x
    return out


def save_npz(path: Path, **arrays: np.ndarray) -> None:
    """``np.savez_compressed``, but byte-identical from run to run (no timestamps)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(array))
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue())


def main() -> None:
    rng = np.random.default_rng(SEED)
    voices = [f"{accent}+{variant}" for accent in ACCENTS for variant in VARIANTS]
    clips, labels, voice_ids, settings = [], [], [], []
    for v, voice in enumerate(voices):
        for label, word in enumerate(WORDS):
            speed, pitch = int(rng.integers(130, 191)), int(rng.integers(25, 76))
            x = trim_and_centre(speak(word, voice, speed, pitch))
            clips.append(np.round(x / np.abs(x).max() * 127).astype(np.int8))
            labels.append(label)
            voice_ids.append(v)
            settings.append((speed, pitch))
    OUT.mkdir(parents=True, exist_ok=True)
    save_npz(
        OUT / "digits.npz",
        audio=np.stack(clips),
        label=np.array(labels, dtype=np.int8),
        voice=np.array(voice_ids, dtype=np.int16),
        speed_pitch=np.array(settings, dtype=np.int16),
    )
    version = subprocess.run(["espeak-ng", "--version"], capture_output=True, text=True).stdout
    (OUT / "provenance.json").write_text(
        json.dumps(
            {
                "command": "python tools/make_speech_digits.py",
                "espeak_ng": version.strip(),
                "seed": SEED,
                "rate_hz": RATE,
                "window_samples": WINDOW,
                "words": WORDS,
                "voices": voices,
                "python": sys.version.split()[0],
                "numpy": np.__version__,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"{len(clips)} clips from {len(voices)} voices -> {OUT / 'digits.npz'}")


if __name__ == "__main__":
    main()
