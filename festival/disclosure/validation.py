"""Whether an AI disclosure is complete and consistent, as a list of problems to show.

The disclosure is checked as a plain `DisclosureDraft`, so forms, services and tests share
one set of rules. Each problem names the field it belongs next to by a dotted path
(`elements.voice_dialogue`, `segments.2.end`, `consents.0.document`), with list positions
counted from 0."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from festival.disclosure.enums import (
    CONSENT_KIND_OF_ELEMENT,
    AudienceNotice,
    ConsentBasis,
    ConsentKind,
    Element,
    Evidence,
    Extent,
)
from festival.disclosure.timecode import format_timecode


@dataclass
class ToolUse:
    name: str
    version: str = ""
    vendor: str = ""


@dataclass
class ElementAnswer:
    """The answer for one element; `inputs` is what went in (own footage, references and
    their copyright status), `human_contribution` what people did to the output."""

    extent: Extent | None
    tools: list[ToolUse] = field(default_factory=list)
    inputs: str = ""
    human_contribution: str = ""


@dataclass
class SegmentDraft:
    start_ms: int | None
    end_ms: int | None
    element: Element | None
    tool: str = ""
    note: str = ""


@dataclass
class ConsentDraft:
    """A real person whose likeness or voice was generated or altered; `has_document` says a
    signed consent is uploaded, otherwise `basis` and `statement` say why none is needed."""

    person: str = ""
    kind: ConsentKind | None = None
    basis: ConsentBasis | None = None
    has_document: bool = False
    statement: str = ""


@dataclass
class Attestations:
    rights_to_outputs: bool = False
    no_third_party_copyright: bool = False
    disclosure_complete: bool = False


@dataclass
class DisclosureDraft:
    elements: dict[Element, ElementAnswer] = field(default_factory=dict)
    segments: list[SegmentDraft] = field(default_factory=list)
    consents: list[ConsentDraft] = field(default_factory=list)
    human_statement: str = ""
    attestations: Attestations = field(default_factory=Attestations)
    evidence_available: set[str] = field(default_factory=set)
    audience_notice: AudienceNotice | None = None
    training_statement: str = ""
    ai_share_estimate: float | None = None
    """The filmmaker's own estimate, in percent of the runtime."""

    def extent(self, element: Element) -> Extent | None:
        answer = self.elements.get(element)
        return answer.extent if answer is not None else None

    @property
    def extents(self) -> dict[Element, Extent | None]:
        return {element: self.extent(element) for element in Element}


@dataclass(frozen=True)
class DisclosureProblem:
    field: str
    message: object
    """A lazily translated message; render it with `str()` inside an app context."""


ATTESTATION_MESSAGES = {
    "rights_to_outputs": _l(
        "Confirm that you have the right to use the generated material under the terms of "
        "the tools you used."
    ),
    "no_third_party_copyright": _l(
        "Confirm that you did not knowingly reproduce material that is under someone else's "
        "copyright."
    ),
    "disclosure_complete": _l("Confirm that this disclosure is complete and true."),
}


def validate_disclosure(draft: DisclosureDraft, *, runtime_ms: int) -> list[DisclosureProblem]:
    """Every problem that keeps `draft` from being complete, in the order of the form."""
    return [
        *_element_problems(draft),
        *_segment_problems(draft, runtime_ms),
        *_consent_problems(draft),
        *_statement_problems(draft),
    ]


def is_complete(draft: DisclosureDraft, runtime_ms: int) -> bool:
    return not validate_disclosure(draft, runtime_ms=runtime_ms)


def _element_problems(draft: DisclosureDraft) -> Iterator[DisclosureProblem]:
    for element in Element:
        path = f"elements.{element}"
        extent = draft.extent(element)
        if extent is None:
            yield DisclosureProblem(
                path,
                _l(
                    "Choose how much AI was used for “%(element)s”. If none was, choose “None”.",
                    element=element.label,
                ),
            )
            continue
        tools = draft.elements[element].tools
        for index, tool in enumerate(tools):
            if not tool.name.strip() and (tool.version.strip() or tool.vendor.strip()):
                yield DisclosureProblem(
                    f"{path}.tools.{index}.name", _l("Name the tool, or clear this row.")
                )
        if extent.is_used and not any(tool.name.strip() for tool in tools):
            yield DisclosureProblem(
                f"{path}.tools",
                _l("Name at least one tool used for “%(element)s”.", element=element.label),
            )


