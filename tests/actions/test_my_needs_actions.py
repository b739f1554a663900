""" "My needs" after the interview (issue 9): status and next step, information added, a need
withdrawn, the follow-up and its one-tap answers, with real Trackers against the real
knowledge API in process; the messages rendered in the user's language."""

from __future__ import annotations

import json
from typing import Any

from actions.add_need_info import ActionAddNeedInfo, ActionPickNeedInfo
from actions.follow_up import ActionFollowUp, ActionFollowUpAnswer
from actions.list_needs import ActionListNeeds
from actions.need_steps import next_step_ref
from actions.refer import ActionRefer
from actions.withdraw_need import ActionAskWithdraw, ActionWithdrawNeed
from conversation.messages import default_catalogue
from tests.actions.factory import responses
from tests.actions.test_need_actions import ANSWERS, run, submitted


def _said(message: dict[str, Any], language: str) -> dict[str, Any]:
    """The message as the NLG renders it for the user."""
    params = {k: v for k, v in message.items() if k not in ("response", "template")}
    rendered = default_catalogue().render(message["response"], language, params)
    assert rendered is not None
    return rendered


def _ref(reference: str) -> list[dict[str, Any]]:
    return [{"entity": "need_reference", "value": reference}]


async def test_my_needs_lists_status_next_step_and_buttons(knowledge) -> None:
    reference = await submitted(knowledge)
    _, dispatcher = await run(ActionListNeeds(), intent="my_needs", slots={"language": "fr"})
    assert responses(dispatcher) == ["utter_needs_intro", "utter_my_need_item", "utter_help"]
    item = _said(dispatcher.messages[1], "fr")
    assert reference in item["text"] and "Ensuite : touchez « Mise en relation »" in item["text"]
    payloads = [b["payload"] for b in item["buttons"]]
    assert payloads == [
        f'/add_need_info{{"need_reference": "{reference}"}}',
        f'/withdraw_need{{"need_reference": "{reference}"}}',
    ]
    assert [b["title"] for b in item["buttons"]] == ["Ajouter une information", "Retirer"]

    await run(ActionRefer(), slots={**ANSWERS, "need_reference": reference})
    _, dispatcher = await run(ActionListNeeds(), intent="my_needs", slots={"language": "sw"})
    item = _said(dispatcher.messages[1], "sw")
    assert "Hatua inayofuata:" in item["text"] and "atalisoma na kuwasiliana nawe" in item["text"]


def test_next_step_follows_the_referral() -> None:
    need = {"status": "referred", "consent_share": True, "provider": {"name": "KIPI"}}
    steps = {
        None: "share",
        "notified": "waiting",
        "in_review": "waiting",
        "in_progress": "working",
        "transferred": "done",
        "declined": "declined",
    }
    for referral, step in steps.items():
        assert next_step_ref({**need, "referral_status": referral})["$"] == f"need_steps.next.{step}"
    assert next_step_ref({**need, "referral_status": None, "consent_share": False})["$"].endswith("no_share")
    assert next_step_ref({**need, "status": "closed", "referral_status": "in_progress"})["$"].endswith(
        "closed"
    )


async def test_add_information_to_the_users_own_need_only(knowledge) -> None:
    reference = await submitted(knowledge)
    slots, _ = await run(ActionPickNeedInfo(), intent="add_need_info", entities=_ref(reference))
    assert slots == {"info_reference": reference, "need_info": None, "info_target_found": True}
    note = {"info_reference": reference, "need_info": "We now have a borehole."}
    _, dispatcher = await run(ActionAddNeedInfo(), slots=note)
    assert responses(dispatcher) == ["utter_need_info_added"]
    assert (await knowledge.my_needs("user-1"))[0]["notes"] == 1
    _, dispatcher = await run(ActionAddNeedInfo(), slots=note, sender_id="someone-else")
    assert responses(dispatcher) == ["utter_need_not_found"]
    assert (await knowledge.my_needs("user-1"))[0]["notes"] == 1


async def test_withdraw_asks_first_then_closes(knowledge) -> None:
    reference = await submitted(knowledge)
    _, dispatcher = await run(ActionAskWithdraw(), intent="withdraw_need", entities=_ref(reference))
    asked = _said(dispatcher.messages[0], "en")
    assert [b["payload"] for b in asked["buttons"]] == [
        f'/withdraw_confirm{{"need_reference": "{reference}"}}',
        "/cancel",
    ]
    _, dispatcher = await run(ActionWithdrawNeed(), intent="withdraw_confirm", entities=_ref(reference))
    assert responses(dispatcher) == ["utter_need_withdrawn"]
    assert (await knowledge.my_needs("user-1"))[0]["status"] == "closed"
    _, dispatcher = await run(ActionAskWithdraw(), intent="withdraw_need", entities=_ref(reference))
    assert responses(dispatcher) == ["utter_need_not_found"]  # already closed


async def test_follow_up_is_answered_in_one_tap(knowledge) -> None:
    reference = await submitted(knowledge)
    _, dispatcher = await run(ActionFollowUp(), intent="EXTERNAL_follow_up", entities=_ref(reference))
    asked = _said(dispatcher.messages[0], "sw")
    assert asked["text"].startswith(f"Habari tena! Hitaji lako {reference}")
    taps = [json.loads(b["payload"].removeprefix("/follow_up_answer")) for b in asked["buttons"]]
    assert [t["follow_up_answer"] for t in taps] == ["helped", "waiting", "stop"]
    assert [b["title"] for b in asked["buttons"]] == ["Imesaidia", "Bado nasubiri", "Acha vikumbusho"]
    tap = [*_ref(reference), {"entity": "follow_up_answer", "value": "helped"}]
    _, dispatcher = await run(ActionFollowUpAnswer(), intent="follow_up_answer", entities=tap)
    assert responses(dispatcher) == ["utter_follow_up_helped"]
    _, dispatcher = await run(
        ActionFollowUpAnswer(), intent="stop_reminders", slots={"need_reference": reference}
    )
    assert responses(dispatcher) == ["utter_follow_up_stopped"]
    assert 'Tap "My needs"' in _said(dispatcher.messages[0], "en")["text"]
