"""The conversation contract (conversation/) is shared by both environments: it must stay free of
Rasa and rasa-sdk, and its interview options must be values the knowledge API accepts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import get_args

import pytest

from conversation.interview import load_interview
from knowledge import vocab

ROOT = Path(__file__).resolve().parents[2]
MODULES = sorted(p.stem for p in (ROOT / "conversation").glob("*.py") if p.stem != "__init__")


def test_the_contract_imports_neither_rasa_nor_rasa_sdk() -> None:
    # Run in this environment's Python, where Rasa (bot env) or rasa-sdk (services env) is
    # installed: importing them would show in sys.modules.
    script = (
        "import sys\n"
        + "".join(f"import conversation.{name}\n" for name in MODULES)
        + "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('rasa', 'rasa_sdk', 'sanic'))\n"
        + "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert len(MODULES) >= 5
    assert result.stdout.strip() == ""


# Interview answers that are not a stored value: "I don't know" and "all of these".
SENTINELS = {"budget_band": {"unknown"}, "support_sought": {"all"}}
VOCABULARIES = {
    "org_type": vocab.OrgType,
    "budget_band": vocab.BudgetBand,
    "grid_access": vocab.GridAccess,
    "water_access": vocab.WaterAccess,
    "support_sought": vocab.SupportSought,
    "contact_preference": vocab.ContactPreference,
}


@pytest.mark.parametrize("name", sorted(VOCABULARIES))
def test_every_interview_option_is_a_value_the_knowledge_api_accepts(name: str) -> None:
    offered = set(load_interview()[name].options)
    accepted = set(get_args(VOCABULARIES[name]))
    assert offered - SENTINELS.get(name, set()) <= accepted, name
    assert offered, name


def test_every_choice_question_has_its_vocabulary() -> None:
    choices = {f.name for f in load_interview().fields if f.kind in ("choice", "multi")}
    assert choices == set(VOCABULARIES)
