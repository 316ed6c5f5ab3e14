"""The AI disclosure pages: the filmmaker's form, the versions staff compare, the public
card, consent documents behind an access check, and the tool suggestion list."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from festival.accounts.access import public, roles
from festival.accounts.enums import FILMMAKER_AND_STAFF, STAFF_ROLES
from festival.disclosure import cards, documents, queries, rules, services
from festival.disclosure.enums import CONSENT_ELEMENTS, Element, Extent
from festival.disclosure.forms import (
    DisclosureForm,
    ToolSuggestionForm,
    add_blank_rows,
    form_data,
)
from festival.disclosure.models import Disclosure, ToolSuggestion
from festival.disclosure.versions import changes_between
from festival.extensions import db
from festival.films.loaders import get_film
from festival.films.models import Film
from festival.refusals import Refusal
from festival.transactions import commit

bp = Blueprint("disclosure", __name__)


def get_disclosure(disclosure_id: int) -> Disclosure:
    return db.session.get(Disclosure, disclosure_id) or abort(404)


# --- the form -------------------------------------------------------------------------------


@bp.route("/films/<int:film_id>/disclosure", methods=["GET", "POST"])
@roles(*FILMMAKER_AND_STAFF, owned=True)
def edit(film_id: int):
    film = get_film(film_id, rules.can_view, details=False)
    if request.method == "POST":
        if not rules.can_edit(current_user, film):
            abort(403)
        return save(film)
    latest = services.latest_disclosure(film)
    form = DisclosureForm(
        formdata=None, data=form_data(latest) if latest else None, frame_rate=film.frame_rate
    )
    add_blank_rows(form)
    return render_form(film, latest, form)


def save(film: Film):
    form = DisclosureForm(frame_rate=film.frame_rate)
    outcome = commit(lambda: completeness_of_saved(film, form))
    if outcome.value is None:
        return render_form(film, services.latest_disclosure(film), form, status=422)
    if outcome.value:
        flash(_("The disclosure is saved and complete."), "success")
    else:
        flash(_("The draft is saved. Some answers are still missing; see below."), "success")
    return redirect(url_for("disclosure.edit", film_id=film.id))


class FormRefused(Refusal):
    """The form has errors, shown beside its fields; nothing of it is kept."""


def completeness_of_saved(film: Film, form: DisclosureForm) -> bool | None:
    """Save the form (`save_draft`); whether the saved draft is complete, read before the
    commit expires what it loaded, or None when it was not saved."""
    disclosure = save_draft(film, form)
    return None if disclosure is None else services.is_complete(disclosure)


def save_draft(film: Film, form: DisclosureForm) -> Disclosure | None:
    """Save the form as the film's draft and return it. A form with errors returns None,
    keeping only the consent documents it uploaded (the filmmaker need not send them again),
    or, with none uploaded, raises `FormRefused` so nothing is kept."""
    disclosure = services.editable_disclosure(film, actor=current_user)
    valid = form.validate()
    stored, kept_upload = consent_documents(form, disclosure)
    if valid and stored is not None:
        services.save_disclosure(disclosure, form.draft(stored), actor=current_user)
        return disclosure
    if kept_upload:
        return None
    raise FormRefused(form.errors)


def consent_documents(form: DisclosureForm, disclosure: Disclosure):
    """Store each new upload and resolve each kept one; returns ({row: document} or None when
    a document was refused, whether a new upload was stored)."""
    known = queries.document_paths_of_film(disclosure.film_id)
    stored, refused, kept_upload = {}, False, False
    for index, entry in enumerate(form.consents):
        row = entry.form
        if row.has_upload():
            try:
                document = documents.store_consent_document(disclosure.id, row.document.data)
            except documents.DocumentError as error:
                row.document.errors = [*row.document.errors, error.message]
                refused = True
                continue
            kept_upload = True
            row.document_ref.data, row.document_name.data = document.path, document.name
            stored[index] = document
        elif row.document_ref.data:
            document = kept_document(
                row.document_ref.data, row.document_name.data, disclosure, known
            )
            if document is not None:
                stored[index] = document
            else:
                row.document_ref.data = row.document_name.data = ""
    return (None if refused else stored), kept_upload


def kept_document(path: str, name: str, disclosure: Disclosure, known: dict):
    """A document from an earlier version of this film, or uploaded to this version on a form
    that had errors; anything else is ignored."""
    if path in known:
        consent = known[path]
        return documents.StoredDocument(path, consent.document_name or "", consent.document_sha256)
    if documents.disclosure_id_of(path) == disclosure.id:
        return documents.described_document(path, name)
    return None


def render_form(film: Film, disclosure: Disclosure | None, form: DisclosureForm, status=200):
    problems = services.problems(disclosure) if disclosure is not None and status == 200 else []
    problem_map: dict[str, list] = {}
    for problem in problems:
        problem_map.setdefault(problem.field, []).append(problem.message)
    read = rules.screener_credentials(film)
    credentials = (
        cards.content_credentials(
            disclosure,
            present=read["present"],
            valid=read["valid"],
            declared_uris=read["declared_types"],
        )
        if read is not None
        else None
    )
    return (
        render_template(
            "disclosure/edit.html",
            film=film,
            disclosure=disclosure,
            form=form,
            can_edit=rules.can_edit(current_user, film),
            lock_reason=rules.edit_lock(film),
            problems=problem_map,
            problem_list=problems,
            is_complete=disclosure is not None and not problems,
            ai_share=services.ai_share(disclosure) if disclosure else None,
            source_type=services.digital_source_type(disclosure) if disclosure else None,
            c2pa=credentials,
            documents={c.document_path: c.id for c in disclosure.consents if c.document_path}
            if disclosure
            else {},
            tools=queries.tool_suggestions(),
            elements=list(Element),
            consent_elements=CONSENT_ELEMENTS,
            Extent=Extent,
            anchor=anchor,
        ),
        status,
    )


ATTESTATION_FIELDS = {
    "attestations.rights_to_outputs": "attests_rights_to_outputs",
    "attestations.no_third_party_copyright": "attests_no_third_party_copyright",
    "attestations.disclosure_complete": "attests_complete",
}


def anchor(path: str) -> str:
    """The id of the element a validation problem's path points at."""
    return ATTESTATION_FIELDS.get(path) or path.replace(".", "-")


