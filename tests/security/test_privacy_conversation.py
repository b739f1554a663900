"""Finding 7: "delete my data" left the Rasa conversation (every message, kept forever).

The real `action_delete_data` runs against the real knowledge API (in process); the events it
returns, with the conversation before it, are replayed in the bot environment into the tracker
store exactly as the project's endpoints files configure it (`endpoints.yml` on SQLite,
`deploy/endpoints.scale.yml` on PostgreSQL). Then every row of the tracker database is read
with plain SQL. On b7e7237 the rows with the user's words and number remain.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from rasa_sdk.executor import CollectingDispatcher

from actions.base import BaseAction
from actions.delete_data import ActionDeleteData
from actions.knowledge_client import KnowledgeClient
from knowledge.app import create_app
from tests.actions.factory import make_tracker
from tests.bot.conftest import temporary_postgres_database
from tests.security.knowledge_app import SERVICE_TOKEN

ROOT = Path(__file__).resolve().parents[2]
BOT_PYTHON = ROOT / ".venv-bot" / "bin" / "python"
PHONE = "254712345678"
WORDS = "Our cooperative in Nakuru dries mangoes on the roadside"


@pytest.fixture
def knowledge_api(
    knowledge_settings, knowledge_lexicon, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    app = create_app(knowledge_settings, lexicon=knowledge_lexicon)
    transport = httpx.ASGITransport(app=app)
    BaseAction.client_override = KnowledgeClient(
        "http://knowledge.test", transport=transport, token=SERVICE_TOKEN
    )
    yield
    BaseAction.client_override = None
    app.state.engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def tracker_config(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[tuple[Path, dict[str, str], str]]:
    """(endpoints file, environment it needs, URL to read the rows with)."""
    if request.param == "sqlite":
        path = tmp_path / "tracker.db"
        yield ROOT / "endpoints.yml", {"TRACKER_DB_PATH": str(path)}, f"sqlite:///{path}"
        return
    with temporary_postgres_database() as name:
        env = {"TRACKER_DB_HOST": "127.0.0.1", "TRACKER_DB_PORT": "5432", "TRACKER_DB_NAME": name,
               "TRACKER_DB_USER": "postgres", "TRACKER_DB_PASSWORD": ""}
        yield ROOT / "deploy" / "endpoints.scale.yml", env, f"postgresql+psycopg2://postgres@127.0.0.1:5432/{name}"


def replay(endpoints: Path, env: dict[str, str], sender_id: str, turns: list[list[dict[str, Any]]]) -> None:
    if not BOT_PYTHON.exists():
        pytest.fail(f"{BOT_PYTHON} is missing: the bot environment is needed (make setup)")
    # Every ${VAR} of the endpoints file must be set, or Rasa refuses to read it.
    placeholders = {name: "x" for name in re.findall(r"\$\{(\w+)\}", endpoints.read_text())}
    full_env = {**os.environ, **placeholders, **env,
                "PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false"}
    subprocess.run(
        [str(BOT_PYTHON), "-m", "tests.security.tracker_replay", str(endpoints)],
        input=json.dumps({"sender_id": sender_id, "turns": turns}).encode(),
        cwd=ROOT, env=full_env, check=True, capture_output=True, timeout=300,
    )


def user(text: str, intent: str) -> dict[str, Any]:
    parse = {"text": text, "intent": {"name": intent, "confidence": 1.0}, "entities": []}
    return {"event": "user", "text": text, "parse_data": parse, "input_channel": "whatsapp"}


def rows(url: str) -> list[str]:
    engine = sa.create_engine(url)
    with engine.connect() as db:
        found = [" ".join(map(str, row)) for row in db.execute(sa.text("SELECT sender_id, data FROM events"))]
    engine.dispose()
    return found


async def test_delete_my_data_leaves_no_conversation_row(knowledge_api, tracker_config) -> None:
    endpoints, env, url = tracker_config
    conversation = [
        user(WORDS, "inform"),
        {"event": "action", "name": "need_form"},
        {"event": "slot", "name": "problem", "value": WORDS},
        {"event": "bot", "text": f"Here is your need: {WORDS}"},
        {"event": "action", "name": "action_listen"},
    ]
    dispatcher = CollectingDispatcher()
    returned = await ActionDeleteData().run(dispatcher, make_tracker(sender_id=PHONE, channel="whatsapp"), {})
    delete_turn = [
        user("/delete_confirm", "delete_confirm"),
        {"event": "action", "name": "action_delete_data"},
        {"event": "bot", "text": "Done."},
        *returned,
        {"event": "action", "name": "action_listen"},
    ]
    replay(endpoints, env, PHONE, [conversation])
    stored = rows(url)
    assert any(WORDS in row and PHONE in row for row in stored)  # the conversation was stored

    replay(endpoints, env, PHONE, [delete_turn])

    left = [row for row in rows(url) if PHONE in row or "Nakuru" in row]
    assert left == [], f"{len(left)} tracker rows still hold the user's number or words"


async def test_the_next_message_after_deletion_starts_a_new_conversation(
    knowledge_api, tracker_config
) -> None:
    endpoints, env, url = tracker_config
    dispatcher = CollectingDispatcher()
    returned = await ActionDeleteData().run(dispatcher, make_tracker(sender_id=PHONE, channel="whatsapp"), {})
    replay(endpoints, env, PHONE, [
        [user(WORDS, "inform"), {"event": "action", "name": "action_listen"}],
        [user("/delete_confirm", "delete_confirm"),
         {"event": "action", "name": "action_delete_data"}, *returned],
        [user("hello", "greet"), {"event": "action", "name": "action_listen"}],
    ])
    stored = rows(url)
    assert len(stored) == 2 and all("hello" in row or "action_listen" in row for row in stored)
