"""What changed between two versions of a disclosure, in words a programmer reads."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from festival.disclosure.enums import Element, Evidence
from festival.disclosure.timecode import format_timecode
from festival.disclosure.validation import DisclosureDraft

ATTESTATION_LABELS = {
    "rights_to_outputs": _l("Rights to the generated material"),
    "no_third_party_copyright": _l("No third-party copyrighted material"),
    "disclosure_complete": _l("The disclosure is complete"),
}


@dataclass(frozen=True)
class Change:
    """One difference; `field` names the part of the disclosure (as validation paths do)."""

    field: str
    message: object


def changes_between(old: DisclosureDraft, new: DisclosureDraft) -> list[Change]:
    """Every difference from `old` to `new`, in the order of the form."""
    return [
        *_element_changes(old, new),
        *_segment_changes(old, new),
        *_consent_changes(old, new),
        *_statement_changes(old, new),
    ]


def _extent_label(extent) -> object:
    return extent.label if extent is not None else _l("not answered")


def _tool_names(draft: DisclosureDraft, element: Element) -> list[str]:
    answer = draft.elements.get(element)
    if answer is None:
        return []
    return [
        " ".join(part for part in (tool.name, tool.version) if part).strip()
        for tool in answer.tools
        if tool.name.strip()
    ]


def _element_changes(old: DisclosureDraft, new: DisclosureDraft):
    for element in Element:
        path = f"elements.{element}"
        before, after = old.extent(element), new.extent(element)
        if before != after:
            yield Change(
                path,
                _l(
                    "%(element)s: %(before)s → %(after)s",
                    element=element.label,
                    before=_extent_label(before),
                    after=_extent_label(after),
                ),
            )
        old_tools, new_tools = _tool_names(old, element), _tool_names(new, element)
        for name in (n for n in new_tools if n not in old_tools):
            yield Change(
                f"{path}.tools",
                _l("%(element)s: tool added: %(tool)s", element=element.label, tool=name),
            )
        for name in (n for n in old_tools if n not in new_tools):
            yield Change(
                f"{path}.tools",
                _l("%(element)s: tool removed: %(tool)s", element=element.label, tool=name),
            )
        old_answer, new_answer = old.elements.get(element), new.elements.get(element)
        if (old_answer and (old_answer.inputs, old_answer.human_contribution)) != (
            new_answer and (new_answer.inputs, new_answer.human_contribution)
        ) and (old_answer or new_answer):
            yield Change(
                path,
                _l(
                    "%(element)s: what went in or what people did was changed",
                    element=element.label,
                ),
            )


def _segment_text(segment) -> str:
    return "{}\N{EN DASH}{} {}".format(
        format_timecode(segment.start_ms) if segment.start_ms is not None else "?",
        format_timecode(segment.end_ms) if segment.end_ms is not None else "?",
        segment.element.label if segment.element is not None else "",
    ).strip()


def _segment_changes(old: DisclosureDraft, new: DisclosureDraft):
    def key(segment):
        return (segment.start_ms, segment.end_ms, segment.element)

    old_by_key = {key(s): s for s in old.segments}
    new_by_key = {key(s): s for s in new.segments}
    for segment in new.segments:
        previous = old_by_key.get(key(segment))
        if previous is None:
            yield Change(
                "segments", _l("Segment added: %(segment)s", segment=_segment_text(segment))
            )
        elif (previous.tool, previous.note) != (segment.tool, segment.note):
            yield Change(
                "segments", _l("Segment changed: %(segment)s", segment=_segment_text(segment))
            )
    for segment in old.segments:
        if key(segment) not in new_by_key:
            yield Change(
                "segments", _l("Segment removed: %(segment)s", segment=_segment_text(segment))
            )


def _consent_changes(old: DisclosureDraft, new: DisclosureDraft):
    def key(consent):
        return (consent.person.strip(), consent.kind)

    old_by_key = {key(c): c for c in old.consents}
    new_by_key = {key(c): c for c in new.consents}
    for consent in new.consents:
        previous = old_by_key.get(key(consent))
        if previous is None:
            yield Change("consents", _l("Consent added: %(person)s", person=consent.person))
        elif (previous.basis, previous.statement, previous.has_document) != (
            consent.basis,
            consent.statement,
            consent.has_document,
        ):
            yield Change("consents", _l("Consent changed: %(person)s", person=consent.person))
    for consent in old.consents:
        if key(consent) not in new_by_key:
            yield Change("consents", _l("Consent removed: %(person)s", person=consent.person))


def _statement_changes(old: DisclosureDraft, new: DisclosureDraft):
    if old.human_statement.strip() != new.human_statement.strip():
        yield Change("human_statement", _l("The statement of what people did was changed"))
    if old.training_statement.strip() != new.training_statement.strip():
        yield Change("training_statement", _l("The training-data statement was changed"))
    if old.audience_notice != new.audience_notice:
        yield Change(
            "audience_notice",
            _l(
                "How the audience is told: %(before)s → %(after)s",
                before=old.audience_notice.label if old.audience_notice else _l("not answered"),
                after=new.audience_notice.label if new.audience_notice else _l("not answered"),
            ),
        )
    if set(old.evidence_available) != set(new.evidence_available):
        names = ", ".join(str(e.label) for e in Evidence if e in set(new.evidence_available))
        yield Change(
            "evidence_available",
            _l("Evidence available on request: %(evidence)s", evidence=names or "—"),
        )
    if old.ai_share_estimate != new.ai_share_estimate:
        yield Change(
            "ai_share_estimate",
            _l(
                "Filmmaker's AI share estimate: %(before)s → %(after)s",
                before=_percent(old.ai_share_estimate),
                after=_percent(new.ai_share_estimate),
            ),
        )
    for name, label in ATTESTATION_LABELS.items():
        before = getattr(old.attestations, name)
        after = getattr(new.attestations, name)
        if before != after:
            yield Change(
                f"attestations.{name}",
                _l("Attestation confirmed: %(attestation)s", attestation=label)
                if after
                else _l("Attestation withdrawn: %(attestation)s", attestation=label),
            )


def _percent(value) -> str:
    return "—" if value is None else f"{value:g}%"
