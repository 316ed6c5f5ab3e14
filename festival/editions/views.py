"""Public calls for entries, and the staff pages that set up an edition.

The staff edit page holds one small form per category, deadline and waiver code, each posting
to its own URL; a form that fails comes back on the page with its input and errors. The three
kinds of row share one editor: `RowKind` says what differs, `register_row_routes` gives each
kind its add / edit / remove routes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from festival.accounts.access import public, roles
from festival.accounts.enums import STAFF_ROLES
from festival.database import utcnow
from festival.editions import queries, rules, services, waivers
from festival.editions.forms import (
    CategoryForm,
    DeadlineForm,
    EditionForm,
    WaiverCodeForm,
    WaiverUsesForm,
)
from festival.editions.loaders import get_edition
from festival.editions.models import Category, Deadline, Edition, WaiverCode
from festival.editions.schedule import call_status
from festival.extensions import db
from festival.time_zones import time_zone_names
from festival.transactions import commit

bp = Blueprint("editions", __name__)


def get_visible_edition(slug: str) -> Edition:
    edition = queries.edition_by_slug(slug)
    if edition is None or not rules.can_view(current_user, edition):
        abort(404)
    return edition


@bp.get("/")
@public
def home():
    now = utcnow()
    calls = [call_status(edition, now) for edition in queries.public_editions()]
    return render_template("editions/home.html", calls=calls)


@bp.get("/editions/<slug>")
@public
def show(slug: str):
    edition = get_visible_edition(slug)
    return render_template(
        "editions/show.html",
        edition=edition,
        status=call_status(edition, utcnow()),
        requirements=edition.screener_requirements,
        is_public=rules.is_public(edition),
    )


@bp.get("/manage/editions")
@roles(*STAFF_ROLES)
def manage():
    now = utcnow()
    calls = [call_status(edition, now) for edition in queries.all_editions()]
    return render_template("editions/manage.html", calls=calls)


@bp.route("/manage/editions/new", methods=["GET", "POST"])
@roles(*STAFF_ROLES)
def create():
    form = EditionForm()
    if form.validate_on_submit():
        outcome = commit(
            lambda: services.create_edition(actor=current_user, **form.settings()), form=form
        )
        if outcome:
            edition = outcome.value
            flash(
                _("%(name)s is created. Now add its categories and deadlines.", name=edition.name),
                "success",
            )
            return redirect(url_for("editions.edit", edition_id=edition.id))
    return render_template("editions/create.html", form=form, time_zone_names=time_zone_names())


@bp.route("/manage/editions/<int:edition_id>", methods=["GET", "POST"])
@roles(*STAFF_ROLES)
def edit(edition_id: int):
    edition = get_edition(edition_id)
    form = EditionForm(obj=edition)
    if form.validate_on_submit():
        outcome = commit(
            lambda: services.update_edition(edition, actor=current_user, **form.settings()),
            form=form,
        )
        if outcome:
            flash(_("Changes to %(name)s are saved.", name=edition.name), "success")
            return back_to_edit(edition, "details")
    return render_edit(edition, {"edition": form})


@bp.route("/manage/editions/<int:edition_id>/archive", methods=["GET", "POST"])
@roles(*STAFF_ROLES)
def archive(edition_id: int):
    edition = get_edition(edition_id)
    if request.method == "GET":
        return confirm(
            edition,
            _("Archive %(name)s?", name=edition.name),
            _("The public no longer sees it; its entries and history are kept."),
            _("Archive edition"),
            section="archive",
        )
    services.set_archived(edition, True, actor=current_user)
    db.session.commit()
    flash(
        _("%(name)s is archived and no longer shown to the public.", name=edition.name), "success"
    )
    return redirect(url_for("editions.manage"))


@bp.post("/manage/editions/<int:edition_id>/unarchive")
@roles(*STAFF_ROLES)
def unarchive(edition_id: int):
    edition = get_edition(edition_id)
    services.set_archived(edition, False, actor=current_user)
    db.session.commit()
    flash(_("%(name)s is back from the archive.", name=edition.name), "success")
    return back_to_edit(edition, "archive")


def render_edit(edition: Edition, submitted: dict[str, FlaskForm] | None = None):
    """The edit page with a fresh form for the edition and each row, but those `submitted`."""
    forms = {"edition": EditionForm(formdata=None, obj=edition)}
    for kind in ROW_KINDS.values():
        forms |= kind.fresh_forms(edition)
    return render_template(
        "editions/edit.html",
        edition=edition,
        forms=forms | (submitted or {}),
        row_kinds=ROW_KINDS,
        status=call_status(edition, utcnow()),
        time_zone_names=time_zone_names(),
    )


def back_to_edit(edition: Edition, section: str):
    return redirect(url_for("editions.edit", edition_id=edition.id, _anchor=section))


def confirm(edition: Edition, question: str, consequence: str, action: str, *, section: str):
    """A page asking to confirm a removal or an archiving; its button posts to this URL."""
    return render_template(
        "confirm.html",
        context_url=url_for("editions.edit", edition_id=edition.id),
        context_label=edition.name,
        question=question,
        consequence=consequence,
        action=action,
        cancel_url=url_for("editions.edit", edition_id=edition.id, _anchor=section),
    )


# The row editors: categories, deadlines and waiver codes


class RowTexts(NamedTuple):
    """What the pages say about one row, named by `label` (its name or code)."""

    added: str
    saved: str
    removed: str
    question: str
    consequence: str
    action: str


@dataclass(frozen=True)
class RowKind:
    """A kind of row the edit page edits in place: its model, forms, service calls and texts.

    `name` ("waiver_code") names the endpoints (`add_waiver_code`, `edit_waiver_code`,
    `remove_waiver_code`) and the URL argument (`waiver_code_id`); `section` ("waiver-codes")
    is the URL segment and the page's section. The services take the form's `fields()`."""

    name: str
    section: str
    model: type
    new_form: Callable[..., FlaskForm]  # (edition, **form arguments)
    row_form: Callable[..., FlaskForm]
    add: Callable
    update: Callable
    remove: Callable
    texts: Callable[[str], RowTexts]
    label_attribute: str = "name"

    @property
    def id_argument(self) -> str:
        return f"{self.name}_id"

    @property
    def new_key(self) -> str:
        return "new-" + self.name.replace("_", "-")

    def key(self, row) -> str:
        return f"{self.name.replace('_', '-')}-{row.id}"

    def label(self, row) -> str:
        return getattr(row, self.label_attribute)

    def fresh_forms(self, edition: Edition) -> dict[str, FlaskForm]:
        forms = {self.new_key: self.new_form(edition, formdata=None, prefix=self.new_key)}
        for row in self.rows(edition):
            key = self.key(row)
            forms[key] = self.row_form(edition, formdata=None, obj=row, prefix=key)
        return forms

    def rows(self, edition: Edition) -> list:
        """The edition's rows of this kind: `edition.waiver_codes` for `waiver-codes`."""
        return getattr(edition, self.section.replace("-", "_"))

    def add_url(self, edition: Edition) -> str:
        return url_for(f"editions.add_{self.name}", edition_id=edition.id, _anchor=self.new_key)

    def edit_url(self, row) -> str:
        return url_for(
            f"editions.edit_{self.name}", **self.row_arguments(row), _anchor=self.key(row)
        )

    def remove_url(self, row) -> str:
        return url_for(f"editions.remove_{self.name}", **self.row_arguments(row))

    def row_arguments(self, row) -> dict:
        return {"edition_id": row.edition_id, self.id_argument: row.id}

    def get_row(self, edition: Edition, row_id: int):
        """A row of this kind in `edition`, else 404."""
        row = db.session.get(self.model, row_id)
        if row is None or row.edition_id != edition.id:
            abort(404)
        return row


