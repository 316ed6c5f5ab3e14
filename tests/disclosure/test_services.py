from __future__ import annotations

from festival.audit.services import events_for
from festival.disclosure import services
from festival.disclosure.enums import Element, Extent
from festival.disclosure.models import ToolSuggestion
from festival.disclosure.validation import ElementAnswer, SegmentDraft
from festival.extensions import db
from tests import factories


def test_a_new_film_has_no_disclosure(film):
    assert services.latest_disclosure(film) is None


def test_the_complete_factory_disclosure_is_complete(film, make_disclosure):
    disclosure = make_disclosure(film)
    assert services.problems(disclosure) == []
    assert services.is_complete(disclosure)


def test_an_empty_draft_is_kept_and_incomplete(film, make_disclosure):
    disclosure = make_disclosure(film, complete=False)
    assert disclosure.version == 1
    fields = {problem.field for problem in services.problems(disclosure)}
    assert f"elements.{Element.VISUAL_FOOTAGE}" in fields
    assert not services.is_complete(disclosure)


def test_editing_before_freezing_changes_the_same_version(film, make_disclosure):
    disclosure = make_disclosure(film)
    again = services.editable_disclosure(film, actor=film.owner)
    assert again.id == disclosure.id
    draft = services.draft_of(again)
    draft.human_statement = "다시 썼습니다."
    services.save_disclosure(again, draft, actor=film.owner)
    assert services.latest_disclosure(film).version == 1
    assert services.latest_disclosure(film).human_statement == "다시 썼습니다."


def test_editing_after_freezing_starts_version_two_with_a_copy(film, make_disclosure):
    first = make_disclosure(film, document=b"%PDF-1.7 signed")
    services.freeze_disclosure(first, actor=film.owner)
    second = services.editable_disclosure(film, actor=film.owner)
    assert second.id != first.id
    assert second.version == 2
    assert not second.is_frozen
    assert services.draft_of(second) == services.draft_of(first)
    assert second.consents[0].document_path == first.consents[0].document_path
    assert second.card_token != first.card_token
    assert services.latest_disclosure(film).id == second.id


def test_a_frozen_version_refuses_changes(film, make_disclosure):
    disclosure = make_disclosure(film, frozen=True)
    try:
        services.save_disclosure(disclosure, services.draft_of(disclosure), actor=film.owner)
    except services.DisclosureError:
        pass
    else:
        raise AssertionError("a frozen version was changed")


def test_saving_records_an_audit_event(film, make_disclosure):
    disclosure = make_disclosure(film)
    verbs = [event.verb for event in events_for(disclosure)]
    assert "disclosure.version_started" in verbs
    assert "disclosure.saved" in verbs


def test_an_unanswered_element_with_tools_is_kept(film, make_disclosure):
    disclosure = make_disclosure(film, complete=False)
    draft = services.draft_of(disclosure)
    draft.elements[Element.MUSIC_SCORE] = ElementAnswer(None, inputs="our own stems")
    services.save_disclosure(disclosure, draft, actor=film.owner)
    db.session.expire_all()
    answer = services.draft_of(disclosure).elements[Element.MUSIC_SCORE]
    assert answer.extent is None
    assert answer.inputs == "our own stems"


def test_changing_an_extent_updates_its_row_in_place(film, make_disclosure):
    disclosure = make_disclosure(film)
    row_id = next(r.id for r in disclosure.elements if r.element is Element.MUSIC_SCORE)
    draft = services.draft_of(disclosure)
    draft.elements[Element.MUSIC_SCORE] = ElementAnswer(Extent.ASSISTED)
    services.save_disclosure(disclosure, draft, actor=film.owner)
    row = next(r for r in disclosure.elements if r.element is Element.MUSIC_SCORE)
    assert (row.id, row.extent) == (row_id, Extent.ASSISTED)


def test_ai_share_is_the_union_of_segments(film, make_disclosure):
    disclosure = make_disclosure(
        film,
        segments=[
            SegmentDraft(0, 60_000, Element.VFX_COMPOSITING),
            SegmentDraft(30_000, 90_000, Element.VOICE_DIALOGUE),
        ],
    )
    assert services.ai_share(disclosure) == 90_000 / 600_000


def test_publishing_needs_a_frozen_version(film, make_disclosure):
    disclosure = make_disclosure(film)
    try:
        services.publish_card(disclosure, actor=film.owner)
    except services.DisclosureError:
        pass
    else:
        raise AssertionError("a draft was published")
    services.freeze_disclosure(disclosure, actor=film.owner)
    services.publish_card(disclosure, actor=film.owner)
    assert disclosure.card_published_at is not None
    services.unpublish_card(disclosure, actor=film.owner)
    assert disclosure.card_published_at is None


def test_seeding_tool_suggestions_is_idempotent(app_ctx):
    first = services.seed_tool_suggestions()
    assert first >= 18
    assert services.seed_tool_suggestions() == 0
    names = set(db.session.scalars(db.select(ToolSuggestion.name)))
    assert {"Runway Gen-4", "Sora", "Suno", "DeepFaceLab", "Claude"} <= names


def test_a_tool_suggestion_is_not_added_twice(make_user):
    admin = make_user("admin")
    services.add_tool_suggestion("Wan 2.2", "Alibaba", actor=admin)
    try:
        services.add_tool_suggestion("wan 2.2", "alibaba", actor=admin)
    except services.DisclosureError as error:
        assert error.field == "name"
    else:
        raise AssertionError("duplicate added")


def test_freezing_and_publishing_do_not_count_as_changes(app_ctx):
    film = factories.make_film()
    disclosure = factories.make_disclosure(film)
    saved_at = disclosure.updated_at
    services.freeze_disclosure(disclosure, actor=film.owner)
    services.publish_card(disclosure, actor=film.owner)
    db.session.flush()
    assert disclosure.updated_at == saved_at
