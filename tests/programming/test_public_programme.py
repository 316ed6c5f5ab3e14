"""The public programme pages: in Korean and English on the festival's clock, each film with
its still, logline, credits, runtime and AI disclosure card (the audience notice too),
changes after publishing shown as such, in a fixed number of queries whatever the size."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from festival.accounts.enums import Role
from festival.extensions import db
from festival.programming import publishing
from tests import factories
from tests.programming import programme_rows as rows


@pytest.fixture
def festival(app_ctx):
    """A published Seoul programme: a block of two selected films at Hall 1, and one film
    alone at Hall 2 (pencilled elsewhere too)."""
    edition = factories.make_edition(slug="seoul-ai-2027")
    hall = rows.venue(edition, "Hall 1", name_ko="1관", address="1 Haeundae-ro", position=0)
    annex = rows.venue(edition, "Hall 2", name_ko="2관", position=1)
    sea, rain, solo = (
        rows.entry(edition, "The Quiet Sea"),
        rows.entry(edition, "Neon Rain"),
        rows.entry(edition, "Solo Flight"),
    )
    factories.make_film_image(sea.film, "still")
    shorts = rows.block(
        edition, [sea, rain], "Shorts One", title_ko="단편 1", section="Competition"
    )
    block_show = rows.screening(
        edition, hall, rows.local(edition, 2027, 10, 3, 19, 0), of_block=shorts
    )
    solo_show = rows.screening(
        edition, annex, rows.local(edition, 2027, 10, 4, 14, 0), of_entry=solo
    )
    publishing.publish(edition, actor=factories.make_user(Role.PROGRAMMER))
    db.session.commit()
    return edition, (hall, annex), (sea, rain, solo), shorts, (block_show, solo_show)


def page(client, url, language="en"):
    response = client.get(url, headers={"Accept-Language": language})
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_the_programme_by_day_in_english_on_the_festivals_clock(client, festival):
    edition, *_ = festival
    body = page(client, f"/programme/{edition.slug}/")
    assert "Asia/Seoul" in body
    assert "Sunday, October 3, 2027" in body and "Monday, October 4, 2027" in body
    assert "7:00\u202fPM" in body or "7:00 PM" in body
    assert "Shorts One" in body and "Solo Flight" in body and "Hall 1" in body


def test_the_programme_in_korean_reads_the_korean_names(client, festival):
    edition, *_ = festival
    body = page(client, f"/programme/{edition.slug}/", "ko")
    assert "단편 1" in body and "1관" in body and "2관" in body
    assert "2027년 10월 3일 일요일" in body
    assert "오후 7:00" in body
    assert "날짜별" in body


def test_by_venue_and_by_section(client, festival):
    edition, (_hall, annex), *_ = festival
    body = page(client, f"/programme/{edition.slug}/venues")
    assert body.index("Hall 1") < body.index("Shorts One") < body.index("Hall 2")
    assert f"/programme/{edition.slug}/venues/{annex.id}/calendar.ics" in body
    body = page(client, f"/programme/{edition.slug}/sections")
    assert "Competition" in body and "AI Short" in body  # the single film: its category


def test_a_film_page_shows_its_still_credits_and_disclosure_card(client, festival):
    edition, _halls, (sea, *_), *_ = festival
    body = page(client, f"/programme/{edition.slug}/films/{sea.film_id}")
    assert "The logline of The Quiet Sea." in body
    assert "김하늘" in body and "12:00" in body
    assert "AI disclosure card" in body and "Runway Gen-4" in body
    assert "How the audience is told" in body and "In the end credits" in body
    (still,) = [image for image in sea.film.images if image.kind == "still"]
    image_url = f"/programme/{edition.slug}/films/{sea.film_id}/images/{still.id}"
    assert image_url in body
    response = client.get(image_url)
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    korean = page(client, f"/programme/{edition.slug}/films/{sea.film_id}", "ko")
    assert "관객에게 알리는 방법" in korean and "엔드 크레디트에 표기" in korean


def test_a_film_not_in_the_published_programme_has_no_page_nor_image(client, festival):
    edition, *_ = festival
    other = rows.entry(edition, "Not Programmed")
    image = factories.make_film_image(other.film, "still")
    db.session.commit()
    assert client.get(f"/programme/{edition.slug}/films/{other.film_id}").status_code == 404
    url = f"/programme/{edition.slug}/films/{other.film_id}/images/{image.id}"
    assert client.get(url).status_code == 404


def test_a_block_page_lists_its_films_and_screenings(client, festival):
    edition, _halls, (_sea, rain, _solo), shorts, _shows = festival
    body = page(client, f"/programme/{edition.slug}/blocks/{shorts.id}")
    assert body.index("The Quiet Sea") < body.index("Neon Rain")
    assert "In the end credits" in body
    assert f"/programme/{edition.slug}/films/{rain.film_id}" in body


def test_changes_after_publishing_are_shown_as_such(client, festival):
    edition, (_hall, annex), _entries, _shorts, (block_show, solo_show) = festival
    rows.moved(block_show, to=rows.local(edition, 2027, 10, 3, 21, 0), to_venue=annex)
    rows.cancelled(solo_show)
    db.session.commit()
    body = page(client, f"/programme/{edition.slug}/")
    assert "Moved from 7:00" in body and "at Hall 1" in body
    assert "Cancelled" in body and "<s>Solo Flight</s>" in body
    korean = page(client, f"/programme/{edition.slug}/", "ko")
    assert "1관 오후 7:00에서 옮겨짐" in korean and "취소됨" in korean


def test_the_printable_programme_has_a_page_per_block_with_the_cards(client, festival):
    edition, *_ = festival
    body = page(client, f"/programme/{edition.slug}/print")
    assert body.count('class="printed-block"') == 2
    assert body.count("Runway Gen-4") >= 3  # each film's card
    assert "js/print.js" in body


def test_the_pages_ask_the_same_queries_whatever_the_programme_holds(client, festival):
    edition, (hall, annex), (sea, *_), shorts, _shows = festival
    urls = [
        f"/programme/{edition.slug}/",
        f"/programme/{edition.slug}/venues",
        f"/programme/{edition.slug}/sections",
        f"/programme/{edition.slug}/blocks/{shorts.id}",
        f"/programme/{edition.slug}/films/{sea.film_id}",
        f"/programme/{edition.slug}/print",
        f"/programme/{edition.slug}/calendar.ics",
        f"/programme/{edition.slug}/programme.json",
    ]

    def queries(url) -> int:
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get(url).status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    few = {url: queries(url) for url in urls}
    for day in range(5, 9):
        more = [rows.entry(edition, f"Film {day}-{n}") for n in range(3)]
        block = rows.block(edition, [*more, sea], f"Block {day}", section=f"Section {day}")
        rows.screening(edition, hall, rows.local(edition, 2027, 10, day, 11, 0), of_block=block)
        rows.screening(edition, annex, rows.local(edition, 2027, 10, day, 15, 0), of_entry=more[0])
        rows.moved(
            rows.screening(
                edition, annex, rows.local(edition, 2027, 10, day, 18, 0), of_block=block
            ),
            to=rows.local(edition, 2027, 10, day, 20, 0),
        )
    db.session.commit()
    assert {url: queries(url) for url in urls} == few
