"""Domain errors, mapped to HTTP statuses only at the API edge (api/errors.py)."""


class KnowledgeError(Exception):
    """Base class; the message is safe to show to the caller (never holds need text)."""


class NotFound(KnowledgeError):
    pass


class Conflict(KnowledgeError):
    pass


def printable(text: str, limit: int) -> str:
    """`text` cut to `limit` characters and made encodable (a lone surrogate becomes "?"), for
    messages that name a field or a value someone sent."""
    text = text if len(text) <= limit else text[: limit - 1] + "…"
    return text.encode("utf-8", "replace").decode("utf-8")
