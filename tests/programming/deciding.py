"""Small makers for the decision and bulk tests: an edition with the usual outcomes and
entries of different filmmakers."""

from __future__ import annotations

from festival.accounts.enums import Role
from festival.programming import decisions
from festival.submissions.services import outcomes_of
from tests import factories


def edition_with_outcomes(**fields):
    """An edition with Selected, Waitlisted and Not selected (with their statuses)."""
    edition = factories.make_edition(**fields)
    decisions.add_usual_outcomes(edition, actor=None)
    return edition


def outcome_named(edition, name: str):
    return next(o for o in outcomes_of(edition) if o.name == name)


def entries(edition, count: int, *, status="in_consideration", locale="en", title=None):
    """`count` entries in the edition's first category, each of its own filmmaker."""
    made = []
    for n in range(count):
        owner = factories.make_user(Role.FILMMAKER, locale=locale, name=f"Maker {n}")
        film = factories.make_film(owner=owner, title=title or f"Film {n}")
        made.append(factories.make_submission(film, edition.categories[0], status=status))
    return made
