"""Security headers on every response, and the Content-Security-Policy of our HTML pages.

The default policy allows nothing (JSON, static files): a page that needs more sets its own
Content-Security-Policy header (see `page_policy`) and the middleware keeps it. Nothing is
embeddable in a frame; the widget is embedded by a <script> tag, which frame rules do not touch
(and no Cross-Origin-Resource-Policy is set, so other sites may still load widget.js).
"""

import base64
import hashlib
import re
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

DEFAULT_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
# FastAPI's /docs and /redoc pages load their scripts from a CDN; only served when KNOWLEDGE_DOCS.
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "font-src https://fonts.gstatic.com; img-src 'self' data: https:; frame-ancestors 'none'"
)
FIXED_HEADERS = {
    b"x-content-type-options": b"nosniff",
    b"x-frame-options": b"DENY",
    # same-origin: our own form posts keep their Origin header (the CSRF check reads it);
    # nothing about a page of ours is told to other sites.
    b"referrer-policy": b"same-origin",
}
_STYLE = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)


def _hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def page_policy(html: str, connect: tuple[str, ...] = ()) -> str:
    """A policy for one of our pages: scripts and styles from this origin only, plus the page's
    own inline <style> blocks by hash; `connect` adds origins the page talks to (Rasa)."""
    styles = " ".join(["'self'", *sorted({_hash(block) for block in _STYLE.findall(html)})])
    sockets = " ".join(["'self'", *connect])
    return (
        "default-src 'self'; script-src 'self'; "
        f"style-src {styles}; img-src 'self' data: https:; connect-src {sockets}; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )


def socket_origins(url: str) -> tuple[str, ...]:
    """The http(s) origin of a Rasa URL and its ws(s) twin (socket.io upgrades to WebSocket)."""
    parts = urlsplit(url)
    socket_scheme = "wss" if parts.scheme == "https" else "ws"
    return (f"{parts.scheme}://{parts.netloc}", f"{socket_scheme}://{parts.netloc}")


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp, docs_paths: tuple[str, ...] = ()):
        self.app = app
        self.docs_paths = docs_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = DOCS_POLICY if scope["path"] in self.docs_paths else DEFAULT_POLICY

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in FIXED_HEADERS.items():
                    if name not in present:
                        headers.append((name, value))
                if b"content-security-policy" not in present:
                    headers.append((b"content-security-policy", policy.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
