"""Film write rules, called directly."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from flask import current_app

from festival.audit.services import events_for
from festival.extensions import db
from festival.films import services
from festival.films.enums import CreditRole, ImageKind
from festival.films.images import ImageError
from festival.films.models import Film
from festival.films.services import CreditEntry, FilmError
from tests import factories
from tests.films.conftest import image_bytes

FIELDS = {
    "title": "The Quiet Sea",
    "original_title": "고요한 바다",
    "romanised_title": "Goyohan Bada",
    "runtime_s": 750,
    "year": 2026,
    "countries": ["KR", "FR"],
    "languages": ["ko"],
    "genres": ["drama"],
}


def media(relative: str) -> Path:
    return Path(current_app.config["MEDIA_ROOT"]) / relative


def test_a_filmmaker_creates_a_film_with_credits_in_order(make_user):
    owner = make_user()
    film = services.create_film(
        actor=owner,
        credits=[
            CreditEntry(CreditRole.DIRECTOR, " 김하늘 "),
            CreditEntry(CreditRole.AI_SUPERVISOR, "Ada Lee", "ada@example.org", "Runway, Kling"),
        ],
        **FIELDS,
    )
    db.session.expire_all()
    film = db.session.get(Film, film.id)
    assert film.owner == owner
    assert film.original_title == "고요한 바다"
    assert film.runtime_s == 750
    assert [(c.role, c.name, c.position) for c in film.credits] == [
        (CreditRole.DIRECTOR, "김하늘", 0),
        (CreditRole.AI_SUPERVISOR, "Ada Lee", 1),
    ]
    [event] = events_for(film)
    assert event.verb == "created" and event.actor_id == owner.id
    assert event.after["original_title"] == "고요한 바다"
    assert event.after["credits"][1]["role"] == "ai_supervisor"


def test_empty_optional_text_is_stored_as_none(make_user):
    film = services.create_film(
        actor=make_user(), **{**FIELDS, "original_title": "  ", "frame_rate": "", "trailer_url": ""}
    )
    assert film.original_title is None and film.frame_rate is None and film.trailer_url is None


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "ftp://example.org/film", "example.org", "https://", "http://a b"],
)
def test_links_must_be_http_or_https_addresses(make_user, url):
    with pytest.raises(FilmError) as refused:
        services.create_film(actor=make_user(), **FIELDS, trailer_url=url)
    assert refused.value.field == "trailer_url"


def test_a_credit_needs_a_name(make_user):
    with pytest.raises(FilmError, match="needs a name"):
        services.create_film(actor=make_user(), credits=[CreditEntry("director", " ")], **FIELDS)


def test_an_update_records_only_what_changed(make_film):
    film = make_film()
    services.update_film(film, actor=film.owner, title="고요한 바다 (감독판)", runtime_s=800)
    [event] = events_for(film)
    assert event.verb == "updated"
    assert event.before == {"title": "The Quiet Sea", "runtime_s": 720}
    assert event.after == {"title": "고요한 바다 (감독판)", "runtime_s": 800}


def test_an_unchanged_save_records_nothing(make_film):
    film = make_film()
    credits = [CreditEntry(c.role, c.name, c.email, c.note) for c in film.credits]
    services.update_film(film, actor=film.owner, title=film.title, credits=credits)
    assert events_for(film) == []


def test_credits_are_replaced_in_the_given_order(make_film):
    film = make_film()
    services.update_film(
        film,
        actor=film.owner,
        credits=[CreditEntry("ai_director", "Mina Park"), CreditEntry("director", "김하늘")],
    )
    db.session.flush()
    assert [(c.role, c.name) for c in film.credits] == [
        (CreditRole.AI_DIRECTOR, "Mina Park"),
        (CreditRole.DIRECTOR, "김하늘"),
    ]
    [event] = events_for(film)
    assert [c["name"] for c in event.before["credits"]] == ["김하늘"]


@pytest.mark.committing
def test_a_new_poster_replaces_the_old_one_and_its_files_go_after_commit(make_film):
    film = make_film()
    old = factories.make_film_image(film, ImageKind.POSTER)
    old_files = [media(old.path), media(old.thumbnail_path)]
    db.session.commit()
    new = services.add_image(film, "poster", BytesIO(image_bytes((900, 1200))), actor=film.owner)
    assert film.poster is new and len(film.images) == 1
    assert all(path.exists() for path in old_files), "kept until the change is committed"
    db.session.commit()
    assert not any(path.exists() for path in old_files)
    assert media(new.path).exists() and media(new.thumbnail_path).exists()
    assert (new.width, new.height) == (900, 1200)
    verbs = [(e.verb, (e.before or {}).get("replaced_image_id")) for e in events_for(film)]
    assert verbs == [("image_added", None), ("image_added", old.id)]


@pytest.mark.committing
def test_files_of_an_upload_that_is_rolled_back_are_removed(make_film):
    film = make_film()
    db.session.commit()
    image = factories.make_film_image(film, ImageKind.STILL)
    written = [media(image.path), media(image.thumbnail_path)]
    assert all(path.exists() for path in written)
    db.session.rollback()
    assert not any(path.exists() for path in written)


@pytest.mark.committing
def test_removing_a_still_deletes_its_files_after_commit(make_film):
    film = make_film()
    still = factories.make_film_image(film, ImageKind.STILL)
    db.session.commit()
    path = media(still.path)
    services.remove_image(still, actor=film.owner)
    assert path.exists()
    db.session.commit()
    assert not path.exists()
    assert film.stills == []
    assert events_for(film)[-1].verb == "image_removed"


def test_an_eleventh_still_is_refused(make_film):
    film = make_film()
    for _ in range(10):
        factories.make_film_image(film, ImageKind.STILL, data=factories.png_bytes(400, 400))
    with pytest.raises(FilmError, match="at most 10 stills"):
        services.add_image(film, "still", BytesIO(factories.png_bytes()), actor=film.owner)


def test_an_invalid_upload_stores_nothing(make_film):
    film = make_film()
    folder = media(f"films/{film.id}/images")
    before = set(folder.iterdir()) if folder.exists() else set()
    with pytest.raises(ImageError):
        services.add_image(film, "still", BytesIO(b"not an image"), actor=film.owner)
    assert film.images == []
    assert (set(folder.iterdir()) if folder.exists() else set()) == before
