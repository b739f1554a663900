"""The web page's Content-Security-Policy in a real headless Chromium: the widget loads, styles
itself and reaches Rasa over polling and WebSocket with no violation, while an inline script
slipped into the page is refused.

The page is served by a real uvicorn process from a copy of knowledge/web/, with the real
socket.io client when web/build.sh has built it (it is not in git), else a stub that opens the
same two kinds of connection. No Rasa server listens: a refused connection to the closed port
is a network error, a connection the policy forbids is a CSP report.
"""

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.security.knowledge_app import CODE_ROOT, free_port

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SOCKET_STUB = """
window.io = function (url, options) {
  var path = (options && options.path) || "/socket.io/";
  fetch(url + path + "?EIO=4&transport=polling").catch(function () {});
  try { new WebSocket(url.replace(/^http/, "ws") + path + "?EIO=4&transport=websocket"); } catch (e) {}
  return { on: function () {}, emit: function () {}, connected: false, disconnect: function () {} };
};
"""
INLINE = '<script>document.title = "inline ran";</script>'

pytestmark = pytest.mark.skipif(
    not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)), reason="needs Debian's chromium"
)


@pytest.fixture
def page_server(tmp_path: Path, knowledge_db_url: str) -> Iterator[tuple[str, int]]:
    web = tmp_path / "web"
    shutil.copytree(CODE_ROOT / "knowledge" / "web", web)
    client = web / "static" / "vendor" / "socket.io.min.js"
    if not client.exists():
        client.parent.mkdir(exist_ok=True)
        client.write_text(SOCKET_STUB, encoding="utf-8")
    index = web / "index.html"
    index.write_text(index.read_text(encoding="utf-8").replace("</body>", INLINE + "</body>"), "utf-8")
    port, rasa_port = free_port(), free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(CODE_ROOT),
        "KNOWLEDGE_DATABASE_URL": knowledge_db_url,
        "KNOWLEDGE_WEB_DIR": str(web),
        "RASA_PUBLIC_URL": f"http://127.0.0.1:{rasa_port}",
    }
    command = [sys.executable, "-m", "uvicorn", "knowledge.app:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--ws", "none"]
    process = subprocess.Popen(command, cwd=CODE_ROOT, env=env, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        yield url, rasa_port
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_the_widget_works_under_the_pages_policy_and_inline_scripts_do_not(
    page_server: tuple[str, int],
) -> None:
    url, rasa_port = page_server
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        driver.get(url + "/")
        driver.execute_script("document.querySelector('[data-tna-open]').click()")
        # The widget built its launcher, styled by widget.css (a blocked stylesheet leaves it static).
        styled = None
        for _ in range(50):
            styled = driver.execute_script(
                "var n = document.querySelector('.tna-launcher');"
                "return n ? getComputedStyle(n).position : null"
            )
            if styled == "fixed":
                break
            time.sleep(0.1)
        time.sleep(1.5)  # let the stub's two connections fail or be refused
        logs = [entry["message"] for entry in driver.get_log("browser")]
        title = driver.title
    finally:
        driver.quit()
    violations = [m for m in logs if "Content Security Policy" in m]
    assert title != "inline ran"
    assert any("inline script" in m for m in violations), logs
    others = [m for m in violations if "inline script" not in m]
    assert others == [], others
    assert styled == "fixed", styled
    # The widget did try to reach Rasa (and only the closed port stopped it).
    assert any(f"127.0.0.1:{rasa_port}" in m for m in logs), logs
