"""The staff pages of judging: rounds and their rubric, members, entries, the assignment
preview and moves by hand, conflicts, reopening reviews, and the results with their exports."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload
from wtforms.fields.choices import SelectChoice

from festival.accounts.access import roles
from festival.accounts.enums import STAFF_ROLES
from festival.accounts.models import User
from festival.database import utcnow
from festival.editions.loaders import get_edition
from festival.editions.models import Edition
from festival.extensions import db
from festival.judging import (
    conflicts,
    juror_copy,
    planning,
    queries,
    results,
    reviews,
    rounds,
    rubrics,
    screening,
)
from festival.judging.enums import RoundStage
from festival.judging.forms import (
    AddReviewerForm,
    ApplyForm,
    JurorCopyForm,
    MemberForm,
    MembersForm,
    ReasonForm,
    RecordConflictForm,
    RoundForm,
    ShortlistForm,
    StartFromForm,
)
from festival.judging.models import (
    Assignment,
    Conflict,
    Review,
    Round,
    RoundEntry,
    RoundMember,
)
from festival.refusals import Refusal
from festival.transactions import commit

bp = Blueprint("judging_manage", __name__)


# --- loaders --------------------------------------------------------------------------------


def get_round(round_id: int) -> Round:
    return db.session.get(Round, round_id) or abort(404)


def get_in_round(model, round_: Round, row_id: int):
    row = db.session.get(model, row_id)
    if row is None or row.round_id != round_.id:
        abort(404)
    return row


# --- dates on the edition's clock -----------------------------------------------------------


def to_utc(local: datetime, edition: Edition) -> datetime:
    return local.replace(tzinfo=ZoneInfo(edition.timezone)).astimezone(ZoneInfo("UTC"))


def to_local(moment: datetime, edition: Edition) -> datetime:
    return moment.astimezone(ZoneInfo(edition.timezone)).replace(tzinfo=None)


# --- rounds ---------------------------------------------------------------------------------


@bp.get("/manage/editions/<int:edition_id>/rounds")
@roles(*STAFF_ROLES)
def rounds_list(edition_id: int):
    edition = get_edition(edition_id)
    return render_template(
        "judging/manage/rounds.html",
        edition=edition,
        rounds=queries.rounds_of(edition.id),
        now=utcnow(),
    )


def round_form(edition: Edition, round_: Round | None = None) -> RoundForm:
    form = RoundForm(obj=round_) if request.method == "GET" and round_ else RoundForm()
    form.category_ids.choices = [SelectChoice(c.id, c.name) for c in edition.categories]
    if request.method == "GET" and round_ is not None:
        form.opens_at.data = to_local(round_.opens_at, edition)
        form.closes_at.data = to_local(round_.closes_at, edition)
        form.stage.data = round_.stage.value
        fill_criteria(form, rubrics.copy_of(round_), [c.id for c in round_.criteria])
    return form


def fill_criteria(form: RoundForm, drafts, ids=None, spare: int = 2) -> None:
    while len(form.criteria):
        form.criteria.pop_entry()
    for index, draft in enumerate(drafts):
        row = form.criteria.append_entry()
        row.form.criterion_id.data = ids[index] if ids else None
        row.form.name.data = draft.name
        row.form.description.data = draft.description
        row.form.weight.data = draft.weight
        row.form.scale_min.data = draft.scale_min
        row.form.scale_max.data = draft.scale_max
        row.form.labels.data = ", ".join(draft.labels)
    for _spare in range(spare):
        row = form.criteria.append_entry()
        row.form.scale_min.data, row.form.scale_max.data = None, None


def settings_from(form: RoundForm, edition: Edition) -> rounds.RoundSettings:
    stage = RoundStage(form.stage.data)
    return rounds.RoundSettings(
        name=form.name.data,
        stage=stage,
        opens_at=to_utc(form.opens_at.data, edition),
        closes_at=to_utc(form.closes_at.data, edition),
        reviews_per_film=form.reviews_per_film.data,
        is_blind=form.is_blind.data,
        is_open_screening=form.is_open_screening.data,
        category_ids=list(form.category_ids.data or []),
        statuses=list(form.statuses.data or []),
        min_watched_percent=form.min_watched_percent.data,
        instructions=form.instructions.data or "",
    )


def start_from(edition: Edition) -> StartFromForm:
    start = StartFromForm(request.args)
    start.template.choices = [SelectChoice("", _("Choose…"))] + [
        SelectChoice(key, label) for key, (label, _make) in rubrics.TEMPLATES.items()
    ]
    earlier = db.session.scalars(
        db.select(Round).options(joinedload(Round.edition)).order_by(Round.id.desc()).limit(50)
    ).all()
    start.copy.choices = [SelectChoice("", _("Choose…"))] + [
        SelectChoice(r.id, f"{r.name} · {r.edition.name}") for r in earlier
    ]
    return start


def starting_rubric(start: StartFromForm, stage: RoundStage):
    if start.copy.data:
        source = db.session.get(Round, int(start.copy.data)) if start.copy.data.isdigit() else None
        if source is not None:
            return rubrics.copy_of(source)
    key = start.template.data or ("ai-film-jury" if stage is RoundStage.JURY else "screening-stars")
    return rubrics.template_criteria(key if key in rubrics.TEMPLATES else "ai-film-jury")


def weight_message(form: RoundForm) -> None:
    weights = [draft.weight for draft in form.drafts()]
    if rubrics.weights_were_scaled(weights):
        flash(
            _(
                "The weights added up to %(total)s%%, so they were scaled to add up to 100%%.",
                total=f"{sum(weights):g}",
            ),
            "info",
        )


@bp.route("/manage/editions/<int:edition_id>/rounds/new", methods=["GET", "POST"])
@roles(*STAFF_ROLES)
def create_round(edition_id: int):
    edition = get_edition(edition_id)
    form = round_form(edition)
    start = start_from(edition)
    if request.method == "GET":
        stage = (
            RoundStage(request.args.get("stage", RoundStage.JURY.value))
            if request.args.get("stage") in {s.value for s in RoundStage}
            else RoundStage.JURY
        )
        now = to_local(utcnow(), edition).replace(second=0, microsecond=0, minute=0)
        form.stage.data = stage.value
        form.opens_at.data, form.closes_at.data = now, now + timedelta(days=14)
        form.statuses.data = [str(s) for s in rounds.DEFAULT_STATUSES[stage]]
        form.is_blind.data = edition.is_blind_judging
        fill_criteria(form, starting_rubric(start, stage))
    elif form.validate_on_submit():
        outcome = commit(
            lambda: rounds.create_round(
                edition, settings_from(form, edition), form.drafts(), actor=current_user
            ),
            form=form,
        )
        if outcome:
            weight_message(form)
            flash(_("Round created. Now choose its members."), "success")
            return redirect(url_for("judging_manage.members", round_id=outcome.value.id))
    return render_template(
        "judging/manage/round_form.html", edition=edition, form=form, start=start, round=None
    )


@bp.route("/manage/rounds/<int:round_id>", methods=["GET", "POST"])
@roles(*STAFF_ROLES)
def edit_round(round_id: int):
    round_ = get_round(round_id)
    edition = round_.edition
    form = round_form(edition, round_)
    if request.method == "POST" and form.validate_on_submit():

        def save():
            rounds.update_round(round_, settings_from(form, edition), actor=current_user)
            rounds.set_rubric(round_, form.drafts(), actor=current_user)

        if commit(save, form=form):
            weight_message(form)
            flash(_("Round saved."), "success")
            return redirect(url_for("judging_manage.edit_round", round_id=round_.id))
    return render_template(
        "judging/manage/round_form.html", edition=edition, form=form, start=None, round=round_
    )


# --- members and entries --------------------------------------------------------------------


@bp.route("/manage/rounds/<int:round_id>/members", methods=["GET", "POST"])
@roles(*STAFF_ROLES)
def members(round_id: int):
    round_ = get_round(round_id)
    people = rounds.eligible_people(round_)
    form = MembersForm()
    form.members.choices = [SelectChoice(p.id, f"{p.name} <{p.email}>") for p in people]
    if request.method == "GET":
        form.members.data = [member.user_id for member in round_.members]
    elif form.validate_on_submit() and commit(
        lambda: rounds.set_members(round_, form.members.data or [], actor=current_user), form=form
    ):
        flash(_("Members saved."), "success")
        return redirect(url_for("judging_manage.members", round_id=round_.id))
    member_forms = {}
    for member in queries.members_of(round_):
        member_form = MemberForm(prefix=f"m{member.id}", obj=member)
        member_form.preferred.choices = [
            SelectChoice(c.id, c.name) for c in round_.edition.categories
        ]
        member_form.preferred.data = member.preferred_category_ids
        member_forms[member.id] = member_form
    return render_template(
        "judging/manage/members.html",
        round=round_,
        form=form,
        member_forms=member_forms,
        matching=len(rounds.matching_submissions(round_)),
    )


@bp.post("/manage/rounds/<int:round_id>/members/<int:member_id>")
@roles(*STAFF_ROLES)
def update_member(round_id: int, member_id: int):
    round_ = get_round(round_id)
    member = get_in_round(RoundMember, round_, member_id)
    form = MemberForm(prefix=f"m{member.id}")
    form.preferred.choices = [SelectChoice(c.id, c.name) for c in round_.edition.categories]
    if form.validate_on_submit():
        if commit(
            lambda: rounds.update_member(
                member, cap=form.cap.data, preferred=form.preferred.data or [], actor=current_user
            ),
            flash=True,
        ):
            flash(_("Saved %(name)s's limits.", name=member.user.name), "success")
    else:
        for errors in form.errors.values():
            for error in errors:
                flash(str(error), "error")
    return redirect(url_for("judging_manage.members", round_id=round_.id))


@bp.post("/manage/rounds/<int:round_id>/entries")
@roles(*STAFF_ROLES)
def sync_entries(round_id: int):
    round_ = get_round(round_id)
    added, dropped = rounds.sync_entries(round_, actor=current_user)
    planning.detect_conflicts(round_)
    db.session.commit()
    flash(
        _(
            "%(added)d films added to the round, %(dropped)d taken out.",
            added=added,
            dropped=dropped,
        ),
        "success",
    )
    return redirect(url_for("judging_manage.assignments", round_id=round_.id))


# --- assignments ----------------------------------------------------------------------------


@bp.get("/manage/rounds/<int:round_id>/assignments")
@roles(*STAFF_ROLES)
def assignments(round_id: int):
    round_ = get_round(round_id)
    entries = queries.entries_for_page(round_)
    add_forms = {}
    member_choices = [SelectChoice("", _("Choose…"))] + [
        SelectChoice(m.user_id, m.user.name) for m in queries.members_of(round_)
    ]
    for entry in entries:
        add_form = AddReviewerForm(prefix=f"e{entry.id}")
        add_form.reviewer_id.choices = member_choices
        add_forms[entry.id] = add_form
    return render_template(
        "judging/manage/assignments.html",
        round=round_,
        entries=entries,
        add_forms=add_forms,
        watching=queries.watching(a for entry in entries for a in entry.assignments),
        versions=queries.versions_watched(round_),
        now=utcnow(),
    )


@bp.route("/manage/rounds/<int:round_id>/assignments/plan", methods=["GET", "POST"])
@roles(*STAFF_ROLES)
def plan(round_id: int):
    round_ = get_round(round_id)
    form = ApplyForm()
    if form.validate_on_submit():
        outcome = commit(
            lambda: planning.apply(round_, form.fingerprint.data, actor=current_user), flash=True
        )
        if outcome:
            flash(_("%(count)d assignments made.", count=outcome.value), "success")
            return redirect(url_for("judging_manage.assignments", round_id=round_.id))
    preview = planning.preview(round_)
    form.fingerprint.data = preview.fingerprint
    return render_template("judging/manage/plan.html", round=round_, preview=preview, form=form)


@bp.post("/manage/rounds/<int:round_id>/entries/<int:entry_id>/reviewers")
@roles(*STAFF_ROLES)
def add_reviewer(round_id: int, entry_id: int):
    round_ = get_round(round_id)
    entry = get_in_round(RoundEntry, round_, entry_id)
    form = AddReviewerForm(prefix=f"e{entry.id}")
    if form.validate_on_submit():
        reviewer = db.session.get(User, form.reviewer_id.data)
        if reviewer is None:
            flash(_("Choose a reviewer."), "error")
        elif commit(
            lambda: planning.assign_by_hand(entry, reviewer, actor=current_user), flash=True
        ):
            flash(_("%(name)s now reviews this film.", name=reviewer.name), "success")
    else:
        flash(_("Choose a reviewer."), "error")
    return redirect(
        url_for("judging_manage.assignments", round_id=round_.id) + f"#entry-{entry.id}"
    )


@bp.route(
    "/manage/rounds/<int:round_id>/entries/<int:entry_id>/juror-copy", methods=["GET", "POST"]
)
@roles(*STAFF_ROLES)
def juror_copy_check(round_id: int, entry_id: int):
    """What blind jurors of the round will read of the film, checked, and the copy staff may
    write for them instead of the filmmaker's own words."""
    round_ = get_round(round_id)
    entry = get_in_round(RoundEntry, round_, entry_id)
    own = juror_copy.own_texts(entry)
    form = JurorCopyForm()
    if request.method == "GET":
        for name in juror_copy.EDITABLE:
            form[name].data = juror_copy.juror_text(entry.juror_copy, name, own[name])
    elif form.validate_on_submit() and commit(
        lambda: juror_copy.save_copy(entry, form.texts(), actor=current_user), form=form
    ):
        flash(
            _("Blind jurors of this round now read this copy; the film's record is unchanged."),
            "success",
        )
        return redirect(
            url_for("judging_manage.juror_copy_check", round_id=round_.id, entry_id=entry.id)
        )
    return render_template(
        "judging/manage/juror_copy.html",
        round=round_,
        entry=entry,
        checked=juror_copy.check(entry),
        form=form,
    )


