"""Versions of a film's AI disclosure and the changes to them.

A version is edited in place until a submission freezes it; a change after that starts the
next version, a copy of the frozen one (consent documents are referenced, not copied).
Every function flushes and records an audit event; the caller commits."""

from __future__ import annotations

import copy as copy_module
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect as sa_inspect

from festival.audit.services import record
from festival.database import utcnow
from festival.disclosure import iptc, share, validation
from festival.disclosure.documents import StoredDocument
from festival.disclosure.enums import ConsentBasis, Element, Evidence, Extent
from festival.disclosure.models import (
    Consent,
    Disclosure,
    DisclosureElement,
    DisclosureSegment,
    ToolSuggestion,
)
from festival.disclosure.validation import (
    Attestations,
    ConsentDraft,
    DisclosureDraft,
    ElementAnswer,
    SegmentDraft,
    ToolUse,
)
from festival.extensions import db
from festival.films.models import Film
from festival.refusals import Refusal


class DisclosureError(Refusal):
    """A change the rules refuse; `message` is shown to the user."""


@dataclass
class ConsentData(ConsentDraft):
    """A consent as the form hands it to `save_disclosure`, with its stored document."""

    document: StoredDocument | None = None

    def __post_init__(self):
        self.has_document = self.document is not None


# --- versions -------------------------------------------------------------------------------


def latest_disclosure(film: Film) -> Disclosure | None:
    return db.session.scalars(
        db.select(Disclosure)
        .where(Disclosure.film_id == film.id)
        .order_by(Disclosure.version.desc())
        .limit(1)
    ).first()


def editable_disclosure(film: Film, *, actor) -> Disclosure:
    """The version edits go to: the latest while it is not frozen, else a new one."""
    latest = latest_disclosure(film)
    if latest is not None and not latest.is_frozen:
        return latest
    disclosure = _copy(latest, film) if latest is not None else Disclosure(film=film, version=1)
    db.session.add(disclosure)
    record(
        "disclosure.version_started",
        disclosure,
        actor=actor,
        after={"film_id": film.id, "version": disclosure.version},
    )
    return disclosure


_COPIED_FIELDS = (
    "human_statement",
    "training_statement",
    "ai_share_estimate",
    "audience_notice",
    "attests_rights_to_outputs",
    "attests_no_third_party_copyright",
    "attests_complete",
)


def _copy_row(row):
    """A new row with the same answers; documents are referenced, not copied."""
    columns = sa_inspect(type(row)).columns
    values = {
        column.key: copy_module.deepcopy(getattr(row, column.key))
        for column in columns
        if column.key not in {"id", "disclosure_id"}
    }
    return type(row)(**values)


def _copy(frozen: Disclosure, film: Film) -> Disclosure:
    copy = Disclosure(
        film=film,
        version=frozen.version + 1,
        evidence_available=list(frozen.evidence_available or []),
        **{name: getattr(frozen, name) for name in _COPIED_FIELDS},
    )
    copy.elements = [_copy_row(row) for row in frozen.elements]
    copy.segments = [_copy_row(row) for row in frozen.segments]
    copy.consents = [_copy_row(row) for row in frozen.consents]
    return copy


def save_disclosure(disclosure: Disclosure, draft_data: DisclosureDraft, *, actor) -> Disclosure:
    """Replace the answers of an unfrozen version with `draft_data` (a draft whose consents
    are `ConsentData`); incomplete answers are kept."""
    if disclosure.is_frozen:
        raise DisclosureError(
            _l("This version of the disclosure is frozen; start a new version to change it.")
        )
    before = _summary(disclosure)
    _replace_elements(disclosure, draft_data.elements)
    disclosure.segments = _rows_in_place(
        disclosure.segments,
        [
            {
                "start_ms": segment.start_ms,
                "end_ms": segment.end_ms,
                "element": segment.element,
                "tool": segment.tool,
                "note": segment.note,
            }
            for segment in draft_data.segments
        ],
        DisclosureSegment,
    )
    disclosure.consents = _rows_in_place(
        disclosure.consents,
        [
            _consent_values(consent, position)
            for position, consent in enumerate(draft_data.consents)
        ],
        Consent,
    )
    disclosure.human_statement = draft_data.human_statement
    disclosure.training_statement = draft_data.training_statement
    estimate = draft_data.ai_share_estimate
    disclosure.ai_share_estimate = round(estimate) if estimate is not None else None
    disclosure.audience_notice = draft_data.audience_notice
    disclosure.evidence_available = [
        e.value for e in Evidence if e in draft_data.evidence_available
    ]
    attestations = draft_data.attestations
    disclosure.attests_rights_to_outputs = attestations.rights_to_outputs
    disclosure.attests_no_third_party_copyright = attestations.no_third_party_copyright
    disclosure.attests_complete = attestations.disclosure_complete
    disclosure.updated_at = utcnow()
    db.session.flush()
    record("disclosure.saved", disclosure, actor=actor, before=before, after=_summary(disclosure))
    return disclosure


