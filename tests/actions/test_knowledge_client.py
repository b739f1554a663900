"""The knowledge client: one pool per process, the service token on every call, and a refusal
told apart from an outage. Against the real knowledge app in process."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from actions import knowledge_client as module
from actions.knowledge_client import KnowledgeClient, KnowledgeRejected, KnowledgeUnavailable
from actions.refer import ActionRefer
from actions.settings import get_settings
from actions.submit_need import ActionSubmitNeed
from knowledge.app import create_app
from knowledge.settings import Settings
from tests.actions.factory import responses
from tests.actions.test_need_actions import ANSWERS, run, submitted
from tests.knowledge.helpers import SERVICE_TOKEN


async def test_one_pool_serves_every_call_with_the_service_token(knowledge: KnowledgeClient) -> None:
    seen: list[str] = []
    inner = knowledge.transport
    assert inner is not None

    class Spy(httpx.AsyncBaseTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            seen.append(request.headers.get("authorization", ""))
            return await inner.handle_async_request(request)

    knowledge.transport = Spy()
    await knowledge.aclose()
    pool = knowledge._pool()
    reference = await submitted(knowledge)
    await knowledge.need(reference)
    await knowledge.sender_data("user-1")
    assert knowledge._pool() is pool and not pool.is_closed
    assert len(seen) >= 3 and set(seen) == {f"Bearer {SERVICE_TOKEN}"}
    assert pool.timeout.connect == 3.0 and pool.timeout.read == 10.0


@pytest.fixture
def fresh_settings() -> Iterator[None]:
    """The action server reads its settings once: read them again around the test."""
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_the_process_shares_one_client(monkeypatch: pytest.MonkeyPatch, fresh_settings: None) -> None:
    monkeypatch.setattr(module, "_shared", None)
    monkeypatch.setenv("KNOWLEDGE_SERVICE_TOKEN", "from-the-environment-0123")
    monkeypatch.setenv("KNOWLEDGE_API_URL", "http://knowledge.example:8000/")
    assert module.shared_client() is module.shared_client()
    assert module.shared_client()._headers == {"Authorization": "Bearer from-the-environment-0123"}
    assert module.shared_client().base_url == "http://knowledge.example:8000"


async def test_a_wrong_token_is_a_refusal_not_an_outage(settings: Settings, lexicon: Any) -> None:
    app = create_app(settings, lexicon=lexicon)
    transport = httpx.ASGITransport(app=app)
    for token in ("wrong-token-0123456789", ""):
        client = KnowledgeClient("http://knowledge.test", transport=transport, token=token)
        with pytest.raises(KnowledgeRejected) as refused:
            await client.needs_of("user-1")
        assert refused.value.status_code == 401
        await client.aclose()
    app.state.engine.dispose()


async def test_server_errors_and_network_errors_are_outages() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/api/needs":
            return httpx.Response(503, json={"detail": "off"})
        raise httpx.ReadTimeout("slow", request=request)

    client = KnowledgeClient("http://down.test", transport=httpx.MockTransport(answer), token="t" * 20)
    with pytest.raises(KnowledgeUnavailable):
        await client.needs_of("user-1")
    with pytest.raises(KnowledgeUnavailable):
        await client.need("TN-0000000000")
    await client.aclose()


async def test_sender_data_and_its_deletion(knowledge: KnowledgeClient) -> None:
    reference = await submitted(knowledge)
    await knowledge.show_matches(reference, 0, 3, "en")
    await knowledge.refer(reference)
    data = await knowledge.sender_data("user-1")
    assert [n["reference"] for n in data["needs"]] == [reference]
    assert "sender_id" not in data["needs"][0]
    assert [(r["reference"], r["status"]) for r in data["referrals"]] == [(reference, "new")]
    assert await knowledge.delete_sender_data("user-1") == {"needs": 1, "matches": 3, "referrals": 1}
    assert await knowledge.sender_data("user-1") == {"needs": [], "referrals": []}
    assert await knowledge.delete_needs_of("user-1") == 0


async def test_a_referral_refused_for_consent_says_so(knowledge: KnowledgeClient) -> None:
    stored, _ = await run(
        ActionSubmitNeed(), slots={**ANSWERS, "consent_share": False, "need_title": "Private"}
    )
    # The slot says yes but the stored need says no: the API's 409 has the last word.
    slots = {**ANSWERS, "need_reference": stored["need_reference"], "consent_share": True}
    _, dispatcher = await run(ActionRefer(), slots=slots)
    assert responses(dispatcher) == ["utter_referral_no_consent"]
