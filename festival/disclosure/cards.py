"""The public disclosure card: one summary, shown as a page and served as JSON.

The JSON keys are a published contract; add keys, never rename them. Consent documents
and the names of the people concerned never appear on a card."""

from __future__ import annotations

from dataclasses import dataclass, field

from festival.disclosure import iptc, services
from festival.disclosure.enums import CONSENT_ELEMENTS, DigitalSourceType, Element, Extent
from festival.disclosure.models import Disclosure
from festival.disclosure.timecode import format_timecode


def consents_on_file(disclosure: Disclosure) -> bool | None:
    """None when no consent is needed (no real likeness or voice used, none recorded); else
    whether every person recorded has a document or a stated basis, and at least one is."""
    extents = services.extents(disclosure)
    needed = any(
        extents.get(element) is not None and extents[element].is_used
        for element in CONSENT_ELEMENTS
    )
    return consents_complete(needed, disclosure.consents)


def consents_complete(needed: bool, consents) -> bool | None:
    """`consents_on_file` from its facts: whether a consent is `needed`, and the consents
    recorded (anything with a `document_path`, a `basis` and a `statement`)."""
    if not needed and not consents:
        return None
    return bool(consents) and all(
        consent.document_path or (consent.basis is not None and consent.statement.strip())
        for consent in consents
    )


def card_summary(disclosure: Disclosure) -> dict:
    """The card's content with stable keys (see the module docstring)."""
    film = disclosure.film
    rows = {row.element: row for row in disclosure.elements}
    source_type = services.digital_source_type(disclosure)
    return {
        "film": {"title": film.title, "original_title": film.original_title or None},
        "version": disclosure.version,
        "elements": [
            {
                "element": element.value,
                "extent": rows[element].extent.value
                if element in rows and rows[element].extent
                else None,
                "tools": [
                    {
                        "name": tool.get("name", ""),
                        "version": tool.get("version", ""),
                        "vendor": tool.get("vendor", ""),
                    }
                    for tool in (rows[element].tools if element in rows else [])
                    if tool.get("name")
                ],
            }
            for element in Element
        ],
        "ai_share_of_runtime": round(services.ai_share(disclosure), 4),
        "ai_share_estimate": disclosure.ai_share_estimate,
        "segments": [
            {
                "start": format_timecode(segment.start_ms),
                "end": format_timecode(segment.end_ms),
                "start_ms": segment.start_ms,
                "end_ms": segment.end_ms,
                "element": segment.element.value,
            }
            for segment in disclosure.segments
        ],
        "consents_on_file": consents_on_file(disclosure),
        "iptc_digital_source_type": {
            "code": source_type.value if source_type else None,
            "uri": source_type.uri if source_type else None,
        },
        "audience_notice": disclosure.audience_notice.value if disclosure.audience_notice else None,
        "published_at": disclosure.card_published_at.isoformat()
        if disclosure.card_published_at
        else None,
    }


EXTENT_STEPS = len(Extent) - 1
"""The visual bar has one step per extent above "none"."""


@dataclass
class ContentCredentials:
    """What the screener's C2PA manifest says, as the disclosure page shows it.

    `present` False (or no ContentCredentials at all) is shown as "provenance unknown":
    absence proves nothing. The media issue builds this from the manifest it reads."""

    present: bool = False
    valid: bool | None = None
    declared_types: list[DigitalSourceType] = field(default_factory=list)
    warnings: list = field(default_factory=list)


def content_credentials(
    disclosure: Disclosure | None, *, present: bool, valid: bool | None, declared_uris=()
) -> ContentCredentials:
    """Credentials with their contradictions against the disclosure's answers."""
    declared = [t for t in (DigitalSourceType.from_uri(uri) for uri in declared_uris) if t]
    extents = services.extents(disclosure) if disclosure is not None else {}
    warnings = iptc.contradictions(set(declared), extents) if present else []
    return ContentCredentials(present, valid, declared, warnings)
