"""What a reviewer reads of a film beside the player: its facts, synopsis and the AI
disclosure the submission was judged on. In a blind round every text passes through the
redactor (the staff's copy of a text, where they wrote one, instead of the film's own), credits
and contacts are left out, and consents say only whether they are on file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from festival.disclosure import cards
from festival.disclosure import services as disclosures
from festival.disclosure.enums import Element
from festival.judging import blind, juror_copy
from festival.judging.models import RoundEntry


@dataclass
class ElementLine:
    element: Element
    extent: object
    tools: list[str]
    inputs: str
    human_contribution: str


@dataclass
class Segment:
    """A disclosed segment as the player draws it (with the note possibly redacted)."""

    start_ms: int
    end_ms: int
    element: Element
    tool: str
    note: str


@dataclass
class Dossier:
    title: str
    original_title: str
    logline: str
    synopsis: str
    runtime_s: int
    year: int
    countries: list[str]
    languages: list[str]
    genres: list[str]
    is_blind: bool
    filmmaker: str | None = None
    credits: list[tuple[object, str]] = field(default_factory=list)
    disclosure_version: int | None = None
    elements: list[ElementLine] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    human_statement: str = ""
    ai_share: float | None = None
    ai_share_estimate: int | None = None
    consents_on_file: bool | None = None
    audience_notice: object = None


def dossier_of(entry: RoundEntry, *, show_identities: bool) -> Dossier:
    film = entry.film
    hide: Callable[[str], str] = (
        (lambda text: text or "") if show_identities else (blind.film_redactor(film))
    )
    copy = None if show_identities else entry.juror_copy
    dossier = Dossier(
        title=hide(juror_copy.juror_text(copy, "title", film.title)),
        original_title=hide(film.original_title or ""),
        logline=hide(juror_copy.juror_text(copy, "logline", film.logline)),
        synopsis=hide(juror_copy.juror_text(copy, "synopsis", film.synopsis)),
        runtime_s=film.runtime_s,
        year=film.year,
        countries=list(film.countries or ()),
        languages=list(film.languages or ()),
        genres=list(film.genres or ()),
        is_blind=not show_identities,
    )
    if show_identities:
        dossier.filmmaker = film.owner.name
        dossier.credits = [(credit.role, credit.name) for credit in film.credits]
    disclosure = entry.submission.disclosure or disclosures.latest_disclosure(film)
    if disclosure is not None:
        statement = juror_copy.juror_text(copy, "human_statement", disclosure.human_statement)
        _add_disclosure(dossier, disclosure, hide, statement)
    return dossier


def _add_disclosure(dossier: Dossier, disclosure, hide, statement: str) -> None:
    rows = {row.element: row for row in disclosure.elements}
    dossier.disclosure_version = disclosure.version
    dossier.elements = [
        ElementLine(
            element=element,
            extent=rows[element].extent if element in rows else None,
            tools=[hide(_tool_name(tool)) for tool in rows[element].tools if tool.get("name")]
            if element in rows
            else [],
            inputs=hide(rows[element].inputs) if element in rows else "",
            human_contribution=hide(rows[element].human_contribution) if element in rows else "",
        )
        for element in Element
    ]
    dossier.segments = [
        Segment(s.start_ms, s.end_ms, s.element, hide(s.tool or ""), hide(s.note or ""))
        for s in sorted(disclosure.segments, key=lambda s: (s.start_ms, s.end_ms))
    ]
    dossier.human_statement = hide(statement)
    dossier.ai_share = disclosures.ai_share(disclosure)
    dossier.ai_share_estimate = disclosure.ai_share_estimate
    dossier.consents_on_file = cards.consents_on_file(disclosure)
    dossier.audience_notice = disclosure.audience_notice


def _tool_name(tool: dict) -> str:
    name = tool.get("name", "")
    return f"{name} {tool['version']}".strip() if tool.get("version") else name
