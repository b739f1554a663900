"""Finding 1: the needs routes were open. Anyone could read every need by its sequential
reference (TN-000001, TN-000002...) with its sender id (a phone number), list a user's needs by
sender id and delete them. Now the internal face answers only the service token, no response
carries a sender id, and references are random."""

import re

import pytest

from knowledge.settings import Settings
from tests.security.knowledge_app import SERVICE, Client, need_payload

PHONE = "whatsapp:254700000001"


def _store(knowledge_client: Client, **overrides: object) -> dict[str, object]:
    response = knowledge_client.post(
        "/api/needs", json=need_payload(sender_id=PHONE, **overrides), headers=SERVICE
    )
    assert response.status_code == 201, response.text
    need: dict[str, object] = response.json()
    return need


def test_finding_1_a_stranger_cannot_read_list_or_delete_needs(knowledge_client: Client) -> None:
    need = _store(knowledge_client)
    reference = need["reference"]
    for method, url, params in (
        ("GET", f"/api/needs/{reference}", None),
        ("GET", "/api/needs", {"sender_id": PHONE}),
        ("GET", f"/api/needs/{reference}/offers", None),
        ("GET", f"/api/senders/{PHONE}/data", None),
        ("DELETE", f"/api/senders/{PHONE}/data", None),
    ):
        for headers in (
            {},
            {"Authorization": "Bearer not-the-token-0123456789"},
            {"Authorization": "Basic YWRtaW46YWRtaW4="},
        ):
            answer = knowledge_client.request(method, url, params=params, headers=headers)
            assert answer.status_code == 401, (method, url, headers, answer.status_code)
            assert "254700000001" not in answer.text and "mangoes" not in answer.text
    # The old route that deleted by sender id: refused too (it no longer exists).
    assert knowledge_client.request("DELETE", "/api/needs", params={"sender_id": PHONE}).status_code in (
        401,
        405,
    )
    assert knowledge_client.get(f"/api/needs/{reference}", headers=SERVICE).status_code == 200  # still there


def test_finding_1_a_token_in_another_alphabet_is_refused_not_a_crash(knowledge_client: Client) -> None:
    need = _store(knowledge_client)
    for token in ("sécurité-0123456789-token", "\u00ff" * 40, "x" * 5000):
        header = f"Bearer {token}".encode()  # raw bytes, as a client may send them
        answer = knowledge_client.get(f"/api/needs/{need['reference']}", headers={"Authorization": header})
        assert answer.status_code == 401


def test_finding_1_without_a_configured_token_the_internal_face_is_closed(
    make_knowledge_client: object, knowledge_settings: Settings
) -> None:
    closed = make_knowledge_client(knowledge_settings.model_copy(update={"knowledge_service_token": None}))  # type: ignore[operator]
    for headers in ({}, SERVICE, {"Authorization": "Bearer "}):
        answer = closed.get("/api/needs", params={"sender_id": PHONE}, headers=headers)
        assert answer.status_code == 503, answer.status_code
        assert closed.post("/api/needs", json=need_payload(), headers=headers).status_code == 503
    assert closed.get("/health").status_code == 200


def test_finding_1_no_response_carries_the_sender_id(knowledge_client: Client) -> None:
    need = _store(knowledge_client)
    answers = [
        knowledge_client.get(f"/api/needs/{need['reference']}", headers=SERVICE),
        knowledge_client.get("/api/needs", params={"sender_id": PHONE}, headers=SERVICE),
        knowledge_client.get(f"/api/senders/{PHONE}/data", headers=SERVICE),
    ]
    assert "sender_id" not in need and "254700000001" not in str(need)
    for answer in answers:
        assert answer.status_code == 200, answer.status_code
        assert "sender_id" not in answer.text and "254700000001" not in answer.text


def test_finding_1_references_are_random_not_sequential(knowledge_client: Client) -> None:
    needs = [_store(knowledge_client, title=f"Need {n}") for n in range(12)]
    references = [str(n["reference"]) for n in needs]
    assert len(set(references)) == 12
    for need, reference in zip(needs, references, strict=True):
        assert re.fullmatch(r"TN-[0-9A-HJKMNP-TV-Z]{10}", reference), reference
        assert reference != f"TN-{need['id']:06d}"  # not made from the row number
    # Guessing is no way in: the neighbours of a known number are not needs.
    for guess in ("TN-000001", "TN-000002", references[0][:-1] + ("0" if references[0][-1] != "0" else "1")):
        assert knowledge_client.get(f"/api/needs/{guess}", headers=SERVICE).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/health",
        "/api/technologies",
        "/api/finance-offers",
        "/api/training-offers",
        "/api/service-providers",
        "/",
    ],
)
def test_finding_1_the_public_face_stays_open(knowledge_client: Client, url: str) -> None:
    assert knowledge_client.get(url).status_code == 200
