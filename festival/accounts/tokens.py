"""Signed, expiring, single-use links for password resets, invitations and registrations.

A token carries the user's id and a fingerprint of their current password hash and session
token; setting a password changes both, so a used link stops working without a table of tokens.
A registration token carries what the registration form said; it stops working once an
account has its address.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from festival.accounts.models import User
from festival.extensions import db

PASSWORD_RESET = "password-reset"
INVITATION = "invitation"
REGISTRATION = "registration"


@dataclass(frozen=True)
class Registration:
    """A registration waiting for its owner to open the emailed link and choose a password."""

    email: str
    name: str
    locale: str | None
    timezone: str | None = None


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"festival-{purpose}")


def _fingerprint(user: User) -> str:
    material = f"{user.password_hash or ''}|{user.session_token}|{user.is_active}"
    return hashlib.sha256(material.encode()).hexdigest()[:20]


def make_token(user: User, purpose: str) -> str:
    return _serializer(purpose).dumps({"user": user.id, "fp": _fingerprint(user)})


def user_for_token(token: str, purpose: str, max_age_s: int) -> User | None:
    """The user a valid, unused, unexpired token names, else None."""
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age_s)
    except (SignatureExpired, BadSignature):
        return None
    user = db.session.get(User, payload.get("user"))
    if user is None or _fingerprint(user) != payload.get("fp"):
        return None
    return user


def make_registration_token(registration: Registration) -> str:
    return _serializer(REGISTRATION).dumps(asdict(registration))


def registration_for_token(token: str, max_age_s: int) -> Registration | None:
    """The registration a valid, unexpired token carries, while no account has its address
    (so the link works once), else None."""
    try:
        payload = _serializer(REGISTRATION).loads(token, max_age=max_age_s)
        registration = Registration(**payload)
    except (SignatureExpired, BadSignature, TypeError):
        return None
    if db.session.scalar(db.select(User.id).where(User.email == registration.email)) is not None:
        return None
    return registration
