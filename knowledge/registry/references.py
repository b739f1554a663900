"""Public reference numbers of needs: random, so that knowing one says nothing about another.

Crockford's base32 alphabet (no I, L, O or U), ten symbols: 50 bits, read aloud or typed
without confusion; a reference typed with O, I or L is read as 0, 1 and 1. Needs stored before
this scheme keep their sequential "TN-000042", which the same pattern accepts.
"""

import secrets

PREFIX = "TN-"
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10
# Old sequential references had six or more digits; new ones have LENGTH symbols.
PATTERN = r"^[Tt][Nn]-[0-9A-Za-z]{6,12}$"
_READ_AS = str.maketrans("OIL", "011")


def new_reference() -> str:
    return PREFIX + "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_reference(reference: str) -> str:
    """The stored form of a reference as a person may type it."""
    code = reference.strip().upper()
    return PREFIX + code[len(PREFIX) :].translate(_READ_AS)
