""""Delete my data" in the web widget, in headless Chromium against the real stack: the transcript
the widget keeps in localStorage is cleared, the page shows only the confirmation, and the
server keeps no need and no conversation event of that session."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from tests.e2e.test_widget_browser import (  # noqa: F401 - browser is a fixture
    MAX_TURNS,
    PROBLEM,
    REFERENCE,
    Transcript,
    answer_for,
    browser,
    pick_button,
    read_state,
    type_message,
    wait_for_replies,
)

pytestmark = pytest.mark.e2e

STORED = "return localStorage.getItem('tna.history')"


def count(database_url: str, query: str, sender_id: str) -> int:
    engine = sqlalchemy.create_engine(database_url)
    try:
        with engine.connect() as db:
            return int(db.execute(sqlalchemy.text(query), {"s": sender_id}).scalar_one())
    finally:
        engine.dispose()


def interview_until_saved(driver: WebDriver, transcript: Transcript) -> int:
    """Answers every question until the reference number came; returns the bot message count."""
    seen, problem_given = 0, False
    type_message(driver, "hello")
    for _ in range(MAX_TURNS):
        state = wait_for_replies(driver, seen, transcript)
        if any(REFERENCE.search(text) for text in state["texts"][seen:]):
            return int(state["botCount"])
        seen = state["botCount"]
        button = pick_button(state["buttons"])
        if button is not None:
            enabled = driver.find_elements(By.CSS_SELECTOR, ".tna-choice:not([disabled])")
            next(b for b in enabled if b.get_attribute("data-payload") == button["payload"]).click()
            continue
        answer = answer_for(" ".join(state["texts"][-2:]), problem_given)
        problem_given = problem_given or answer == PROBLEM
        type_message(driver, answer)
    raise AssertionError(f"no reference number after {MAX_TURNS} turns\n{transcript}")


def test_delete_my_data_clears_the_widget_transcript(stack: Any, browser: WebDriver) -> None:  # noqa: F811
    transcript = Transcript()
    browser.get(stack.knowledge_url + "/")
    wait = WebDriverWait(browser, 30)
    wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "button.tna-launcher")).click()
    session_id = wait.until(lambda d: d.execute_script("return localStorage.getItem('tna.session')"))
    sender_id = session_id.split(".")[0]

    interview_until_saved(browser, transcript)
    assert PROBLEM in (browser.execute_script(STORED) or "")  # the widget keeps the transcript
    tracker_db = f"sqlite:///{stack.env()['TRACKER_DB_PATH']}"
    assert count(tracker_db, "SELECT count(*) FROM events WHERE sender_id = :s", sender_id) > 0

    type_message(browser, "delete my data")
    wait_for_replies(browser, read_state(browser)["botCount"], transcript)
    confirm = [b for b in browser.find_elements(By.CSS_SELECTOR, ".tna-choice:not([disabled])")
               if b.get_attribute("data-payload") == "/delete_confirm"]
    assert confirm, f"no delete button\n{transcript}"
    confirm[0].click()
    wait.until(lambda d: d.execute_script(STORED) is None)

    bubbles = browser.execute_script(
        "return [...document.querySelectorAll('.tna-msg')].map(m => [m.className, m.textContent])"
    )
    assert len(bubbles) == 1 and "tna-msg-bot" in bubbles[0][0], bubbles
    assert "I deleted everything" in bubbles[0][1]
    assert count(tracker_db, "SELECT count(*) FROM events WHERE sender_id = :s", sender_id) == 0
    assert count(stack.knowledge_db, "SELECT count(*) FROM needs WHERE sender_id = :s", sender_id) == 0

    # A reload shows a fresh widget: nothing of the old conversation comes back.
    browser.refresh()
    wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "button.tna-launcher")).click()
    assert not browser.execute_script("return document.querySelectorAll('.tna-msg').length")