def get_assignment(assignment_id: int) -> Assignment:
    return db.session.get(Assignment, assignment_id) or abort(404)


@bp.post("/manage/assignments/<int:assignment_id>/remove")
@roles(*STAFF_ROLES)
def remove_assignment(assignment_id: int):
    assignment = get_assignment(assignment_id)
    round_id, entry_id = assignment.round_id, assignment.entry_id
    if commit(lambda: planning.remove(assignment, actor=current_user), flash=True):
        flash(_("Assignment removed."), "success")
    return redirect(url_for("judging_manage.assignments", round_id=round_id) + f"#entry-{entry_id}")


@bp.route("/manage/assignments/<int:assignment_id>/recuse", methods=["GET", "POST"])
@roles(*STAFF_ROLES)
def recuse(assignment_id: int):
    assignment = get_assignment(assignment_id)
    form = ReasonForm()
    if form.validate_on_submit():
        outcome = commit(
            lambda: planning.recuse(assignment, actor=current_user, reason=form.reason.data or ""),
            form=form,
        )
        if outcome:
            replaced = " " + _("A replacement was assigned.") if outcome.value else ""
            flash(
                _("%(name)s is recused from this film.", name=assignment.reviewer.name) + replaced,
                "success",
            )
            return redirect(url_for("judging_manage.assignments", round_id=assignment.round_id))
    return render_template("judging/manage/recuse.html", assignment=assignment, form=form)


