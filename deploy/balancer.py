"""nginx in front of the replicas (Debian's `nginx` package; deploy/system-deps installs it).

nginx runs as the user who starts the stack (no root needed): a generated configuration, its
pid file, logs and temporary files all live in one directory (`nginx -p DIR -c DIR/nginx.conf`).
Each balanced service listens on its public port and spreads requests over its replicas:

- REST, action calls and the knowledge API: round robin; a replica that refuses the connection
  is skipped (`proxy_next_upstream error`), so a killed replica costs no request.
- socket.io (`/socket.io/`): a socket opened straight over WebSocket (no `sid` yet) lives on one
  connection, so it may go anywhere; every other engine.io request (long polling, and an upgrade
  of a polling session, which carry `sid`) goes to the replica chosen by the client's address,
  so a session's requests and the replies to it stay on the replica that holds the session.

Standard library only, like deploy/stack.py.
"""

from __future__ import annotations

import os
import pwd
import shutil
from dataclasses import dataclass
from pathlib import Path

# Rasa's turns can wait on the action server and the databases; an import may take a while.
READ_TIMEOUT_S = 120


def nginx_binary() -> str | None:
    """nginx on PATH or where Debian puts it (/usr/sbin is not on every user's PATH)."""
    found = shutil.which("nginx")
    if found:
        return found
    return "/usr/sbin/nginx" if os.access("/usr/sbin/nginx", os.X_OK) else None


@dataclass(frozen=True)
class Service:
    """One public port and the ports of its replicas on the same host."""

    name: str
    port: int
    replicas: tuple[int, ...]
    socketio: bool = False


def _upstream(name: str, host: str, ports: tuple[int, ...], balance: str) -> str:
    # max_fails=1: a replica that refused a connection is left alone for fail_timeout.
    servers = "".join(f"    server {host}:{port} max_fails=1 fail_timeout=5s;\n" for port in ports)
    return f"  upstream {name} {{\n{balance}{servers}    keepalive 16;\n  }}\n"


def _location(path: str, upstream: str, websocket: bool = False) -> str:
    connection = "$connection_upgrade" if websocket else '""'
    upgrade = "      proxy_set_header Upgrade $http_upgrade;\n" if websocket else ""
    return (
        f"    location {path} {{\n"
        f"      proxy_pass http://{upstream};\n"
        "      proxy_http_version 1.1;\n"
        f"      proxy_set_header Connection {connection};\n{upgrade}"
        "      proxy_set_header Host $http_host;\n"
        # Set, never appended: a client cannot slip its own address in front (login throttling).
        "      proxy_set_header X-Forwarded-For $remote_addr;\n"
        "      proxy_set_header X-Forwarded-Proto $scheme;\n"
        "    }\n"
    )


def _server(host: str, service: Service) -> str:
    locations = _location("/", service.name)
    if service.socketio:
        locations = _location("/socket.io/", f"{service.name}_socketio", websocket=True) + locations
    return f"  server {{\n    listen {host}:{service.port};\n{locations}  }}\n"


def nginx_config(directory: Path, host: str, services: list[Service]) -> str:
    """The whole nginx.conf: everything nginx writes stays inside `directory`."""
    # As root the workers would become `nobody`, who cannot use the temporary directories.
    user = f"user {pwd.getpwuid(os.geteuid()).pw_name};\n" if os.geteuid() == 0 else ""
    temp = "".join(
        f"  {kind}_temp_path {directory / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    upstreams = ""
    servers = ""
    for service in services:
        upstreams += _upstream(service.name, host, service.replicas, "")
        if service.socketio:
            upstreams += _upstream(
                f"{service.name}_socketio", host, service.replicas, "    hash $socketio_key;\n"
            )
        servers += _server(host, service)
    return (
        f"{user}daemon off;\nworker_processes 1;\npid {directory / 'nginx.pid'};\n"
        f"error_log {directory / 'error.log'} warn;\n"
        "events {\n  worker_connections 1024;\n}\n"
        "http {\n"
        "  access_log off;\n"
        f"{temp}"
        # The processes behind enforce their own limits (MAX_BODY_BYTES, MAX_IMPORT_BYTES).
        "  client_max_body_size 0;\n"
        "  proxy_connect_timeout 2s;\n"
        f"  proxy_read_timeout {READ_TIMEOUT_S}s;\n"
        f"  proxy_send_timeout {READ_TIMEOUT_S}s;\n"
        "  proxy_next_upstream error timeout;\n"
        "  proxy_buffering off;\n"
        "  map $http_upgrade $connection_upgrade {\n    default upgrade;\n    '' close;\n  }\n"
        # A socket opened straight over WebSocket (no sid) may go anywhere: $request_id is random.
        '  map "$arg_transport:$arg_sid" $socketio_key {\n'
        '    "websocket:" $request_id;\n    default $binary_remote_addr;\n  }\n'
        f"{upstreams}{servers}"
        "}\n"
    )


def nginx_command(directory: Path, host: str, services: list[Service]) -> list[str]:
    """Write the configuration into `directory` and return the command that runs nginx in the
    foreground on it (the stack launcher starts and stops it like its other processes)."""
    binary = nginx_binary()
    if binary is None:
        raise FileNotFoundError("nginx is not installed (Debian package `nginx`; deploy/system-deps test)")
    directory.mkdir(parents=True, exist_ok=True)
    config = directory / "nginx.conf"
    config.write_text(nginx_config(directory, host, services))
    # -e: the error log before the configuration is read (else /var/log/nginx, root's).
    return [binary, "-p", str(directory), "-c", str(config), "-e", str(directory / "error.log")]
