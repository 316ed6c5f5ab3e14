"""Public calls for entries, and the staff pages that set up an edition.

The staff edit page holds one small form per category, deadline and waiver code, each posting
to its own URL; a form that fails comes back on the page with its input and errors."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from festival.accounts.access import public, roles
from festival.accounts.enums import Role
from festival.database import utcnow
from festival.editions import queries, rules, services, waivers
from festival.editions.forms import (
    CategoryForm,
    DeadlineForm,
    EditionForm,
    WaiverCodeForm,
    WaiverUsesForm,
)
from festival.editions.models import Category, Deadline, Edition, WaiverCode
from festival.editions.money import major_units
from festival.editions.schedule import call_status, time_zone_names
from festival.extensions import db
from festival.transactions import show_refusal

bp = Blueprint("editions", __name__)


def get_visible_edition(slug: str) -> Edition:
    edition = queries.edition_by_slug(slug)
    if edition is None or not rules.can_view(current_user, edition):
        abort(404)
    return edition


def get_edition(edition_id: int) -> Edition:
    return db.session.get(Edition, edition_id) or abort(404)


def get_row(model, edition: Edition, row_id: int):
    """A category, deadline or waiver code of `edition`, else 404."""
    row = db.session.get(model, row_id)
    if row is None or row.edition_id != edition.id:
        abort(404)
    return row


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
@roles(Role.PROGRAMMER, Role.ADMIN)
def manage():
    now = utcnow()
    calls = [call_status(edition, now) for edition in queries.all_editions()]
    return render_template("editions/manage.html", calls=calls)


@bp.route("/manage/editions/new", methods=["GET", "POST"])
@roles(Role.PROGRAMMER, Role.ADMIN)
def create():
    form = EditionForm()
    if form.validate_on_submit():
        try:
            edition = services.create_edition(actor=current_user, **form.settings())
        except services.EditionError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(
                _("%(name)s is created. Now add its categories and deadlines.", name=edition.name),
                "success",
            )
            return redirect(url_for("editions.edit", edition_id=edition.id))
    return render_template("editions/create.html", form=form, time_zone_names=time_zone_names())


def edit_forms(edition: Edition) -> dict[str, FlaskForm]:
    """A fresh form for the edition, each of its rows and each kind of new row, by prefix."""
    currency = edition.currency
    forms: dict[str, FlaskForm] = {
        "edition": EditionForm(formdata=None, obj=edition),
        "new-category": CategoryForm(formdata=None, prefix="new-category"),
        "new-deadline": DeadlineForm(formdata=None, prefix="new-deadline", currency=currency),
        "new-waiver-code": WaiverCodeForm(formdata=None, prefix="new-waiver-code"),
    }
    for category in edition.categories:
        key = f"category-{category.id}"
        forms[key] = CategoryForm(formdata=None, obj=category, prefix=key)
    for deadline in edition.deadlines:
        key = f"deadline-{deadline.id}"
        forms[key] = DeadlineForm(
            formdata=None,
            obj=deadline,
            prefix=key,
            currency=currency,
            fee=major_units(deadline.fee_cents, currency),
        )
    for waiver_code in edition.waiver_codes:
        key = f"waiver-code-{waiver_code.id}"
        forms[key] = WaiverUsesForm(formdata=None, obj=waiver_code, prefix=key)
    return forms


def render_edit(edition: Edition, submitted: dict[str, FlaskForm] | None = None):
    forms = edit_forms(edition) | (submitted or {})
    return render_template(
        "editions/edit.html",
        edition=edition,
        forms=forms,
        status=call_status(edition, utcnow()),
        time_zone_names=time_zone_names(),
    )


def back_to_edit(edition: Edition, section: str):
    return redirect(url_for("editions.edit", edition_id=edition.id, _anchor=section))


@bp.route("/manage/editions/<int:edition_id>", methods=["GET", "POST"])
@roles(Role.PROGRAMMER, Role.ADMIN)
def edit(edition_id: int):
    edition = get_edition(edition_id)
    form = EditionForm(obj=edition)
    if form.validate_on_submit():
        try:
            services.update_edition(edition, actor=current_user, **form.settings())
        except services.EditionError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(_("Changes to %(name)s are saved.", name=edition.name), "success")
            return back_to_edit(edition, "details")
    return render_edit(edition, {"edition": form})


@bp.route("/manage/editions/<int:edition_id>/archive", methods=["GET", "POST"])
@roles(Role.PROGRAMMER, Role.ADMIN)
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
@roles(Role.PROGRAMMER, Role.ADMIN)
def unarchive(edition_id: int):
    edition = get_edition(edition_id)
    services.set_archived(edition, False, actor=current_user)
    db.session.commit()
    flash(_("%(name)s is back from the archive.", name=edition.name), "success")
    return back_to_edit(edition, "archive")


def save_row(edition: Edition, key: str, form: FlaskForm, change, *, section: str, message: str):
    """Validate a row's form, call `change()` (a service call), commit and go back to the
    section; or show the edit page again with the form's input and errors."""
    if form.validate_on_submit():
        try:
            change()
        except services.EditionError as error:
            db.session.rollback()
            show_refusal(form, error)
        else:
            db.session.commit()
            flash(message, "success")
            return back_to_edit(edition, section)
    return render_edit(edition, {key: form})


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


