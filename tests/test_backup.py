"""`flask festival backup` and `restore`: a backup holds every record and every media file,
copies a file once across backups, and comes back whole into a fresh instance (which then
serves the films); a damaged backup and a non-empty instance are refused."""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import create_engine, make_url, text

from festival import backup, create_app
from festival.accounts.models import User
from festival.disclosure.models import Consent
from festival.extensions import db
from festival.films.models import FilmImage
from festival.jobs.queue import configure_queue
from festival.media import storage
from festival.media.enums import AssetKind
from festival.media.models import MediaAsset, Screener
from festival.media.object_store import is_in_bucket, sha256_of, store_for
from tests import factories
from tests.conftest import FreshContextClient, settings_for_tests
from tests.media.conftest import bucket_storage, s3_server  # noqa: F401 (fixtures)

pytestmark = pytest.mark.committing

CONSENT = b"%PDF-1.4\n% signed consent of the voice actor\n"


@pytest.fixture
def media_root(app, tmp_path, monkeypatch):
    root = tmp_path / "media"
    monkeypatch.setitem(app.config, "MEDIA_ROOT", str(root))
    return root


@pytest.fixture
def fresh_instance(app, tmp_path):
    """A second site on a new instance folder, with an empty database of its own (SQLite, or
    a new PostgreSQL database beside the tests' one)."""
    url = make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    admin = None
    if url.get_backend_name() == "postgresql":
        name = f"festival_restore_{uuid.uuid4().hex[:8]}"
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
        database = url.set(database=name).render_as_string(hide_password=False)
    else:
        database = f"sqlite:///{tmp_path / 'fresh' / 'festival.db'}"
    fresh = create_app(
        settings_for_tests(tmp_path / "fresh") | {"SQLALCHEMY_DATABASE_URI": database}
    )
    fresh.test_client_class = FreshContextClient
    configure_queue(app)  # create_app pointed the shared queue at the fresh instance
    with fresh.app_context():
        db.create_all()
    yield fresh
    with fresh.app_context():
        db.session.remove()
        db.engine.dispose()
    if admin is not None:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        admin.dispose()


def make_festival(media_root):
    """An edition with two films, a poster, a disclosure with a signed consent document and a
    ready screener (original, two previews, poster and storyboard); every file on disk."""
    entry = factories.make_submission()
    factories.make_submission(category=entry.category)
    film = entry.film
    factories.make_film_image(film, "poster")
    factories.make_disclosure(film, document=CONSENT)
    screener = factories.make_screener(film, preview_360=True, storyboard_sheets=1)
    original = media_root / screener.original_path
    original.parent.mkdir(parents=True, exist_ok=True)
    original.write_bytes(b"original screener " * 200)
    db.session.commit()
    return film, screener


def named_locations() -> set[str]:
    images = db.session.execute(db.select(FilmImage.path, FilmImage.thumbnail_path)).all()
    return {
        *db.session.scalars(db.select(MediaAsset.path)),
        *db.session.scalars(db.select(Screener.original_path)),
        *db.session.scalars(db.select(Consent.document_path).where(Consent.document_path != None)),  # noqa: E711
        *(path for row in images for path in row),
    }


def invoke(site, *args):
    """Run a command on `site` (the runner would reuse the app context already pushed)."""
    with site.app_context():
        return site.test_cli_runner().invoke(args=["festival", *args])


def latest_manifest(destination) -> dict:
    name = backup.backups_in(destination)[-1]
    return json.loads((destination / name / backup.MANIFEST).read_text())


def test_a_backup_restores_every_record_and_file_into_a_fresh_instance_that_serves_the_film(
    app, app_ctx, media_root, tmp_path, fresh_instance
):
    film, screener = make_festival(media_root)
    owner_id = film.owner_id
    preview = screener.asset(AssetKind.PREVIEW_720)
    preview_id, preview_bytes = preview.id, (media_root / preview.path).read_bytes()
    locations = named_locations()
    with db.engine.connect() as connection:
        live_counts = backup.record_counts(connection)
    destination = tmp_path / "backups"

    first = invoke(app, "backup", "--to", str(destination))
    assert first.exit_code == 0, first.output
    assert "reused 0.0 MB" in first.output
    manifest = latest_manifest(destination)
    assert manifest["records"] == live_counts
    assert {entry["location"] for entry in manifest["files"]} == locations
    for entry in manifest["files"]:
        assert entry["sha256"] == sha256_of(media_root / entry["location"])
    total = sum(entry["bytes"] for entry in manifest["files"])

    again = backup.back_up(destination)
    assert (again.bytes_copied, again.bytes_reused) == (0, total)
    assert len(backup.backups_in(destination)) == 2

    restored = invoke(fresh_instance, "restore", str(destination))
    assert restored.exit_code == 0, restored.output
    assert f"{len(locations)} files" in restored.output
    with fresh_instance.app_context():
        with db.engine.connect() as connection:
            assert backup.record_counts(connection) == live_counts
        fresh_root = backup.media_root()
        for entry in manifest["files"]:
            assert sha256_of(fresh_root / entry["location"]) == entry["sha256"]
        token = db.session.get(User, owner_id).session_token
    client = fresh_instance.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = token
        session["_fresh"] = True
    response = client.get(f"/media/{preview_id}")
    assert response.status_code in (200, 206)
    assert response.data == preview_bytes


