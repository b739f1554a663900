"""A small threaded HTTP server that records every API call and can be told to fail.

Standard library only, so the fakes run in either virtual environment, in process (tests) or as
a process of their own (`python -m harness.fakes.telegram_api --port N`).

Control endpoints (not recorded):
  GET    /_calls   the recorded API calls, as JSON
  DELETE /_calls   forget them
  POST   /_mode    {"mode": "ok" | "429" | "500" | "drop" | ..., "times": N, "retry_after": S}
                   fail the next N API calls that way (every call when times is absent)
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

DROP = object()  # answer by closing the connection without a response


@dataclass
class Mode:
    name: str = "ok"
    remaining: int | None = None  # None: until changed
    retry_after: float | None = None


@dataclass
class Answer:
    status: int
    payload: Any = None
    headers: dict[str, str] = field(default_factory=dict)


class RecordingServer:
    """Subclasses implement `answer(call, mode)`; the rest is shared."""

    name = "fake"

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self._lock = threading.Lock()
        self._calls: list[dict[str, Any]] = []
        self._mode = Mode()
        self._httpd = ThreadingHTTPServer((host, port), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> RecordingServer:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, args=(0.05,), name=f"{self.name}-server", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> RecordingServer:
        return self.start()

    def __exit__(self, *_: Any) -> None:
        self.stop()

    # ------------------------------------------------------------------ test API

    @property
    def calls(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._calls)

    def calls_to(self, method: str) -> list[dict[str, Any]]:
        return [call for call in self.calls if call["method"] == method]

    def reset(self) -> None:
        with self._lock:
            self._calls.clear()
            self._mode = Mode()

    def set_mode(self, name: str, times: int | None = None, retry_after: float | None = None) -> None:
        with self._lock:
            self._mode = Mode(name, times, retry_after)

    def _take_mode(self) -> Mode:
        with self._lock:
            mode = self._mode
            if mode.name == "ok":
                return mode
            if mode.remaining is not None:
                mode.remaining -= 1
                if mode.remaining <= 0:
                    self._mode = Mode()
            return Mode(mode.name, None, mode.retry_after)

    # ------------------------------------------------------------------ subclass hooks

    def route(self, path: str) -> str | None:
        """The API method name for a path, or None for an unknown path (404)."""
        raise NotImplementedError

    def answer(self, call: dict[str, Any], mode: Mode) -> Any:
        """An Answer, or DROP."""
        raise NotImplementedError

    def decode_params(self, content_type: str, body: bytes) -> dict[str, Any]:
        if not body:
            return {}
        if content_type.startswith("application/json"):
            decoded = json.loads(body)
            return decoded if isinstance(decoded, dict) else {"_body": decoded}
        return dict(parse_qsl(body.decode("utf-8"), keep_blank_values=True))

    # ------------------------------------------------------------------ request handling

    def handle(self, verb: str, raw_path: str, headers: dict[str, str], body: bytes) -> Any:
        path = urlsplit(raw_path).path
        if path == "/_calls":
            if verb == "GET":
                return Answer(200, self.calls)
            if verb == "DELETE":
                with self._lock:
                    self._calls.clear()
                return Answer(200, {"ok": True})
        if path == "/_mode" and verb == "POST":
            request = json.loads(body or b"{}")
            self.set_mode(str(request.get("mode", "ok")), request.get("times"), request.get("retry_after"))
            return Answer(200, {"ok": True})
        if path == "/_reset" and verb == "POST":
            self.reset()
            return Answer(200, {"ok": True})

        method = self.route(path) if verb == "POST" or verb == "GET" else None
        try:
            params = self.decode_params(headers.get("content-type", ""), body)
        except (ValueError, UnicodeDecodeError):
            params = {"_undecodable": True}
        call: dict[str, Any] = {
            "method": method or path,
            "path": path,
            "params": params,
            "authorization": headers.get("authorization"),
            "time": time.time(),
        }
        mode = self._take_mode()
        result = self.answer(call, mode) if method else self.not_found()
        call["status"] = None if result is DROP else result.status
        call["mode"] = mode.name
        with self._lock:
            self._calls.append(call)
        return result

    def not_found(self) -> Answer:
        return Answer(404, {"error": "not found"})


def _handler_for(server: RecordingServer) -> type:
    class Handler(BaseHTTPRequestHandler):
        def _serve(self, verb: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            headers = {key.lower(): value for key, value in self.headers.items()}
            result = server.handle(verb, self.path, headers, body)
            if result is DROP:
                self.close_connection = True
                return
            data = json.dumps(result.payload).encode("utf-8")
            self.send_response(result.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for key, value in result.headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 - http.server naming
            self._serve("GET")

        def do_POST(self) -> None:  # noqa: N802
            self._serve("POST")

        def do_DELETE(self) -> None:  # noqa: N802
            self._serve("DELETE")

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass  # quiet: the calls are recorded instead

    return Handler


def serve_forever(server: RecordingServer) -> None:
    """Runs until interrupted (for `python -m tests.fakes.<name> --port N`)."""
    import signal

    def stop(*_: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    print(f"{server.name} listening on {server.base_url}", flush=True)
    try:
        server._httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server._httpd.server_close()


def parse_args(description: str, argv: list[str] | None = None) -> tuple[str, int, str]:
    import argparse

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--token", default="", help="accept only this token (default: any)")
    args = parser.parse_args(argv)
    return args.host, args.port, args.token
