"""API fixtures: a token for a user, and the header that sends it."""

from __future__ import annotations

import pytest

from festival.api.tokens import services
from festival.api.tokens.enums import READ_AND_WRITE
from festival.database import utcnow


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


def make_token(user, scopes=READ_AND_WRITE, *, name="Test token", expires_at=None):
    """A token of `user` (flushed, in the test's transaction), and its secret."""
    return services.create_token(
        user, name=name, scopes=scopes, now=utcnow(), expires_at=expires_at
    )


@pytest.fixture
def token_of(app_ctx):
    """`token_of(user, scopes=...)`: the Authorization header of a new token of `user`."""

    def make(user, scopes=READ_AND_WRITE, **options) -> dict:
        return bearer(make_token(user, scopes, **options)[1])

    return make
