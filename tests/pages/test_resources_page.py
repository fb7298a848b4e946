"""Claims made on docs/resources.md: links anyone can open, no talk of how the site is made."""

import re
from pathlib import Path

PAGE = Path(__file__).resolve().parents[2] / "docs" / "resources.md"
LOGIN_ONLY = ("instructure.com", "canvas", "blackboard", "moodle", "sharepoint")
MAINTENANCE = ("our notes", "source notes", "notes this site", "test for this page", "the build")


def test_no_link_needs_an_account_to_open() -> None:
    text = PAGE.read_text().lower()
    links = re.findall(r"\]\((https?://[^)]+)\)|<(https?://[^>]+)>", text)
    urls = [a or b for a, b in links]
    assert urls, "the page should link to its resources"
    for url in urls:
        assert not any(host in url for host in LOGIN_ONLY), url


def test_the_lecture_keeps_its_entry_and_says_what_it_covers() -> None:
    text = PAGE.read_text()
    entry = text[text.index("Bustreo") :]
    assert "Foundations of Deep Learning" in entry
    for topic in ("loss function", "activation functions", "hidden and output layers"):
        assert topic in entry


def test_the_page_does_not_talk_about_how_the_site_is_made() -> None:
    text = PAGE.read_text().lower()
    for phrase in MAINTENANCE:
        assert phrase not in text, phrase