def remove_row(edition: Edition, remove, *, section: str, message: str):
    try:
        remove()
    except services.EditionError as error:
        db.session.rollback()
        flash(str(error), "error")
    else:
        db.session.commit()
        flash(message, "success")
    return back_to_edit(edition, section)


@bp.post("/manage/editions/<int:edition_id>/categories")
@roles(Role.PROGRAMMER, Role.ADMIN)
def add_category(edition_id: int):
    edition = get_edition(edition_id)
    form = CategoryForm(prefix="new-category")
    return save_row(
        edition,
        "new-category",
        form,
        lambda: services.add_category(edition, actor=current_user, **form.fields()),
        section="categories",
        message=_("Category %(name)s is added.", name=form.name.data),
    )


@bp.post("/manage/editions/<int:edition_id>/categories/<int:category_id>")
@roles(Role.PROGRAMMER, Role.ADMIN)
def edit_category(edition_id: int, category_id: int):
    edition = get_edition(edition_id)
    category = get_row(Category, edition, category_id)
    key = f"category-{category.id}"
    form = CategoryForm(prefix=key)
    return save_row(
        edition,
        key,
        form,
        lambda: services.update_category(category, actor=current_user, **form.fields()),
        section=key,
        message=_("Category %(name)s is saved.", name=form.name.data),
    )


@bp.route(
    "/manage/editions/<int:edition_id>/categories/<int:category_id>/remove", methods=["GET", "POST"]
)
@roles(Role.PROGRAMMER, Role.ADMIN)
def remove_category(edition_id: int, category_id: int):
    edition = get_edition(edition_id)
    category = get_row(Category, edition, category_id)
    if request.method == "GET":
        return confirm(
            edition,
            _("Remove the category %(name)s?", name=category.name),
            _("A category can be removed only while no entry uses it."),
            _("Remove category"),
            section=f"category-{category.id}",
        )
    return remove_row(
        edition,
        lambda: services.remove_category(category, actor=current_user),
        section="categories",
        message=_("Category %(name)s is removed.", name=category.name),
    )


@bp.post("/manage/editions/<int:edition_id>/deadlines")
@roles(Role.PROGRAMMER, Role.ADMIN)
def add_deadline(edition_id: int):
    edition = get_edition(edition_id)
    form = DeadlineForm(prefix="new-deadline", currency=edition.currency)
    return save_row(
        edition,
        "new-deadline",
        form,
        lambda: services.add_deadline(edition, actor=current_user, **form.fields()),
        section="deadlines",
        message=_("Deadline %(name)s is added.", name=form.name.data),
    )


