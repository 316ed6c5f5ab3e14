"""What every resource module of the API uses: its blueprint class and its commit boundary.

    bp = ApiBlueprint("api_films", __name__, description="A filmmaker's films.")

    @bp.get("/films/<int:film_id>")
    @requires(TokenScope.READ, *FILMMAKER_AND_STAFF)
    @bp.response(200, FilmSchema)
    def get_film(film_id): ...

A write calls its domain's service through `committed(lambda: service(...))`: the value, or
the service's `Refusal` raised as a problem with nothing kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import flask_smorest

from festival.api import API_PREFIX
from festival.api.parsing import BoundedJsonParser
from festival.api.problems import refusal_problem
from festival.transactions import commit

T = TypeVar("T")


class ApiBlueprint(flask_smorest.Blueprint):
    """A group of API resources under /api/v1, reading bodies through `BoundedJsonParser`."""

    ARGUMENTS_PARSER = BoundedJsonParser()

    def __init__(self, name: str, import_name: str, **options):
        super().__init__(name, import_name, url_prefix=API_PREFIX, **options)


def committed(change: Callable[[], T]) -> T:
    """`transactions.commit` for an API view: the change's value once committed; on a
    `Refusal`, rolled back and raised as its problem."""
    outcome = commit(change)
    if not outcome:
        raise refusal_problem(outcome.refusal)
    return outcome.value
