"""What one account and one film may hold open at once: a few uploads, a byte quota and a
share of the free space, the oldest idle upload released first, a refusal that says why when
none is idle, idle uploads holding no claim on the disk, and a maximum age however often a
byte arrives. Through the tus endpoints, with the disk's free space and the clock set by
the test."""

from __future__ import annotations

import errno
import fcntl
import re
import shutil
from datetime import timedelta
from email.utils import parsedate_to_datetime
from types import SimpleNamespace

import pytest

from festival.accounts.enums import Role
from festival.audit.services import events_for
from festival.database import utcnow
from festival.extensions import db
from festival.media import uploads
from festival.media.enums import UploadState
from festival.media.models import Upload
from festival.media.uploads import GIB, expire_uploads, file_of
from tests import factories
from tests.media.test_tus import TUS, create, patch, upload_at


@pytest.fixture
def free_space(monkeypatch):
    """`free_space(n)`: the disk under MEDIA_ROOT reports n bytes free (100 GiB until set)."""

    def set_free(free: int) -> None:
        usage = SimpleNamespace(total=2 * free, used=free, free=free)
        monkeypatch.setattr(shutil, "disk_usage", lambda path: usage)

    set_free(100 * GIB)
    return set_free


@pytest.fixture
def film(app_ctx, free_space):
    return factories.make_film()


@pytest.fixture
def owner(client, auth, film):
    auth.login(film.owner)
    return client


def idle_for(location: str, minutes: int) -> Upload:
    """The upload as if its last byte arrived `minutes` ago."""
    upload = upload_at(location)
    upload.updated_at = utcnow() - timedelta(minutes=minutes)
    db.session.flush()
    return upload


def open_uploads_of(user) -> list[Upload]:
    db.session.expire_all()
    return db.session.scalars(
        db.select(Upload).where(Upload.user_id == user.id, Upload.state == UploadState.RECEIVING)
    ).all()


def upload_count() -> int:
    return db.session.scalar(db.select(db.func.count(Upload.id)))


# --- the attack -------------------------------------------------------------------------------


def test_one_account_opening_many_empty_uploads_leaves_room_for_another_filmmaker(
    client, auth, app_ctx, free_space
):
    attacker = factories.make_user(Role.FILMMAKER)
    films = [factories.make_film(owner=attacker) for _ in range(4)]
    auth.login(attacker)

    answers = [create(client, films[n % 4], 20 * GIB).status_code for n in range(28)]
    held = open_uploads_of(attacker)
    auth.logout()
    victim = factories.make_film()
    auth.login(victim.owner)
    response = create(client, victim, 20 * GIB)

    assert response.status_code == 201
    assert set(answers) == {201, 429}
    assert len(held) <= 4
    assert sum(upload.length_bytes for upload in held) <= 25 * GIB


def test_an_idle_upload_holds_no_claim_on_the_space_another_filmmaker_needs(
    client, auth, app_ctx, free_space
):
    free_space(60 * GIB)
    first = factories.make_film()
    auth.login(first.owner)
    held = create(client, first, 20 * GIB).headers["Location"]
    auth.logout()
    second = factories.make_film()
    auth.login(second.owner)

    while_active = create(client, second, 20 * GIB)
    idle_for(held, 11)
    once_idle = create(client, second, 20 * GIB)

    assert while_active.status_code == 507
    assert once_idle.status_code == 201
    assert upload_at(held).state == UploadState.RECEIVING


# --- bounds, and the oldest idle upload released first ----------------------------------------


def test_a_third_upload_for_a_film_releases_its_oldest_idle_one(owner, film):
    oldest = create(owner, film, 10).headers["Location"]
    newer = create(owner, film, 10).headers["Location"]
    patch(owner, oldest, b"hello", 0)
    path = file_of(idle_for(oldest, 30))
    idle_for(newer, 11)

    response = create(owner, film, 10)

    assert response.status_code == 201
    released = upload_at(oldest)
    assert released.state == UploadState.EXPIRED
    assert not path.exists()
    assert events_for(released)[-1].verb == "upload.released"
    assert events_for(released)[-1].actor_id == film.owner.id
    assert upload_at(newer).state == UploadState.RECEIVING
    gone = patch(owner, oldest, b"world", 5)
    assert gone.status_code == 410
    assert "released to make room" in gone.get_data(as_text=True)