@bp.post("/manage/editions/<int:edition_id>/deadlines/<int:deadline_id>")
@roles(Role.PROGRAMMER, Role.ADMIN)
def edit_deadline(edition_id: int, deadline_id: int):
    edition = get_edition(edition_id)
    deadline = get_row(Deadline, edition, deadline_id)
    key = f"deadline-{deadline.id}"
    form = DeadlineForm(prefix=key, currency=edition.currency)
    return save_row(
        edition,
        key,
        form,
        lambda: services.update_deadline(deadline, actor=current_user, **form.fields()),
        section=key,
        message=_("Deadline %(name)s is saved.", name=form.name.data),
    )


@bp.route(
    "/manage/editions/<int:edition_id>/deadlines/<int:deadline_id>/remove", methods=["GET", "POST"]
)
@roles(Role.PROGRAMMER, Role.ADMIN)
def remove_deadline(edition_id: int, deadline_id: int):
    edition = get_edition(edition_id)
    deadline = get_row(Deadline, edition, deadline_id)
    if request.method == "GET":
        return confirm(
            edition,
            _("Remove the deadline %(name)s?", name=deadline.name),
            _("A deadline can be removed only while no entry was made under it."),
            _("Remove deadline"),
            section=f"deadline-{deadline.id}",
        )
    return remove_row(
        edition,
        lambda: services.remove_deadline(deadline, actor=current_user),
        section="deadlines",
        message=_("Deadline %(name)s is removed.", name=deadline.name),
    )


@bp.post("/manage/editions/<int:edition_id>/waiver-codes")
@roles(Role.PROGRAMMER, Role.ADMIN)
def add_waiver_code(edition_id: int):
    edition = get_edition(edition_id)
    form = WaiverCodeForm(prefix="new-waiver-code")
    return save_row(
        edition,
        "new-waiver-code",
        form,
        lambda: waivers.add_waiver_code(
            edition, actor=current_user, code=form.code.data, uses_left=form.uses_left.data
        ),
        section="waiver-codes",
        message=_("Waiver code %(code)s is added.", code=form.code.data),
    )


@bp.post("/manage/editions/<int:edition_id>/waiver-codes/<int:waiver_code_id>")
@roles(Role.PROGRAMMER, Role.ADMIN)
def edit_waiver_code(edition_id: int, waiver_code_id: int):
    edition = get_edition(edition_id)
    waiver_code = get_row(WaiverCode, edition, waiver_code_id)
    key = f"waiver-code-{waiver_code.id}"
    form = WaiverUsesForm(prefix=key)
    return save_row(
        edition,
        key,
        form,
        lambda: waivers.set_uses_left(waiver_code, form.uses_left.data, actor=current_user),
        section=key,
        message=_("Waiver code %(code)s is saved.", code=waiver_code.code),
    )


@bp.route(
    "/manage/editions/<int:edition_id>/waiver-codes/<int:waiver_code_id>/remove",
    methods=["GET", "POST"],
)
@roles(Role.PROGRAMMER, Role.ADMIN)
def remove_waiver_code(edition_id: int, waiver_code_id: int):
    edition = get_edition(edition_id)
    waiver_code = get_row(WaiverCode, edition, waiver_code_id)
    if request.method == "GET":
        return confirm(
            edition,
            _("Remove the waiver code %(code)s?", code=waiver_code.code),
            _("A waiver code can be removed only while no entry used it."),
            _("Remove waiver code"),
            section=f"waiver-code-{waiver_code.id}",
        )
    return remove_row(
        edition,
        lambda: waivers.remove_waiver_code(waiver_code, actor=current_user),
        section="waiver-codes",
        message=_("Waiver code %(code)s is removed.", code=waiver_code.code),
    )
