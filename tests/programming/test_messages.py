"""Notification texts: placeholders checked at save (the unknown one named, beside its field,
nothing typed lost), filled for each entry, and the defaults in English and Korean."""

from __future__ import annotations

import pytest

from festival.programming import decisions, messages
from festival.programming.models.decisions import NotificationTemplate
from festival.refusals import Refusal
from festival.submissions.enums import SubmissionStatus
from tests.conftest import sign_in
from tests.programming.deciding import edition_with_outcomes, entries, outcome_named


def test_an_unknown_placeholder_is_refused_with_its_name():
    with pytest.raises(Refusal) as refused:
        messages.check_text("Dear {filmmaker_name}, your {film_tittle} ...", "body")
    assert "{film_tittle}" in str(refused.value)
    assert refused.value.field == "body"


@pytest.mark.parametrize(
    "text", ["{film_title:>20}", "{film_title!r}", "{film_title.upper}", "a lone { brace"]
)
def test_formats_attributes_and_lone_braces_are_refused(text):
    with pytest.raises(Refusal):
        messages.check_text(text, "body")


def test_doubled_braces_stand_for_themselves():
    messages.check_text("{{not a placeholder}} {film_title}", "body")
    assert messages.fill("{{x}} {film_title}", {"film_title": "Sea"}) == "{x} Sea"


def test_every_default_text_uses_known_placeholders_only():
    for texts in messages.DEFAULTS.values():
        for text in texts.values():
            messages.check_text(text.subject, "subject")
            messages.check_text(text.body, "body")


def test_a_value_with_braces_is_not_read_as_a_placeholder():
    assert messages.fill("{film_title}", {"film_title": "{outcome}"}) == "{outcome}"


def test_the_defaults_are_filled_in_english_and_korean(app_ctx):
    edition = edition_with_outcomes(name="Bifan AI")
    english, korean = entries(edition, 1, locale="en")[0], entries(edition, 1, locale="ko")[0]
    selected = outcome_named(edition, "Selected")
    decisions.record_decisions([english, korean], selected, actor=None)
    by_locale = {
        p.locale: p for p in decisions.previews(decisions.pending_decisions(edition), edition)
    }
    en, ko = by_locale["en"], by_locale["ko"]
    assert en.subject == "Bifan AI: “Film 0” is selected"
    assert "Dear Maker 0," in en.body and "Screening: to be announced, to be announced." in en.body
    assert f"/submissions/{english.id}/attendance" in en.body
    assert ko.subject == "Bifan AI: 「Film 0」 선정 안내"
    assert "Maker 0 님께" in ko.body and "상영: 추후 공지, 추후 공지." in ko.body
    assert "AI Short 부문에 선정" in ko.body
    assert "{" not in en.body + ko.body


def test_the_waitlist_and_decline_defaults_follow_the_outcome_status(app_ctx):
    assert "waiting list" in messages.default_text(SubmissionStatus.SHORTLISTED, "en").body
    assert "선정되지 않았" in messages.default_text(SubmissionStatus.NOT_SELECTED, "ko").body
    assert "decided" in messages.default_text(None, "en").body


def test_a_saved_text_with_an_unknown_placeholder_is_refused_beside_its_field(
    app_ctx, client, make_user
):
    from festival.accounts.enums import Role

    edition = edition_with_outcomes()
    outcome = outcome_named(edition, "Selected")
    sign_in(client, make_user(Role.PROGRAMMER))
    typed = "안녕하세요 {filmmaker_name} 님, {screening_room} 에서 뵙겠습니다."
    response = client.post(
        f"/manage/editions/{edition.id}/decisions/outcomes/{outcome.id}/messages?locale=ko",
        data={"ko-subject": "선정 안내", "ko-body": typed},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "{screening_room}" in page
    assert 'id="ko-body-error"' in page
    assert typed in page  # nothing typed is lost
    assert NotificationTemplate.query.count() == 0


def test_a_saved_text_is_used_for_its_language(app_ctx, client, make_user):
    from festival.accounts.enums import Role

    edition = edition_with_outcomes()
    outcome = outcome_named(edition, "Not selected")
    sign_in(client, make_user(Role.PROGRAMMER))
    response = client.post(
        f"/manage/editions/{edition.id}/decisions/outcomes/{outcome.id}/messages?locale=ko",
        data={"ko-subject": "{festival_name} 결과", "ko-body": "{filmmaker_name} 님, {outcome}."},
    )
    assert response.status_code == 302
    entry = entries(edition, 1, locale="ko")[0]
    decisions.record_decisions([entry], outcome, actor=None)
    (preview,) = decisions.previews(decisions.pending_decisions(edition), edition)
    assert preview.subject == f"{edition.name} 결과"
    assert preview.body == "Maker 0 님, 미선정."  # the outcome named in the reader's language
