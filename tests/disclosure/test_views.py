from __future__ import annotations

import re
from io import BytesIO

import pytest
from sqlalchemy import event

from festival.accounts.enums import Role
from festival.disclosure import services
from festival.disclosure.enums import Element
from festival.disclosure.models import Disclosure
from festival.extensions import db
from festival.programming.models import DeskRow
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def complete_form(**changes) -> dict:
    """A complete disclosure as the browser posts it: VFX partly generated in two segments,
    voice assisted with a consent, the rest none."""
    data = {f"elements-{element}-extent": "none" for element in Element}
    data |= {
        "elements-vfx_compositing-extent": "partly_generated",
        "elements-vfx_compositing-tools-0-name": "Runway Gen-4",
        "elements-vfx_compositing-tools-0-version": "gen4_turbo",
        "elements-vfx_compositing-tools-0-vendor": "Runway",
        "elements-vfx_compositing-inputs": "우리가 찍은 바다 장면",
        "elements-voice_dialogue-extent": "assisted",
        "elements-voice_dialogue-tools-0-name": "ElevenLabs",
        "segments-0-start": "00:01:00",
        "segments-0-end": "00:01:35.500",
        "segments-0-element": "vfx_compositing",
        "segments-0-tool": "Runway Gen-4",
        "segments-0-note": "폭발 장면, 생성",
        "segments-1-start": "02:00",
        "segments-1-end": "00:02:30:12",
        "segments-1-element": "vfx_compositing",
        "consents-0-person": "김지원",
        "consents-0-kind": "voice",
        "consents-0-basis": "is_the_filmmaker",
        "consents-0-statement": "감독 본인의 목소리입니다.",
        "human_statement": "배우들이 모든 장면을 연기했습니다.",
        "attests_rights_to_outputs": "y",
        "attests_no_third_party_copyright": "y",
        "attests_complete": "y",
        "evidence_available": ["prompts", "stems"],
        "audience_notice": "end_credits",
        "ai_share_estimate": "15",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def owner_client(client, auth, filmmaker):
    auth.login(filmmaker)
    return client


def url(film):
    return f"/films/{film.id}/disclosure"


def latest(film) -> Disclosure:
    db.session.expire_all()
    return services.latest_disclosure(film)


def field_block(page: str, field_id: str) -> str:
    """The rendered field holding the input `field_id`: label, input, its messages."""
    for block in re.split(r'(?=<div class="field )', page):
        if f'id="{field_id}"' in block:
            return block
    raise AssertionError(f"no field {field_id} on the page")


def test_the_owner_sees_an_empty_form_with_nothing_chosen(owner_client, film):
    page = owner_client.get(url(film)).get_data(as_text=True)
    assert "고요한 바다" in page
    assert 'name="elements-story_script-extent"' in page
    assert "checked" not in page
    assert 'id="tool-suggestions"' in page


def test_a_complete_form_round_trips_with_hangul(owner_client, film):
    response = owner_client.post(url(film), data=complete_form())
    assert response.status_code == 302
    disclosure = latest(film)
    assert services.is_complete(disclosure), services.problems(disclosure)
    assert [(s.start_ms, s.end_ms) for s in disclosure.segments] == [
        (60_000, 95_500),
        (120_000, 150_500),
    ]
    assert disclosure.segments[0].note == "폭발 장면, 생성"
    page = owner_client.get(url(film)).get_data(as_text=True)
    assert "This disclosure is complete." in page
    assert "배우들이 모든 장면을 연기했습니다." in page
    assert 'value="00:01:35.500"' in page
    assert "우리가 찍은 바다 장면" in page


def test_saving_again_writes_only_what_changed(owner_client, film):
    """Rows are updated in place, so a new statement alone writes no segment, consent or
    programmer's desk row; a moved segment changes the desk's AI share."""
    submission = factories.make_submission(film)
    db.session.commit()
    assert owner_client.post(url(film), data=complete_form()).status_code == 302
    rows = [(row.id, row.start_ms) for row in latest(film).segments]
    consent_ids = [consent.id for consent in latest(film).consents]
    statements: list[str] = []
    listener = lambda *args: statements.append(args[2].split()[0:3])  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        owner_client.post(url(film), data=complete_form(human_statement="새 설명"))
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    written = {
        " ".join(words) for words in statements if words[0] in ("INSERT", "UPDATE", "DELETE")
    }
    assert written == {
        "UPDATE disclosure_disclosures SET",
        "INSERT INTO audit_events",
    }
    assert [(row.id, row.start_ms) for row in latest(film).segments] == rows
    assert [consent.id for consent in latest(film).consents] == consent_ids
    share = db.session.get(DeskRow, submission.id).ai_share
    assert share == pytest.approx((35.5 + 30.5) / 600)
    owner_client.post(url(film), data=complete_form(**{"segments-1-end": "00:03:00"}))
    db.session.expire_all()
    assert db.session.get(DeskRow, submission.id).ai_share == pytest.approx((35.5 + 60) / 600)
    assert [row.id for row in latest(film).segments] == [row_id for row_id, _start in rows]


@pytest.mark.parametrize(
    ("typed", "ms"),
    [
        ("00:01:10", 70_000),
        ("00:01:10.250", 70_250),
        ("00:01:10:12", 70_500),
        ("01:10", 70_000),
    ],
)
def test_every_timecode_format_is_accepted(owner_client, film, typed, ms):
    response = owner_client.post(url(film), data=complete_form(**{"segments-0-start": typed}))
    assert response.status_code == 302
    assert latest(film).segments[0].start_ms == ms


def test_a_bad_timecode_is_refused_next_to_its_row_and_nothing_typed_is_lost(owner_client, film):
    data = complete_form(
        **{
            "segments-1-end": "2분 30초",
            "segments-2-start": "00:03:00",
            "segments-2-end": "00:03:10",
            "segments-2-element": "voice_dialogue",
        }
    )
    response = owner_client.post(url(film), data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    block = field_block(page, "segments-1-end")
    assert "Enter a timecode as HH:MM:SS" in block
    assert 'value="2분 30초"' in block
    assert "Enter a timecode" not in field_block(page, "segments-0-end")
    assert 'value="00:03:10"' in field_block(page, "segments-2-end")
    assert "배우들이 모든 장면을 연기했습니다." in page
    assert 'value="Runway Gen-4"' in page
    assert latest(film) is None


def test_frames_beyond_the_frame_rate_are_refused(owner_client, film):
    response = owner_client.post(url(film), data=complete_form(**{"segments-0-end": "00:01:35:30"}))
    assert response.status_code == 422
    assert "must be below 24" in field_block(response.get_data(as_text=True), "segments-0-end")


def test_an_incomplete_draft_is_saved_and_its_problems_shown_next_to_fields(owner_client, film):
    data = complete_form(
        **{
            "elements-music_score-extent": None,
            "attests_complete": None,
            "segments-1-end": "00:20:00",
        }
    )
    response = owner_client.post(url(film), data=data)
    assert response.status_code == 302
    page = owner_client.get(url(film)).get_data(as_text=True)
    assert "This disclosure is not complete yet." in page
    assert "The segment ends after the film does" in field_block(page, "segments-1-end")
    assert "Confirm that this disclosure is complete" in field_block(page, "attests_complete")
    assert 'href="#elements-music_score"' in page


def test_consent_is_required_when_a_voice_is_used(owner_client, film):
    data = complete_form(
        **{f"consents-0-{name}": None for name in ("person", "kind", "basis", "statement")}
    )
    owner_client.post(url(film), data=data)
    fields = [problem.field for problem in services.problems(latest(film))]
    assert fields == ["consents"]
    page = owner_client.get(url(film)).get_data(as_text=True)
    assert "Add each real person whose voice AI generated or altered" in page


def test_a_consent_document_is_stored_and_served_only_to_owner_and_staff(
    app, owner_client, film, make_user
):
    data = complete_form(**{"consents-0-basis": "signed_document", "consents-0-statement": ""})
    data["consents-0-document"] = (BytesIO(PDF), "동의서.pdf")
    assert owner_client.post(url(film), data=data).status_code == 302
    consent = latest(film).consents[0]
    assert consent.document_path.startswith(f"disclosure/{consent.disclosure_id}/consents/")
    assert consent.document_name == "동의서.pdf"
    document_url = f"/films/{film.id}/disclosure/consents/{consent.id}/document"
    response = owner_client.get(document_url)
    assert response.status_code == 200
    assert response.data == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    assert "no-store" in response.headers["Cache-Control"]
    for role in (Role.FILMMAKER, Role.JUROR, None):
        other = app.test_client()
        if role is not None:
            user = make_user(role)
            other.post("/login", data={"email": user.email, "password": factories.PASSWORD})
        status = other.get(document_url).status_code
        assert status in (302, 403, 404), (role, status)
    staff = app.test_client()
    programmer = make_user(Role.PROGRAMMER)
    staff.post("/login", data={"email": programmer.email, "password": factories.PASSWORD})
    assert staff.get(document_url).data == PDF


def test_a_pdf_that_is_really_text_is_refused_and_the_rest_is_kept(owner_client, film):
    data = complete_form(**{"consents-0-basis": "signed_document", "consents-0-statement": ""})
    data["consents-0-document"] = (BytesIO(b"just some text"), "consent.pdf")
    response = owner_client.post(url(film), data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "PDF, JPEG or PNG" in field_block(page, "consents-0-document")
    assert 'value="김지원"' in page


def test_an_uploaded_document_is_kept_when_the_rest_of_the_form_has_errors(owner_client, film):
    data = complete_form(
        **{
            "consents-0-basis": "signed_document",
            "consents-0-statement": "",
            "segments-0-start": "nonsense",
        }
    )
    data["consents-0-document"] = (BytesIO(PDF), "consent.pdf")
    response = owner_client.post(url(film), data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    ref = re.search(r'name="consents-0-document_ref" type="hidden" value="([^"]+)"', page)
    assert ref, "the stored document is referenced in the form"
    assert "Document on file:" in page
    fixed = complete_form(
        **{
            "consents-0-basis": "signed_document",
            "consents-0-statement": "",
            "consents-0-document_ref": ref.group(1),
            "consents-0-document_name": "consent.pdf",
        }
    )
    assert owner_client.post(url(film), data=fixed).status_code == 302
    consent = latest(film).consents[0]
    assert consent.document_path == ref.group(1)
    assert services.is_complete(latest(film))


def test_a_forged_document_reference_is_ignored(owner_client, film, make_disclosure):
    other = make_disclosure(factories.make_film(), document=PDF)
    data = complete_form(**{"consents-0-document_ref": other.consents[0].document_path})
    assert owner_client.post(url(film), data=data).status_code == 302
    assert latest(film).consents[0].document_path is None


def test_another_filmmaker_gets_404(client, auth, film, make_user):
    auth.login(make_user(Role.FILMMAKER))
    assert client.get(url(film)).status_code == 404
    assert client.post(url(film), data=complete_form()).status_code == 404


def test_staff_may_view_but_not_save(client, auth, film, make_user, make_disclosure):
    make_disclosure(film)
    auth.login(make_user(Role.PROGRAMMER))
    page = client.get(url(film)).get_data(as_text=True)
    assert "disabled" in page
    assert "Save the disclosure" not in page
    assert client.post(url(film), data=complete_form()).status_code == 403


def test_saving_after_freezing_creates_version_two_and_staff_see_what_changed(
    client, auth, owner_client, film, make_disclosure, make_user
):
    owner_client.post(url(film), data=complete_form())
    services.freeze_disclosure(latest(film), actor=film.owner)
    changed = complete_form(
        **{
            "elements-music_score-extent": "fully_generated",
            "elements-music_score-tools-0-name": "Suno",
        }
    )
    assert owner_client.post(url(film), data=changed).status_code == 302
    assert latest(film).version == 2
    auth.logout()
    auth.login(make_user(Role.PROGRAMMER))
    page = client.get(f"/films/{film.id}/disclosure/versions").get_data(as_text=True)
    assert "Version 2" in page
    assert "Music and score: None → Fully generated" in page
    assert "Music and score: tool added: Suno" in page


def test_the_page_shows_the_computed_share_beside_the_estimate_and_the_iptc_type(
    owner_client, film
):
    owner_client.post(url(film), data=complete_form())
    page = owner_client.get(url(film)).get_data(as_text=True)
    # 00:01:00 to 00:01:35.5 and 00:02:00 to 00:02:30.5 of 10 minutes: 66 s = 11.0 %
    assert "11.0%" in page
    assert "15%" in page
    assert "compositeWithTrainedAlgorithmicMedia" in page
    assert "Provenance unknown." in page


def test_staff_manage_the_tool_suggestions(client, auth, make_user):
    auth.login(make_user(Role.ADMIN))
    response = client.post("/manage/tools", data={"name": "Wan 2.2", "vendor": "Alibaba"})
    assert response.status_code == 302
    page = client.get("/manage/tools").get_data(as_text=True)
    assert "Wan 2.2" in page
    response = client.post("/manage/tools", data={"name": "", "vendor": ""})
    assert response.status_code == 422
    assert "Enter the tool" in response.get_data(as_text=True)


def test_a_filmmaker_cannot_manage_tools(owner_client):
    assert owner_client.get("/manage/tools").status_code == 403
