"""What media uses on disk, what can be reclaimed, and pruning superseded previews."""

from __future__ import annotations

from pathlib import Path

import pytest

from festival.audit.models import AuditEvent
from festival.database import utcnow
from festival.extensions import db
from festival.media import storage
from festival.media.enums import AssetKind, UploadState
from festival.media.models import Screener
from festival.media.object_store import is_in_bucket, store_for
from tests import factories

pytestmark = pytest.mark.committing


@pytest.fixture
def media_root(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MEDIA_ROOT", str(tmp_path))
    return tmp_path


def test_the_report_and_the_prune_of_an_archived_editions_superseded_previews(
    app, app_ctx, media_root
):
    entry = factories.make_submission()
    edition = entry.category.edition
    old = factories.make_screener(entry.film, preview_360=True)
    new = factories.make_screener(entry.film, preview_360=True)
    refused = factories.make_screener(entry.film, state="rejected")
    (media_root / refused.original_path).parent.mkdir(parents=True, exist_ok=True)
    (media_root / refused.original_path).write_bytes(bytes(2048))
    (media_root / "screeners" / "999").mkdir(parents=True)
    (media_root / "screeners" / "999" / "stray.mp4").write_bytes(bytes(10))
    db.session.commit()
    runner = app.test_cli_runner()

    report = runner.invoke(args=["festival", "storage"])
    assert report.exit_code == 0, report.output
    assert f"{edition.name}: originals 0.0 MB" in report.output
    assert "reclaimable: refused 0.0 MB, superseded previews 0.0 MB" in report.output
    assert "Files nothing names (orphaned): 1" in report.output and "stray.mp4" in report.output

    usage = storage.usage_by_edition({entry.film_id: [edition.name]})[edition.name]
    old_bytes = sum(a.bytes for a in old.assets if a.kind != AssetKind.POSTER)
    assert (usage.refused, usage.superseded_previews) == (2048, old_bytes)
    assert usage.reclaimable == 2048 + old_bytes

    refused_before = runner.invoke(args=["festival", "storage", "--prune-superseded", edition.slug])
    assert refused_before.exit_code != 0 and "Archive" in refused_before.output

    edition.archived_at = utcnow()
    db.session.commit()
    old_previews = [media_root / a.path for a in old.assets if a.kind != AssetKind.POSTER]
    pruned = runner.invoke(args=["festival", "storage", "--prune-superseded", edition.slug])
    assert pruned.exit_code == 0, pruned.output

    db.session.expire_all()
    assert {a.kind for a in old.assets} == {AssetKind.POSTER}
    assert not any(path.exists() for path in old_previews)
    assert {AssetKind.PREVIEW_720, AssetKind.PREVIEW_360} <= {a.kind for a in new.assets}
    assert db.session.scalar(
        db.select(AuditEvent).where(
            AuditEvent.verb == "screener.previews_pruned", AuditEvent.subject_id == old.id
        )
    )
    assert Path(media_root / refused.original_path).exists()  # reported, not removed here


def test_originals_finished_under_a_part_name_get_their_final_name(app, app_ctx, media_root):
    upload = factories.make_upload(length=10, data=b"12345")
    upload.state = UploadState.COMPLETE  # as an upload finished before renaming left it
    screener = factories.make_screener(upload.film, state="queued")
    screener.original_path = upload.path
    db.session.commit()
    partial = media_root / upload.path

    result = app.test_cli_runner().invoke(args=["festival", "storage"])

    assert result.exit_code == 0, result.output
    assert "Gave 1 finished originals their final name." in result.output
    db.session.expire_all()
    final = f"originals/{upload.film_id}/{upload.token}"
    assert upload.path == screener.original_path == final
    assert (media_root / final).read_bytes() == b"12345"
    assert not partial.exists() and not partial.parent.exists()


def test_pruned_previews_are_deleted_from_either_store_once_the_prune_commits(
    app, app_ctx, media_root, media_storage
):
    film = factories.make_film()
    old = factories.make_screener(film, preview_360=True)
    factories.make_screener(film)
    for screener in film_screeners(film):
        storage.move_to_media_store(screener)
    db.session.commit()
    previews = [a.path for a in old.assets if a.kind in storage.PREVIEW_KINDS]
    poster = old.asset(AssetKind.POSTER).path
    assert len(previews) == 2 and all(store_for(path).size(path) for path in previews)
    assert all(is_in_bucket(path) == (media_storage == "s3") for path in [*previews, poster])

    storage.prune_superseded_previews([film.id])
    assert all(store_for(path).size(path) for path in previews)  # not before the commit
    db.session.commit()

    assert all(store_for(path).size(path) is None for path in previews)
    assert store_for(poster).size(poster) is not None


def film_screeners(film):
    return db.session.scalars(db.select(Screener).where(Screener.film_id == film.id)).all()
