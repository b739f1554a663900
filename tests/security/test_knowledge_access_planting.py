"""Finding 2: anyone could POST a need with someone else's sender id and so plant "URGENT:
claim your grant at http://…" at the top of that user's list, which the bot shows to returning
users. Now creating (and analysing) needs is on the internal face: a stranger gets 401 and
nothing is stored."""

from tests.security.knowledge_app import SERVICE, Client, need_payload

VICTIM = "telegram:987654321"
PLANTED = "URGENT: claim your grant at http://grant.example.invalid/now"


def test_finding_2_a_stranger_cannot_plant_a_need_in_someone_elses_list(knowledge_client: Client) -> None:
    for headers in ({}, {"Authorization": "Bearer guessed-token-000000000"}):
        planted = knowledge_client.post(
            "/api/needs", json=need_payload(sender_id=VICTIM, title=PLANTED, problem=PLANTED), headers=headers
        )
        assert planted.status_code == 401, planted.status_code
        analysed = knowledge_client.post("/api/needs/analyse", json={"text": PLANTED}, headers=headers)
        assert analysed.status_code == 401
    listed = knowledge_client.get("/api/needs", params={"sender_id": VICTIM}, headers=SERVICE)
    assert listed.status_code == 200 and listed.json() == []


def test_finding_2_the_action_server_still_stores_needs(knowledge_client: Client) -> None:
    stored = knowledge_client.post("/api/needs", json=need_payload(sender_id=VICTIM), headers=SERVICE)
    assert stored.status_code == 201
    listed = knowledge_client.get("/api/needs", params={"sender_id": VICTIM}, headers=SERVICE).json()
    assert [n["reference"] for n in listed] == [stored.json()["reference"]]