@bp.route("/manage/reviews/<int:review_id>/reopen", methods=["GET", "POST"])
@roles(*STAFF_ROLES)
def reopen_review(review_id: int):
    review = db.session.get(Review, review_id) or abort(404)
    form = ReasonForm()
    if form.validate_on_submit() and commit(
        lambda: reviews.reopen(
            review, actor=current_user, reason=form.reason.data or "", now=utcnow()
        ),
        form=form,
    ):
        flash(_("The review is open again for its reviewer."), "success")
        return redirect(url_for("judging_manage.assignments", round_id=review.assignment.round_id))
    return render_template("judging/manage/reopen.html", review=review, form=form)


# --- conflicts ------------------------------------------------------------------------------


@bp.route("/manage/rounds/<int:round_id>/conflicts", methods=["GET", "POST"])
@roles(*STAFF_ROLES)
def round_conflicts(round_id: int):
    round_ = get_round(round_id)
    members = queries.members_of(round_)
    entries = queries.entries_with_films(round_)
    form = RecordConflictForm()
    form.juror_id.choices = [SelectChoice("", _("Choose…"))] + [
        SelectChoice(m.user_id, m.user.name) for m in members
    ]
    form.entry_id.choices = [SelectChoice("", _("Choose…"))] + [
        SelectChoice(e.id, e.film.title) for e in entries
    ]

    def record():
        juror = db.session.get(User, form.juror_id.data)
        entry = db.session.get(RoundEntry, form.entry_id.data)
        if juror is None or entry is None or entry.round_id != round_.id:
            raise Refusal(_("Choose a reviewer and a film of this round."))
        ended = conflicts.record_conflict(
            juror,
            entry.film,
            form.kind.data,
            actor=current_user,
            note=form.note.data or "",
            pinned=form.is_pinned.data,
        )
        planning.replace(ended, actor=current_user)

    if form.validate_on_submit() and commit(record, form=form):
        flash(_("Conflict recorded."), "success")
        return redirect(url_for("judging_manage.round_conflicts", round_id=round_.id))
    known = conflicts.of([m.user for m in members], [e.film for e in entries])
    return render_template(
        "judging/manage/conflicts.html", round=round_, conflicts=known, form=form
    )