def _replace_elements(disclosure: Disclosure, answers: dict[Element, ElementAnswer]) -> None:
    """Update rows in place (one row per element is unique), add new ones, drop the rest."""
    rows = {row.element: row for row in disclosure.elements}
    kept = []
    for element in Element:
        answer = answers.get(element)
        if answer is None:
            continue
        row = rows.get(element) or DisclosureElement(element=element)
        row.extent = answer.extent
        row.tools = [
            {"name": tool.name, "version": tool.version, "vendor": tool.vendor}
            for tool in answer.tools
        ]
        row.inputs = answer.inputs
        row.human_contribution = answer.human_contribution
        kept.append(row)
    disclosure.elements = kept


def _rows_in_place(rows: list, answers: list[dict], make) -> list:
    """`rows` holding `answers` in order: each row takes the next answer in place (so an
    unchanged answer writes nothing and changes no programmer's desk row), extra answers
    become new rows (`make`), extra rows are dropped."""
    kept = []
    for index, values in enumerate(answers):
        row = rows[index] if index < len(rows) else make()
        for name, value in values.items():
            setattr(row, name, value)
        kept.append(row)
    return kept


def _consent_values(consent: ConsentDraft, position: int) -> dict:
    document = getattr(consent, "document", None)
    return {
        "person": consent.person,
        "kind": consent.kind,
        "basis": (
            ConsentBasis.SIGNED_DOCUMENT if consent.basis is None and document else consent.basis
        ),
        "statement": consent.statement,
        "document_path": document.path if document else None,
        "document_name": document.name if document else None,
        "document_sha256": document.sha256 if document else None,
        "position": position,
    }


def _summary(disclosure: Disclosure) -> dict:
    """What the audit log keeps of a version: extents, counts and attestations."""
    return {
        "version": disclosure.version,
        "extents": {
            str(row.element): (str(row.extent) if row.extent else None)
            for row in disclosure.elements
        },
        "segments": len(disclosure.segments),
        "consents": len(disclosure.consents),
        "attested": [
            disclosure.attests_rights_to_outputs,
            disclosure.attests_no_third_party_copyright,
            disclosure.attests_complete,
        ],
    }


def freeze_disclosure(disclosure: Disclosure, *, actor) -> Disclosure:
    """Freeze a version when a submission takes it; later edits start the next version."""
    if disclosure.is_frozen:
        return disclosure
    disclosure.frozen_at = utcnow()
    db.session.flush()
    record("disclosure.frozen", disclosure, actor=actor, after={"version": disclosure.version})
    return disclosure


def publish_card(disclosure: Disclosure, *, actor) -> Disclosure:
    if not disclosure.is_frozen:
        raise DisclosureError(
            _l("Only a submitted (frozen) version of a disclosure can be published.")
        )
    if disclosure.card_published_at is None:
        disclosure.card_published_at = utcnow()
        db.session.flush()
        record("disclosure.card_published", disclosure, actor=actor)
    return disclosure


def unpublish_card(disclosure: Disclosure, *, actor) -> Disclosure:
    if disclosure.card_published_at is not None:
        disclosure.card_published_at = None
        db.session.flush()
        record("disclosure.card_unpublished", disclosure, actor=actor)
    return disclosure


# --- reading a version ----------------------------------------------------------------------


def draft_of(disclosure: Disclosure) -> DisclosureDraft:
    """The plain draft that `validation` checks, from a stored version."""
    return DisclosureDraft(
        elements={
            row.element: ElementAnswer(
                extent=row.extent,
                tools=[
                    ToolUse(
                        name=tool.get("name", ""),
                        version=tool.get("version", ""),
                        vendor=tool.get("vendor", ""),
                    )
                    for tool in row.tools or []
                ],
                inputs=row.inputs or "",
                human_contribution=row.human_contribution or "",
            )
            for row in disclosure.elements
        },
        segments=[
            SegmentDraft(row.start_ms, row.end_ms, row.element, row.tool or "", row.note or "")
            for row in disclosure.segments
        ],
        consents=[
            ConsentDraft(
                person=row.person or "",
                kind=row.kind,
                basis=row.basis,
                has_document=bool(row.document_path),
                statement=row.statement or "",
            )
            for row in disclosure.consents
        ],
        human_statement=disclosure.human_statement or "",
        attestations=Attestations(
            rights_to_outputs=disclosure.attests_rights_to_outputs,
            no_third_party_copyright=disclosure.attests_no_third_party_copyright,
            disclosure_complete=disclosure.attests_complete,
        ),
        evidence_available=set(disclosure.evidence_available or []),
        audience_notice=disclosure.audience_notice,
        training_statement=disclosure.training_statement or "",
        ai_share_estimate=disclosure.ai_share_estimate,
    )


