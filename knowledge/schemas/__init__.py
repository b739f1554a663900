"""Pydantic models of the HTTP API (docs/architecture.md, "Knowledge API contract")."""