def category_texts(name: str) -> RowTexts:
    return RowTexts(
        _("Category %(name)s is added.", name=name),
        _("Category %(name)s is saved.", name=name),
        _("Category %(name)s is removed.", name=name),
        _("Remove the category %(name)s?", name=name),
        _("A category can be removed only while no entry uses it."),
        _("Remove category"),
    )


def deadline_texts(name: str) -> RowTexts:
    return RowTexts(
        _("Deadline %(name)s is added.", name=name),
        _("Deadline %(name)s is saved.", name=name),
        _("Deadline %(name)s is removed.", name=name),
        _("Remove the deadline %(name)s?", name=name),
        _("A deadline can be removed only while no entry was made under it."),
        _("Remove deadline"),
    )


def waiver_code_texts(code: str) -> RowTexts:
    return RowTexts(
        _("Waiver code %(code)s is added.", code=code),
        _("Waiver code %(code)s is saved.", code=code),
        _("Waiver code %(code)s is removed.", code=code),
        _("Remove the waiver code %(code)s?", code=code),
        _("A waiver code can be removed only while no entry used it."),
        _("Remove waiver code"),
    )


def deadline_form(edition: Edition, **arguments) -> DeadlineForm:
    return DeadlineForm(currency=edition.currency, **arguments)


ROW_KINDS = {
    kind.name: kind
    for kind in (
        RowKind(
            "category",
            "categories",
            Category,
            new_form=lambda edition, **arguments: CategoryForm(**arguments),
            row_form=lambda edition, **arguments: CategoryForm(**arguments),
            add=services.add_category,
            update=services.update_category,
            remove=services.remove_category,
            texts=category_texts,
        ),
        RowKind(
            "deadline",
            "deadlines",
            Deadline,
            new_form=deadline_form,
            row_form=deadline_form,
            add=services.add_deadline,
            update=services.update_deadline,
            remove=services.remove_deadline,
            texts=deadline_texts,
        ),
        RowKind(
            "waiver_code",
            "waiver-codes",
            WaiverCode,
            new_form=lambda edition, **arguments: WaiverCodeForm(**arguments),
            row_form=lambda edition, **arguments: WaiverUsesForm(**arguments),
            add=waivers.add_waiver_code,
            update=waivers.set_uses_left,
            remove=waivers.remove_waiver_code,
            texts=waiver_code_texts,
            label_attribute="code",
        ),
    )
}


