from __future__ import annotations

from dataclasses import dataclass

import pytest

from festival.accounts.enums import Role
from festival.films.enums import CreditRole
from festival.films.models import Credit
from tests import factories


@dataclass
class Jury:
    edition: object
    programmer: object
    jurors: list
    filmmakers: list
    films: list
    submissions: list


@pytest.fixture
def jury(app_ctx):
    """An edition with four shortlisted films (each with a complete disclosure and a ready
    screener, made by filmmakers whose names are planted in their synopses), three jurors
    and a programmer."""
    edition = factories.make_edition(name="부천 AI 영화제")
    programmer = factories.make_user(Role.PROGRAMMER, name="Pat Programmer")
    jurors = [factories.make_user(Role.JUROR, name=f"Juror {n}") for n in range(3)]
    filmmakers, films, submissions = [], [], []
    for n in range(4):
        maker = factories.make_user(
            Role.FILMMAKER, name=f"Filmmaker{n} Kim", email=f"maker{n}@studio{n}.example"
        )
        film = factories.make_film(
            owner=maker,
            title=f"Film {n}",
            synopsis=f"A story by Filmmaker{n} Kim, made with Studio{n} Pictures.",
            contact_name=maker.name,
            contact_email=maker.email,
            credits=[
                Credit(role=CreditRole.DIRECTOR, name=maker.name, position=0),
                Credit(role=CreditRole.PRODUCER, name=f"Studio{n} Pictures", position=1),
            ],
        )
        factories.make_disclosure(film, human_statement=f"Shot by Filmmaker{n} Kim.")
        factories.make_screener(film, probe={"duration_s": 720.0})
        filmmakers.append(maker)
        films.append(film)
        submissions.append(
            factories.make_submission(film, edition.categories[0], status="shortlisted")
        )
    return Jury(edition, programmer, jurors, filmmakers, films, submissions)


@pytest.fixture
def jury_round(jury):
    """An open, blind jury round judging the four films, two reviews each, with the three
    jurors as its members and no assignments yet."""
    return factories.make_round(jury.edition, members=jury.jurors, submissions=jury.submissions)


def scores_of(round_, *values) -> dict[int, int]:
    """{criterion id: value}, the values in the order of the round's rubric."""
    return {criterion.id: value for criterion, value in zip(round_.criteria, values, strict=True)}
