"""The submissions desk: every entry of an edition in one filtered, sorted, paged list; the
programmers' saved views; and the step to the next or previous entry of a list from an
entry's page. Staff only."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape
from werkzeug.datastructures import MultiDict

from festival.accounts.access import roles
from festival.accounts.enums import STAFF_ROLES
from festival.disclosure.enums import Element, Extent
from festival.editions.loaders import get_edition
from festival.editions.models import Edition
from festival.films import iso_codes
from festival.media.qc import QCStatus
from festival.programming import desk, saved_views
from festival.programming.desk_forms import DeleteViewForm, SaveViewForm
from festival.programming.models import SavedView
from festival.submissions.enums import SubmissionStatus
from festival.transactions import commit

bp = Blueprint("programming_desk", __name__)


def get_view(edition: Edition, view_id: int) -> SavedView:
    """A view the user may open: their own or a shared one (404 otherwise)."""
    return saved_views.readable_view(edition, view_id, current_user) or abort(404)


def desk_url(edition: Edition, query: str = "") -> str:
    base = url_for("programming_desk.show", edition_id=edition.id)
    return f"{base}?{query}" if query else base


def render_desk(edition: Edition, args, save_form: SaveViewForm | None = None, status: int = 200):
    parsed = desk.parse_filters(edition, args)
    page = desk.page_of(edition, parsed)
    save_form = save_form or SaveViewForm(formdata=None, query=parsed.without_page())
    view_id = args.get("view", type=int)
    views = saved_views.views_for(edition, current_user)
    return (
        render_template(
            "programming/desk.html",
            edition=edition,
            parsed=parsed,
            page=page,
            category_names={category.id: category.name for category in edition.categories},
            deadline_names={deadline.id: deadline.name for deadline in edition.deadlines},
            status_labels={status.value: str(status.label) for status in SubmissionStatus},
            qc_labels={status.value: str(status.label) for status in QCStatus},
            entry_url=entry_url_maker(parsed),
            views=views,
            current_view=next((view for view in views if view.id == view_id), None),
            save_form=save_form,
            choices=filter_choices(edition),
            desk_url=lambda query: desk_url(edition, query),
            option_tags=option_tags,
        ),
        status,
    )


def option_tags(options: dict, chosen) -> Markup:
    """A select's options, built here rather than in a template loop: the country and
    language lists hold hundreds, and the desk is rendered at every filter change."""
    chosen = set(chosen or ())
    return Markup(
        "".join(
            f'<option value="{escape(value)}"{" selected" if value in chosen else ""}>'
            f"{escape(label)}</option>"
            for value, label in options.items()
        )
    )


def entry_url_maker(parsed: desk.ParsedFilters):
    """Links to each entry's staff page carrying the list's filter (for "next in this list"),
    the query quoted once for the page's fifty rows."""
    suffix = "?" + urlencode({"desk": parsed.without_page()})
    template = url_for("submissions.manage_show", submission_id=0).removesuffix("0")
    return lambda submission_id: f"{template}{submission_id}{suffix}"


def filter_choices(edition: Edition) -> dict:
    """What each filter offers, as value → label."""
    return {
        "category": {str(category.id): category.name for category in edition.categories},
        "deadline": {str(deadline.id): deadline.name for deadline in edition.deadlines},
        "status": {status.value: status.label for status in SubmissionStatus},
        "country": dict(iso_codes.country_choices()),
        "language": dict(iso_codes.language_choices()),
        "fee": desk.FEE_STATES,
        "qc": [*QCStatus],
        "conflicts": desk.YES_NO,
        "extent": {
            f"{element.value}:{extent.value}": f"{element.label}: {extent.label}"
            for element in Element
            for extent in list(Extent)[1:]
        },
        "sorts": desk.SORTS,
    }


@bp.get("/manage/editions/<int:edition_id>/desk")
@roles(*STAFF_ROLES)
def show(edition_id: int):
    return render_desk(get_edition(edition_id), request.args)


