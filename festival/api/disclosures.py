"""A film's AI disclosure: read it, and replace its answers with the disclosure form's own
rules and messages. Its `answers` are the form's fields (what `disclosure.forms.form_data`
gives the page), so a client reads, changes and sends back the same object. A save that would
overwrite a change made meanwhile is refused: send the ETag of your read in If-Match (428
without it, 412 when it moved on)."""

from __future__ import annotations

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from festival.accounts.enums import FILMMAKER_AND_STAFF
from festival.api.auth import requires
from festival.api.forms import validated
from festival.api.problems import Problem
from festival.api.resource import ApiBlueprint, committed
from festival.api.schemas import ApiSchema, choice
from festival.api.tokens.enums import TokenScope
from festival.disclosure import documents, queries, rules, services
from festival.disclosure.enums import (
    AudienceNotice,
    ConsentBasis,
    ConsentKind,
    Element,
    Evidence,
    Extent,
)
from festival.disclosure.forms import DisclosureForm, form_data
from festival.disclosure.models import Disclosure
from festival.films.loaders import get_film
from festival.films.models import Film

bp = ApiBlueprint(
    "api_disclosures", __name__, description="Your films' AI disclosures (a filmmaker's token)."
)

BLANK_ANSWERS = {
    "elements": {},
    "segments": [],
    "consents": [],
    "human_statement": "",
    "attests_rights_to_outputs": False,
    "attests_no_third_party_copyright": False,
    "attests_complete": False,
    "evidence_available": [],
    "audience_notice": None,
    "training_statement": "",
    "ai_share_estimate": None,
}


class ToolSchema(ApiSchema):
    name = ma.fields.String(load_default="")
    version = ma.fields.String(load_default="")
    vendor = ma.fields.String(load_default="")


class ElementAnswerSchema(ApiSchema):
    extent = choice(Extent, allow_none=True)
    tools = ma.fields.List(ma.fields.Nested(ToolSchema))
    inputs = ma.fields.String()
    human_contribution = ma.fields.String()


ElementsSchema = ApiSchema.from_dict(
    {element.value: ma.fields.Nested(ElementAnswerSchema) for element in Element},
    name="DisclosureElements",
)


class SegmentSchema(ApiSchema):
    start = ma.fields.String(metadata={"description": "A timecode: 00:41:10 or 00:41:10:12."})
    end = ma.fields.String()
    element = choice(Element, blank=True)
    tool = ma.fields.String()
    note = ma.fields.String()


class ConsentSchema(ApiSchema):
    person = ma.fields.String()
    kind = choice(ConsentKind, blank=True)
    basis = choice(ConsentBasis, blank=True)
    statement = ma.fields.String()
    document_ref = ma.fields.String(
        metadata={"description": "Keeps a consent document already sent (as read here)."}
    )
    document_name = ma.fields.String()


class AnswersSchema(ApiSchema):
    """The disclosure form's answers; an answer left out is left empty."""

    elements = ma.fields.Nested(ElementsSchema)
    segments = ma.fields.List(ma.fields.Nested(SegmentSchema))
    consents = ma.fields.List(ma.fields.Nested(ConsentSchema))
    human_statement = ma.fields.String()
    attests_rights_to_outputs = ma.fields.Boolean()
    attests_no_third_party_copyright = ma.fields.Boolean()
    attests_complete = ma.fields.Boolean()
    evidence_available = ma.fields.List(choice(Evidence))
    audience_notice = choice(AudienceNotice, allow_none=True)
    training_statement = ma.fields.String()
    ai_share_estimate = ma.fields.Integer(allow_none=True, strict=True)


class ProblemEntrySchema(ApiSchema):
    field = ma.fields.String()
    message = ma.fields.String()


class DisclosureSchema(ApiSchema):
    film_id = ma.fields.Integer()
    version = ma.fields.Integer(
        allow_none=True, metadata={"description": "Null until the first save."}
    )
    is_frozen = ma.fields.Boolean()
    lock_reason = ma.fields.String(
        allow_none=True, metadata={"description": "Why it cannot be changed now, if it cannot."}
    )
    updated_at = ma.fields.DateTime(allow_none=True)
    is_complete = ma.fields.Boolean()
    problems = ma.fields.List(
        ma.fields.Nested(ProblemEntrySchema),
        metadata={"description": "What keeps it from being complete, as the form shows it."},
    )
    answers = ma.fields.Nested(AnswersSchema)


def representation(film: Film, disclosure: Disclosure | None) -> dict:
    problems = services.problems(disclosure) if disclosure is not None else []
    return {
        "film_id": film.id,
        "version": disclosure.version if disclosure else None,
        "is_frozen": bool(disclosure and disclosure.is_frozen),
        "lock_reason": rules.edit_lock(film),
        "updated_at": disclosure.updated_at if disclosure else None,
        "is_complete": disclosure is not None and not problems,
        "problems": [{"field": p.field, "message": str(p.message)} for p in problems],
        "answers": form_data(disclosure) if disclosure else BLANK_ANSWERS,
    }


def etag_data(disclosure: Disclosure | None) -> dict:
    """What the ETag hashes: the version and when its answers last changed."""
    if disclosure is None:
        return {"id": None}
    return {"id": disclosure.id, "updated_at": disclosure.updated_at.isoformat()}


@bp.get("/films/<int:film_id>/disclosure")
@requires(TokenScope.READ, *FILMMAKER_AND_STAFF)
@bp.etag
@bp.response(200, DisclosureSchema)
def get_disclosure(film_id: int):
    """The film's latest disclosure version, with the problems the form would show."""
    film = get_film(film_id, rules.can_view)
    disclosure = services.latest_disclosure(film)
    bp.set_etag(etag_data(disclosure))
    return representation(film, disclosure)


@bp.put("/films/<int:film_id>/disclosure")
@requires(TokenScope.WRITE, *FILMMAKER_AND_STAFF)
@bp.etag
@bp.arguments(AnswersSchema)
@bp.response(200, DisclosureSchema)
def replace_disclosure(answers, film_id: int):
    """Save the answers as the film's draft (a frozen version starts the next one). As on the
    form, incomplete answers are kept and listed in `problems`; what cannot be stored (an
    unreadable timecode) is refused with 422."""
    film = get_film(film_id, rules.can_view)
    if not rules.can_edit(current_user, film):
        reason = rules.edit_lock(film)
        if reason is not None:
            raise Problem(409, reason, slug="locked")
        raise Problem(403, _l("Only the film's owner answers its disclosure."), slug="forbidden")
    bp.check_etag(etag_data(services.latest_disclosure(film)))
    form = validated(DisclosureForm, answers, frame_rate=film.frame_rate)
    disclosure = committed(lambda: save(film, form))
    bp.set_etag(etag_data(disclosure))
    return representation(film, disclosure)


def save(film: Film, form: DisclosureForm) -> Disclosure:
    disclosure = services.editable_disclosure(film, actor=current_user)
    services.save_disclosure(disclosure, form.draft(kept_documents(film, form)), actor=current_user)
    return disclosure


def kept_documents(film: Film, form: DisclosureForm) -> dict[int, documents.StoredDocument]:
    """The consent documents the answers keep (`document_ref` of a document of this film, as
    read here), by consent row; any other reference is ignored, as the form ignores it."""
    known = queries.document_paths_of_film(film.id)
    kept = {}
    for index, entry in enumerate(form.consents):
        consent = known.get(entry.form.document_ref.data or "")
        if consent is not None:
            kept[index] = documents.StoredDocument(
                consent.document_path, consent.document_name or "", consent.document_sha256
            )
    return kept