def _segment_problems(draft: DisclosureDraft, runtime_ms: int) -> Iterator[DisclosureProblem]:
    runtime = format_timecode(max(runtime_ms, 0))
    for index, segment in enumerate(draft.segments):
        path = f"segments.{index}"
        start, end = segment.start_ms, segment.end_ms
        if start is None:
            yield DisclosureProblem(f"{path}.start", _l("Enter the time the segment starts."))
        elif start < 0 or start >= runtime_ms:
            yield DisclosureProblem(
                f"{path}.start",
                _l(
                    "The segment must start within the film's runtime (%(runtime)s).",
                    runtime=runtime,
                ),
            )
        if end is None:
            yield DisclosureProblem(f"{path}.end", _l("Enter the time the segment ends."))
        elif end > runtime_ms:
            yield DisclosureProblem(
                f"{path}.end",
                _l(
                    "The segment ends after the film does; the runtime is %(runtime)s.",
                    runtime=runtime,
                ),
            )
        elif start is not None and end <= start:
            yield DisclosureProblem(f"{path}.end", _l("The segment must end after it starts."))
        if segment.element is None:
            yield DisclosureProblem(
                f"{path}.element", _l("Choose which element of the film this segment shows.")
            )
        elif draft.extent(segment.element) is Extent.NONE:
            yield DisclosureProblem(
                f"{path}.element",
                _l(
                    "“%(element)s” is disclosed as made without AI. Choose another element, "
                    "or change how much AI was used for it.",
                    element=segment.element.label,
                ),
            )


def _consent_problems(draft: DisclosureDraft) -> Iterator[DisclosureProblem]:
    for element, kind in CONSENT_KIND_OF_ELEMENT.items():
        extent = draft.extent(element)
        if (
            extent is not None
            and extent.is_used
            and not any(consent.kind is kind for consent in draft.consents)
        ):
            yield DisclosureProblem("consents", _MISSING_CONSENT[kind])
    for index, consent in enumerate(draft.consents):
        yield from _one_consent_problems(f"consents.{index}", consent)


_MISSING_CONSENT = {
    ConsentKind.LIKENESS: _l(
        "Add each real person whose face or body AI generated or altered, with their consent."
    ),
    ConsentKind.VOICE: _l(
        "Add each real person whose voice AI generated or altered, with their consent. "
        "For a stock voice from the tool's maker, say so as the reason."
    ),
}


def _one_consent_problems(path: str, consent: ConsentDraft) -> Iterator[DisclosureProblem]:
    if not consent.person.strip():
        yield DisclosureProblem(f"{path}.person", _l("Enter the person's name."))
    if consent.kind is None:
        yield DisclosureProblem(
            f"{path}.kind", _l("Choose whether the consent covers likeness or voice.")
        )
    if consent.has_document:
        return
    if consent.basis is None or not consent.basis.needs_statement:
        yield DisclosureProblem(
            f"{path}.document",
            _l("Upload the signed consent, or choose why none is needed and explain."),
        )
    elif not consent.statement.strip():
        yield DisclosureProblem(f"{path}.statement", _l("Explain why no signed consent is needed."))


def _statement_problems(draft: DisclosureDraft) -> Iterator[DisclosureProblem]:
    if any(extent is not None and extent.is_used for extent in draft.extents.values()) and (
        not draft.human_statement.strip()
    ):
        yield DisclosureProblem(
            "human_statement",
            _l("Say what people did in the film: performances, cinematography, editing, writing."),
        )
    if draft.audience_notice is None:
        yield DisclosureProblem(
            "audience_notice",
            _l("Choose how the audience is told about AI in the film, or that it is not told."),
        )
    unknown = set(draft.evidence_available) - set(Evidence)
    if unknown:
        yield DisclosureProblem("evidence_available", _l("Choose evidence only from the list."))
    estimate = draft.ai_share_estimate
    if estimate is not None and not 0 <= estimate <= 100:
        yield DisclosureProblem(
            "ai_share_estimate", _l("Enter your estimate as a percentage from 0 to 100.")
        )
    for name, message in ATTESTATION_MESSAGES.items():
        if not getattr(draft.attestations, name):
            yield DisclosureProblem(f"attestations.{name}", message)
