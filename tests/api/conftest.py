"""API fixtures: a token for a user, and the header that sends it; the desk's edition and a
programmer's token for it."""

from __future__ import annotations

import pytest

from festival.accounts.enums import Role
from festival.api.tokens import services
from festival.api.tokens.enums import READ_AND_WRITE
from festival.database import utcnow
from festival.extensions import db
from festival.films.enums import CreditRole
from festival.films.models import Credit
from tests import factories


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


@pytest.fixture
def festival(app_ctx):
    """The desk's tests' edition: seven entries (ties in category and runtime, one draft)."""
    edition = factories.make_edition()
    short, feature = edition.categories
    titles = ["Rainfall", "Night Bus", "The Quiet Sea", "Orchard", "Glass", "Echo", "Lantern"]
    entries = {}
    for index, title in enumerate(titles):
        film = factories.make_film(
            title=title,
            runtime_s=(5 + index % 3) * 60,
            countries=["FR"] if index % 2 else ["KR"],
            credits=[Credit(role=CreditRole.DIRECTOR, name=f"Director {index}", position=0)],
        )
        entries[title] = factories.make_submission(
            film,
            short if index % 3 else feature,
            status="shortlisted" if index == 3 else "submitted",
        )
    entries["draft"] = factories.make_submission(
        factories.make_film(title="Draft"), short, status="draft"
    )
    db.session.commit()
    return edition, entries


@pytest.fixture
def staff(token_of):
    return token_of(factories.make_user(Role.PROGRAMMER))
