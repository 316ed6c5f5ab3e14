"""Password hashing with Argon2id.

Production uses argon2-cffi's RFC 9106 low-memory profile; the test suite sets
`PASSWORD_HASH_PROFILE = "cheapest"` so hundreds of sign-ins stay fast."""

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app

MIN_LENGTH = 10

_PROFILES = {
    "standard": PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY),
    "cheapest": PasswordHasher.from_parameters(profiles.CHEAPEST),
}


def _hasher() -> PasswordHasher:
    return _PROFILES[current_app.config.get("PASSWORD_HASH_PROFILE", "standard")]


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        return False
    try:
        return _hasher().verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)
