"""The schedule for staff: the edition's venues, its screenings (schedule, move, confirm,
cancel, delete, guests), the day grid per venue and every conflict. Scheduling and moving show
the conflicts the change would create first, and go on only with "Save anyway"."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from festival.accounts.access import roles
from festival.accounts.enums import STAFF_ROLES
from festival.accounts.models import User
from festival.editions.loaders import get_edition, get_in_edition
from festival.editions.models import Edition
from festival.extensions import db
from festival.programming import conflicts, schedule_pages, scheduling, venues
from festival.programming.models.programme import Screening, Venue
from festival.programming.schedule_forms import (
    GuestForm,
    MoveForm,
    RevisionForm,
    ScheduleForm,
    VenueForm,
)
from festival.refusals import Refusal, RefusalKind
from festival.submissions.models import Submission
from festival.transactions import commit, show_refusal

bp = Blueprint("programming_schedule", __name__)

BASE = "/manage/editions/<int:edition_id>"


# --- venues -----------------------------------------------------------------------------------


@bp.route(f"{BASE}/venues", methods=["GET", "POST"])
@roles(*STAFF_ROLES)
def venue_list(edition_id: int):
    edition = get_edition(edition_id)
    form = VenueForm()
    if form.validate_on_submit():
        settings = form.settings()
        if commit(lambda: venues.add_venue(edition, actor=current_user, **settings), form=form):
            flash(_("The venue is added."), "success")
            return redirect(url_for(".venue_list", edition_id=edition.id))
    return render_template(
        "programming/venues.html", edition=edition, venues=venues.venues_of(edition), form=form
    )


@bp.route(f"{BASE}/venues/<int:venue_id>", methods=["GET", "POST"])
@roles(*STAFF_ROLES)
def venue_edit(edition_id: int, venue_id: int):
    edition = get_edition(edition_id)
    venue = get_in_edition(Venue, edition, venue_id)
    form = VenueForm(obj=venue if request.method == "GET" else None)
    if request.method == "GET":
        form.closed_on.data = "\n".join(venue.closed_on or ())
    if form.validate_on_submit():
        settings = form.settings()
        if commit(lambda: venues.update_venue(venue, actor=current_user, **settings), form=form):
            flash(_("The venue is saved."), "success")
            return redirect(url_for(".venue_list", edition_id=edition.id))
    return render_template("programming/venues_edit.html", edition=edition, venue=venue, form=form)


@bp.post(f"{BASE}/venues/<int:venue_id>/delete")
@roles(*STAFF_ROLES)
def venue_delete(edition_id: int, venue_id: int):
    edition = get_edition(edition_id)
    venue = get_in_edition(Venue, edition, venue_id)
    if commit(lambda: venues.delete_venue(venue, actor=current_user), flash=True):
        flash(_("The venue is deleted."), "success")
    return redirect(url_for(".venue_list", edition_id=edition.id))


# --- screenings -------------------------------------------------------------------------------


@bp.get(f"{BASE}/screenings")
@roles(*STAFF_ROLES)
def screening_list(edition_id: int):
    edition = get_edition(edition_id)
    screenings = schedule_pages.screenings_of(edition)
    found = conflicts.edition_facts(edition.id).conflicts()
    clashes: dict[int, int] = {}
    for conflict in found:
        for screening_id in conflict.screening_ids:
            clashes[screening_id] = clashes.get(screening_id, 0) + 1
    return render_template(
        "programming/schedule.html",
        edition=edition,
        days=schedule_pages.by_local_day(screenings, edition),
        clashes=clashes,
        conflict_count=len(found),
        pages=schedule_pages,
    )


def set_placement_choices(form, edition: Edition) -> None:
    form.venue_id.choices = [
        SelectChoice(v.id, v.display_name()) for v in venues.venues_of(edition)
    ]


def set_schedule_choices(form: ScheduleForm, edition: Edition) -> None:
    set_placement_choices(form, edition)
    blank = SelectChoice("", _("Choose…"))
    form.block_id.choices = [blank] + [
        SelectChoice(b.id, b.display_title()) for b in scheduling.blocks_of(edition)
    ]
    form.submission_id.choices = [blank] + [
        SelectChoice(s.id, s.film.title) for s in scheduling.programmable_films(edition)
    ]


def warnings_first(edition: Edition, screening: Screening, form) -> list | None:
    """The conflicts the change in `form` would create, to show before saving, or None to
    go on and save (none found, or the user chose "Save anyway"); a refusal of the clock or
    the venue is shown on the form and returns []."""
    venue = get_in_edition(Venue, edition, form.venue_id.data or 0)
    try:
        placement = scheduling.place(edition, screening, venue=venue, **form.placement())
    except Refusal as refusal:
        show_refusal(form, refusal)
        return []
    if screening.id is None:
        guests = scheduling.attending_filmmakers(scheduling.submission_ids_of(screening))
    else:
        guests = [guest.user_id for guest in screening.guests]
    proposal = scheduling.facts_of(screening, placement, guests)
    facts = conflicts.edition_facts(edition.id, extra_submission_ids=proposal.submission_ids)
    found = conflicts.conflicts_of_change(facts.screenings, facts.selections, proposal)
    if not found or form.save_anyway.data:
        return None
    by_id = {s.id: s for s in schedule_pages.screenings_of(edition)}
    by_id[proposal.screening_id] = Screening(  # as it would be; never added to the session
        venue=venue,
        block=screening.block,
        submission=screening.submission,
        starts_at=placement.starts_at,
        ends_at=placement.ends_at,
    )
    return schedule_pages.describe(found, by_id)


@bp.route(f"{BASE}/screenings/new", methods=["GET", "POST"])
@roles(*STAFF_ROLES)
def screening_new(edition_id: int):
    edition = get_edition(edition_id)
    form = ScheduleForm(block_id=request.args.get("block_id", type=int))
    set_schedule_choices(form, edition)
    warnings = []
    if form.validate_on_submit():
        block = scheduling.block_of(edition, form.block_id.data)
        film = db.session.get(Submission, form.submission_id.data or 0)
        try:
            unsaved = scheduling.unsaved_screening(edition, block=block, submission=film)
        except Refusal as refusal:
            show_refusal(form, refusal)
            unsaved = None
        if unsaved is not None:
            warnings = warnings_first(edition, unsaved, form)
            if warnings is None:
                venue = get_in_edition(Venue, edition, form.venue_id.data)
                outcome = commit(
                    lambda: scheduling.schedule(
                        edition,
                        venue=venue,
                        block=block,
                        submission=film,
                        note=form.note.data or "",
                        actor=current_user,
                        **form.placement(),
                    ),
                    form=form,
                )
                if outcome:
                    flash(_("The screening is pencilled in."), "success")
                    return redirect(
                        url_for(".screening", edition_id=edition.id, screening_id=outcome.value.id)
                    )
                warnings = []
    return render_template(
        "programming/schedule_new.html",
        edition=edition,
        form=form,
        warnings=warnings,
        pages=schedule_pages,
    )


def render_screening(edition, screening, *, move_form=None, warnings=()):
    """The screening's page; without `move_form`, the move form shows it as it is now."""
    if move_form is None:
        move_form = MoveForm(formdata=None, revision=screening.revision)
        local = scheduling.local_moment(screening.starts_at, edition)
        move_form.venue_id.data = screening.venue_id
        move_form.day.data, move_form.at.data = local.date(), local.time()
        move_form.occurrence.data = str(local.fold) if _repeats(edition, local) else ""
    set_placement_choices(move_form, edition)
    guest_form = GuestForm(formdata=None, revision=screening.revision)
    guest_form.user_id.choices = guest_choices(screening)
    found = [c for c in conflicts.edition_facts(edition.id).conflicts() if c.involves(screening.id)]
    by_id = {s.id: s for s in schedule_pages.screenings_of(edition)}
    return render_template(
        "programming/schedule_screening.html",
        edition=edition,
        screening=screening,
        title=schedule_pages.screening_title(screening),
        move_form=move_form,
        guest_form=guest_form,
        action_form=RevisionForm(formdata=None, revision=screening.revision),
        warnings=warnings,
        conflicts=schedule_pages.describe(found, by_id),
        unreleased=scheduling.unreleased_films(screening),
        pages=schedule_pages,
    )


