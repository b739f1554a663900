"""Finding 8: a lone surrogate or NaN/Infinity in any JSON field, or a huge integer, gave a 500
(the default validation handler echoed the input back, unencodable), and the answer and the log
held the input, phone numbers included. Now: a clear 422 naming the field, never the value."""

import json
from typing import Any

import pytest

from tests.security.knowledge_app import SERVICE, Client, need_payload

PHONE = "254700000001"


def _post_raw(client: Client, url: str, text: str) -> Any:
    headers = {"content-type": "application/json", **SERVICE}
    return client.post(url, content=text.encode("utf-8"), headers=headers)


def _locations(response: Any) -> list[list[Any]]:
    return [entry["loc"] for entry in response.json()["detail"]]


@pytest.mark.parametrize("field", ["problem", "title", "region", "sender_id"])
def test_finding_8_lone_surrogate_in_any_field_is_a_422_naming_the_field(
    knowledge_client: Client, field: str
) -> None:
    body = json.dumps(need_payload(**{field: "PLACEHOLDER"})).replace("PLACEHOLDER", "\\ud800")
    response = _post_raw(knowledge_client, "/api/needs", body)
    assert response.status_code == 422, response.text
    assert ["body", field] in _locations(response)
    assert PHONE not in response.text and "input" not in response.text


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity", "1e999"])
@pytest.mark.parametrize("field", ["budget_band", "consent_share", "unknown_extra_field"])
def test_finding_8_nan_and_infinity_anywhere_are_a_422(
    knowledge_client: Client, constant: str, field: str
) -> None:
    body = json.dumps(need_payload(**{field: "PLACEHOLDER"})).replace('"PLACEHOLDER"', constant)
    response = _post_raw(knowledge_client, "/api/needs", body)
    assert response.status_code == 422, response.text
    assert ["body", field] in _locations(response)
    assert PHONE not in response.text


def test_finding_8_nan_in_the_analyser_is_a_422(knowledge_client: Client) -> None:
    response = _post_raw(knowledge_client, "/api/needs/analyse", '{"text": "solar dryer", "weight": NaN}')
    assert response.status_code == 422
    assert _locations(response) == [["body", "weight"]]


def test_finding_8_validation_errors_never_echo_the_input(knowledge_client: Client) -> None:
    response = knowledge_client.post("/api/needs", json=need_payload(country=f"+{PHONE}"), headers=SERVICE)
    assert response.status_code == 422
    assert ["body", "country"] in _locations(response)
    assert PHONE not in response.text
    assert all(set(entry) == {"loc", "msg", "type"} for entry in response.json()["detail"])


def test_finding_8_integer_of_2_to_the_70_is_a_422_not_a_500(knowledge_client: Client) -> None:
    need = knowledge_client.post("/api/needs", json=need_payload(), headers=SERVICE)
    assert need.status_code == 201, need.text
    url = f"/api/needs/{need.json()['reference']}/referrals"
    response = _post_raw(knowledge_client, url, json.dumps({"service_provider_id": 2**70}))
    assert response.status_code == 422, response.text
    assert ["body", "service_provider_id"] in _locations(response)
    # Within 64 bits but beyond the column: the schema's bound says so.
    response = _post_raw(knowledge_client, url, json.dumps({"service_provider_id": 2**40}))
    assert response.status_code == 422, response.text


def test_finding_8_integer_query_parameters_are_bounded(knowledge_client: Client) -> None:
    response = knowledge_client.get("/api/technologies", params={"offset": str(2**70)})
    assert response.status_code == 422, response.text
    assert _locations(response) == [["query", "offset"]]


def test_finding_8_field_names_that_cannot_be_encoded_are_a_422(knowledge_client: Client) -> None:
    response = _post_raw(knowledge_client, "/api/needs/analyse", '{"text": "dryer", "\\udfff": 1}')
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][0] == "body"
