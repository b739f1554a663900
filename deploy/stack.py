"""Start the three processes (knowledge API, action server, Rasa server) and wait until each
answers. Used by `make run` and by the end-to-end tests, so both start the stack the same way.
With `scale` (`--replicas N`), each runs as N replicas on ports of their own behind nginx
(deploy/balancer.py), which listens on the usual three ports.

Standard library only: it runs under either environment's Python.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from deploy.balancer import Service, nginx_command

ROOT = Path(__file__).resolve().parent.parent
BOT_PY = ROOT / ".venv-bot" / "bin" / "python"
SVC_PY = ROOT / ".venv-svc" / "bin" / "python"
MODEL = ROOT / "models" / "assistant.tar.gz"


def free_port() -> int:
    """A port nothing listens on now (the OS picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class Scale:
    """How many replicas of each process run behind nginx. Several Rasa replicas need a shared
    tracker store and the Redis lock store (deploy/endpoints.scale.yml); several knowledge API
    processes share the database of KNOWLEDGE_DATABASE_URL."""

    rasa: int = 1
    actions: int = 1
    knowledge: int = 1


KINDS = ("knowledge", "actions", "rasa")


@dataclass
class Stack:
    data_dir: Path
    rasa_port: int = 5005
    actions_port: int = 5055
    knowledge_port: int = 8000
    host: str = "127.0.0.1"
    endpoints: Path = ROOT / "endpoints.yml"
    credentials: Path = ROOT / "credentials.yml"
    model: Path = MODEL
    extra_env: dict[str, str] = field(default_factory=dict)
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    # None: one process of each kind on the ports above; else replicas behind nginx there.
    scale: Scale | None = None
    # kind -> the replicas' own ports, chosen once so that a restart finds the same ones.
    replica_ports: dict[str, list[int]] = field(default_factory=dict)
    # Secrets: kept out of repr (pytest prints the fixture on failure) and off command lines.
    rasa_token: str = field(
        default_factory=lambda: os.environ.get("RASA_AUTH_TOKEN") or secrets.token_hex(16), repr=False
    )
    # Rasa sends it with every action call; the action server refuses calls without it.
    action_token: str = field(
        default_factory=lambda: os.environ.get("ACTION_SERVER_TOKEN") or secrets.token_hex(32), repr=False
    )
    # The knowledge API's internal face answers only this bearer token; the action server holds it.
    knowledge_token: str = field(
        default_factory=lambda: os.environ.get("KNOWLEDGE_SERVICE_TOKEN") or secrets.token_hex(32), repr=False
    )
    # Signs web chat session ids (connectors/socketio_session.py). main() keeps one per data dir.
    session_secret: str = field(
        default_factory=lambda: os.environ.get("SOCKETIO_SESSION_SECRET") or secrets.token_hex(32), repr=False
    )

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.rasa_port}"

    @property
    def actions_url(self) -> str:
        return f"http://{self.host}:{self.actions_port}"

    @property
    def knowledge_url(self) -> str:
        return f"http://{self.host}:{self.knowledge_port}"

    @property
    def web_origins(self) -> str:
        """The knowledge API's own web page, the one place the widget is served from by default."""
        origins = [f"http://{self.host}:{self.knowledge_port}"]
        if self.host == "127.0.0.1":
            origins.append(f"http://localhost:{self.knowledge_port}")
        return " ".join(origins)

    @property
    def knowledge_db(self) -> str:
        return self.env()["KNOWLEDGE_DATABASE_URL"]

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.setdefault("KNOWLEDGE_DATABASE_URL", f"sqlite:///{self.data_dir / 'knowledge.db'}")
        env.setdefault("TRACKER_DB_PATH", str(self.data_dir / "tracker.db"))
        env.setdefault("RASA_PUBLIC_URL", self.rasa_url)
        env.setdefault("RASA_CORS_ORIGINS", self.web_origins)
        env.update(
            {
                "PYTHONPATH": str(ROOT),
                "ACTION_SERVER_URL": f"{self.actions_url}/webhook",
                "KNOWLEDGE_API_URL": self.knowledge_url,
                "RASA_TELEMETRY_ENABLED": "false",
                "SANIC_REGISTER": "False",
                # python-telegram-bot 22: durations as timedelta (the old ints warn on every 429).
                "PTB_TIMEDELTA": "true",
                **self.extra_env,
            }
        )
        return env

    def _spawn(self, name: str, argv: list[str], secrets_env: dict[str, str] | None = None) -> None:
        """Secrets go in the environment of the processes that need them (readable only by
        their owner), never on a command line, which every user of the machine can read."""
        with (self.data_dir / f"{name}.log").open("ab") as log:  # the child keeps its own copy
            self.processes[name] = subprocess.Popen(
                argv, cwd=ROOT, env={**self.env(), **(secrets_env or {})}, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True,
            )

    def _spawn_one(self, kind: str, name: str, port: int) -> None:
        if kind == "knowledge":
            self._spawn(
                name,
                [str(SVC_PY), "-m", "uvicorn", "knowledge.app:create_app", "--factory",
                 "--host", self.host, "--port", str(port), "--ws", "none"],
                # RASA_*: the dashboard tells users of referral updates through Rasa's HTTP API.
                {"KNOWLEDGE_SERVICE_TOKEN": self.knowledge_token, "RASA_URL": self.rasa_url,
                 "RASA_AUTH_TOKEN": self.rasa_token},
            )
        elif kind == "actions":
            self._spawn(
                name,
                [str(SVC_PY), "-m", "actions.server", "--host", self.host, "--port", str(port)],
                {"ACTION_SERVER_TOKEN": self.action_token, "KNOWLEDGE_SERVICE_TOKEN": self.knowledge_token},
            )
        else:
            self._spawn(
                name,
                [str(BOT_PY), "-m", "bot.server", "--model", str(self.model), "--enable-api",
                 "--interface", self.host, "--port", str(port), "--endpoints", str(self.endpoints),
                 "--credentials", str(self.credentials)],
                {
                    "RASA_AUTH_TOKEN": self.rasa_token,
                    "ACTION_SERVER_TOKEN": self.action_token,
                    "SOCKETIO_SESSION_SECRET": self.session_secret,
                },
            )

    def public_port(self, kind: str) -> int:
        return {"knowledge": self.knowledge_port, "actions": self.actions_port, "rasa": self.rasa_port}[kind]

    def health_path(self, kind: str) -> str:
        return f"/status?token={self.rasa_token}" if kind == "rasa" else "/health"

    def replicas(self, kind: str) -> list[tuple[str, int]]:
        """(process name, port) of each process of a kind: `rasa` alone without `scale`,
        `rasa-1`, `rasa-2`... on ports of their own with it."""
        if self.scale is None:
            return [(kind, self.public_port(kind))]
        count = getattr(self.scale, kind)
        ports = self.replica_ports.setdefault(kind, [])
        ports.extend(free_port() for _ in range(count - len(ports)))
        return [(f"{kind}-{i}", port) for i, port in enumerate(ports[:count], start=1)]

    def replica_url(self, name: str) -> str:
        """Where one process listens, bypassing nginx (`rasa-2`, or `rasa` without `scale`)."""
        kind = name.split("-")[0]
        return f"http://{self.host}:{dict(self.replicas(kind))[name]}"

    def start(self, timeout: float = 300, wait: bool = True) -> Stack:
        """Start the three processes (or their replicas and nginx); unless `wait` is false,
        return once each one answers."""
        if self.scale is not None and self.scale.rasa > 1 and self.endpoints == ROOT / "endpoints.yml":
            raise ValueError(
                "several Rasa replicas need deploy/endpoints.scale.yml (a shared tracker store, Redis locks)"
            )
        self.data_dir.mkdir(parents=True, exist_ok=True)
        subprocess.run([str(SVC_PY), "-m", "knowledge.cli", "init-db"], cwd=ROOT, env=self.env(), check=True)
        for kind in KINDS:
            for name, port in self.replicas(kind):
                self._spawn_one(kind, name, port)
        if self.scale is not None:
            services = [
                Service(kind, self.public_port(kind), tuple(port for _, port in self.replicas(kind)),
                        socketio=kind == "rasa")
                for kind in KINDS
            ]
            self._spawn("nginx", nginx_command(self.data_dir / "nginx", self.host, services))
        if not wait:
            return self
        deadline = time.monotonic() + timeout
        for kind in KINDS:
            for name, port in self.replicas(kind):
                self._wait(name, f"http://{self.host}:{port}{self.health_path(kind)}", deadline)
        if self.scale is not None:
            self._wait("nginx", f"{self.rasa_url}{self.health_path('rasa')}", deadline)
        return self

    def _wait(self, name: str, url: str, deadline: float) -> None:
        while time.monotonic() < deadline:
            if self.processes[name].poll() is not None:
                self.stop()
                raise RuntimeError(f"{name} exited; see {self.data_dir / (name + '.log')}")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.5)
        self.stop()
        raise TimeoutError(f"{name} did not answer at {url}; see {self.data_dir / (name + '.log')}")

    def stop(self, grace: float = 20) -> list[str]:
        """SIGTERM to each process group, then SIGKILL to whatever is left after `grace` seconds.
        Every process is waited for (an unwaited one is a zombie and a ResourceWarning), and the
        whole group is killed even when its leader exited first (Sanic's worker processes).
        Returns the names of the processes that ignored SIGTERM and had to be killed."""
        for process in self.processes.values():
            _signal_group(process, signal.SIGTERM)
        deadline = time.monotonic() + grace
        killed = []
        for name, process in self.processes.items():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                killed.append(name)
            _signal_group(process, signal.SIGKILL)
            process.wait()
        self.processes.clear()
        return killed


