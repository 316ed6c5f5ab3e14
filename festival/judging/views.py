"""The reviewer's pages: the dashboard of assignments, the review page (player, film and
disclosure beside the rubric), the draft autosave, abstaining, conflicts, and the
programmers' screening pass. A reviewer reaches only their own assignments (404 otherwise)."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from festival.accounts.access import roles
from festival.accounts.enums import REVIEWER_ROLES, STAFF_ROLES
from festival.database import utcnow
from festival.errors import json_error
from festival.extensions import csrf, db
from festival.films.models import Film
from festival.forms import signed_json_object
from festival.judging import (
    blind,
    conflicts,
    dossier,
    planning,
    queries,
    reviews,
    rules,
    screening,
)
from festival.judging.enums import AssignmentState
from festival.judging.forms import (
    DeclareConflictForm,
    ProfileForm,
    ReasonForm,
    ReviewForm,
    ScreeningForm,
)
from festival.judging.models import Assignment, Conflict, Round, RoundEntry
from festival.media.player import player_context
from festival.refusals import Refusal
from festival.routing import database_id
from festival.submissions.enums import LEFT_COMPETITION
from festival.time_zones import zoned_time
from festival.transactions import commit, http_status, json_refusal

bp = Blueprint("judging", __name__)

# --- loaders --------------------------------------------------------------------------------


def get_own_assignment(assignment_id: int) -> Assignment:
    """The reviewer's live assignment; staff who open another's are sent to the staff page."""
    assignment = queries.assignment_for_page(assignment_id)
    if assignment is None:
        abort(404)
    if not rules.is_reviewer_of(current_user, assignment):
        if rules.is_staff(current_user):
            abort(redirect(url_for("judging_manage.assignments", round_id=assignment.round_id)))
        abort(404)
    if (
        assignment.state is not AssignmentState.ACTIVE
        or assignment.entry.submission.status in LEFT_COMPETITION
    ):
        abort(404)
    if conflicts.is_conflicted(current_user.id, assignment.entry.submission.film_id):
        abort(404)
    return assignment


def get_screening_round(round_id: int) -> Round:
    """A screening round; a jury round's reviewer is sent to their dashboard instead."""
    round_ = db.session.get(Round, round_id)
    if round_ is None:
        abort(404)
    if not round_.is_screening:
        flash(_("This is a jury round: open its films from your reviews."), "info")
        abort(redirect(url_for("judging.dashboard")))
    return round_


def get_entry(round_: Round, entry_id: int) -> RoundEntry:
    entry = db.session.get(RoundEntry, entry_id)
    if entry is None or entry.round_id != round_.id:
        abort(404)
    return entry


# --- what a review page shows ---------------------------------------------------------------


def submitted_by_others(entry: RoundEntry) -> list[Assignment]:
    """The other reviewers' submitted reviews of the film, shown only after one's own."""
    return [
        other
        for other in entry.assignments
        if other.reviewer_id != current_user.id
        and other.state is AssignmentState.ACTIVE
        and other.review is not None
        and other.review.is_submitted
    ]


def entered_scores() -> dict[int, str]:
    """The `score-<criterion id>` fields of the posted form, as typed."""
    scores = {}
    for key, value in request.form.items():
        if key.startswith("score-"):
            scores[key.removeprefix("score-")] = value
    return scores


def score_errors(refusal: Refusal | None) -> dict[str, list[str]]:
    """A refused score's message, to show beside its criterion."""
    if refusal is None or not (refusal.field or "").startswith("score-"):
        return {}
    return {refusal.field: [str(refusal)]}


def review_page(
    assignment: Assignment,
    form: ReviewForm,
    scores: dict,
    status: int = 200,
    refusal: Refusal | None = None,
):
    now = utcnow()
    review = assignment.review
    entry = assignment.entry
    reader = dossier.dossier_of(
        entry,
        show_identities=rules.sees_identities(
            current_user, entry.film, is_blind=assignment.round.is_blind
        ),
    )
    return (
        render_template(
            "judging/review.html",
            assignment=assignment,
            round=assignment.round,
            review=review,
            dossier=reader,
            form=form,
            scores=scores,
            score_errors=score_errors(refusal),
            may_score=rules.score_lock(current_user, assignment, now) is None,
            phase=assignment.round.phase(now),
            others=submitted_by_others(entry) if rules.sees_others(review) else [],
            **player_context(entry.screener, reader.segments),
        ),
        status,
    )


# --- the reviewer's pages -------------------------------------------------------------------


@bp.get("/judging")
@roles(*REVIEWER_ROLES)
def dashboard():
    now = utcnow()
    paged_round = request.args.get("round", type=int)
    work = queries.work_of(current_user, now, {paged_round: request.args.get("page", 1, type=int)})
    return render_template(
        "judging/dashboard.html",
        work=work,
        watching=queries.watching([a for w in work for a in w.assignments]),
        screening_rounds=queries.open_screening_rounds_for(current_user, now),
        now=now,
    )


