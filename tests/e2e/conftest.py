"""One real stack per test session: knowledge API, action server and Rasa server, started as
separate processes on free ports with their own SQLite files (Rasa needs about a minute to
load a model, so starting it per test would be too slow)."""

from __future__ import annotations

import socket
import sys
from pathlib import Path
from typing import Iterator

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "deploy"))

from stack import MODEL, Stack  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make model` (make test does it)")
    running = Stack(
        data_dir=tmp_path_factory.mktemp("stack"),
        rasa_port=free_port(),
        actions_port=free_port(),
        knowledge_port=free_port(),
        extra_env={"ADMIN_USER": "admin", "ADMIN_PASSWORD": "e2e-secret"},
    )
    running.start()
    yield running
    running.stop()
