"""Password hashing with Argon2id, and which passwords we refuse.

Production uses argon2-cffi's RFC 9106 low-memory profile; the test suite sets
`PASSWORD_HASH_PROFILE = "cheapest"` so hundreds of sign-ins stay fast.

`weakness` follows NIST SP 800-63B 5.1.1.2: at least MIN_LENGTH characters, no composition
rules, and no password that is common, repetitive or built from context (the user's name and
email, the festival's name). The zxcvbn estimator judges it; we refuse a score under
MIN_SCORE."""

from __future__ import annotations

import functools
import re
import secrets
import threading
from collections.abc import Iterable
from urllib.parse import urlsplit

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from flask import current_app
from flask_babel import LazyString, force_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from zxcvbn import zxcvbn

from festival.config import LANGUAGES

MIN_LENGTH = 10
MIN_SCORE = 3
"""zxcvbn's 3 is "safely unguessable": over 10^8 guesses, out of reach of an online attack
and costly offline against Argon2id. 2 lets `festival2025!` through; 4 refuses many honest
passphrases of three words."""
_ESTIMATED_LENGTH = 72  # zxcvbn refuses longer input; its first 72 characters are enough
_SITE_NAME = "AI Film Festival"
_estimating = threading.Lock()  # zxcvbn keeps the user inputs in a module-wide dictionary

_PROFILES = {
    "standard": PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY),
    "cheapest": PasswordHasher.from_parameters(profiles.CHEAPEST),
}


def _profile() -> str:
    return current_app.config.get("PASSWORD_HASH_PROFILE", "standard")


def _hasher() -> PasswordHasher:
    return _PROFILES[_profile()]


@functools.cache
def _stand_in_hash(profile: str) -> str:
    """A hash of a random password, made with `profile`'s parameters, that nothing matches."""
    return _PROFILES[profile].hash(secrets.token_urlsafe(32))


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Whether `password` matches `password_hash`. Without a hash (no such account, or none
    that may sign in) it is verified against a stand-in hash and refused, so every answer
    costs one verification and the time taken does not tell whether an address is registered."""
    try:
        matches = _hasher().verify(password_hash or _stand_in_hash(_profile()), password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    return matches and bool(password_hash)


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


def weakness(password: str, *, context: Iterable[str] = ()) -> LazyString | None:
    """Why `password` is refused, or None. `context` is what an attacker knows of the
    account (see `password_context`); a password is judged both as typed and with every
    context word taken out, so `Ada Lovelace 1815` is judged as `1815`."""
    if len(password) < MIN_LENGTH:
        return _l("Use at least %(count)d characters.", count=MIN_LENGTH)
    words = sorted({word for text in context for word in _words(text)}, key=len, reverse=True)
    remainder = _compact(password)
    for word in words:
        remainder = remainder.replace(word, "")
    if min(_score(password, words), _score(remainder, words)) < MIN_SCORE:
        return _l(
            "This password is too easy to guess: it is common, repeats itself, or is made from "
            "your name, your email or the festival's name. Choose a phrase of four or more "
            "unrelated words."
        )
    return None


def password_context(*, email: str, name: str) -> list[str]:
    """What an attacker knows of an account: its name and email, the festival's name in
    every language and the site's host."""
    site_names = []
    for language in LANGUAGES:
        with force_locale(language):
            site_names.append(_(_SITE_NAME))
    local, _at, domain = email.partition("@")
    host = urlsplit(current_app.config.get("SITE_URL") or "").hostname or ""
    return [name, email, local, *domain.split(".")[:-1], *site_names, *host.split(".")[:-1]]


def _score(password: str, words: list[str]) -> int:
    if not password:
        return 0
    with _estimating:
        return zxcvbn(password[:_ESTIMATED_LENGTH], user_inputs=words)["score"]


def _compact(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold())


def _words(text: str) -> list[str]:
    """The parts of a name or address worth guessing from: whole and split on separators,
    three letters or more (two for Hangul and other scripts, where a syllable says more)."""
    parts = [_compact(text), *(_compact(part) for part in re.split(r"[\W_]+", text))]
    return [p for p in parts if not p.isdigit() and len(p) >= (3 if p.isascii() else 2)]