def test_a_damaged_object_is_found_before_anything_is_restored(
    app, app_ctx, media_root, tmp_path, fresh_instance
):
    make_festival(media_root)
    destination = tmp_path / "backups"
    backup.back_up(destination)
    damaged = next(
        e for e in latest_manifest(destination)["files"] if e["location"].endswith("poster.jpg")
    )
    backup.object_path(destination, damaged["sha256"]).write_bytes(b"bit rot")

    result = invoke(fresh_instance, "restore", str(destination))

    assert result.exit_code == 1
    assert f"its copy of {damaged['location']} is missing or its checksum differs" in result.output
    with fresh_instance.app_context():
        with db.engine.connect() as connection:
            assert not any(backup.record_counts(connection).values())
        assert not backup.media_root().exists() or not any(
            path.is_file() for path in backup.media_root().rglob("*")
        )


def test_restore_is_refused_into_an_instance_with_records_or_files(
    app, app_ctx, media_root, tmp_path, fresh_instance
):
    make_festival(media_root)
    destination = tmp_path / "backups"
    backup.back_up(destination)

    into_records = invoke(app, "restore", str(destination))
    assert into_records.exit_code == 1
    assert "This instance is not empty" in into_records.output
    assert "accounts_users" in into_records.output

    stray = tmp_path / "fresh" / "media" / "originals" / "1" / "left-over"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(b"left over")
    into_files = invoke(fresh_instance, "restore", str(destination))
    assert into_files.exit_code == 1
    assert "holds files" in into_files.output


def test_a_backup_to_an_unwritable_place_fails_with_a_clear_message(
    app, app_ctx, media_root, tmp_path
):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = invoke(app, "backup", "--to", str(blocker / "backups"))
    assert result.exit_code == 1
    assert "Error:" in result.output


BUCKET_SETTINGS = (
    "MEDIA_STORAGE",
    "S3_ENDPOINT_URL",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_REGION",
)


@pytest.mark.usefixtures("bucket_storage")
def test_media_in_a_bucket_is_downloaded_by_default_and_put_back_by_the_restore(
    app, app_ctx, media_root, tmp_path, fresh_instance
):
    _film, screener = make_festival(media_root)
    storage.move_to_media_store(screener)
    db.session.commit()
    in_bucket = {
        asset.path: asset.sha256 for asset in screener.assets if is_in_bucket(asset.path)
    } | {screener.original_path: screener.sha256}
    assert len(in_bucket) == len(screener.assets) + 1 and all(map(is_in_bucket, in_bucket))

    listed = backup.back_up(tmp_path / "listed", keep_in_bucket=True)
    assert listed.left_in_bucket == len(in_bucket)
    assert not any(
        entry["object"]
        for entry in latest_manifest(tmp_path / "listed")["files"]
        if entry["location"] in in_bucket
    )

    destination = tmp_path / "backups"
    copied = backup.back_up(destination)
    assert copied.left_in_bucket == 0
    for entry in latest_manifest(destination)["files"]:
        assert sha256_of(backup.object_path(destination, entry["sha256"])) == entry["sha256"]
        if entry["location"] in in_bucket:
            assert entry["sha256"] == in_bucket[entry["location"]]

    preview = screener.asset(AssetKind.PREVIEW_720).path
    store_for(preview).delete(preview)
    for name in BUCKET_SETTINGS:
        fresh_instance.config[name] = app.config[name]
    restored = invoke(fresh_instance, "restore", str(destination))
    assert restored.exit_code == 0, restored.output
    with fresh_instance.app_context(), store_for(preview).local_copy(preview) as path:
        assert sha256_of(path) == in_bucket[preview]
