"""Catalogue import: validated rows from CSV/JSON/YAML, upserted by (source, external_id)."""
