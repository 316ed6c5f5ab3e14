"""The facts of a film, read once for one film or for many in a fixed number of queries."""

from __future__ import annotations

from contextlib import contextmanager

from sqlalchemy import event

from festival.extensions import db
from festival.films.models import Film
from festival.submissions.enums import SubmissionStatus
from festival.submissions.facts import facts_of, facts_of_films
from tests import factories
from tests.submissions.conftest import make_disclosure, make_entrant_film, make_film


@contextmanager
def counted_queries():
    statements: list[str] = []

    def count(_connection, _cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_the_facts_of_a_film_are_its_latest_disclosure_screeners_and_entries(make_edition):
    edition = make_edition()
    film = make_film(runtime_s=600)
    make_disclosure(film, segments=[(0, 480_000)])
    latest = make_disclosure(film, version=2, complete=False, segments=[(0, 300_000)])
    ready = factories.make_screener(film)
    processing = factories.make_screener(film, state="transcoding")
    factories.make_submission(film=film, category=edition.categories[0], status="withdrawn")

    facts = facts_of(film)

    assert facts.film_id == film.id
    assert facts.runtime_s == 600
    assert facts.disclosure is latest
    assert facts.draft is not None and facts.draft.audience_notice is None
    assert len(facts.problems) == 4
    assert facts.ai_share == 0.5
    assert facts.playable_screener is ready
    assert facts.latest_screener is processing
    assert facts.entries == {edition.categories[0].id: SubmissionStatus.WITHDRAWN}


def test_a_film_without_disclosure_or_screener_has_empty_facts(app_ctx):
    facts = facts_of(make_film())
    assert facts.disclosure is None and facts.draft is None
    assert (facts.problems, facts.ai_share) == ((), 0.0)
    assert facts.latest_screener is None and facts.playable_screener is None
    assert facts.entries == {}


def test_the_facts_of_many_films_take_as_many_queries_as_those_of_one(app_ctx):
    ids = [make_entrant_film().id for _ in range(3)]
    db.session.flush()
    db.session.expire_all()
    films = db.session.scalars(db.select(Film).where(Film.id.in_(ids))).all()

    with counted_queries() as one:
        facts_of_films(films[:1])
    db.session.expire_all()
    films = db.session.scalars(db.select(Film).where(Film.id.in_(ids))).all()
    with counted_queries() as many:
        by_film = facts_of_films(films)

    assert 0 < len(one) == len(many)
    assert sorted(by_film) == sorted(ids)
    assert all(facts.playable_screener is not None for facts in by_film.values())
    assert all(facts.ai_share == 0.8 for facts in by_film.values())
