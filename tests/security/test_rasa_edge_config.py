"""The configuration files and launchers behind the Rasa edges, without starting Rasa.

Together with test_rasa_edge_stack.py (the same edges attacked on a running stack).
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
import yaml

from actions.server import build_app
from bot.server import rasa_arguments
from connectors.process_settings import RasaProcessSettings
from deploy import stack
from harness.chat import REST_CREDENTIALS

ROOT = Path(__file__).resolve().parents[2]


def load_yaml(path: Path) -> dict[str, object]:
    loaded = yaml.safe_load(path.read_text())
    assert isinstance(loaded, dict)
    return loaded


def test_finding_4_make_run_has_no_rest_channel_and_tests_add_only_it() -> None:
    production = load_yaml(ROOT / "credentials.yml")
    tests = load_yaml(REST_CREDENTIALS)

    assert "rest" not in production
    assert tests == {"rest": None, **production}


def test_finding_5_rasa_sends_the_action_server_token_in_every_configuration() -> None:
    for endpoints in (ROOT / "endpoints.yml", ROOT / "deploy" / "endpoints.scale.yml"):
        action_endpoint = load_yaml(endpoints)["action_endpoint"]
        assert isinstance(action_endpoint, dict)
        assert action_endpoint.get("token") == "${ACTION_SERVER_TOKEN}", endpoints


def test_finding_6_make_run_keeps_the_session_secret_private_and_stable(tmp_path: Path) -> None:
    path = tmp_path / "var" / "socketio_session.secret"

    first = stack.kept_secret(path)

    assert len(first) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stack.kept_secret(path) == first


def test_finding_12_rasa_gets_its_token_and_origins_from_the_environment() -> None:
    environ = {
        "RASA_AUTH_TOKEN": "t" * 32,
        "RASA_CORS_ORIGINS": "https://site.example, http://127.0.0.1:8000/",
    }

    def arguments(argv: list[str], env: dict[str, str]) -> list[str]:
        return rasa_arguments(argv, RasaProcessSettings.from_environ(env))

    assert arguments(["--enable-api"], environ) == [
        "rasa", "run", "--auth-token", "t" * 32,
        "--cors", "https://site.example", "http://127.0.0.1:8000", "--enable-api",
    ]
    assert "--cors" not in arguments([], {"RASA_AUTH_TOKEN": "t" * 32})
    with pytest.raises(ValueError, match="RASA_AUTH_TOKEN is unset"):
        arguments([], {})
    with pytest.raises(ValueError, match="not on the command line"):
        arguments(["--auth-token=visible"], environ)
    with pytest.raises(ValueError, match="MAX_BODY_BYTES must be a positive whole number"):
        arguments([], {**environ, "MAX_BODY_BYTES": "lots"})


def test_finding_5_the_action_server_refuses_to_start_on_a_weak_token() -> None:
    with pytest.raises(ValueError, match="at least 16 characters"):
        build_app("short")
