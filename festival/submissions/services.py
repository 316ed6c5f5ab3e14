"""Submission write rules: entering a film, its judging outcome, its payment.

Services validate before they change anything, flush, record the audit event and leave the
commit to the caller. Status changes go through `submissions.workflow.change_status`."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from flask_babel import lazy_gettext as _l

from festival.audit.services import record
from festival.database import utcnow
from festival.disclosure import services as disclosures
from festival.editions.models import Category, Edition, WaiverCode
from festival.editions.schedule import current_deadline, is_open
from festival.editions.waivers import WaiverCodeError, normalise_code, redeem_waiver_code
from festival.extensions import db
from festival.films.models import Film
from festival.notifications.services import queue_templated_email
from festival.refusals import Refusal
from festival.submissions import eligibility
from festival.submissions.enums import SubmissionStatus
from festival.submissions.facts import FilmFacts, facts_of
from festival.submissions.models import JudgingOutcome, Submission
from festival.submissions.workflow import change_status


class SubmissionError(Refusal):
    """A refusal the user can act on; `field` names the form field it belongs next to."""


def submit_film(
    film: Film,
    edition: Edition,
    categories: Sequence[Category],
    *,
    actor,
    waiver_code: str = "",
    now: datetime | None = None,
) -> list[Submission]:
    """Enter `film` in each of `categories` of `edition`: the fee of the current deadline is
    fixed, a waiver code (if given) spends one use per entry, the disclosure version is frozen
    and linked, each entry moves draft → submitted and the filmmaker gets one confirmation."""
    now = now or utcnow()
    facts = facts_of(film)
    _check_entry(facts, edition, categories, now=now)
    disclosure = facts.disclosure
    deadline = current_deadline(edition, now)
    waiver = _redeem(edition, waiver_code, times=len(categories))
    disclosures.freeze_disclosure(disclosure, actor=actor)
    submissions = []
    for category in categories:
        submission = Submission(
            film=film,
            edition=edition,
            category=category,
            deadline=deadline,
            waiver_code=waiver,
            disclosure=disclosure,
            fee_cents=0 if waiver is not None else deadline.fee_cents,
            currency=edition.currency,
            is_paid=False,
        )
        db.session.add(submission)
        record(
            "created",
            submission,
            actor=actor,
            after={
                "category_id": category.id,
                "deadline_id": deadline.id,
                "fee_cents": submission.fee_cents,
                "currency": submission.currency,
                "waiver_code": waiver.code if waiver is not None else None,
                "disclosure_id": disclosure.id,
            },
        )
        change_status(submission, SubmissionStatus.SUBMITTED, actor=actor)
        submissions.append(submission)
    queue_templated_email(
        film.owner,
        "submission_received",
        _l("Your entry to %(edition)s is received", edition=edition.name),
        film=film,
        edition=edition,
        submissions=submissions,
    )
    return submissions


def _check_entry(
    facts: FilmFacts, edition: Edition, categories: Sequence[Category], *, now
) -> None:
    if not is_open(edition, now):
        raise SubmissionError(_l("%(edition)s is not accepting entries now.", edition=edition.name))
    if not categories:
        raise SubmissionError(_l("Choose at least one category."), "categories")
    if any(category.edition_id != edition.id for category in categories):
        raise SubmissionError(_l("Choose categories of this edition only."), "categories")
    for category in categories:
        checks = eligibility.check_eligibility(facts, category, now=now)
        if not eligibility.is_eligible(checks):
            first = eligibility.failed(checks)[0]
            raise SubmissionError(
                _l(
                    "The film cannot be entered in %(category)s yet: %(reason)s",
                    category=category.name,
                    reason=first.message,
                ),
                "categories",
            )


def _redeem(edition: Edition, code: str, *, times: int) -> WaiverCode | None:
    """Spend `times` uses of `code` (one per entry), or none; the caller's rollback undoes
    a partial spend."""
    if not normalise_code(code or ""):
        return None
    waiver = None
    for spent in range(times):
        try:
            waiver = redeem_waiver_code(edition, code)
        except WaiverCodeError as error:
            if spent == 0:
                raise SubmissionError(str(error), "waiver_code") from error
            raise SubmissionError(
                _l(
                    "This waiver code has uses left for %(count)d of the %(total)d categories "
                    "chosen; each entry uses it once.",
                    count=spent,
                    total=times,
                ),
                "waiver_code",
            ) from error
    return waiver


# Judging outcomes: the festival's own result names, each with a public meaning.


def add_outcome(
    edition: Edition,
    *,
    actor,
    name: str,
    public_description: str,
    name_ko: str = "",
    public_description_ko: str = "",
) -> JudgingOutcome:
    _check_outcome_name(edition, name, outcome=None)
    position = 1 + max((o.position for o in outcomes_of(edition)), default=0)
    outcome = JudgingOutcome(
        edition=edition,
        name=name,
        name_ko=name_ko,
        public_description=public_description,
        public_description_ko=public_description_ko,
        position=position,
    )
    db.session.add(outcome)
    db.session.flush()
    record("outcome_added", edition, actor=actor, after=_outcome_row(outcome))
    return outcome


def update_outcome(
    outcome: JudgingOutcome,
    *,
    actor,
    name: str,
    public_description: str,
    name_ko: str = "",
    public_description_ko: str = "",
) -> None:
    """Rename or re-describe an outcome; the Korean texts are optional (English is read)."""
    _check_outcome_name(outcome.edition, name, outcome=outcome)
    before = _outcome_row(outcome)
    outcome.name, outcome.public_description = name, public_description
    outcome.name_ko, outcome.public_description_ko = name_ko, public_description_ko
    after = _outcome_row(outcome)
    if after != before:
        record("outcome_changed", outcome.edition, actor=actor, before=before, after=after)


def remove_outcome(outcome: JudgingOutcome, *, actor) -> None:
    in_use = db.session.scalar(
        db.select(Submission.id).where(Submission.outcome_id == outcome.id).limit(1)
    )
    if in_use is not None:
        raise SubmissionError(_l("Entries have this outcome, so it cannot be removed."))
    edition = outcome.edition
    before = _outcome_row(outcome)
    db.session.delete(outcome)
    db.session.flush()
    record("outcome_removed", edition, actor=actor, before=before)


def outcomes_of(edition: Edition) -> list[JudgingOutcome]:
    return db.session.scalars(
        db.select(JudgingOutcome)
        .where(JudgingOutcome.edition_id == edition.id)
        .order_by(JudgingOutcome.position, JudgingOutcome.id)
    ).all()


def _check_outcome_name(edition: Edition, name: str, *, outcome: JudgingOutcome | None) -> None:
    if any(
        other is not outcome and other.name.casefold() == name.casefold()
        for other in outcomes_of(edition)
    ):
        raise SubmissionError(_l("This edition already has an outcome with this name."), "name")


def _outcome_row(outcome: JudgingOutcome) -> dict:
    return {
        "id": outcome.id,
        "name": outcome.name,
        "name_ko": outcome.name_ko,
        "public_description": outcome.public_description,
        "public_description_ko": outcome.public_description_ko,
    }


def set_outcome(submission: Submission, outcome: JudgingOutcome | None, *, actor) -> None:
    """Give `submission` one of its edition's outcomes, or clear it with None."""
    if outcome is not None and outcome.edition_id != submission.edition_id:
        raise SubmissionError(_l("Choose an outcome of this edition."), "outcome_id")
    if submission.outcome_id == (outcome.id if outcome else None):
        return
    before = {"outcome": submission.outcome.name if submission.outcome else None}
    submission.outcome = outcome
    record(
        "outcome_set",
        submission,
        actor=actor,
        before=before,
        after={"outcome": outcome.name if outcome else None},
    )


def set_paid(submission: Submission, is_paid: bool, *, actor) -> None:
    if submission.is_paid == is_paid:
        return
    submission.is_paid = is_paid
    record(
        "payment_marked",
        submission,
        actor=actor,
        before={"is_paid": not is_paid},
        after={"is_paid": is_paid},
    )