def save_row(kind: RowKind, edition: Edition, form: FlaskForm, change, *, key: str):
    """Validate a row's form (prefixed `key`: the new row's or the row's own) and commit
    `change()`, a service call returning the row; then go back to the section, or show the
    edit page again with the form's input and errors."""
    is_new = key == kind.new_key
    if form.validate_on_submit():
        outcome = commit(change, form=form)
        if outcome:
            texts = kind.texts(kind.label(outcome.value))
            flash(texts.added if is_new else texts.saved, "success")
            return back_to_edit(edition, kind.section if is_new else key)
    return render_edit(edition, {key: form})


def register_row_routes(kind: RowKind) -> None:
    """Add the routes `add_<name>` (POST), `edit_<name>` (POST) and `remove_<name>` (GET asks
    to confirm, POST removes) for one kind of row."""
    rows_url = f"/manage/editions/<int:edition_id>/{kind.section}"
    row_url = f"{rows_url}/<int:{kind.name}_id>"

    def add_row(edition_id: int):
        edition = get_edition(edition_id)
        form = kind.new_form(edition, prefix=kind.new_key)
        return save_row(
            kind,
            edition,
            form,
            lambda: kind.add(edition, actor=current_user, **form.fields()),
            key=kind.new_key,
        )

    def edit_row(edition_id: int, **row_id: int):
        edition = get_edition(edition_id)
        row = kind.get_row(edition, row_id[kind.id_argument])
        form = kind.row_form(edition, prefix=kind.key(row))

        def change():
            kind.update(row, actor=current_user, **form.fields())
            return row

        return save_row(kind, edition, form, change, key=kind.key(row))

    def remove_row(edition_id: int, **row_id: int):
        edition = get_edition(edition_id)
        row = kind.get_row(edition, row_id[kind.id_argument])
        texts = kind.texts(kind.label(row))
        if request.method == "GET":
            return confirm(
                edition, texts.question, texts.consequence, texts.action, section=kind.key(row)
            )
        if commit(lambda: kind.remove(row, actor=current_user), flash=True):
            flash(texts.removed, "success")
        return back_to_edit(edition, kind.section)

    staff = roles(*STAFF_ROLES)
    bp.add_url_rule(rows_url, f"add_{kind.name}", staff(add_row), methods=["POST"])
    bp.add_url_rule(row_url, f"edit_{kind.name}", staff(edit_row), methods=["POST"])
    bp.add_url_rule(
        f"{row_url}/remove", f"remove_{kind.name}", staff(remove_row), methods=["GET", "POST"]
    )


for row_kind in ROW_KINDS.values():
    register_row_routes(row_kind)
