from __future__ import annotations

from festival.accounts.enums import Role
from festival.disclosure import cards, services
from festival.disclosure.enums import DigitalSourceType, Element, Extent
from festival.disclosure.validation import ElementAnswer
from tests import factories

CARD_KEYS = {
    "film",
    "version",
    "elements",
    "ai_share_of_runtime",
    "ai_share_estimate",
    "segments",
    "consents_on_file",
    "iptc_digital_source_type",
    "audience_notice",
    "published_at",
}


def test_an_unpublished_card_is_not_found(client, film, make_disclosure):
    disclosure = make_disclosure(film, frozen=True)
    assert client.get(f"/cards/{disclosure.card_token}").status_code == 404
    assert client.get(f"/cards/{disclosure.card_token}.json").status_code == 404
    assert client.get("/cards/unknown-token").status_code == 404


def test_a_published_card_is_public(client, film, make_disclosure):
    disclosure = make_disclosure(film, published=True, document=b"%PDF-1.4 signed")
    page = client.get(f"/cards/{disclosure.card_token}").get_data(as_text=True)
    for shown in (
        "The Quiet Sea",
        "고요한 바다",
        "Partly generated",
        "Runway Gen-4",
        "compositeWithTrainedAlgorithmicMedia",
        "00:01:00",
    ):
        assert shown in page, shown
    for hidden in ("김지원", "consent.pdf", disclosure.consents[0].document_path):
        assert hidden not in page, hidden


def test_the_json_card_has_stable_keys(client, film, make_disclosure):
    disclosure = make_disclosure(film, published=True)
    body = client.get(f"/cards/{disclosure.card_token}.json").get_json()
    assert set(body) == CARD_KEYS
    assert body["film"] == {"title": "The Quiet Sea", "original_title": "고요한 바다"}
    assert body["version"] == 1
    assert [row["element"] for row in body["elements"]] == [e.value for e in Element]
    vfx = next(row for row in body["elements"] if row["element"] == "vfx_compositing")
    assert vfx == {
        "element": "vfx_compositing",
        "extent": "partly_generated",
        "tools": [{"name": "Runway Gen-4", "version": "Gen-4", "vendor": "Runway"}],
    }
    assert body["ai_share_of_runtime"] == round(65_000 / 600_000, 4)
    assert body["ai_share_estimate"] == 10
    assert body["segments"][0] | {} == {
        "start": "00:01:00",
        "end": "00:01:35",
        "start_ms": 60_000,
        "end_ms": 95_000,
        "element": "vfx_compositing",
    }
    assert body["consents_on_file"] is True
    assert body["iptc_digital_source_type"] == {
        "code": "compositeWithTrainedAlgorithmicMedia",
        "uri": "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia",
    }
    assert body["audience_notice"] == "end_credits"
    assert body["published_at"].startswith(str(disclosure.card_published_at.year))


def test_consents_are_not_needed_without_a_real_likeness_or_voice(film, make_disclosure):
    elements = {element: ElementAnswer(Extent.NONE) for element in Element}
    disclosure = make_disclosure(film, elements=elements, segments=[], consents=[])
    assert cards.consents_on_file(disclosure) is None


def test_consents_are_missing_when_a_voice_is_used_without_one(film, make_disclosure):
    disclosure = make_disclosure(film, consents=[])
    assert cards.consents_on_file(disclosure) is False


def test_staff_publish_and_unpublish_a_frozen_version(
    client, auth, film, make_disclosure, make_user
):
    disclosure = make_disclosure(film, frozen=True)
    auth.login(make_user(Role.PROGRAMMER))
    response = client.post(f"/manage/disclosures/{disclosure.id}/publish")
    assert response.status_code == 302
    assert client.get(f"/cards/{disclosure.card_token}").status_code == 200
    client.post(f"/manage/disclosures/{disclosure.id}/unpublish")
    assert client.get(f"/cards/{disclosure.card_token}").status_code == 404


def test_a_draft_cannot_be_published(client, auth, film, make_disclosure, make_user):
    disclosure = make_disclosure(film)
    auth.login(make_user(Role.ADMIN))
    response = client.post(f"/manage/disclosures/{disclosure.id}/publish", follow_redirects=True)
    assert "Only a submitted (frozen) version" in response.get_data(as_text=True)
    assert client.get(f"/cards/{disclosure.card_token}").status_code == 404


def test_a_filmmaker_cannot_publish_their_own_card(client, auth, film, make_disclosure):
    disclosure = make_disclosure(film, frozen=True)
    auth.login(film.owner)
    assert client.post(f"/manage/disclosures/{disclosure.id}/publish").status_code == 403


def test_content_credentials_warn_where_they_contradict_the_form(film, make_disclosure):
    elements = {element: ElementAnswer(Extent.NONE) for element in Element}
    disclosure = make_disclosure(film, elements=elements, segments=[], consents=[])
    credentials = cards.content_credentials(
        disclosure,
        present=True,
        valid=True,
        declared_uris=[DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA.uri],
    )
    assert credentials.declared_types == [DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA]
    assert len(credentials.warnings) == 1
    absent = cards.content_credentials(disclosure, present=False, valid=None)
    assert absent.warnings == []
    assert services.digital_source_type(disclosure) is DigitalSourceType.DIGITAL_CAPTURE


def test_owner_previews_an_unpublished_card_that_the_public_cannot_see(client, auth, app_ctx):
    film = factories.make_film(title="미리보기 필름")
    disclosure = factories.make_disclosure(film)
    assert client.get(f"/cards/{disclosure.card_token}").status_code == 404
    auth.login(film.owner)
    page = client.get(f"/films/{film.id}/disclosure/card")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "미리보기 필름" in text
    assert "only once the festival publishes it" in text
    assert f"/cards/{disclosure.card_token}.json" not in text
