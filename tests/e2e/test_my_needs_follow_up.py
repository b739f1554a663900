"""Issue 9 end to end over REST on a stack of its own whose follow-ups are due after seconds
(FOLLOW_UP_DAYS=0.0001, about 9 s): an interview, the partner proposed with who they are and
what happens next, "my needs" with the next step, information added, the follow-up played by
the knowledge API through Rasa and answered in one tap, the answers on the dashboard, the
funnel's "started", and a need withdrawn."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from deploy.stack import Stack, free_port
from harness.chat import REST_CREDENTIALS, RestUser, payloads, texts
from tests.e2e.test_dashboard_browser import _shot, browser  # noqa: F401
from tests.e2e.test_rest_interview import interview

pytestmark = pytest.mark.e2e
ADMIN = ("admin", "e2e-secret")
FOLLOW_UP_WAIT = 90.0


@pytest.fixture(scope="module")
def quick_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    running = Stack(
        data_dir=tmp_path_factory.mktemp("follow-up-stack"),
        rasa_port=free_port(),
        actions_port=free_port(),
        knowledge_port=free_port(),
        credentials=REST_CREDENTIALS,
        extra_env={
            "ADMIN_USER": ADMIN[0],
            "ADMIN_PASSWORD": ADMIN[1],
            "FOLLOW_UP_DAYS": "0.0001",
            "FOLLOW_UP_POLL_SECONDS": "1",
        },
    )
    running.start()
    yield running
    assert running.stop() == [], "a process ignored SIGTERM and had to be killed"


def _bot_messages(user: RestUser, stack: Stack) -> list[dict[str, Any]]:
    return [e for e in user.tracker(stack.rasa_token)["events"] if e["event"] == "bot"]


def _wait_for_follow_up(user: RestUser, stack: Stack, reference: str) -> dict[str, Any]:
    deadline = time.monotonic() + FOLLOW_UP_WAIT
    while time.monotonic() < deadline:
        for message in _bot_messages(user, stack):
            if "How did it go with your need" in (message.get("text") or "") and reference in message["text"]:
                return message
        time.sleep(1)
    raise AssertionError(f"no follow-up within {FOLLOW_UP_WAIT} s")


@contextmanager
def _signed_in(stack: Stack) -> Iterator[httpx.Client]:
    """A browser-like client signed in to the dashboard (login form, its CSRF cookie)."""
    headers = {"origin": stack.knowledge_url}
    with httpx.Client(base_url=stack.knowledge_url, timeout=10, headers=headers) as client:
        form = client.get("/admin/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
        assert token, form.text
        fields = {"csrf_token": token.group(1), "username": ADMIN[0], "password": ADMIN[1]}
        done = client.post("/admin/login", data=fields)
        assert done.status_code == 303, done.text
        yield client


def _screenshots(driver: WebDriver, stack: Stack, reference: str) -> None:
    """The need's page with what the user added and the follow-up answers, and the funnel."""
    driver.get(f"{stack.knowledge_url}/admin/login")
    driver.find_element(By.NAME, "username").send_keys(ADMIN[0])
    driver.find_element(By.NAME, "password").send_keys(ADMIN[1])
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    WebDriverWait(driver, 30).until(lambda d: d.current_url.rstrip("/").endswith("/admin"))
    driver.get(f"{stack.knowledge_url}/admin/needs/{reference}")
    assert "still waiting" in driver.find_element(By.ID, "follow-ups").text
    _shot(driver, "7_need_notes_and_follow_ups")
    driver.get(f"{stack.knowledge_url}/admin/charts")
    WebDriverWait(driver, 30).until(
        lambda d: d.find_element(By.ID, "charts").get_attribute("data-drawn") == "true"
    )
    funnel = driver.find_element(By.ID, "chart-funnel")
    driver.execute_script("arguments[0].scrollIntoView();", funnel)
    _shot(driver, "8_charts_funnel_from_started")


def test_my_needs_follow_up_and_withdraw_over_rest(
    quick_stack: Stack,
    browser: WebDriver,  # noqa: F811
) -> None:
    user = RestUser(quick_stack.rasa_url)
    interview(user)
    saved = texts(user.say("/confirm"))
    found = re.search(r"TN-[0-9A-Z]{6,}", saved)
    assert found, saved
    reference = found.group(0)

    referral = texts(user.say("/refer"))
    assert f"I sent your need {reference} to " in referral
    assert "Who they are: " in referral and "What happens next: they read your need" in referral

    listed = user.say("my needs")
    assert reference in texts(listed) and "Next: " in texts(listed), texts(listed)
    add = f'/add_need_info{{"need_reference": "{reference}"}}'
    assert add in payloads(listed)
    assert f"add to your need {reference}" in texts(user.say(add))
    assert f"I added it to {reference}" in texts(user.say("We also have a borehole now, 40 m deep."))

    asked = _wait_for_follow_up(user, quick_stack, reference)
    taps = [b["payload"] for b in asked["data"]["buttons"]]
    answers = [json.loads(p.removeprefix("/follow_up_answer"))["follow_up_answer"] for p in taps]
    assert answers == ["helped", "waiting", "stop"]
    assert "I will ask again later" in texts(user.say(taps[1]))  # still waiting: asked again
    again = _wait_for_follow_up_again(user, quick_stack, reference)
    assert "no more reminders" in texts(user.say(again[2]))

    with _signed_in(quick_stack) as admin:
        page = admin.get(f"/admin/needs/{reference}")
        assert page.status_code == 200
        assert "We also have a borehole now, 40 m deep." in page.text
        assert "still waiting" in page.text and "stop reminders" in page.text
        funnel = admin.get("/admin/charts.json").json()["funnel"]
        assert funnel["started"] >= 1 and funnel["submitted"] >= 1 and funnel["referred"] >= 1

        _screenshots(browser, quick_stack, reference)

        withdraw = f'/withdraw_need{{"need_reference": "{reference}"}}'
        confirm = f'/withdraw_confirm{{"need_reference": "{reference}"}}'
        assert confirm in payloads(user.say(withdraw))
        assert f"Your need {reference} is withdrawn" in texts(user.say(confirm))
        history = admin.get(f"/admin/needs/{reference}").text
        assert "withdrawn by the user" in history


def _wait_for_follow_up_again(user: RestUser, stack: Stack, reference: str) -> list[str]:
    """The buttons of the second follow-up (after "still waiting")."""
    deadline = time.monotonic() + FOLLOW_UP_WAIT
    while time.monotonic() < deadline:
        asked = [m for m in _bot_messages(user, stack) if "How did it go" in (m.get("text") or "")]
        if len(asked) >= 2:
            return [b["payload"] for b in asked[-1]["data"]["buttons"]]
        time.sleep(1)
    raise AssertionError(f"no second follow-up within {FOLLOW_UP_WAIT} s")
