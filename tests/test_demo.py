"""The demo festival is made through the real services, completely, and only once."""

from festival import demo
from festival.disclosure import services as disclosures
from festival.extensions import db
from festival.submissions.enums import SubmissionStatus
from festival.submissions.models import Submission


def test_demo_film_is_entered_with_a_complete_disclosure_once(app_ctx):
    accounts, edition = demo.seed()
    demo.seed()
    submissions = db.session.scalars(db.select(Submission)).all()
    assert len(submissions) == 1
    submission = submissions[0]
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.edition_id == edition.id
    assert submission.film.owner == accounts[3]
    assert submission.disclosure.is_frozen
    assert disclosures.is_complete(submission.disclosure)
    assert disclosures.ai_share(submission.disclosure) > 0
