"""Generated attacks on the knowledge API: schemathesis draws valid and invalid requests for
every operation of its OpenAPI description (public face without credentials, internal face
with the service token, the import with an administrator's), and no answer may be a 500.

The example count is bounded so that the whole file runs in a couple of minutes; schemathesis
prints the failing case (as a curl command) when an answer is a server error.
"""

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from knowledge.app import create_app
from knowledge.lexicon import Lexicon
from knowledge.settings import Settings
from tests.security.knowledge_app import ADMIN, SERVICE

EXAMPLES = 20
IMPORT_EXAMPLES = 10
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same cases every run: a red build stays red until fixed
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def api_schema(knowledge_settings: Settings, knowledge_lexicon: Lexicon) -> Any:
    app = create_app(
        Settings(**{**knowledge_settings.model_dump(), "knowledge_docs": True}), lexicon=knowledge_lexicon
    )
    return schemathesis.openapi.from_asgi("/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.exclude(path="/api/catalogue/import").parametrize()
@SETTINGS
def test_no_operation_answers_500_without_credentials(case: Any) -> None:
    case.call_and_validate(checks=[not_a_server_error])


@schema.exclude(path="/api/catalogue/import").parametrize()
@SETTINGS
def test_no_operation_answers_500_with_the_service_token(case: Any) -> None:
    case.call_and_validate(headers=SERVICE, checks=[not_a_server_error])


@schema.include(path="/api/catalogue/import").parametrize()
@settings(SETTINGS, max_examples=IMPORT_EXAMPLES)
def test_the_import_never_answers_500(case: Any) -> None:
    # Basic credentials cost an argon2 verification each: fewer examples here.
    case.call_and_validate(auth=ADMIN, checks=[not_a_server_error])
