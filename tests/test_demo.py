"""The demo festival is made through the real services and pipeline, completely, and once."""

import pytest

from festival import demo
from festival.disclosure import services as disclosures
from festival.extensions import db
from festival.media.enums import ScreenerState
from festival.media.models import Screener
from festival.submissions.enums import SubmissionStatus
from festival.submissions.models import Submission

pytestmark = pytest.mark.committing


def test_demo_films_get_screeners_and_one_is_entered_with_a_complete_disclosure(app_ctx):
    accounts, edition = demo.seed()
    db.session.commit()
    demo.seed()
    db.session.commit()
    submissions = db.session.scalars(db.select(Submission)).all()
    assert len(submissions) == 1
    submission = submissions[0]
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.edition_id == edition.id
    assert submission.film.owner == accounts[3]
    assert submission.disclosure.is_frozen
    assert disclosures.is_complete(submission.disclosure)
    assert disclosures.ai_share(submission.disclosure) >= 0.7
    states = {s.film.title: s.state for s in db.session.scalars(db.select(Screener))}
    assert states == {demo.FILM_TITLE: ScreenerState.READY, demo.SECOND_FILM_TITLE: "queued"}


def test_demo_juror_finds_the_entered_film_assigned_in_a_blind_jury_round(app_ctx):
    from festival.judging.enums import RoundStage
    from festival.judging.models import Assignment, Round

    accounts, _edition = demo.seed()
    db.session.commit()
    demo.seed()
    db.session.commit()
    rounds = db.session.scalars(db.select(Round).order_by(Round.id)).all()
    assert [(r.stage, r.is_blind) for r in rounds] == [
        (RoundStage.SCREENING, False),
        (RoundStage.JURY, True),
    ]
    jury = rounds[1]
    assert [entry.screener.state for entry in jury.entries] == [ScreenerState.READY]
    reviewers = set(
        db.session.scalars(db.select(Assignment.reviewer_id).where(Assignment.round_id == jury.id))
    )
    assert reviewers == {accounts[2].id, accounts[4].id}
