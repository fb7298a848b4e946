"""Make the word list in ``data/words/`` from Debian's ``wamerican`` package.

The list is SCOWL's American English word list (``/usr/share/dict/american-english``),
kept to the words a character-level model can learn from: lowercase ``a``-``z``
only (no capitals, apostrophes or accents), 3 to 10 letters long. The order is
shuffled with a fixed seed, so a split into training and validation words is a
fair random split:

    apt-get install wamerican
    python tools/make_word_corpus.py        # writes data/words/words.txt
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import numpy as np

SOURCE = Path("/usr/share/dict/american-english")
OUT = Path(__file__).resolve().parent.parent / "data" / "words"
KEEP = re.compile(r"^[a-z]{3,10}$")
SEED = 2026


def main() -> None:
    words = sorted({w for w in SOURCE.read_text(encoding="utf-8").split() if KEEP.match(w)})
    order = np.random.default_rng(SEED).permutation(len(words))
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "words.txt").write_text("".join(words[i] + "\n" for i in order))
    package = subprocess.run(
        ["dpkg-query", "-W", "-f", "${Package} ${Version}", "wamerican"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    (OUT / "provenance.json").write_text(
        json.dumps(
            {
                "command": "python tools/make_word_corpus.py",
                "source": str(SOURCE),
                "debian_package": package,
                "filter": KEEP.pattern,
                "shuffle_seed": SEED,
                "words": len(words),
            },
            indent=2,
        )
        + "\n"
    )
    print(f"{len(words)} words -> {OUT / 'words.txt'}")


if __name__ == "__main__":
    main()
