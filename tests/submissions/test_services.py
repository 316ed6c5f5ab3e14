"""Entering a film: the fee fixed at submission, waiver codes, the frozen disclosure, the
confirmation; judging outcomes and payment."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask_babel import force_locale

from festival.audit.services import events_for
from festival.editions import rules as edition_rules
from festival.editions.services import EditionError, remove_category, update_deadline
from festival.extensions import db
from festival.notifications.models import OutboxEmail
from festival.submissions import services
from festival.submissions.enums import SubmissionStatus
from festival.submissions.models import Submission
from festival.submissions.services import SubmissionError, submit_film
from festival.submissions.workflow import WorkflowError
from tests import factories
from tests.submissions.conftest import make_disclosure, make_entrant_film, make_film


@pytest.fixture
def edition(make_edition):
    """An edition whose early deadline has passed: the Regular tier (₩50,000) applies."""
    today = date.today()
    return make_edition(
        opens_on=today - timedelta(days=20),
        deadlines=[
            ("Early", today - timedelta(days=1), 30_000),
            ("Regular", today + timedelta(days=10), 50_000),
            ("Late", today + timedelta(days=40), 70_000),
        ],
        waiver_codes=[("STUDENT", 2), ("LAST", 1)],
    )


def uses_left(edition, code: str) -> int:
    return next(w for w in edition.waiver_codes if w.code == code).uses_left


def submissions_of(film):
    return db.session.scalars(db.select(Submission).where(Submission.film_id == film.id)).all()


def test_submitting_fixes_the_fee_of_the_current_tier(edition):
    film = make_entrant_film()
    (submission,) = submit_film(film, edition, [edition.categories[0]], actor=film.owner)
    assert submission.deadline.name == "Regular"
    assert (submission.fee_cents, submission.currency) == (50_000, "KRW")
    assert submission.waiver_code is None
    assert not submission.is_paid
    update_deadline(submission.deadline, actor=None, fee_cents=60_000)
    db.session.flush()
    db.session.expire(submission)
    assert submission.fee_cents == 50_000


def test_submitting_freezes_and_links_the_disclosure_and_records_the_history(edition):
    film = make_entrant_film()
    disclosure = make_disclosure(film, version=2)
    (submission,) = submit_film(film, edition, [edition.categories[1]], actor=film.owner)
    assert submission.disclosure_id == disclosure.id
    assert disclosure.is_frozen
    assert submission.status is SubmissionStatus.SUBMITTED
    assert submission.submitted_at is not None
    assert [(e.from_status, e.to_status) for e in submission.events] == [
        (SubmissionStatus.DRAFT, SubmissionStatus.SUBMITTED)
    ]
    verbs = [(e.verb, e.actor_id) for e in events_for(submission)]
    assert verbs == [("created", film.owner.id), ("status_changed", film.owner.id)]


def test_the_filmmaker_gets_one_confirmation_for_all_categories(edition):
    film = make_entrant_film(title="빛의 정원")
    submit_film(film, edition, edition.categories, actor=film.owner)
    emails = db.session.scalars(db.select(OutboxEmail).where(OutboxEmail.to == film.owner.email))
    (email,) = emails.all()
    assert "빛의 정원" in email.body
    assert "AI Short" in email.body and "AI Feature" in email.body
    assert "/submissions" in email.body


def test_a_waiver_code_is_used_once_per_submission_and_waives_the_fee(edition):
    film = make_entrant_film()
    submissions = submit_film(
        film, edition, edition.categories, actor=film.owner, waiver_code=" student "
    )
    assert [s.fee_cents for s in submissions] == [0, 0]
    assert all(s.waiver_code.code == "STUDENT" for s in submissions)
    assert uses_left(edition, "STUDENT") == 0


def test_an_exhausted_code_is_refused_next_to_the_code_field(edition):
    first, second = make_entrant_film(), make_entrant_film()
    submit_film(first, edition, [edition.categories[0]], actor=first.owner, waiver_code="LAST")
    with force_locale("en"), pytest.raises(SubmissionError, match="used up") as refused:
        submit_film(second, edition, edition.categories[:1], actor=second.owner, waiver_code="last")
    assert refused.value.field == "waiver_code"


def test_a_code_with_too_few_uses_for_every_category_says_so(edition):
    film = make_entrant_film()
    with force_locale("en"), pytest.raises(SubmissionError) as refused:
        submit_film(film, edition, edition.categories, actor=film.owner, waiver_code="LAST")
    assert str(refused.value) == (
        "This waiver code has uses left for 1 of the 2 categories chosen; each entry uses it once."
    )


def test_an_ineligible_film_is_refused_before_anything_is_spent(edition):
    film = make_film(runtime_s=600)
    make_disclosure(film, segments=[(0, 60_000)])
    with force_locale("en"), pytest.raises(SubmissionError, match="AI Short") as refused:
        submit_film(film, edition, edition.categories, actor=film.owner, waiver_code="STUDENT")
    assert refused.value.field == "categories"
    assert uses_left(edition, "STUDENT") == 2
    assert submissions_of(film) == []


def test_categories_of_another_edition_are_refused(edition, make_edition):
    film = make_entrant_film()
    other = make_edition()
    with pytest.raises(SubmissionError):
        submit_film(film, edition, [other.categories[0]], actor=film.owner)


def test_only_the_owner_can_submit_their_film(edition):
    film = make_entrant_film()
    someone = factories.make_user()
    with pytest.raises(WorkflowError, match="Only the filmmaker"), force_locale("en"):
        submit_film(film, edition, [edition.categories[0]], actor=someone)


def test_a_category_with_a_submission_cannot_be_removed(edition):
    category = edition.categories[0]
    factories.make_submission(film=make_film(), category=category)
    assert not edition_rules.can_remove_category(category)
    assert edition_rules.can_remove_category(edition.categories[1])
    with pytest.raises(EditionError):
        remove_category(category, actor=None)


def test_outcomes_are_named_once_per_edition_and_removed_only_while_unused(edition, make_user):
    admin = make_user("admin")
    finalist = services.add_outcome(
        edition, actor=admin, name="Finalist", public_description="결선 진출작 12편 중 하나"
    )
    with pytest.raises(SubmissionError) as refused:
        services.add_outcome(edition, actor=admin, name="finalist", public_description="x")
    assert refused.value.field == "name"
    submission = factories.make_submission(film=make_film(), category=edition.categories[0])
    services.set_outcome(submission, finalist, actor=admin)
    assert submission.outcome is finalist
    with pytest.raises(SubmissionError):
        services.remove_outcome(finalist, actor=admin)
    services.set_outcome(submission, None, actor=admin)
    services.remove_outcome(finalist, actor=admin)
    assert services.outcomes_of(edition) == []
    assert [e.verb for e in events_for(submission)] == ["outcome_set", "outcome_set"]


def test_an_outcome_of_another_edition_cannot_be_given(edition, make_edition, make_user):
    other = services.add_outcome(make_edition(), actor=None, name="Winner", public_description="")
    submission = factories.make_submission(film=make_film(), category=edition.categories[0])
    with pytest.raises(SubmissionError):
        services.set_outcome(submission, other, actor=make_user("admin"))


def test_marking_paid_is_audited(edition, make_user):
    admin = make_user("admin")
    submission = factories.make_submission(film=make_film(), category=edition.categories[0])
    services.set_paid(submission, True, actor=admin)
    services.set_paid(submission, True, actor=admin)
    assert submission.is_paid
    assert [(e.verb, e.after) for e in events_for(submission)] == [
        ("payment_marked", {"is_paid": True})
    ]
