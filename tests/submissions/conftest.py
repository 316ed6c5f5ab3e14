from __future__ import annotations

from festival.disclosure.enums import AudienceNotice, Element, Extent
from festival.disclosure.models import Disclosure, DisclosureElement, DisclosureSegment
from festival.extensions import db
from festival.films.models import Film
from tests import factories

EVERY_CHECK = ["call_open", "not_entered", "runtime", "disclosure", "ai_share", "screener"]
"""The eligibility checks by name, in the order they run."""


def make_film(owner=None, *, title: str = "빛의 정원", runtime_s: int = 600, **fields) -> Film:
    return factories.make_film(owner=owner, title=title, runtime_s=runtime_s, **fields)


def make_disclosure(
    film: Film, *, segments=((0, 480_000),), complete: bool = True, version: int = 1
) -> Disclosure:
    """A disclosure of `film` whose only AI element is generated footage, with `segments` as
    (start_ms, end_ms); `complete=False` leaves out the attestations and the audience notice."""
    disclosure = Disclosure(
        film=film,
        version=version,
        human_statement="연기와 편집은 사람이 했습니다.",
        audience_notice=AudienceNotice.END_CREDITS if complete else None,
        attests_rights_to_outputs=complete,
        attests_no_third_party_copyright=complete,
        attests_complete=complete,
        elements=[
            DisclosureElement(
                element=element,
                extent=Extent.FULLY_GENERATED if element is Element.VISUAL_FOOTAGE else Extent.NONE,
                tools=[{"name": "Sora", "vendor": "OpenAI"}]
                if element is Element.VISUAL_FOOTAGE
                else [],
            )
            for element in Element
        ],
        segments=[
            DisclosureSegment(start_ms=start, end_ms=end, element=Element.VISUAL_FOOTAGE)
            for start, end in segments
        ],
    )
    db.session.add(disclosure)
    db.session.flush()
    return disclosure


def make_entrant_film(owner=None, **fields) -> Film:
    """A 10-minute film with a complete disclosure, 80% generated, and a screener that passed
    ingest: eligible for the default edition's categories (AI Short: 30 min, at least 70% AI;
    AI Feature: 180 min)."""
    film = make_film(owner, **fields)
    make_disclosure(film)
    factories.make_screener(film)
    return film