def problems(disclosure: Disclosure) -> list[validation.DisclosureProblem]:
    return validation.validate_disclosure(
        draft_of(disclosure), runtime_ms=disclosure.film.runtime_ms
    )


def is_complete(disclosure: Disclosure) -> bool:
    return not problems(disclosure)


def ai_share(disclosure: Disclosure) -> float:
    """The share of the runtime covered by the segments (their union), from 0 to 1."""
    return share.ai_share_of_runtime(disclosure.segments, disclosure.film.runtime_ms)


def digital_source_type(disclosure: Disclosure):
    return iptc.digital_source_type(draft_of(disclosure).extents)


def extents(disclosure: Disclosure) -> dict[Element, Extent | None]:
    return draft_of(disclosure).extents


# --- tool suggestions -----------------------------------------------------------------------

DEFAULT_TOOL_SUGGESTIONS = (
    ("Runway Gen-4", "Runway", ("visual_footage", "vfx_compositing", "characters_creatures")),
    ("Sora", "OpenAI", ("visual_footage", "characters_creatures")),
    ("Veo", "Google", ("visual_footage", "characters_creatures")),
    ("Kling", "Kuaishou", ("visual_footage", "characters_creatures")),
    ("Hailuo", "MiniMax", ("visual_footage", "characters_creatures")),
    ("Luma Dream Machine", "Luma AI", ("visual_footage",)),
    ("Pika", "Pika Labs", ("visual_footage", "vfx_compositing")),
    ("Midjourney", "Midjourney", ("visual_footage", "marketing_materials")),
    ("Stable Diffusion", "Stability AI", ("visual_footage", "marketing_materials")),
    ("Flux", "Black Forest Labs", ("visual_footage", "marketing_materials")),
    ("Adobe Firefly", "Adobe", ("visual_footage", "vfx_compositing", "marketing_materials")),
    ("DeepFaceLab", "", ("real_likeness",)),
    ("ElevenLabs", "ElevenLabs", ("voice_dialogue", "sound_effects")),
    ("Suno", "Suno", ("music_score",)),
    ("Udio", "Udio", ("music_score",)),
    ("Topaz Video AI", "Topaz Labs", ("editing_colour_upscaling",)),
    ("ChatGPT", "OpenAI", ("story_script", "subtitles_translation")),
    ("Claude", "Anthropic", ("story_script", "subtitles_translation")),
    ("Whisper", "OpenAI", ("subtitles_translation",)),
    ("DaVinci Resolve (AI tools)", "Blackmagic Design", ("editing_colour_upscaling",)),
)


def seed_tool_suggestions() -> int:
    """Add the default suggestions that are missing; returns how many were added."""
    existing = {
        (name, vendor)
        for name, vendor in db.session.execute(
            db.select(ToolSuggestion.name, ToolSuggestion.vendor)
        )
    }
    added = 0
    for name, vendor, elements in DEFAULT_TOOL_SUGGESTIONS:
        if (name, vendor) not in existing:
            db.session.add(ToolSuggestion(name=name, vendor=vendor, elements=list(elements)))
            added += 1
    db.session.flush()
    return added


def add_tool_suggestion(name: str, vendor: str = "", *, actor) -> ToolSuggestion:
    name, vendor = name.strip(), vendor.strip()
    if not name:
        raise DisclosureError(_l("Enter the tool's name."), "name")
    duplicate = db.session.scalars(
        db.select(ToolSuggestion).where(
            db.func.lower(ToolSuggestion.name) == name.lower(),
            db.func.lower(ToolSuggestion.vendor) == vendor.lower(),
        )
    ).first()
    if duplicate is not None:
        raise DisclosureError(_l("%(name)s is already on the list.", name=name), "name")
    tool = ToolSuggestion(name=name, vendor=vendor, elements=[])
    db.session.add(tool)
    db.session.flush()
    record("disclosure.tool_suggestion_added", tool, actor=actor, after={"name": name})
    return tool


def remove_tool_suggestion(tool: ToolSuggestion, *, actor) -> None:
    record("disclosure.tool_suggestion_removed", tool, actor=actor, before={"name": tool.name})
    db.session.delete(tool)
    db.session.flush()
