"""Domain errors, mapped to HTTP statuses only at the API edge (api/errors.py)."""


class KnowledgeError(Exception):
    """Base class; the message is safe to show to the caller (never holds need text)."""


class NotFound(KnowledgeError):
    pass


class Conflict(KnowledgeError):
    pass