@bp.get("/films/<int:film_id>/disclosure/consents/<int:consent_id>/document")
@roles(*FILMMAKER_AND_STAFF, owned=True)
def consent_document(film_id: int, consent_id: int):
    film = get_film(film_id, rules.can_read_consent_documents)
    consent = queries.consent_of_film(film.id, consent_id)
    if consent is None or not documents.is_document_path(consent.document_path):
        abort(404)
    path = documents.absolute_path(consent.document_path)
    if not path.is_file():
        abort(404)
    response = send_file(
        path,
        mimetype=documents.stored_type(consent.document_path),
        as_attachment=True,
        download_name=consent.document_name or "consent",
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


# --- versions (staff) -----------------------------------------------------------------------


@bp.get("/films/<int:film_id>/disclosure/versions")
@roles(*STAFF_ROLES)
def versions(film_id: int):
    film = get_film(film_id, rules.can_view)
    rows = queries.versions_of(film.id)
    drafts = [services.draft_of(version) for version in rows]
    history = [
        {
            "disclosure": version,
            "changes": changes_between(drafts[index - 1], drafts[index]) if index else None,
            "is_complete": services.is_complete(version),
        }
        for index, version in enumerate(rows)
    ]
    return render_template("disclosure/versions.html", film=film, history=list(reversed(history)))


@bp.post("/manage/disclosures/<int:disclosure_id>/publish")
@roles(*STAFF_ROLES)
def publish(disclosure_id: int):
    disclosure = get_disclosure(disclosure_id)
    if commit(lambda: services.publish_card(disclosure, actor=current_user), flash=True):
        flash(
            _("The disclosure card of version %(version)s is public.", version=disclosure.version),
            "success",
        )
    return redirect(url_for("disclosure.versions", film_id=disclosure.film_id))


@bp.post("/manage/disclosures/<int:disclosure_id>/unpublish")
@roles(*STAFF_ROLES)
def unpublish(disclosure_id: int):
    disclosure = get_disclosure(disclosure_id)
    services.unpublish_card(disclosure, actor=current_user)
    db.session.commit()
    flash(
        _(
            "The disclosure card of version %(version)s is no longer public.",
            version=disclosure.version,
        ),
        "success",
    )
    return redirect(url_for("disclosure.versions", film_id=disclosure.film_id))


# --- the public card ------------------------------------------------------------------------


def get_card(card_token: str) -> Disclosure:
    return queries.published_card(card_token) or abort(404)


def render_card(disclosure: Disclosure, *, is_preview: bool = False):
    return render_template(
        "disclosure/card.html",
        disclosure=disclosure,
        film=disclosure.film,
        card=cards.card_summary(disclosure),
        steps=cards.EXTENT_STEPS,
        elements={element.value: element for element in Element},
        extents={extent.value: extent for extent in Extent},
        is_preview=is_preview,
    )


@bp.get("/cards/<card_token>")
@public
def card(card_token: str):
    return render_card(get_card(card_token))


@bp.get("/films/<int:film_id>/disclosure/card")
@roles(*FILMMAKER_AND_STAFF, owned=True)
def card_preview(film_id: int):
    """The card of the latest version as the public will see it once the festival publishes."""
    disclosure = services.latest_disclosure(get_film(film_id, rules.can_view)) or abort(404)
    return render_card(disclosure, is_preview=True)


@bp.get("/cards/<card_token>.json")
@public
def card_json(card_token: str):
    response = jsonify(cards.card_summary(get_card(card_token)))
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


# --- tool suggestions (staff) ---------------------------------------------------------------


@bp.route("/manage/tools", methods=["GET", "POST"])
@roles(*STAFF_ROLES)
def tools():
    form = ToolSuggestionForm()
    if form.validate_on_submit():
        outcome = commit(
            lambda: services.add_tool_suggestion(
                form.name.data, form.vendor.data, actor=current_user
            ),
            form=form,
        )
        if outcome:
            flash(_("%(name)s is added to the suggestions.", name=outcome.value.name), "success")
            return redirect(url_for("disclosure.tools"))
    status = 422 if form.errors else 200
    return render_template(
        "disclosure/tools.html", form=form, tools=queries.tool_suggestions()
    ), status


@bp.route("/manage/tools/<int:tool_id>/remove", methods=["GET", "POST"])
@roles(*STAFF_ROLES)
def remove_tool(tool_id: int):
    tool = db.session.get(ToolSuggestion, tool_id) or abort(404)
    if request.method == "GET":
        return render_template("disclosure/remove_tool.html", tool=tool)
    name = tool.name
    services.remove_tool_suggestion(tool, actor=current_user)
    db.session.commit()
    flash(_("%(name)s is removed from the suggestions.", name=name), "success")
    return redirect(url_for("disclosure.tools"))
