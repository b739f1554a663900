"""Password hashing with argon2id (argon2-cffi's recommended parameters).

Passwords are compared after Unicode NFC normalisation, so "é" typed as one code point or as
"e" plus a combining accent is the same password (RFC 8265's OpaqueString rule).
"""

import unicodedata
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 8
MAX_LENGTH = 1024


@lru_cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


def normalise(password: str) -> str:
    return unicodedata.normalize("NFC", password)


def hash_password(password: str) -> str:
    return _hasher().hash(normalise(password))


def verify_password(password_hash: str, password: str) -> bool:
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _hasher().verify(password_hash, normalise(password))
    except (VerifyMismatchError, VerificationError, InvalidHashError, UnicodeEncodeError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


@lru_cache
def _dummy_hash() -> str:
    return hash_password("not a password of anyone")


def burn_time() -> None:
    """Costs what a verification costs, for a user name that does not exist: the answer's
    timing must not tell which names do."""
    verify_password(_dummy_hash(), "wrong")


def check_new_password(password: str) -> str:
    """Raises ValueError with a message for the operator when a new password is too weak."""
    if len(password) < MIN_LENGTH:
        raise ValueError(f"password must be at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise ValueError(f"password must be at most {MAX_LENGTH} characters")
    if "\x00" in password:
        raise ValueError("password must not contain a NUL character")
    return password