@bp.post("/manage/editions/<int:edition_id>/desk/views")
@roles(*STAFF_ROLES)
def save_view(edition_id: int):
    edition = get_edition(edition_id)
    form = SaveViewForm()
    if form.validate():
        outcome = commit(
            lambda: saved_views.save_view(
                edition,
                form.name.data,
                form.query.data or "",
                is_shared=form.is_shared.data,
                actor=current_user,
            ),
            form=form,
        )
        if outcome:
            flash(_("The view is saved."), "success")
            return redirect(view_url(edition, outcome.value))
    # Refused: the desk again under the filter being saved, the name typed kept.
    return render_desk(edition, query_args(form.query.data), save_form=form, status=400)


def query_args(query: str | None) -> MultiDict:
    return MultiDict(parse_qsl(query or "", keep_blank_values=False))


def view_url(edition: Edition, view: SavedView) -> str:
    separator = "&" if view.query else ""
    return desk_url(edition, f"{view.query}{separator}view={view.id}")


@bp.get("/manage/editions/<int:edition_id>/desk/views/<int:view_id>")
@roles(*STAFF_ROLES)
def open_view(edition_id: int, view_id: int):
    edition = get_edition(edition_id)
    return redirect(view_url(edition, get_view(edition, view_id)))


def render_view_page(edition: Edition, view: SavedView, form: SaveViewForm | None = None):
    form = form or SaveViewForm(formdata=None, name=view.name, is_shared=view.is_shared)
    return render_template(
        "programming/desk_view.html",
        edition=edition,
        view=view,
        form=form,
        delete_form=DeleteViewForm(formdata=None),
        is_owner=view.owner_id == current_user.id,
        open_url=view_url(edition, view),
    )


@bp.route(
    "/manage/editions/<int:edition_id>/desk/views/<int:view_id>/edit", methods=["GET", "POST"]
)
@roles(*STAFF_ROLES)
def edit_view(edition_id: int, view_id: int):
    edition = get_edition(edition_id)
    view = get_view(edition, view_id)
    form = SaveViewForm() if request.method == "POST" else None
    if form is not None and form.validate():
        outcome = commit(
            lambda: saved_views.rename_view(
                view, form.name.data, is_shared=form.is_shared.data, actor=current_user
            ),
            form=form,
        )
        if outcome:
            flash(_("The view is saved."), "success")
            return redirect(
                url_for("programming_desk.edit_view", edition_id=edition.id, view_id=view.id)
            )
    return render_view_page(edition, view, form), 400 if form is not None else 200


@bp.post("/manage/editions/<int:edition_id>/desk/views/<int:view_id>/delete")
@roles(*STAFF_ROLES)
def delete_view(edition_id: int, view_id: int):
    edition = get_edition(edition_id)
    view = get_view(edition, view_id)
    if DeleteViewForm().validate():
        outcome = commit(lambda: saved_views.delete_view(view, actor=current_user), flash=True)
        if outcome:
            flash(_("The view is deleted."), "success")
            return redirect(desk_url(edition))
    return redirect(url_for("programming_desk.edit_view", edition_id=edition.id, view_id=view.id))


@bp.get("/manage/editions/<int:edition_id>/desk/step/<int:submission_id>")
@roles(*STAFF_ROLES)
def step(edition_id: int, submission_id: int):
    """From an entry's page to the previous or next entry of the desk's list it came from;
    the list's filter (`desk`) goes along."""
    edition = get_edition(edition_id)
    query = request.args.get("desk", "")
    parsed = desk.parse_filters(edition, query_args(query))
    previous, following = desk.neighbours(edition, parsed, submission_id)
    target = previous if request.args.get("direction") == "previous" else following
    if target is None:
        flash(_("That was the end of this list."), "info")
        return redirect(desk_url(edition, query))
    return redirect(url_for("submissions.manage_show", submission_id=target, desk=query))
