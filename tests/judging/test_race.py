"""Two tabs submitting the same review at the same moment: exactly one is taken, the other is
refused with a reason, and the stored review is the one that was taken, whole."""

from __future__ import annotations

import threading

import pytest

from festival.database import utcnow
from festival.extensions import db
from festival.judging import reviews
from festival.judging.models import Assignment, Review
from festival.transactions import http_status
from tests import factories

TABS = 4


@pytest.mark.committing
def test_only_one_of_several_simultaneous_saves_of_one_revision_is_taken(app):
    with app.app_context():
        juror = factories.make_user("juror")
        film = factories.make_film()
        factories.make_screener(film)
        submission = factories.make_submission(film)
        round_ = factories.make_round(submission.edition, members=[juror], submissions=[submission])
        assignment = factories.make_assignment(round_, round_.entries[0], juror)
        criteria = [c.id for c in round_.criteria]
        draft = reviews.save_review(
            assignment,
            actor=juror,
            scores={criteria[0]: 5},
            revision=0,
            submit=False,
            now=utcnow(),
        )
        db.session.commit()
        assignment_id, revision = assignment.id, draft.revision

    start = threading.Barrier(TABS)
    outcomes: list[tuple[str, int]] = []

    def save(tab: int):
        with app.app_context():
            mine = db.session.get(Assignment, assignment_id)
            start.wait()
            try:
                reviews.save_review(
                    mine,
                    actor=mine.reviewer,
                    scores={criteria[0]: 1 + tab, criteria[1]: 1 + tab},
                    comment=f"tab {tab}",
                    revision=revision,
                    submit=True,
                    now=utcnow(),
                )
                db.session.commit()
                outcomes.append(("taken", tab))
            except reviews.ReviewRefusal as refusal:
                db.session.rollback()
                assert http_status(refusal) == 409
                outcomes.append(("refused", tab))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=save, args=(tab,)) for tab in range(TABS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    taken = [tab for outcome, tab in outcomes if outcome == "taken"]
    assert len(outcomes) == TABS and len(taken) == 1
    with app.app_context():
        review = db.session.scalar(db.select(Review))
        assert review.comment == f"tab {taken[0]}"
        assert sorted(review.values().values()) == [1 + taken[0]] * 2
        assert review.revision == revision + 1