@bp.route("/judging/assignments/<int:assignment_id>", methods=["GET", "POST"])
@roles(*REVIEWER_ROLES, owned=True)
def review(assignment_id: int):
    assignment = get_own_assignment(assignment_id)
    current = assignment.review
    form = ReviewForm(obj=current)
    if request.method == "GET":
        form.revision.data = current.revision if current else 0
        scores = {str(k): str(v) for k, v in (current.values() if current else {}).items()}
        return review_page(assignment, form, scores)
    scores = entered_scores()
    if not form.validate_on_submit():
        return review_page(assignment, form, scores, 400)
    submit = request.form.get("action") == "submit"
    outcome = commit(
        lambda: reviews.save_review(
            assignment,
            actor=current_user,
            scores=scores,
            comment=form.comment.data or "",
            note_to_filmmaker=form.note_to_filmmaker.data or "",
            revision=form.revision.data,
            submit=submit,
            now=utcnow(),
        ),
        form=form,
    )
    if not outcome:
        refusal = outcome.refusal
        if refusal.revision is not None:
            form.revision.data = refusal.revision
        reloaded = get_own_assignment(assignment_id)  # as it stands after the rollback
        return review_page(reloaded, form, scores, http_status(refusal), refusal)
    if submit:
        flash(_("Your review is submitted. Thank you."), "success")
        return redirect(url_for("judging.dashboard"))
    flash(_("Draft saved."), "success")
    return redirect(url_for("judging.review", assignment_id=assignment.id))


@bp.post("/judging/assignments/<int:assignment_id>/draft")
@roles(*REVIEWER_ROLES, owned=True)
@csrf.exempt
def save_draft(assignment_id: int):
    """The page's autosave, as JSON {scores: {criterion id: value}, comment,
    note_to_filmmaker, revision}. CSRF is checked here, so that the last save of a closing
    tab can go by `navigator.sendBeacon` with the token in its body."""
    assignment = queries.assignment_for_page(assignment_id)
    if assignment is None:
        return json_error(_("This film is not assigned to you."), 404)
    if not rules.is_reviewer_of(current_user, assignment):
        if rules.is_staff(current_user):
            return json_error(_("Only its reviewer can save this review."), 400)
        return json_error(_("This film is not assigned to you."), 404)
    payload = signed_json_object(_l("Send the draft as a JSON object."))
    scores = payload.get("scores") or {}
    if not isinstance(scores, dict):
        return json_error(_("Send the scores as an object of criterion and value."), 400)
    revision = payload.get("revision")
    outcome = commit(
        lambda: reviews.save_review(
            assignment,
            actor=current_user,
            scores=scores,
            comment=str(payload.get("comment") or ""),
            note_to_filmmaker=str(payload.get("note_to_filmmaker") or ""),
            revision=revision if isinstance(revision, int) else None,
            submit=False,
            now=utcnow(),
        )
    )
    if not outcome:
        return json_refusal(outcome.refusal, revision=outcome.refusal.revision)
    saved = outcome.value
    return jsonify(
        revision=saved.revision,
        total=saved.total,
        saved_at=saved.updated_at.isoformat(),
        # As the page shows it: on the edition's clock, with the zone's name.
        saved_at_text=zoned_time(saved.updated_at, assignment.round.edition.timezone),
    )


@bp.route("/judging/assignments/<int:assignment_id>/abstain", methods=["GET", "POST"])
@roles(*REVIEWER_ROLES, owned=True)
def abstain(assignment_id: int):
    assignment = get_own_assignment(assignment_id)
    form = ReasonForm()
    if form.validate_on_submit() and commit(
        lambda: planning.abstain(assignment, actor=current_user, reason=form.reason.data), form=form
    ):
        flash(_("You have stepped back from this film. It goes to another reviewer."), "success")
        return redirect(url_for("judging.dashboard"))
    return render_template("judging/abstain.html", assignment=assignment, form=form)


# --- conflicts ------------------------------------------------------------------------------


def films_to_declare(user) -> list[SelectChoice]:
    """Films of the rounds the user is a member of, by title, for declaring a conflict."""
    return [SelectChoice("", _("Choose…"))] + [
        SelectChoice(
            film.id,
            blind.shown_title(
                film, show_identities=rules.sees_identities(user, film, is_blind=is_blind)
            ),
        )
        for film, is_blind in queries.films_of_member_rounds(user)
    ]


