"""Concurrent entries racing for the last use of a waiver code: exactly one gets it."""

from __future__ import annotations

import threading

import pytest

from festival.editions.models import Category, Edition, WaiverCode
from festival.extensions import db
from festival.films.models import Film
from festival.submissions.models import Submission
from festival.submissions.services import SubmissionError, submit_film
from tests import factories
from tests.submissions.conftest import make_entrant_film

RACERS = 4


@pytest.mark.committing
def test_only_one_of_several_concurrent_entries_gets_the_last_use_of_a_code(app):
    with app.app_context():
        edition = factories.make_edition(waiver_codes=[("LAST-ONE", 1)])
        film_ids = [make_entrant_film().id for _ in range(RACERS)]
        edition_id, category_id = edition.id, edition.categories[1].id
        db.session.commit()

    start = threading.Barrier(RACERS)
    outcomes: list[str] = []

    def enter(film_id: int):
        with app.app_context():
            film = db.session.get(Film, film_id)
            edition = db.session.get(Edition, edition_id)
            category = db.session.get(Category, category_id)
            start.wait()
            try:
                submit_film(film, edition, [category], actor=film.owner, waiver_code="last-one")
                db.session.commit()
                outcomes.append("waived")
            except SubmissionError:
                db.session.rollback()
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=enter, args=(film_id,)) for film_id in film_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["refused"] * (RACERS - 1) + ["waived"]
    with app.app_context():
        assert db.session.scalar(db.select(WaiverCode.uses_left)) == 0
        (entry,) = db.session.scalars(db.select(Submission)).all()
        assert entry.fee_cents == 0
        assert entry.waiver_code.code == "LAST-ONE"
