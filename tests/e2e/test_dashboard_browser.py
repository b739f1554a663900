"""The intermediaries' dashboard in a real headless Chromium against the real stack: sign in,
filter the needs, open one, change its referral's status with a comment; the user, who talks
to the assistant on Telegram in French, then gets the update in French on Telegram (the fake
Telegram API records what the bot sends); then the charts page draws. Screenshots go to
build/screenshots/.

Driver: Selenium with Debian's chromedriver, as in test_widget_browser.py.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select, WebDriverWait

from harness.channels import TelegramUser

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
UPDATE_TIMEOUT = 60.0
FRENCH_IN_PROGRESS = "le partenaire y travaille"


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--lang=en-US",
        "--window-size=1280,1000",
        f"--user-data-dir={tmp_path / 'chromium-profile'}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _shot(driver: WebDriver, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(SCREENSHOTS / f"dashboard_{name}.png"))


def _internal(stack: Any) -> httpx.Client:
    return httpx.Client(
        base_url=stack.knowledge_url,
        headers={"Authorization": f"Bearer {stack.knowledge_token}"},
        timeout=60,
    )


def test_dashboard_status_change_reaches_the_user_on_telegram(
    stack: Any, telegram_api: Any, browser: WebDriver
) -> None:
    user = TelegramUser(stack.rasa_url, telegram_api, language_code="fr")
    assert user.say("/start"), "the bot must answer the user first"
    with _internal(stack) as api:
        created = api.post(
            "/api/needs",
            json={
                "sender_id": str(user.chat_id),
                "channel": "telegram",
                "language": "fr",
                "org_type": "farmer_cooperative",
                "country": "KE",
                "title": "Séchage solaire des mangues",
                "problem": "Nous perdons un tiers de nos mangues à cause de la pluie.",
                "consent_store": True,
                "consent_share": True,
            },
        )
        assert created.status_code == 201, created.text
        reference = created.json()["reference"]
        referral = api.post(f"/api/needs/{reference}/referrals", json={})
        assert referral.status_code == 201, referral.text
    before = len(telegram_api.calls)

    browser.get(f"{stack.knowledge_url}/admin/login")
    browser.find_element(By.NAME, "username").send_keys("admin")
    browser.find_element(By.NAME, "password").send_keys("e2e-secret")
    _shot(browser, "1_login")
    browser.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    WebDriverWait(browser, 30).until(lambda d: d.current_url.rstrip("/").endswith("/admin"))

    browser.get(f"{stack.knowledge_url}/admin/needs")
    browser.find_element(By.NAME, "country").send_keys("KE")
    Select(browser.find_element(By.NAME, "language")).select_by_value("fr")
    browser.find_element(By.CSS_SELECTOR, "#filters button[type=submit]").click()
    WebDriverWait(browser, 30).until(lambda d: "country=KE" in d.current_url)
    rows = browser.find_elements(By.CSS_SELECTOR, "#needs tbody tr")
    assert rows and all("KE" in row.text for row in rows)
    _shot(browser, "2_needs_filtered")

    browser.find_element(By.LINK_TEXT, reference).click()
    WebDriverWait(browser, 30).until(lambda d: d.current_url.endswith(f"/admin/needs/{reference}"))
    assert "Nous perdons un tiers" in browser.find_element(By.ID, "problem").text
    _shot(browser, "3_need")

    section = browser.find_element(By.CSS_SELECTOR, "section.referral")
    Select(section.find_element(By.NAME, "status")).select_by_value("in_progress")
    section.find_element(By.NAME, "comment").send_keys("Visite prévue la semaine prochaine")
    section.find_element(By.CSS_SELECTOR, "button[id^=change-]").click()
    WebDriverWait(browser, 30).until(
        lambda d: d.find_element(By.CSS_SELECTOR, "section.referral .referral-status").text == "in_progress"
    )
    assert "Visite prévue la semaine prochaine" in browser.find_element(By.CSS_SELECTOR, "table.history").text
    _shot(browser, "4_status_changed")

    deadline = time.monotonic() + UPDATE_TIMEOUT
    texts: list[str] = []
    while time.monotonic() < deadline:
        texts = [
            str(c["params"].get("text", ""))
            for c in telegram_api.calls[before:]
            if c["method"] == "sendMessage" and str(c["params"].get("chat_id")) == str(user.chat_id)
        ]
        if any(reference in t for t in texts):
            break
        time.sleep(0.5)
    update = [t for t in texts if reference in t]
    assert update, f"no update reached the user's Telegram chat: {texts}"
    assert FRENCH_IN_PROGRESS in update[0], update[0]
    (SCREENSHOTS / "dashboard_5_user_update.txt").write_text(update[0] + "\n", encoding="utf-8")

    # The charts page draws with the vendored Chart.js under the page's CSP (no inline script).
    browser.get(f"{stack.knowledge_url}/admin/charts")
    WebDriverWait(browser, 30).until(
        lambda d: d.find_element(By.ID, "charts").get_attribute("data-drawn") == "true"
        or d.find_element(By.ID, "charts-status").text
    )
    assert browser.find_element(By.ID, "charts").get_attribute("data-drawn") == "true", (
        browser.find_element(By.ID, "charts-status").text
    )
    _shot(browser, "6_charts")
