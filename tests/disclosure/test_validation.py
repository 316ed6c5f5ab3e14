import pytest

from festival.disclosure.enums import (
    AudienceNotice,
    ConsentBasis,
    ConsentKind,
    Element,
    Evidence,
    Extent,
)
from festival.disclosure.validation import (
    Attestations,
    ConsentDraft,
    DisclosureDraft,
    ElementAnswer,
    SegmentDraft,
    ToolUse,
    is_complete,
    validate_disclosure,
)

RUNTIME = 10 * 60 * 1000  # a ten-minute film


def answer(extent=Extent.NONE, *tools):
    return ElementAnswer(extent=extent, tools=[ToolUse(name) for name in tools])


def complete_draft(**changes) -> DisclosureDraft:
    """A complete disclosure: generated VFX in one segment and a cloned voice with consent."""
    elements = {element: answer() for element in Element}
    elements[Element.VFX_COMPOSITING] = answer(Extent.PARTLY_GENERATED, "Runway Gen-4")
    elements[Element.VOICE_DIALOGUE] = answer(Extent.ASSISTED, "ElevenLabs")
    draft = DisclosureDraft(
        elements=elements,
        segments=[SegmentDraft(60_000, 95_000, Element.VFX_COMPOSITING, "Runway Gen-4")],
        consents=[
            ConsentDraft(
                person="Kim Ji-won",
                kind=ConsentKind.VOICE,
                basis=ConsentBasis.SIGNED_DOCUMENT,
                has_document=True,
            )
        ],
        human_statement="Actors performed every scene; we shot, edited and graded it.",
        attestations=Attestations(True, True, True),
        evidence_available={Evidence.PROMPTS, Evidence.PROJECT_FILES},
        audience_notice=AudienceNotice.END_CREDITS,
    )
    for name, value in changes.items():
        setattr(draft, name, value)
    return draft


def fields(draft, runtime_ms=RUNTIME) -> list[str]:
    return [problem.field for problem in validate_disclosure(draft, runtime_ms=runtime_ms)]


def test_a_complete_disclosure_has_no_problems():
    draft = complete_draft()
    assert validate_disclosure(draft, runtime_ms=RUNTIME) == []
    assert is_complete(draft, RUNTIME)


def test_a_film_without_ai_is_complete_with_every_element_answered_none():
    draft = DisclosureDraft(
        elements={element: answer() for element in Element},
        attestations=Attestations(True, True, True),
        audience_notice=AudienceNotice.NONE,
    )
    assert fields(draft) == []


def test_every_unanswered_element_is_a_problem_never_read_as_none(app_ctx):
    draft = complete_draft()
    del draft.elements[Element.MUSIC_SCORE]
    draft.elements[Element.SOUND_EFFECTS] = ElementAnswer(extent=None)
    problems = validate_disclosure(draft, runtime_ms=RUNTIME)
    assert [p.field for p in problems] == ["elements.music_score", "elements.sound_effects"]
    assert "Music and score" in str(problems[0].message)
    assert not is_complete(draft, RUNTIME)


def test_an_empty_draft_asks_for_every_element_and_every_attestation():
    found = fields(DisclosureDraft())
    assert [f for f in found if f.startswith("elements.")] == [
        f"elements.{element}" for element in Element
    ]
    assert {
        "attestations.rights_to_outputs",
        "attestations.no_third_party_copyright",
        "attestations.disclosure_complete",
        "audience_notice",
    } <= set(found)


def test_an_element_above_none_names_a_tool(app_ctx):
    draft = complete_draft()
    draft.elements[Element.MUSIC_SCORE] = ElementAnswer(Extent.FULLY_GENERATED, [ToolUse("  ")])
    problems = validate_disclosure(draft, runtime_ms=RUNTIME)
    assert [p.field for p in problems] == ["elements.music_score.tools"]
    assert "Music and score" in str(problems[0].message)


def test_a_tool_row_with_a_version_but_no_name_is_a_problem():
    draft = complete_draft()
    draft.elements[Element.VFX_COMPOSITING].tools.append(ToolUse("", version="v2"))
    assert fields(draft) == ["elements.vfx_compositing.tools.1.name"]


@pytest.mark.parametrize(
    ("segment", "field", "said"),
    [
        (SegmentDraft(590_000, 610_000, Element.VFX_COMPOSITING), "segments.1.end", "00:10:00"),
        (SegmentDraft(0, 1_000, Element.MUSIC_SCORE), "segments.1.element", "Music and score"),
    ],
    ids=["past-the-end-of-the-film", "names-an-element-disclosed-as-none"],
)
def test_a_segment_problem_names_its_field_and_says_why(app_ctx, segment, field, said):
    draft = complete_draft()
    draft.segments.append(segment)
    problems = validate_disclosure(draft, runtime_ms=RUNTIME)
    assert [p.field for p in problems] == [field]
    assert said in str(problems[0].message)


def test_a_segment_may_end_exactly_at_the_end_of_the_film():
    draft = complete_draft()
    draft.segments.append(SegmentDraft(590_000, RUNTIME, Element.VFX_COMPOSITING))
    assert fields(draft) == []


def test_a_segment_starting_after_the_film_is_a_problem():
    draft = complete_draft()
    draft.segments.append(SegmentDraft(RUNTIME, RUNTIME + 5_000, Element.VFX_COMPOSITING))
    assert fields(draft) == ["segments.1.start", "segments.1.end"]