def _repeats(edition: Edition, local) -> bool:
    return local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset()


def guest_choices(screening: Screening) -> list[SelectChoice]:
    booked = {guest.user_id for guest in screening.guests}
    people = scheduling.filmmakers_of(screening)
    return [SelectChoice("", _("Choose…"))] + [
        SelectChoice(user.id, user.name) for user in people if user.id not in booked
    ]


@bp.route(f"{BASE}/screenings/<int:screening_id>", methods=["GET", "POST"])
@roles(*STAFF_ROLES)
def screening(edition_id: int, screening_id: int):
    edition = get_edition(edition_id)
    screening = get_in_edition(Screening, edition, screening_id)
    form = MoveForm()
    set_placement_choices(form, edition)
    warnings = []
    if form.validate_on_submit():
        warnings = warnings_first(edition, screening, form)
        if warnings is None:
            venue = get_in_edition(Venue, edition, form.venue_id.data)
            outcome = commit(
                lambda: scheduling.move(
                    screening,
                    venue=venue,
                    revision=form.revision.data,
                    actor=current_user,
                    **form.placement(),
                ),
                form=form,
            )
            if outcome:
                flash(_("The screening is moved."), "success")
                return back_to(screening)
            if outcome.refusal.kind is RefusalKind.CONFLICT:  # stale: show it as it is now
                flash(str(outcome.refusal), "error")
                return render_screening(edition, screening)
            warnings = []
    shown = form if request.method == "POST" else None
    return render_screening(edition, screening, move_form=shown, warnings=warnings or ())


