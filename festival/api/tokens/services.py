"""Making, revoking and checking personal access tokens.

A secret is `fest_` and 43 characters of `secrets.token_urlsafe(32)` (256 random bits): so
many that a SHA-256 of it (no salt, no slow hash) is all a stolen table gives away, and the
token is found by that hash in one indexed read. Services flush and audit; callers commit."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Collection
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l

from festival.api.tokens.enums import TokenScope
from festival.api.tokens.models import ApiToken
from festival.audit.services import record
from festival.extensions import db
from festival.refusals import Refusal, RefusalKind

SECRET_PREFIX = "fest_"
SHOWN_CHARACTERS = 8
"""How much of the secret after `fest_` the account page shows to tell tokens apart."""
MAX_TOKENS = 20
"""Live (unrevoked) tokens a user may hold at once."""
USE_NOTED_EVERY = timedelta(minutes=1)


class TokenRefusal(Refusal):
    """A token that cannot be made, or is not the user's to revoke."""


def secret_sha256(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def tokens_of(user) -> list[ApiToken]:
    """The user's tokens, newest first, revoked ones too (their page shows them struck)."""
    return db.session.scalars(
        db.select(ApiToken)
        .where(ApiToken.user_id == user.id)
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    ).all()


def create_token(
    user,
    *,
    name: str,
    scopes: Collection[TokenScope],
    now: datetime,
    expires_at: datetime | None = None,
) -> tuple[ApiToken, str]:
    """A new token of `user`, and its secret: shown to them this once, never stored."""
    live = sum(1 for token in tokens_of(user) if token.is_usable(now))
    if live >= MAX_TOKENS:
        raise TokenRefusal(
            _l("You have %(count)d tokens; revoke one you no longer use first.", count=live)
        )
    if not scopes:
        raise TokenRefusal(_l("Choose what the token may do."), "scopes")
    if expires_at is not None and expires_at <= now:
        raise TokenRefusal(_l("Choose an expiry in the future."), "expires_in_days")
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name,
        scopes=[scope.value for scope in TokenScope if scope in scopes],
        prefix=secret[: len(SECRET_PREFIX) + SHOWN_CHARACTERS],
        secret_sha256=secret_sha256(secret),
        created_at=now,
        expires_at=expires_at,
    )
    db.session.add(token)
    db.session.flush()
    record(
        "api_token.created",
        token,
        actor=user,
        after={"name": name, "scopes": token.scopes, "expires_at": iso(expires_at)},
    )
    return token, secret


def revoke_token(user, token_id: int, *, now: datetime) -> ApiToken:
    """Revoke the user's token `token_id`; revoking a revoked one changes nothing."""
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise TokenRefusal(_l("There is no such token of yours."), kind=RefusalKind.NOT_FOUND)
    if token.revoked_at is None:
        token.revoked_at = now
        record("api_token.revoked", token, actor=user, after={"name": token.name})
    return token


def token_for_secret(secret: str) -> ApiToken | None:
    """The token whose secret this is (revoked and expired ones too: the caller says why it
    is refused), or None."""
    if not secret.startswith(SECRET_PREFIX):
        return None
    return db.session.scalar(
        db.select(ApiToken).where(ApiToken.secret_sha256 == secret_sha256(secret))
    )


def note_use(token_id: int, *, now: datetime) -> None:
    """Remember when a token was last used, writing at most once a `USE_NOTED_EVERY`."""
    db.session.execute(
        db.update(ApiToken)
        .where(
            ApiToken.id == token_id,
            (ApiToken.last_used_at.is_(None)) | (ApiToken.last_used_at < now - USE_NOTED_EVERY),
        )
        .values(last_used_at=now)
    )


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