def test_a_fifth_upload_of_an_account_releases_its_oldest_idle_one(client, auth, app_ctx, film):
    user = factories.make_user(Role.FILMMAKER)
    films = [factories.make_film(owner=user) for _ in range(3)]
    auth.login(user)
    locations = [create(client, films[n // 2], 10).headers["Location"] for n in range(4)]
    idle_for(locations[3], 20)
    idle_for(locations[1], 40)

    response = create(client, films[2], 10)

    assert response.status_code == 201
    assert [upload_at(location).state for location in locations] == [
        UploadState.RECEIVING,
        UploadState.EXPIRED,
        UploadState.RECEIVING,
        UploadState.RECEIVING,
    ]
    assert len(open_uploads_of(user)) == 4


def test_the_byte_quota_of_an_account_is_twice_the_calls_limit(client, auth, app_ctx, film):
    edition = factories.make_edition(screener_max_file_gib=1)
    films = [factories.make_film(owner=film.owner) for _ in range(3)]
    for each in films:
        factories.make_submission(each, edition.categories[0])
    auth.login(film.owner)
    first = create(client, films[0], GIB).headers["Location"]
    second = create(client, films[1], GIB // 2).headers["Location"]

    refused = create(client, films[2], GIB)
    idle_for(second, 11)
    accepted = create(client, films[2], GIB)

    assert refused.status_code == 429
    assert "still expect 1.5 GB" in refused.get_data(as_text=True)
    assert "the 2.0 GB one account may hold" in refused.get_data(as_text=True)
    assert accepted.status_code == 201
    assert upload_at(first).state == UploadState.RECEIVING
    assert upload_at(second).state == UploadState.EXPIRED


def test_one_account_may_hold_only_a_share_of_the_free_space(owner, film, free_space):
    free_space(10 * GIB)

    first = create(owner, film, 2 * GIB)
    second = create(owner, film, GIB)

    assert first.status_code == 201
    assert second.status_code == 429
    assert "2.5 GB" in second.get_data(as_text=True)


def test_with_nothing_idle_a_new_upload_is_refused_with_the_reason(owner, film):
    create(owner, film, 10)
    nearly_idle = create(owner, film, 10).headers["Location"]
    idle_for(nearly_idle, 9)
    count = upload_count()
    files = set(file_of(upload_at(nearly_idle)).parent.iterdir())

    response = create(owner, film, 10)
    as_json = create(owner, film, 10, Accept="application/json")

    assert response.status_code == 429
    assert response.headers["Tus-Resumable"] == "1.0.0"
    text = response.get_data(as_text=True)
    assert "already has 2 uploads in progress" in text and "10 minutes" in text
    assert as_json.get_json() == {"error": text, "status": 429}
    assert upload_count() == count
    assert set(file_of(upload_at(nearly_idle)).parent.iterdir()) == files
    assert upload_at(nearly_idle).state == UploadState.RECEIVING


def test_the_refusal_is_in_the_uploaders_language(client, auth, app_ctx, free_space):
    owner = factories.make_user(Role.FILMMAKER, locale="ko")
    film = factories.make_film(owner=owner)
    auth.login(owner)
    create(client, film, 10)
    create(client, film, 10)

    response = create(client, film, 10)

    assert response.status_code == 429
    assert re.search("[가-힣]", response.get_data(as_text=True))


def test_an_upload_being_written_is_never_released(owner, film):
    first = create(owner, film, 10).headers["Location"]
    second = create(owner, film, 10).headers["Location"]
    idle_for(first, 30)
    idle_for(second, 20)
    with open(file_of(upload_at(first)), "ab") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        response = create(owner, film, 10)

    assert response.status_code == 201
    assert upload_at(first).state == UploadState.RECEIVING
    assert upload_at(second).state == UploadState.EXPIRED


# --- age --------------------------------------------------------------------------------------


def test_trickled_bytes_do_not_keep_an_upload_open_past_its_maximum_age(owner, film):
    location = create(owner, film, 10).headers["Location"]
    upload = upload_at(location)
    upload.created_at = utcnow() - timedelta(hours=71)
    db.session.flush()
    max_age_reached = upload.created_at + timedelta(hours=72)

    renewed = patch(owner, location, b"a", 0)
    upload = upload_at(location)
    upload.created_at = utcnow() - timedelta(hours=72, seconds=1)
    upload.expires_at = utcnow() + timedelta(hours=23)  # as an older renewal left it
    db.session.flush()
    late = patch(owner, location, b"b", 1)

    assert renewed.status_code == 204
    expires = parsedate_to_datetime(renewed.headers["Upload-Expires"])
    assert expires <= max_age_reached
    assert late.status_code == 410
    assert "more than 72 hours ago" in late.get_data(as_text=True)
    assert owner.head(location, headers=TUS).status_code == 410
    assert expire_uploads(utcnow()) == 1
    assert upload_at(location).state == UploadState.EXPIRED


def test_a_disk_filling_up_mid_upload_is_507_not_a_server_error(owner, film, monkeypatch):
    location = create(owner, film, 10).headers["Location"]

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(uploads, "write_all", full)
    response = patch(owner, location, b"hello", 0)

    assert response.status_code == 507
    assert "filled up" in response.get_data(as_text=True)
    assert upload_at(location).offset_bytes == 0