@bp.route("/judging/conflicts", methods=["GET", "POST"])
@roles(*REVIEWER_ROLES)
def my_conflicts():
    declare_form = DeclareConflictForm(prefix="declare")
    declare_form.film_id.choices = films_to_declare(current_user)
    profile = conflicts.profile_of(current_user)
    profile_form = ProfileForm(prefix="profile", obj=profile)

    def declare():
        known = {choice.value for choice in declare_form.film_id.choices}
        film = db.session.get(Film, declare_form.film_id.data)
        if film is None or film.id not in known:
            raise Refusal(_("Choose a film of your rounds."), "film_id")
        ended = conflicts.declare(
            current_user, film, declare_form.kind.data, declare_form.note.data or ""
        )
        planning.replace(ended, actor=current_user)

    if (
        "declare-film_id" in request.form
        and declare_form.validate_on_submit()
        and commit(declare, form=declare_form)
    ):
        flash(_("Conflict declared. You will not be given this film."), "success")
        return redirect(url_for("judging.my_conflicts"))
    if "profile-affiliations" in request.form and profile_form.validate_on_submit():
        conflicts.save_profile(current_user, profile_form.affiliations.data or "")
        db.session.commit()
        flash(_("Your conflict list is saved."), "success")
        return redirect(url_for("judging.my_conflicts"))
    mine = db.session.scalars(
        db.select(Conflict).where(Conflict.juror_id == current_user.id).order_by(Conflict.id)
    ).all()
    return render_template(
        "judging/conflicts.html",
        conflicts=mine,
        declare_form=declare_form,
        profile_form=profile_form,
    )


@bp.post("/judging/conflicts/<int:conflict_id>/lift")
@roles(*REVIEWER_ROLES, owned=True)
def lift_conflict(conflict_id: int):
    conflict = db.session.get(Conflict, conflict_id)
    if conflict is None:
        abort(404)
    if conflict.juror_id != current_user.id:
        if not rules.is_staff(current_user):
            abort(404)
        flash(_("Only the reviewer can lift a conflict they declared."), "error")
        return redirect(url_for("judging.my_conflicts"))
    if commit(lambda: conflicts.lift(conflict, actor=current_user), flash=True):
        flash(_("Conflict lifted."), "success")
    return redirect(url_for("judging.my_conflicts"))


# --- screening ------------------------------------------------------------------------------


@bp.get("/judging/rounds/<int:round_id>/screen")
@roles(*STAFF_ROLES)
def screen_next(round_id: int):
    round_ = get_screening_round(round_id)
    after = db.session.get(RoundEntry, request.args.get("after", type=database_id) or 0)
    entry = screening.next_entry(round_, current_user, after=after)
    if entry is None:
        flash(_("You have rated every film of this round."), "success")
        return redirect(url_for("judging.dashboard"))
    return redirect(url_for("judging.screen", round_id=round_.id, entry_id=entry.id))


@bp.route("/judging/rounds/<int:round_id>/screen/<int:entry_id>", methods=["GET", "POST"])
@roles(*STAFF_ROLES)
def screen(round_id: int, entry_id: int):
    round_ = get_screening_round(round_id)
    entry = get_entry(round_, entry_id)
    to_screen = screening.entries_to_screen(round_, current_user)
    if entry not in to_screen:
        abort(404)
    assignment = planning.pair_of(entry, current_user)
    current = assignment.review if assignment else None
    form = ScreeningForm()
    refused = None
    scores = {str(k): str(v) for k, v in (current.values() if current else {}).items()}
    if request.method == "GET":
        form.revision.data = current.revision if current else 0
        form.tags.data = ", ".join(screening.tags_of(entry.submission_id))
    elif form.validate_on_submit():
        scores = entered_scores()

        def rate():
            rated = assignment or planning.take(entry, current_user)
            reviews.save_review(
                rated,
                actor=current_user,
                scores=scores,
                comment=current.comment if current else "",
                revision=form.revision.data,
                submit=True,
                now=utcnow(),
            )
            screening.set_tags(
                entry.submission, screening.parse_tags(form.tags.data), actor=current_user
            )
            screening.add_note(entry.submission, form.note.data, actor=current_user, round_=round_)

        outcome = commit(rate, form=form)
        if outcome:
            if request.form.get("action") == "stay":
                return redirect(url_for("judging.screen", round_id=round_.id, entry_id=entry.id))
            return redirect(url_for("judging.screen_next", round_id=round_.id, after=entry.id))
        refused = outcome.refusal
    else:
        scores = entered_scores()
    reader = dossier.dossier_of(
        entry,
        show_identities=rules.sees_identities(current_user, entry.film, is_blind=round_.is_blind),
    )
    rated = rules.sees_others(current)
    status = 200 if request.method == "GET" else http_status(refused) if refused else 400
    page = render_template(
        "judging/screen.html",
        round=round_,
        entry=entry,
        dossier=reader,
        form=form,
        scores=scores,
        review=current,
        may_score=round_.is_open(utcnow()),
        others=submitted_by_others(entry) if rated else [],
        notes=screening.notes_of(entry.submission_id) if rated else [],
        known_tags=screening.edition_tags(round_.edition_id),
        score_errors=score_errors(refused),
        progress=(len(screening.rated_entry_ids(round_, current_user)), len(to_screen)),
        **player_context(entry.screener, reader.segments),
    )
    return page, status
