"""Quizzes in the browser: one answer right, one wrong, and the feedback for each.

The activations quiz is used: its first question is numeric (ReLU(−3)) and its
third is multiple choice. With JavaScript off, the answers stay readable.
"""

from __future__ import annotations

import asyncio

import pytest
from browser_checks import DESKTOP, LAUNCH_ARGS, LOAD_TIMEOUT

from tools.screenshots import CHROMIUM

browser = pytest.mark.browser
PAGE = "concepts/activations/"


async def _answer(base: str) -> dict:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            tab = await chromium.new_page(viewport=DESKTOP)
            await tab.goto(base + PAGE, wait_until="load", timeout=LOAD_TIMEOUT)
            forms = tab.locator(".dlnotes-quiz form.quiz-question")
            found: dict = {"count": await forms.count()}
            number = forms.nth(0)
            found["answer_hidden_before"] = await number.locator(".quiz-answer").is_hidden()
            await number.get_by_label("Your answer").fill("0")
            await number.get_by_role("button", name="Check").click()
            found["right"] = await number.locator("[aria-live=polite]").inner_text()
            found["right_open"] = await number.locator(".quiz-answer").get_attribute("open")

            choice = forms.nth(2)  # "three Dense layers with no activation"
            wrong = choice.locator("input[type=radio]:not([data-correct])").first
            await wrong.check()
            await choice.get_by_role("button", name="Check").click()
            found["wrong"] = await choice.locator("[aria-live=polite]").inner_text()
            found["wrong_explained"] = await choice.locator(".quiz-answer").is_visible()
            found["wrong_class"] = await choice.locator(".quiz-feedback").get_attribute("class")

            quiet = await chromium.new_context(java_script_enabled=False, viewport=DESKTOP)
            plain = await quiet.new_page()
            await plain.goto(base + PAGE, wait_until="load", timeout=LOAD_TIMEOUT)
            first = plain.locator(".dlnotes-quiz .quiz-answer").first
            await first.locator("summary").click()
            found["nojs_answer"] = await first.inner_text()
            found["nojs_button_hidden"] = await plain.locator(".quiz-check").first.is_hidden()
            return found
        finally:
            await chromium.close()


@browser
def test_a_quiz_answered_right_and_wrong_gives_the_right_feedback(base_url: str) -> None:
    found = asyncio.run(_answer(base_url))
    assert found["count"] >= 3, f"the activations page shows {found['count']} quiz questions"
    assert found["answer_hidden_before"], "the answer shows before the reader has answered"
    assert found["right"].startswith("Correct"), found["right"]
    assert found["right_open"] is not None, "the explanation is not opened after a right answer"
    assert found["wrong"].startswith("Not quite"), found["wrong"]
    assert "quiz-wrong" in found["wrong_class"]
    assert found["wrong_explained"], "the explanation is not shown after a wrong answer"
    # JavaScript off: no dead button, and the answer is there to read
    assert found["nojs_button_hidden"]
    assert "Answer:" in found["nojs_answer"] and "max(0, z)" in found["nojs_answer"]
