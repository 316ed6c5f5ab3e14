from __future__ import annotations

from festival.disclosure.enums import AudienceNotice, ConsentKind, Element, Extent
from festival.disclosure.validation import (
    ConsentDraft,
    DisclosureDraft,
    ElementAnswer,
    SegmentDraft,
    ToolUse,
)
from festival.disclosure.versions import changes_between


def draft(**changes) -> DisclosureDraft:
    base = DisclosureDraft(
        elements={element: ElementAnswer(Extent.NONE) for element in Element},
        segments=[SegmentDraft(1000, 2000, Element.VFX_COMPOSITING, "Runway", "")],
        consents=[ConsentDraft("김지원", ConsentKind.VOICE, None, True)],
        human_statement="People did it.",
        audience_notice=AudienceNotice.END_CREDITS,
    )
    for name, value in changes.items():
        setattr(base, name, value)
    return base


def fields(old, new):
    return [change.field for change in changes_between(old, new)]


def messages(old, new, app_ctx=None):
    return [str(change.message) for change in changes_between(old, new)]


def test_identical_versions_have_no_changes():
    assert changes_between(draft(), draft()) == []


def test_an_extent_change_is_listed(app_ctx):
    new = draft()
    new.elements[Element.MUSIC_SCORE] = ElementAnswer(Extent.FULLY_GENERATED, [ToolUse("Suno")])
    assert fields(draft(), new) == ["elements.music_score", "elements.music_score.tools"]
    assert messages(draft(), new) == [
        "Music and score: None → Fully generated",
        "Music and score: tool added: Suno",
    ]


def test_segments_added_removed_and_changed(app_ctx):
    new = draft(
        segments=[
            SegmentDraft(1000, 2000, Element.VFX_COMPOSITING, "Runway", "now with a note"),
            SegmentDraft(5000, 6000, Element.VFX_COMPOSITING, "Runway", ""),
        ]
    )
    assert messages(draft(), new) == [
        "Segment changed: 00:00:01\N{EN DASH}00:00:02 VFX and compositing",
        "Segment added: 00:00:05\N{EN DASH}00:00:06 VFX and compositing",
    ]
    assert messages(new, draft()) == [
        "Segment changed: 00:00:01\N{EN DASH}00:00:02 VFX and compositing",
        "Segment removed: 00:00:05\N{EN DASH}00:00:06 VFX and compositing",
    ]


def test_consents_statements_and_attestations(app_ctx):
    new = draft(consents=[], human_statement="Different.", audience_notice=AudienceNotice.ON_SCREEN)
    new.attestations.disclosure_complete = True
    assert fields(draft(), new) == [
        "consents",
        "human_statement",
        "audience_notice",
        "attestations.disclosure_complete",
    ]
    assert "Consent removed: 김지원" in messages(draft(), new)