DETECTION_RETURNS_TO = {
    "plan": "judging_manage.plan",
    "conflicts": "judging_manage.round_conflicts",
}


@bp.post("/manage/rounds/<int:round_id>/conflicts/detect")
@roles(*STAFF_ROLES)
def detect_conflicts(round_id: int):
    """Store the conflicts the site sees in the round (pages only show them: a GET never
    writes); back to the page that asked."""
    round_ = get_round(round_id)
    found = planning.detect_conflicts(round_)
    db.session.commit()
    flash(_("Conflicts checked: %(count)d new.", count=found), "success")
    back = DETECTION_RETURNS_TO.get(request.form.get("back"), "judging_manage.round_conflicts")
    return redirect(url_for(back, round_id=round_.id))


@bp.post("/manage/rounds/<int:round_id>/conflicts/<int:conflict_id>")
@roles(*STAFF_ROLES)
def change_conflict(round_id: int, conflict_id: int):
    round_ = get_round(round_id)
    conflict = db.session.get(Conflict, conflict_id) or abort(404)
    action = request.form.get("action")
    if action in {"pin", "unpin"}:
        conflicts.set_pinned(conflict, action == "pin", actor=current_user)
    elif action in {"clear", "restore"}:
        ended = conflicts.set_cleared(conflict, action == "clear", actor=current_user)
        planning.replace(ended, actor=current_user)
    else:
        abort(400)
    db.session.commit()
    flash(_("Conflict updated."), "success")
    return redirect(url_for("judging_manage.round_conflicts", round_id=round_.id))