def _signal_group(process: subprocess.Popen[bytes], signum: int) -> None:
    try:
        os.killpg(process.pid, signum)
    except ProcessLookupError:  # the whole group is gone already
        pass


def kept_secret(path: Path) -> str:
    """A random secret stored in `path` (mode 0600), created on first use: web chat sessions
    signed with it survive a restart of `make run`."""
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_hex(32)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(secret + "\n")
    return secret


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=ROOT / "var")
    parser.add_argument(
        "--replicas", type=int, default=0,
        help="N of each process behind nginx (N > 1: --endpoints deploy/endpoints.scale.yml)",
    )
    parser.add_argument("--endpoints", type=Path, default=ROOT / "endpoints.yml")
    args = parser.parse_args()
    replicas = args.replicas
    stack = Stack(
        data_dir=args.data_dir,
        scale=Scale(replicas, replicas, replicas) if replicas > 0 else None,
        endpoints=args.endpoints.resolve(),
        session_secret=os.environ.get("SOCKETIO_SESSION_SECRET")
        or kept_secret(args.data_dir / "socketio_session.secret"),
        rasa_port=int(os.environ.get("RASA_PORT", 5005)),
        actions_port=int(os.environ.get("ACTIONS_PORT", 5055)),
        knowledge_port=int(os.environ.get("KNOWLEDGE_PORT", 8000)),
        host=os.environ.get("BIND_HOST", "127.0.0.1"),
    )
    print("Starting the knowledge API, the action server and Rasa (about a minute)...", flush=True)
    stack.start()
    print(f"\nThe assistant is up. Open {stack.knowledge_url}/ to chat.", flush=True)
    docs = f"{stack.knowledge_url}/docs" if os.environ.get("KNOWLEDGE_DOCS", "").lower() == "true" else "off"
    print(f"Admin dashboard: {stack.knowledge_url}/admin   API docs: {docs}", flush=True)
    print(f"Logs: {args.data_dir}/*.log   Stop with Ctrl-C.", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        while all(p.poll() is None for p in stack.processes.values()):
            time.sleep(1)
        print("A process stopped; see the logs.", file=sys.stderr)
        return 1
    except (KeyboardInterrupt, SystemExit):
        return 0
    finally:
        stack.stop()


if __name__ == "__main__":
    sys.exit(main())
