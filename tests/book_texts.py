"""The text of every page of a PDF, as pypdf extracts it: ``python tests/book_texts.py PDF OUT``.

Writes a JSON list with one string per page to ``OUT``. Reading the whole
book takes pypdf most of a minute on one core, so :mod:`session_builds` runs
this right after printing, in the background, and the PDF tests read the
JSON (``tests/build/test_pdf.py``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def page_texts(pdf: Path) -> list[str]:
    """Each page's text, in order ("" for a page without text)."""
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(pdf).pages]


if __name__ == "__main__":
    source, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.write_text(json.dumps(page_texts(source)), encoding="utf-8")