def back_to(screening: Screening):
    return redirect(
        url_for(".screening", edition_id=screening.edition_id, screening_id=screening.id)
    )


def screening_action(edition_id: int, screening_id: int, action, done: str):
    edition = get_edition(edition_id)
    screening = get_in_edition(Screening, edition, screening_id)
    form = RevisionForm()
    if not form.validate_on_submit():
        flash(_("This form is out of date: try again."), "error")
        return back_to(screening)
    if commit(
        lambda: action(screening, revision=form.revision.data, actor=current_user), flash=True
    ):
        flash(done, "success")
    return back_to(screening)


@bp.post(f"{BASE}/screenings/<int:screening_id>/confirm")
@roles(*STAFF_ROLES)
def screening_confirm(edition_id: int, screening_id: int):
    return screening_action(
        edition_id, screening_id, scheduling.confirm, _("The screening is confirmed.")
    )


@bp.post(f"{BASE}/screenings/<int:screening_id>/cancel")
@roles(*STAFF_ROLES)
def screening_cancel(edition_id: int, screening_id: int):
    return screening_action(
        edition_id, screening_id, scheduling.cancel, _("The screening is cancelled.")
    )


@bp.post(f"{BASE}/screenings/<int:screening_id>/delete")
@roles(*STAFF_ROLES)
def screening_delete(edition_id: int, screening_id: int):
    edition = get_edition(edition_id)
    screening = get_in_edition(Screening, edition, screening_id)
    form = RevisionForm()
    if form.validate_on_submit() and commit(
        lambda: scheduling.delete(screening, revision=form.revision.data, actor=current_user),
        flash=True,
    ):
        flash(_("The screening is deleted."), "success")
        return redirect(url_for(".screening_list", edition_id=edition.id))
    return back_to(screening)


@bp.post(f"{BASE}/screenings/<int:screening_id>/guests")
@roles(*STAFF_ROLES)
def guest_add(edition_id: int, screening_id: int):
    edition = get_edition(edition_id)
    screening = get_in_edition(Screening, edition, screening_id)
    form = GuestForm()
    form.user_id.choices = guest_choices(screening)
    guest = db.session.get(User, form.user_id.data or 0) if form.validate_on_submit() else None
    if guest is None:
        flash(_("Choose a guest."), "error")
    elif commit(
        lambda: scheduling.add_guest(
            screening, guest, revision=form.revision.data, actor=current_user
        ),
        flash=True,
    ):
        flash(_("%(name)s is booked.", name=guest.name), "success")
    return back_to(screening)


@bp.post(f"{BASE}/screenings/<int:screening_id>/guests/<int:user_id>/remove")
@roles(*STAFF_ROLES)
def guest_remove(edition_id: int, screening_id: int, user_id: int):
    edition = get_edition(edition_id)
    screening = get_in_edition(Screening, edition, screening_id)
    form = RevisionForm()
    if form.validate_on_submit() and commit(
        lambda: scheduling.remove_guest(
            screening, user_id, revision=form.revision.data, actor=current_user
        ),
        flash=True,
    ):
        flash(_("The guest is removed."), "success")
    return back_to(screening)


# --- the day grid and the conflicts -----------------------------------------------------------


@bp.get(f"{BASE}/schedule/day")
@roles(*STAFF_ROLES)
def day(edition_id: int):
    edition = get_edition(edition_id)
    try:
        shown = date.fromisoformat(request.args.get("day", ""))
    except ValueError:
        shown = schedule_pages.first_day(edition)
    grid = schedule_pages.day_grid(edition, shown, venues.venues_of(edition))
    return render_template(
        "programming/schedule_day.html",
        edition=edition,
        grid=grid,
        days=schedule_pages.festival_days(edition),
        pages=schedule_pages,
    )


@bp.get(f"{BASE}/schedule/conflicts")
@roles(*STAFF_ROLES)
def conflict_list(edition_id: int):
    edition = get_edition(edition_id)
    found = conflicts.edition_facts(edition.id).conflicts()
    by_id = {s.id: s for s in schedule_pages.screenings_of(edition)}
    return render_template(
        "programming/schedule_conflicts.html",
        edition=edition,
        conflicts=schedule_pages.describe(found, by_id),
        pages=schedule_pages,
    )
