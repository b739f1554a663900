"""Property tests at the knowledge API's edges: whatever one field of a need holds (any JSON
value: NaN, Infinity, huge integers, lone surrogates, NUL, nesting), and whatever bytes an
import file holds, the answer is never a server error. Schemathesis (test_knowledge_edges_
schemathesis.py) draws requests from the OpenAPI description; these draw what it does not:
values no JSON encoder should produce, and files that are not what they claim to be."""

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.admin_helpers import ORIGIN, form_token, sign_in
from tests.security.knowledge_app import ADMIN, SERVICE, Client, need_payload

FIELDS = [
    "problem",
    "title",
    "country",
    "language",
    "budget_band",
    "consent_share",
    "support_sought",
    "extra",
]
# Every code point, surrogates included (Hypothesis leaves them out unless asked).
ANY_TEXT = st.text(st.characters(codec=None, exclude_categories=()), max_size=40)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**80), max_value=2**80)
    | st.floats(allow_nan=True, allow_infinity=True)
    | ANY_TEXT
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
    max_leaves=12,
)
SETTINGS = settings(
    max_examples=150, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


@given(field=st.sampled_from(FIELDS), value=VALUES)
@SETTINGS
def test_any_value_in_any_field_of_a_need_is_never_a_500(
    knowledge_client: Client, field: str, value: Any
) -> None:
    # json.dumps writes NaN/Infinity and escapes lone surrogates as \\udXXX, as an attacker would.
    body = json.dumps(need_payload(**{field: value}), allow_nan=True).encode()
    response = knowledge_client.post(
        "/api/needs", content=body, headers={"content-type": "application/json", **SERVICE}
    )
    assert response.status_code in (201, 422), (response.status_code, body[:300])


MEDIA = ["text/csv", "application/json", "application/x-yaml"]
HEADER = b"kind,external_id,name,summary,sectors,regions,illustrative,provider\n"
FILES = (
    st.binary(max_size=300)
    | st.binary(max_size=300).map(lambda tail: HEADER + tail)
    | st.builds(lambda value: json.dumps(value, allow_nan=True).encode(), VALUES)
    | st.builds(lambda text: text.encode("utf-8", "surrogatepass"), ANY_TEXT)
)


@given(media=st.sampled_from(MEDIA), body=FILES)
@settings(SETTINGS, max_examples=100)
def test_any_import_file_is_never_a_500(knowledge_client: Client, media: str, body: bytes) -> None:
    # Signed in once through the form: basic credentials would cost an argon2 hash per example.
    if knowledge_client.cookie("knowledge_session") is None:
        assert sign_in(knowledge_client, *ADMIN).status_code == 303
    token = form_token(knowledge_client.get("/admin").text)
    response = knowledge_client.post(
        "/api/catalogue/import",
        params={"source": "fuzz", "kind": "technology"},
        content=body,
        headers={"content-type": media, "x-csrf-token": token, **ORIGIN},
    )
    assert response.status_code in (200, 422), (response.status_code, body[:300])