@pytest.mark.parametrize(("start", "end"), [(30_000, 30_000), (40_000, 30_000)])
def test_a_segment_ends_after_it_starts(start, end):
    draft = complete_draft()
    draft.segments.append(SegmentDraft(start, end, Element.VFX_COMPOSITING))
    assert fields(draft) == ["segments.1.end"]


def test_a_segment_without_times_or_element_names_each_missing_field():
    draft = complete_draft()
    draft.segments = [*draft.segments, *draft.segments, SegmentDraft(None, None, None)]
    assert fields(draft) == ["segments.2.start", "segments.2.end", "segments.2.element"]


def test_a_segment_may_name_an_assisted_element():
    draft = complete_draft()
    draft.segments.append(SegmentDraft(0, 1_000, Element.VOICE_DIALOGUE))
    assert fields(draft) == []


def test_with_no_runtime_every_segment_lies_outside_the_film():
    assert fields(complete_draft(), runtime_ms=0) == ["segments.0.start", "segments.0.end"]


@pytest.mark.parametrize(
    ("element", "kind"),
    [(Element.REAL_LIKENESS, ConsentKind.LIKENESS), (Element.VOICE_DIALOGUE, ConsentKind.VOICE)],
)
def test_likeness_or_voice_above_none_needs_a_consent_of_that_kind(element, kind):
    draft = complete_draft(consents=[])
    draft.elements[Element.VOICE_DIALOGUE] = answer()
    draft.elements[element] = answer(Extent.ASSISTED, "FaceFusion")
    assert fields(draft) == ["consents"]
    draft.consents = [ConsentDraft("Lee Min-ho", kind, ConsentBasis.SIGNED_DOCUMENT, True)]
    assert fields(draft) == []


def test_a_consent_of_the_other_kind_does_not_count():
    draft = complete_draft()
    draft.consents[0].kind = ConsentKind.LIKENESS
    assert fields(draft) == ["consents"]


def test_no_consent_is_needed_when_likeness_and_voice_are_none():
    draft = complete_draft(consents=[])
    draft.elements[Element.VOICE_DIALOGUE] = answer()
    assert fields(draft) == []


def test_a_consent_names_the_person_and_the_kind():
    draft = complete_draft()
    draft.consents.append(ConsentDraft(" ", None, ConsentBasis.SIGNED_DOCUMENT, True))
    assert fields(draft) == ["consents.1.person", "consents.1.kind"]


@pytest.mark.parametrize("basis", [None, ConsentBasis.SIGNED_DOCUMENT])
def test_a_consent_without_a_document_needs_another_basis(basis):
    draft = complete_draft()
    draft.consents[0].has_document = False
    draft.consents[0].basis = basis
    assert fields(draft) == ["consents.0.document"]


@pytest.mark.parametrize(
    "basis", [basis for basis in ConsentBasis if basis is not ConsentBasis.SIGNED_DOCUMENT]
)
def test_a_consent_without_a_document_explains_its_basis(basis):
    draft = complete_draft()
    draft.consents[0] = ConsentDraft("Kim Ji-won", ConsentKind.VOICE, basis, False, "")
    assert fields(draft) == ["consents.0.statement"]
    draft.consents[0].statement = "The voice is my own, cloned from my recordings."
    assert fields(draft) == []


@pytest.mark.parametrize(
    "attestation", ["rights_to_outputs", "no_third_party_copyright", "disclosure_complete"]
)
def test_every_attestation_is_needed(attestation):
    draft = complete_draft()
    setattr(draft.attestations, attestation, False)
    assert fields(draft) == [f"attestations.{attestation}"]
    assert not is_complete(draft, RUNTIME)


def test_a_film_with_ai_says_what_people_did():
    assert fields(complete_draft(human_statement="  ")) == ["human_statement"]


def test_the_audience_notice_is_always_answered():
    assert fields(complete_draft(audience_notice=None)) == ["audience_notice"]


def test_evidence_comes_from_the_list():
    assert fields(complete_draft(evidence_available={"prompts", "my diary"})) == [
        "evidence_available"
    ]
    assert fields(complete_draft(evidence_available=set())) == []


@pytest.mark.parametrize(
    ("estimate", "ok"), [(0, True), (37.5, True), (100, True), (-1, False), (101, False)]
)
def test_the_filmmakers_estimate_is_a_percentage(estimate, ok):
    assert fields(complete_draft(ai_share_estimate=estimate)) == (
        [] if ok else ["ai_share_estimate"]
    )


def test_training_statement_and_estimate_are_optional():
    assert fields(complete_draft(training_statement="", ai_share_estimate=None)) == []


def test_every_problem_message_renders(app_ctx):
    draft = complete_draft(
        consents=[ConsentDraft(kind=ConsentKind.LIKENESS, basis=ConsentBasis.OTHER)],
        segments=[SegmentDraft(None, None, None), SegmentDraft(5, 1, Element.MUSIC_SCORE)],
        human_statement="",
        audience_notice=None,
        attestations=Attestations(),
        evidence_available={"x"},
        ai_share_estimate=200,
    )
    draft.elements[Element.STORY_SCRIPT] = ElementAnswer(None)
    draft.elements[Element.MUSIC_SCORE] = ElementAnswer(Extent.NONE, [ToolUse("", vendor="x")])
    problems = validate_disclosure(draft, runtime_ms=RUNTIME)
    assert len(problems) >= 15
    for problem in problems:
        assert str(problem.message).strip()
