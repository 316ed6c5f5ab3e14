"""Entering a film, the filmmaker's dashboard, and the staff pages for submissions and the
edition's judging outcomes. A filmmaker reaches only submissions of their own films (404
otherwise); staff reach every one."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice

from festival.accounts.access import attempt_rate_limit, roles
from festival.accounts.enums import STAFF_ROLES, Role
from festival.database import utcnow
from festival.disclosure import services as disclosures
from festival.editions.loaders import get_edition, get_in_edition
from festival.editions.models import Edition
from festival.editions.schedule import current_deadline, deadline_end
from festival.extensions import db, limiter
from festival.films import rules as film_rules
from festival.films.loaders import get_film
from festival.submissions import (
    eligibility,
    queries,
    services,
)
from festival.submissions.enums import SubmissionStatus
from festival.submissions.facts import facts_of
from festival.submissions.forms import (
    FilterForm,
    OutcomeForm,
    PaymentForm,
    SetOutcomeForm,
    StatusForm,
    SubmitForm,
    WithdrawForm,
)
from festival.submissions.models import JudgingOutcome, Submission
from festival.submissions.workflow import (
    allowed_targets,
    can_withdraw,
    change_status,
)
from festival.transactions import commit

bp = Blueprint("submissions", __name__)


# Loaders: each owns its 404.


def get_own_submission(submission_id: int) -> Submission:
    submission = queries.submission_for_page(submission_id)
    if submission is None or submission.film.owner_id != current_user.id:
        abort(404)
    return submission


def get_submission(submission_id: int) -> Submission:
    return queries.submission_for_page(submission_id) or abort(404)


# The filmmaker's pages


@bp.route("/films/<int:film_id>/submit", methods=["GET", "POST"])
@roles(Role.FILMMAKER, owned=True)
@limiter.limit(
    attempt_rate_limit, methods=["POST"], exempt_when=lambda: not request.form.get("waiver_code")
)
def submit(film_id: int):
    film = get_film(film_id, film_rules.is_owner)
    now = utcnow()
    editions = queries.open_editions(now)
    edition = chosen_edition(editions, request.args.get("edition", type=int))
    if edition is None:
        return render_template("submissions/choose_edition.html", film=film, editions=editions)
    form = SubmitForm()
    form.categories.choices = [
        SelectChoice(category.id, category.display_name()) for category in edition.categories
    ]
    if form.validate_on_submit():
        chosen = [c for c in edition.categories if c.id in form.categories.data]
        outcome = commit(
            lambda: services.submit_film(
                film,
                edition,
                chosen,
                actor=current_user,
                waiver_code=form.waiver_code.data or "",
                now=now,
            ),
            form=form,
        )
        if outcome:
            flash(
                _("%(title)s is entered in %(edition)s.", title=film.title, edition=edition.name),
                "success",
            )
            return redirect(url_for("submissions.dashboard"))
    deadline = current_deadline(edition, now)
    facts = facts_of(film)
    return render_template(
        "submissions/submit.html",
        film=film,
        edition=edition,
        editions=editions,
        form=form,
        deadline=deadline,
        deadline_ends_at=deadline_end(edition, deadline) if deadline else None,
        checks={c.id: eligibility.check_eligibility(facts, c, now=now) for c in edition.categories},
        disclosure_url=url_for("disclosure.edit", film_id=film.id),
    )


def chosen_edition(editions: list[Edition], edition_id: int | None) -> Edition | None:
    if edition_id is not None:
        return next((e for e in editions if e.id == edition_id), None)
    return editions[0] if len(editions) == 1 else None


@bp.get("/submissions")
@roles(Role.FILMMAKER)
def dashboard():
    submissions = queries.submissions_of(current_user)
    return render_template(
        "submissions/dashboard.html",
        submissions=submissions,
        can_withdraw={s.id: can_withdraw(s, current_user) for s in submissions},
    )


@bp.route("/submissions/<int:submission_id>/withdraw", methods=["GET", "POST"])
@roles(Role.FILMMAKER, owned=True)
def withdraw(submission_id: int):
    submission = get_own_submission(submission_id)
    form = WithdrawForm()
    if form.validate_on_submit():
        outcome = commit(
            lambda: change_status(
                submission, SubmissionStatus.WITHDRAWN, actor=current_user, reason=form.reason.data
            ),
            flash=True,
        )
        if not outcome:
            return redirect(url_for("submissions.dashboard"))
        flash(
            _(
                "%(title)s is withdrawn from %(category)s.",
                title=submission.film.title,
                category=submission.category.name,
            ),
            "success",
        )
        return redirect(url_for("submissions.dashboard"))
    return render_template("submissions/withdraw.html", submission=submission, form=form)


# Staff pages


@bp.get("/manage/editions/<int:edition_id>/submissions")
@roles(*STAFF_ROLES)
def manage_list(edition_id: int):
    edition = get_edition(edition_id)
    form = FilterForm(request.args)
    form.set_choices(edition.categories)
    if not form.validate():
        form = FilterForm(formdata=None)
        form.set_choices(edition.categories)
    status = SubmissionStatus(form.status.data) if form.status.data else None
    submissions = queries.edition_submissions(
        edition, category_id=form.category.data, status=status
    )
    return render_template(
        "submissions/manage_list.html", edition=edition, form=form, submissions=submissions
    )


def render_manage_show(submission: Submission, submitted: dict[str, FlaskForm] | None = None):
    forms = {
        "status": StatusForm(formdata=None),
        "outcome": SetOutcomeForm(formdata=None, outcome_id=submission.outcome_id),
        "payment": PaymentForm(formdata=None, is_paid=submission.is_paid),
    } | (submitted or {})
    forms["status"].set_targets(allowed_targets(submission, current_user))
    forms["outcome"].set_outcomes(services.outcomes_of(submission.edition))
    disclosure = submission.disclosure
    return render_template(
        "submissions/manage_show.html",
        submission=submission,
        edition=submission.edition,
        forms=forms,
        ai_share=disclosures.ai_share(disclosure) if disclosure is not None else None,
        film_url=url_for("films.show", film_id=submission.film_id),
        disclosure_url=url_for("disclosure.versions", film_id=submission.film_id),
    )


@bp.get("/manage/submissions/<int:submission_id>")
@roles(*STAFF_ROLES)
def manage_show(submission_id: int):
    return render_manage_show(get_submission(submission_id))


def back_to_submission(submission: Submission, section: str):
    return redirect(
        url_for("submissions.manage_show", submission_id=submission.id, _anchor=section)
    )


@bp.post("/manage/submissions/<int:submission_id>/status")
@roles(*STAFF_ROLES)
def change_submission_status(submission_id: int):
    submission = get_submission(submission_id)
    form = StatusForm()
    form.set_targets(allowed_targets(submission, current_user))
    if form.validate_on_submit():
        outcome = commit(
            lambda: change_status(
                submission, form.status.data, actor=current_user, reason=form.reason.data
            ),
            form=form,
        )
        if outcome:
            flash(_("The status is now “%(status)s”.", status=submission.status.label), "success")
            return back_to_submission(submission, "change-status")
    return render_manage_show(submission, {"status": form})


@bp.post("/manage/submissions/<int:submission_id>/outcome")
@roles(*STAFF_ROLES)
def set_outcome(submission_id: int):
    submission = get_submission(submission_id)
    form = SetOutcomeForm()
    form.set_outcomes(services.outcomes_of(submission.edition))
    if form.validate_on_submit():
        chosen = form.outcome_id.data
        outcome = db.session.get(JudgingOutcome, chosen) if chosen else None
        if commit(lambda: services.set_outcome(submission, outcome, actor=current_user), form=form):
            flash(_("The judging outcome is saved."), "success")
            return back_to_submission(submission, "outcome")
    return render_manage_show(submission, {"outcome": form})


@bp.post("/manage/submissions/<int:submission_id>/payment")
@roles(*STAFF_ROLES)
def set_payment(submission_id: int):
    submission = get_submission(submission_id)
    form = PaymentForm()
    if form.validate_on_submit():
        services.set_paid(submission, form.is_paid.data, actor=current_user)
        db.session.commit()
        flash(_("The payment is saved."), "success")
        return back_to_submission(submission, "payment")
    return render_manage_show(submission, {"payment": form})


def outcome_forms(edition: Edition) -> dict[str, FlaskForm]:
    forms: dict[str, FlaskForm] = {"new-outcome": OutcomeForm(formdata=None, prefix="new-outcome")}
    for outcome in services.outcomes_of(edition):
        key = f"outcome-{outcome.id}"
        forms[key] = OutcomeForm(formdata=None, obj=outcome, prefix=key)
    return forms


def render_outcomes(edition: Edition, submitted: dict[str, FlaskForm] | None = None):
    return render_template(
        "submissions/outcomes.html",
        edition=edition,
        outcomes=services.outcomes_of(edition),
        forms=outcome_forms(edition) | (submitted or {}),
    )


def back_to_outcomes(edition: Edition):
    return redirect(url_for("submissions.outcomes", edition_id=edition.id))


@bp.get("/manage/editions/<int:edition_id>/outcomes")
@roles(*STAFF_ROLES)
def outcomes(edition_id: int):
    return render_outcomes(get_edition(edition_id))


def save_outcome(edition: Edition, key: str, form: OutcomeForm, change, message):
    if form.validate_on_submit() and commit(change, form=form):
        flash(message, "success")
        return back_to_outcomes(edition)
    return render_outcomes(edition, {key: form})


@bp.post("/manage/editions/<int:edition_id>/outcomes")
@roles(*STAFF_ROLES)
def add_outcome(edition_id: int):
    edition = get_edition(edition_id)
    form = OutcomeForm(prefix="new-outcome")
    return save_outcome(
        edition,
        "new-outcome",
        form,
        lambda: services.add_outcome(
            edition,
            actor=current_user,
            name=form.name.data,
            public_description=form.public_description.data,
            name_ko=form.name_ko.data or "",
            public_description_ko=form.public_description_ko.data or "",
        ),
        _("Outcome %(name)s is added.", name=form.name.data),
    )


@bp.post("/manage/editions/<int:edition_id>/outcomes/<int:outcome_id>")
@roles(*STAFF_ROLES)
def edit_outcome(edition_id: int, outcome_id: int):
    edition = get_edition(edition_id)
    outcome = get_in_edition(JudgingOutcome, edition, outcome_id)
    key = f"outcome-{outcome.id}"
    form = OutcomeForm(prefix=key)
    return save_outcome(
        edition,
        key,
        form,
        lambda: services.update_outcome(
            outcome,
            actor=current_user,
            name=form.name.data,
            public_description=form.public_description.data,
            name_ko=form.name_ko.data or "",
            public_description_ko=form.public_description_ko.data or "",
        ),
        _("Outcome %(name)s is saved.", name=form.name.data),
    )


@bp.route(
    "/manage/editions/<int:edition_id>/outcomes/<int:outcome_id>/remove", methods=["GET", "POST"]
)
@roles(*STAFF_ROLES)
def remove_outcome(edition_id: int, outcome_id: int):
    edition = get_edition(edition_id)
    outcome = get_in_edition(JudgingOutcome, edition, outcome_id)
    if request.method == "GET":
        return render_template(
            "confirm.html",
            question=_("Remove the outcome %(name)s?", name=outcome.name),
            consequence=_("An outcome can be removed only while no entry has it."),
            action=_("Remove outcome"),
            cancel_url=url_for("submissions.outcomes", edition_id=edition.id),
        )
    name = outcome.name
    if commit(lambda: services.remove_outcome(outcome, actor=current_user), flash=True):
        flash(_("Outcome %(name)s is removed.", name=name), "success")
    return back_to_outcomes(edition)
