"""The web page and its chat widget in a real headless Chromium, against the real stack.

A user opens the landing page on a phone-sized screen, says hello and goes through the whole
interview by tapping buttons and typing answers, until the assistant gives a reference number
(TN-...) and then the matches. The exact wording of the bot is not assumed: the test answers
whatever is asked, by the payloads of the buttons or by keywords of the question.

Driver: Selenium with Debian's chromedriver, which is built with Debian's chromium and so always
speaks its protocol version; nothing is downloaded.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

pytestmark = pytest.mark.e2e

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
PHONE = {"width": 360, "height": 740}
MAX_TURNS = 40
REPLY_TIMEOUT = 60.0
QUIET_SECONDS = 1.5
# Intents of buttons that move around the interview instead of answering it.
NAVIGATION_INTENTS = {"back", "go_back", "skip", "help", "restart"}
REFERENCE = re.compile(r"\bTN-[0-9A-Z]{6,}")

PROBLEM = "We dry mangoes in the open sun and lose a third to rain and insects."
# Keyword of the question -> answer, first match wins; the problem goes to the first other question.
ANSWERS: list[tuple[tuple[str, ...], str]] = [
    (("country",), "Kenya"),
    (("region", "county", "city", "town", "district", "province"), "Nakuru"),
    (("e-mail", "email"), "amina@example.org"),
    (("phone", "whatsapp", "number"), "+254700000000"),
    (("name",), "Amina"),
    (("today", "currently", "at the moment", "at present"), "We spread them on mats in the sun."),
    (("budget", "spend", "afford", "money"), "5000 dollars"),
    (("success", "outcome", "result", "hope", "look like", "achieve"), "Losing less than 5% of the harvest."),
    (("how big", "size", "how many", "quantity", "scale", "volume"), "20 tonnes of mangoes a season"),
    (("support", "help do you need", "looking for"), "technology, training"),
]

# What the page shows of the conversation, read in one round trip.
READ_STATE = """
const bot = [...document.querySelectorAll('.tna-msg-bot')];
const buttons = [...document.querySelectorAll('.tna-choice:not([disabled])')];
return {
  botCount: bot.length,
  texts: bot.map(m => (m.querySelector('.tna-text') || {}).textContent || ''),
  buttons: buttons.map(b => ({title: b.textContent, payload: b.dataset.payload})),
  typing: !document.querySelector('.tna-typing').hidden,
};
"""


@dataclass
class Transcript:
    lines: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(self.lines)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--lang=en-US",
        f"--window-size={PHONE['width']},{PHONE['height']}",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        # A phone: 360 CSS pixels wide, touch input, so (pointer: coarse) holds.
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {**PHONE, "deviceScaleFactor": 2, "mobile": True},
        )
        driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 1})
        yield driver
    finally:
        driver.quit()


def read_state(driver: WebDriver) -> dict[str, Any]:
    state: dict[str, Any] = driver.execute_script(READ_STATE)
    return state


def wait_for_replies(driver: WebDriver, seen: int, transcript: Transcript) -> dict[str, Any]:
    """Wait for at least one bot message after the first `seen`, then for the burst to end."""
    deadline = time.monotonic() + REPLY_TIMEOUT
    state = read_state(driver)
    while state["botCount"] <= seen:
        if time.monotonic() > deadline:
            raise AssertionError(f"no reply within {REPLY_TIMEOUT:.0f} s\n{transcript}")
        time.sleep(0.2)
        state = read_state(driver)
    # The bot sends one event per message: the turn is over when the log stops growing.
    quiet_since = time.monotonic()
    while time.monotonic() - quiet_since < QUIET_SECONDS:
        time.sleep(0.25)
        latest = read_state(driver)
        if latest["botCount"] != state["botCount"]:
            quiet_since = time.monotonic()
        state = latest
    for text in state["texts"][seen:]:
        transcript.lines.append(f"bot:  {text}")
    return state


def intent_of(payload: str) -> str:
    return payload.removeprefix("/").split("{", 1)[0].strip()


def pick_button(buttons: list[dict[str, str]]) -> dict[str, str] | None:
    for button in buttons:
        if intent_of(button["payload"]) == "confirm":
            return button
    for button in buttons:
        if intent_of(button["payload"]) not in NAVIGATION_INTENTS:
            return button
    return None


def answer_for(question: str, problem_given: bool) -> str:
    asked = question.lower()
    for keywords, answer in ANSWERS:
        if any(re.search(rf"\b{re.escape(keyword)}\b", asked) for keyword in keywords):
            return answer
    return "Yes" if problem_given else PROBLEM


def type_message(driver: WebDriver, text: str) -> None:
    box = driver.find_element(By.CSS_SELECTOR, "textarea.tna-input")
    box.send_keys(text)
    box.send_keys(Keys.ENTER)


def assert_no_horizontal_overflow(driver: WebDriver, where: str) -> None:
    page = "document.documentElement"
    widths = driver.execute_script(f"return [{page}.scrollWidth, {page}.clientWidth]")
    assert widths[0] <= widths[1], f"horizontal overflow {where}: scrollWidth {widths[0]} > {widths[1]}"


def test_a_phone_user_completes_the_interview_in_the_widget(
    stack: Any, browser: WebDriver, tmp_path: Path
) -> None:
    transcript = Transcript()
    browser.get(stack.knowledge_url + "/")
    wait = WebDriverWait(browser, 20)
    launcher = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "button.tna-launcher"))
    assert browser.execute_script("return window.innerWidth") == PHONE["width"]
    assert_no_horizontal_overflow(browser, "on the landing page")
    assert "{{RASA_URL}}" not in browser.page_source

    launcher.click()
    wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "textarea.tna-input").is_displayed())
    # Connected and the session confirmed: the widget keeps the id for the next visit.
    session_id = wait.until(lambda d: d.execute_script("return localStorage.getItem('tna.session')"))

    seen = 0
    problem_given = False
    type_message(browser, "hello")
    transcript.lines.append("user: hello")
    reference_at: int | None = None
    for _ in range(MAX_TURNS):
        state = wait_for_replies(browser, seen, transcript)
        new_texts = state["texts"][seen:]
        if reference_at is None:
            for offset, text in enumerate(new_texts):
                if REFERENCE.search(text):
                    reference_at = seen + offset
        seen = state["botCount"]
        if reference_at is not None:
            if seen > reference_at + 1:
                break  # the matches came after the reference number
            state = wait_for_replies(browser, seen, transcript)
            seen = state["botCount"]
            break
        button = pick_button(state["buttons"])
        if button is not None:
            enabled = "//button[contains(@class, 'tna-choice') and not(@disabled)]"
            browser.find_element(
                By.XPATH, f"{enabled}[@data-payload={xpath_literal(button['payload'])}]"
            ).click()
            transcript.lines.append(f"user: [{button['title']}] {button['payload']}")
            continue
        question = " ".join(new_texts)
        answer = answer_for(question, problem_given)
        problem_given = problem_given or answer == PROBLEM
        type_message(browser, answer)
        transcript.lines.append(f"user: {answer}")
    else:
        raise AssertionError(f"no reference number after {MAX_TURNS} turns\n{transcript}")

    texts = read_state(browser)["texts"]
    assert reference_at is not None
    assert len(texts) > reference_at + 1, f"no matches after the reference number\n{transcript}"
    reference = REFERENCE.search(texts[reference_at])
    assert reference is not None
    # Session persistence end to end: the need is filed under the sender id inside the signed
    # session id the widget keeps (``<sender id>.<signature>``).
    need = stored_need(stack.knowledge_db, reference.group())
    assert need is not None, f"{reference.group()} is not in the needs registry"
    assert (need.sender_id, need.channel) == (session_id.split(".")[0], "socketio")
    user_bubbles = browser.execute_script(
        "return [...document.querySelectorAll('.tna-msg-user .tna-text')].map(m => m.textContent)"
    )
    assert "hello" in user_bubbles
    assert not any(b.startswith("/") for b in user_bubbles), "a payload was shown instead of a title"
    assert_no_horizontal_overflow(browser, "with the chat open")
    logs = browser.get_log("browser")
    script_errors = [e for e in logs if e["level"] == "SEVERE" and e["source"] == "javascript"]
    assert not script_errors, script_errors
    screenshot = tmp_path / "widget-phone.png"
    assert browser.save_screenshot(str(screenshot))
    print(f"screenshot: {screenshot}\n{transcript}")


def stored_need(database_url: str, reference: str) -> Any:
    engine = sqlalchemy.create_engine(database_url)
    try:
        with engine.connect() as connection:
            query = sqlalchemy.text("SELECT sender_id, channel FROM needs WHERE reference = :reference")
            return connection.execute(query, {"reference": reference}).one_or_none()
    finally:
        engine.dispose()


def xpath_literal(value: str) -> str:
    """Quote a string for XPath 1.0, which has no escape character."""
    if "'" not in value:
        return f"'{value}'"
    if '"' not in value:
        return f'"{value}"'
    parts = value.split("'")
    return "concat(" + ', "\'", '.join(f"'{part}'" for part in parts) + ")"