# --- results --------------------------------------------------------------------------------


@bp.get("/manage/rounds/<int:round_id>/results")
@roles(*STAFF_ROLES)
def round_results(round_id: int):
    round_ = get_round(round_id)
    outcome = results.results_of(round_)
    tags = screening.tags_by_submission(e.submission_id for e in round_.entries)
    chosen = results.Filter(
        tag=request.args.get("tag", "").strip().casefold(),
        min_score=request.args.get("min", type=float),
        disputed_only=request.args.get("disputed") == "1",
    )
    return render_template(
        "judging/manage/results.html",
        round=round_,
        results=outcome,
        rows=results.filtered(outcome.rows, chosen, tags),
        chosen=chosen,
        known_tags=sorted({tag for names in tags.values() for tag in names}),
        tags=tags,
        form=ShortlistForm(),
        flag_rank_gap=results.FLAG_RANK_GAP,
    )


@bp.get("/manage/rounds/<int:round_id>/results.csv")
@roles(*STAFF_ROLES)
def results_csv(round_id: int):
    round_ = get_round(round_id)
    body = results.as_csv(results.results_of(round_))
    return Response(
        body,
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="round-{round_.id}-results.csv"'},
    )


@bp.get("/manage/rounds/<int:round_id>/results.json")
@roles(*STAFF_ROLES)
def results_json(round_id: int):
    round_ = get_round(round_id)
    return jsonify(results.as_json(results.results_of(round_)))


@bp.post("/manage/rounds/<int:round_id>/shortlist")
@roles(*STAFF_ROLES)
def shortlist(round_id: int):
    """The screening result feeds the shortlist: move the chosen films to "shortlisted"."""
    round_ = get_round(round_id)
    form = ShortlistForm()
    if not form.validate_on_submit() or not form.entries.data:
        flash(_("Tick the films to shortlist."), "error")
        return redirect(url_for("judging_manage.round_results", round_id=round_.id))
    done = commit(lambda: screening.shortlist(round_, form.entries.data, actor=current_user)).value
    flash(_("%(count)d films shortlisted.", count=done.moved), "success")
    for entry, refusal in done.refused:
        flash(f"{entry.film.title}: {refusal}", "error")
    return redirect(url_for("judging_manage.round_results", round_id=round_.id))
