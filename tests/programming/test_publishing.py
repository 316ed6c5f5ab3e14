"""Publishing the programme: refused while a confirmed screening holds an entry whose
decision is not released as selected (the entries named); only confirmed screenings are
public; unpublishing takes every page and feed down at once."""

from __future__ import annotations

import pytest

from festival.accounts.enums import Role
from festival.audit.models import AuditEvent
from festival.extensions import db
from festival.programming import publishing
from festival.programming.models.programme import ScreeningState
from festival.refusals import Refusal
from tests import factories
from tests.conftest import sign_in
from tests.programming import programme_rows as rows


@pytest.fixture
def staff(app_ctx):
    return factories.make_user(Role.PROGRAMMER)


@pytest.fixture
def festival(app_ctx):
    """A Seoul edition with one venue and a confirmed block of two selected films."""
    edition = factories.make_edition(slug="seoul-ai-2027")
    hall = rows.venue(edition, "Hall 1", name_ko="1관", address="1 Haeundae-ro, Busan")
    films = [rows.entry(edition, "The Quiet Sea"), rows.entry(edition, "Neon Rain")]
    shorts = rows.block(edition, films, "Shorts One", title_ko="단편 1")
    rows.screening(edition, hall, rows.local(edition, 2027, 10, 3, 19, 0), of_block=shorts)
    return edition, hall, films, shorts


def public_urls(edition, hall, shorts, entry):
    base = f"/programme/{edition.slug}"
    return [
        f"{base}/",
        f"{base}/venues",
        f"{base}/sections",
        f"{base}/print",
        f"{base}/blocks/{shorts.id}",
        f"{base}/films/{entry.film_id}",
        f"{base}/calendar.ics",
        f"{base}/venues/{hall.id}/calendar.ics",
        f"{base}/programme.json",
    ]


def test_publishing_is_refused_with_the_unreleased_entries_named(festival, staff):
    edition, hall, _films, _shorts = festival
    waiting = rows.entry(edition, "Undecided Dawn", status="in_consideration")
    rows.screening(edition, hall, rows.local(edition, 2027, 10, 4, 14, 0), of_entry=waiting)
    with pytest.raises(Refusal) as refused:
        publishing.publish(edition, actor=staff)
    assert "“Undecided Dawn”" in str(refused.value.message)
    assert "Neon Rain" not in str(refused.value.message)
    assert not publishing.is_published(edition)


def test_an_unreleased_film_in_a_confirmed_block_refuses_publishing(festival, staff):
    edition, hall, _films, _shorts = festival
    waiting = rows.entry(edition, "Decided Tide", status="shortlisted")
    other = rows.block(edition, [waiting], "Late Show")
    rows.screening(edition, hall, rows.local(edition, 2027, 10, 4, 22, 0), of_block=other)
    assert "“Decided Tide”" in publishing.publish_refusal(edition)


def test_a_pencilled_screening_neither_refuses_publishing_nor_shows(festival, staff, client):
    edition, hall, _films, _shorts = festival
    waiting = rows.entry(edition, "Pencilled Dusk", status="in_consideration")
    rows.screening(
        edition,
        hall,
        rows.local(edition, 2027, 10, 5, 10, 0),
        of_entry=waiting,
        state=ScreeningState.PENCILLED,
    )
    publishing.publish(edition, actor=staff)
    db.session.commit()
    for url in (f"/programme/{edition.slug}/", f"/programme/{edition.slug}/programme.json"):
        body = client.get(url).get_data(as_text=True)
        assert "Shorts One" in body
        assert "Pencilled Dusk" not in body
    assert client.get(f"/programme/{edition.slug}/films/{waiting.film_id}").status_code == 404


def test_a_screening_cancelled_before_publishing_never_shows(festival, staff, client):
    edition, hall, films, _shorts = festival
    rows.screening(
        edition,
        hall,
        rows.local(edition, 2027, 10, 6, 10, 0),
        of_entry=films[0],
        state=ScreeningState.CANCELLED,
    )
    publishing.publish(edition, actor=staff)
    db.session.commit()
    body = client.get(f"/programme/{edition.slug}/").get_data(as_text=True)
    assert "Cancelled" not in body
    assert body.count('<li class="public-screening') == 1


def test_publish_and_unpublish_are_audited_and_the_revision_grows(festival, staff):
    edition, *_ = festival
    assert publishing.publish(edition, actor=staff).revision == 1
    assert publishing.unpublish(edition, actor=staff).revision == 2
    assert publishing.publish(edition, actor=staff).revision == 3
    verbs = db.session.scalars(
        db.select(AuditEvent.verb).where(AuditEvent.actor_id == staff.id).order_by(AuditEvent.id)
    ).all()
    assert verbs == ["programme_published", "programme_unpublished", "programme_published"]
    with pytest.raises(Refusal):
        publishing.publish(edition, actor=staff)


def test_unpublishing_takes_every_page_and_feed_down_at_once(festival, staff, client):
    edition, hall, films, shorts = festival
    urls = public_urls(edition, hall, shorts, films[0])
    assert {client.get(url).status_code for url in urls} == {404}
    publishing.publish(edition, actor=staff)
    db.session.commit()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-cache" in response.headers["Cache-Control"]
        assert "public" not in response.headers["Cache-Control"]
    publishing.unpublish(edition, actor=staff)
    db.session.commit()
    assert {client.get(url).status_code for url in urls} == {404}


def test_staff_see_the_refusal_and_publish_from_their_page(festival, staff, client):
    edition, hall, _films, _shorts = festival
    waiting = rows.entry(edition, "Undecided Dawn", status="in_consideration")
    single = rows.screening(
        edition, hall, rows.local(edition, 2027, 10, 4, 14, 0), of_entry=waiting
    )
    db.session.commit()
    sign_in(client, staff)
    page = client.get(f"/manage/editions/{edition.id}/programme/publish").get_data(as_text=True)
    assert "“Undecided Dawn”" in page
    response = client.post(f"/manage/editions/{edition.id}/programme/publish")
    assert response.status_code == 302 and not publishing.is_published(edition)

    single.state = ScreeningState.PENCILLED
    db.session.commit()
    client.post(f"/manage/editions/{edition.id}/programme/publish")
    assert publishing.is_published(edition)
    page = client.get(f"/manage/editions/{edition.id}/programme/publish").get_data(as_text=True)
    assert f"/programme/{edition.slug}/calendar.ics" in page
    assert f"/programme/{edition.slug}/venues/{hall.id}/calendar.ics" in page
    edition_page = client.get(f"/editions/{edition.slug}").get_data(as_text=True)
    assert f'href="/programme/{edition.slug}/"' in edition_page
    client.post(f"/manage/editions/{edition.id}/programme/unpublish")
    assert not publishing.is_published(edition)


def test_filmmakers_cannot_publish(festival, client):
    edition, *_ = festival
    sign_in(client, factories.make_user(Role.FILMMAKER))
    assert client.post(f"/manage/editions/{edition.id}/programme/publish").status_code == 403
    assert not publishing.is_published(edition)
