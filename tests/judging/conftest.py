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


def round_form(*criteria: tuple[str, str], **fields) -> dict:
    """What the round form posts: a jury round open from 2020 to 2099, two reviews a film,
    covering shortlisted films, with `criteria` as (name, weight) rows scored 1 to 10;
    `fields` add to it or override it."""
    data = {
        "stage": "jury",
        "opens_at": "2020-01-01T09:00",
        "closes_at": "2099-01-01T09:00",
        "reviews_per_film": "2",
        "statuses": ["shortlisted"],
        "min_watched_percent": "80",
    }
    for n, (name, weight) in enumerate(criteria):
        data |= {
            f"criteria-{n}-name": name,
            f"criteria-{n}-weight": weight,
            f"criteria-{n}-scale_min": "1",
            f"criteria-{n}-scale_max": "10",
        }
    return data | fields


def staff_pages(round_, assignment) -> list[str]:
    """Every staff page of `round_` and its edition; `assignment` (with a review) names the
    recuse and reopen pages."""
    new_round = f"/manage/editions/{round_.edition_id}/rounds/new"
    return [
        f"/manage/editions/{round_.edition_id}/rounds",
        new_round,
        f"{new_round}?stage=screening&template=screening-yes-maybe-no",
        f"{new_round}?copy={round_.id}",
        f"/manage/rounds/{round_.id}",
        f"/manage/rounds/{round_.id}/members",
        f"/manage/rounds/{round_.id}/assignments",
        f"/manage/rounds/{round_.id}/assignments/plan",
        f"/manage/rounds/{round_.id}/conflicts",
        f"/manage/rounds/{round_.id}/results",
        f"/manage/assignments/{assignment.id}/recuse",
        f"/manage/reviews/{assignment.review.id}/reopen",
    ]
