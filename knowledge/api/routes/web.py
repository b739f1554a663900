"""The public web page with the chat widget, and the widget's assets.

Both live in settings.knowledge_web_dir (knowledge/web/, written by the widget engineer);
until they exist these routes answer 404 instead of failing at start-up.
"""

import os

from fastapi import APIRouter, HTTPException
from fastapi.responses import HTMLResponse
from starlette.staticfiles import StaticFiles

from knowledge.api.deps import SettingsDep
from knowledge.api.security_headers import page_policy, socket_origins

router = APIRouter(tags=["web"])
RASA_URL_PLACEHOLDER = "{{RASA_URL}}"


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def index(settings: SettingsDep) -> HTMLResponse:
    page = settings.knowledge_web_dir / "index.html"
    try:
        html = page.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise HTTPException(404, "the web page is not installed") from None
    html = html.replace(RASA_URL_PLACEHOLDER, settings.rasa_public_url)
    # The widget talks to Rasa (socket.io: polling over http(s), then a WebSocket).
    policy = page_policy(html, connect=socket_origins(settings.rasa_public_url))
    return HTMLResponse(html, headers={"Content-Security-Policy": policy})


class OptionalStaticFiles(StaticFiles):
    """StaticFiles that answers 404 while its directory does not exist, rather than raising."""

    async def check_config(self) -> None:
        if self.directory is not None and not os.path.isdir(self.directory):
            return
        await super().check_config()
