"""Decisions and their release for staff (the outcomes and the status each gives, the
notification texts in each language, the preview of every message, scheduling or releasing
now), and a selected filmmaker's answer (attendance, the screening copy)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from festival.accounts.access import roles
from festival.accounts.enums import STAFF_ROLES, Role
from festival.editions.loaders import get_edition, get_in_edition
from festival.editions.models import Edition
from festival.programming import decisions
from festival.programming.decision_forms import (
    AttendanceForm,
    MessageForm,
    OutcomeStatusForm,
    ScheduleForm,
)
from festival.submissions import queries as submission_queries
from festival.submissions import services as submission_services
from festival.submissions.enums import SubmissionStatus
from festival.submissions.models import JudgingOutcome, Submission
from festival.transactions import commit

bp = Blueprint("programming_decisions", __name__)

PREVIEW_PAGE_SIZE = 20


def get_own_submission(submission_id: int) -> Submission:
    submission = submission_queries.submission_for_page(submission_id)
    if submission is None or submission.film.owner_id != current_user.id:
        abort(404)
    return submission


def back_to_decisions(edition: Edition, anchor: str | None = None):
    return redirect(
        url_for("programming_decisions.overview", edition_id=edition.id, _anchor=anchor)
    )


# --- the overview -----------------------------------------------------------------------------


def render_overview(edition: Edition, schedule_form: ScheduleForm | None = None):
    statuses = decisions.outcome_statuses(edition)
    outcomes = submission_services.outcomes_of(edition)
    status_forms = {
        outcome.id: OutcomeStatusForm(
            formdata=None,
            prefix=f"outcome-{outcome.id}",
            status=(statuses.get(outcome.id) or ""),
        )
        for outcome in outcomes
    }
    releases = decisions.releases_of(edition)
    return render_template(
        "programming/decisions.html",
        edition=edition,
        outcomes=outcomes,
        status_forms=status_forms,
        pending=decisions.pending_count(edition),
        scheduled=decisions.scheduled_release(edition),
        releases=releases,
        deliveries={release.id: decisions.delivery_of(release) for release in releases},
        schedule_form=schedule_form or ScheduleForm(formdata=None),
    )


@bp.get("/manage/editions/<int:edition_id>/decisions")
@roles(*STAFF_ROLES)
def overview(edition_id: int):
    return render_overview(get_edition(edition_id))


@bp.post("/manage/editions/<int:edition_id>/decisions/usual-outcomes")
@roles(*STAFF_ROLES)
def add_usual_outcomes(edition_id: int):
    edition = get_edition(edition_id)
    outcome = commit(lambda: decisions.add_usual_outcomes(edition, actor=current_user), flash=True)
    if outcome:
        flash(_("%(count)d outcomes added.", count=len(outcome.value)), "success")
    return back_to_decisions(edition, "outcomes")


@bp.post("/manage/editions/<int:edition_id>/decisions/outcomes/<int:outcome_id>/status")
@roles(*STAFF_ROLES)
def set_outcome_status(edition_id: int, outcome_id: int):
    edition = get_edition(edition_id)
    judged = get_in_edition(JudgingOutcome, edition, outcome_id)
    form = OutcomeStatusForm(prefix=f"outcome-{judged.id}")
    if form.validate_on_submit():
        status = SubmissionStatus(form.status.data) if form.status.data else None
        if commit(
            lambda: decisions.set_outcome_status(judged, status, actor=current_user), flash=True
        ):
            flash(_("“%(outcome)s” is saved.", outcome=judged.name), "success")
    else:
        flash(_("Choose the status this outcome gives."), "error")
    return back_to_decisions(edition, "outcomes")


# --- notification texts -----------------------------------------------------------------------


def message_forms(edition: Edition, judged: JudgingOutcome) -> dict[str, MessageForm]:
    templates, statuses = decisions.templates_of(edition), decisions.outcome_statuses(edition)
    forms = {}
    for locale in decisions.LOCALES:
        text = decisions.text_for(judged.id, locale, templates, statuses)
        forms[locale] = MessageForm(
            formdata=None, prefix=locale, subject=text.subject, body=text.body
        )
    return forms


def render_messages(edition, judged, submitted: dict[str, MessageForm] | None = None):
    templates = decisions.templates_of(edition)
    return render_template(
        "programming/decisions_messages.html",
        edition=edition,
        outcome=judged,
        forms=message_forms(edition, judged) | (submitted or {}),
        saved={locale for (outcome_id, locale) in templates if outcome_id == judged.id},
        placeholders=decisions.messages.PLACEHOLDERS,
    )


@bp.get("/manage/editions/<int:edition_id>/decisions/outcomes/<int:outcome_id>/messages")
@roles(*STAFF_ROLES)
def messages(edition_id: int, outcome_id: int):
    edition = get_edition(edition_id)
    return render_messages(edition, get_in_edition(JudgingOutcome, edition, outcome_id))


@bp.post("/manage/editions/<int:edition_id>/decisions/outcomes/<int:outcome_id>/messages")
@roles(*STAFF_ROLES)
def save_message(edition_id: int, outcome_id: int):
    edition = get_edition(edition_id)
    judged = get_in_edition(JudgingOutcome, edition, outcome_id)
    locale = request.args.get("locale", "")
    if locale not in decisions.LOCALES:
        abort(400)
    form = MessageForm(prefix=locale)
    if form.validate_on_submit() and commit(
        lambda: decisions.save_template(
            judged, locale, subject=form.subject.data, body=form.body.data, actor=current_user
        ),
        form=form,
    ):
        flash(_("The message is saved."), "success")
        return redirect(
            url_for(
                "programming_decisions.messages",
                edition_id=edition.id,
                outcome_id=judged.id,
                _anchor=f"message-{locale}",
            )
        )
    return render_messages(edition, judged, {locale: form})


# --- preview and release ----------------------------------------------------------------------


@bp.get("/manage/editions/<int:edition_id>/decisions/preview")
@roles(*STAFF_ROLES)
def preview(edition_id: int):
    edition = get_edition(edition_id)
    total = decisions.pending_count(edition)
    pages = max(1, -(-total // PREVIEW_PAGE_SIZE))
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    pending = decisions.pending_decisions(
        edition, offset=(page - 1) * PREVIEW_PAGE_SIZE, limit=PREVIEW_PAGE_SIZE
    )
    return render_template(
        "programming/decisions_preview.html",
        edition=edition,
        previews=decisions.previews(pending, edition),
        total=total,
        page=page,
        pages=pages,
        first=(page - 1) * PREVIEW_PAGE_SIZE,
    )


@bp.post("/manage/editions/<int:edition_id>/decisions/release")
@roles(*STAFF_ROLES)
def release_now(edition_id: int):
    edition = get_edition(edition_id)
    outcome = commit(lambda: decisions.release_now(edition, actor=current_user), flash=True)
    if outcome:
        flash(
            _(
                "%(count)d decisions released; the messages are on their way.",
                count=outcome.value.message_count,
            ),
            "success",
        )
    return back_to_decisions(edition, "releases")


@bp.post("/manage/editions/<int:edition_id>/decisions/schedule")
@roles(*STAFF_ROLES)
def schedule(edition_id: int):
    edition = get_edition(edition_id)
    form = ScheduleForm()
    if form.validate_on_submit() and commit(
        lambda: decisions.schedule_release(edition, form.release_at.data, actor=current_user),
        form=form,
    ):
        flash(_("The release is scheduled."), "success")
        return back_to_decisions(edition, "release")
    return render_overview(edition, schedule_form=form)


@bp.post("/manage/editions/<int:edition_id>/decisions/cancel")
@roles(*STAFF_ROLES)
def cancel(edition_id: int):
    edition = get_edition(edition_id)
    release = decisions.scheduled_release(edition)
    if release is not None and commit(
        lambda: decisions.cancel_release(release, actor=current_user), flash=True
    ):
        flash(_("The scheduled release is cancelled."), "success")
    return back_to_decisions(edition, "release")


# --- the filmmaker's answer -------------------------------------------------------------------


def attendance_form(submission: Submission, formdata=None) -> AttendanceForm:
    attendance = decisions.attendance_of(submission)
    values = {}
    if attendance is not None and formdata is None:
        values = {
            "attending": "yes" if attendance.is_attending else "no",
            "guests": attendance.guests,
            "note": attendance.note,
            "screening_copy_id": attendance.screening_copy_id,
        }
    form = AttendanceForm(formdata=formdata, **values)
    form.screening_copy_id.choices = [SelectChoice("", _("Not chosen yet"))] + [
        SelectChoice(s.id, _("Version %(number)d", number=s.version))
        for s in decisions.ready_screeners(submission)
    ]
    return form


def render_attendance(submission: Submission, form: AttendanceForm):
    return render_template(
        "programming/decisions_attendance.html",
        submission=submission,
        released=decisions.released_decision(submission),
        form=form,
    )


@bp.get("/submissions/<int:submission_id>/attendance")
@roles(Role.FILMMAKER, owned=True)
def attendance(submission_id: int):
    submission = get_own_submission(submission_id)
    return render_attendance(submission, attendance_form(submission))


@bp.post("/submissions/<int:submission_id>/attendance")
@roles(Role.FILMMAKER, owned=True)
def confirm_attendance(submission_id: int):
    submission = get_own_submission(submission_id)
    form = attendance_form(submission, formdata=request.form)
    if form.validate_on_submit() and commit(
        lambda: decisions.save_attendance(
            submission,
            actor=current_user,
            is_attending=form.attending.data == "yes",
            guests=form.guests.data or 0,
            note=form.note.data or "",
            screening_copy_id=form.screening_copy_id.data,
        ),
        form=form,
    ):
        flash(_("Thank you: the festival has your answer."), "success")
        return redirect(url_for("submissions.dashboard", _anchor=f"submission-{submission.id}"))
    return render_attendance(submission, form)
