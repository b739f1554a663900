"""Fixtures of the security tests (imported so that every test module here sees them)."""

from tests.security.knowledge_app import (  # noqa: F401
    knowledge_client,
    knowledge_db_url,
    knowledge_lexicon,
    knowledge_server,
    knowledge_settings,
    knowledge_template_db,
    make_knowledge_client,
)
