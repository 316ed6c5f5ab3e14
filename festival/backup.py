"""Backups: a consistent copy of the database and of every media file it names, and their
restore into an empty instance (`flask festival backup` / `restore`).

A destination folder holds one dated folder per backup and one store of media files that all
of them share, each file named by its SHA-256, so a file an earlier backup kept is not copied
again:

    <destination>/objects/ab/abcdef…              media files, by checksum
    <destination>/20250101T020000Z/database.sqlite   (or database.pgdump)
    <destination>/20250101T020000Z/manifest.json     record counts and every media file

The database is copied first — SQLite through its online backup API, PostgreSQL by `pg_dump`
from an exported snapshot — and the manifest is read from that same copy (the copied file, or a
transaction on that snapshot), so it lists exactly the files the copied rows name, while the
site keeps running. A file in a bucket is downloaded into the objects by default, so the backup
survives losing the bucket; `keep_in_bucket` records it (with its checksum) and leaves it there,
for a bucket that is itself versioned and replicated elsewhere. An upload still receiving bytes
is not backed up (its partial file changes under the copy; the filmmaker sends it again)."""

from __future__ import annotations

import glob
import json
import mimetypes
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from flask_babel import gettext as _
from sqlalchemy import Connection, create_engine, func, inspect, null, select, text
from sqlalchemy.engine import URL

from festival.disclosure.models import Consent
from festival.extensions import db
from festival.films.models import FilmImage
from festival.media.enums import UploadState
from festival.media.models import MediaAsset, Screener, Upload
from festival.media.object_store import (
    BucketStore,
    DiskStore,
    StoreError,
    is_in_bucket,
    media_root,
    sha256_of,
    split_location,
    transfer_errors,
)

MANIFEST = "manifest.json"
OBJECTS = "objects"
FORMAT = 1
NAMED_FILES = (
    (Screener.original_path, Screener.sha256, None),
    (MediaAsset.path, MediaAsset.sha256, None),
    (Upload.path, None, Upload.state == UploadState.COMPLETE),
    (FilmImage.path, None, None),
    (FilmImage.thumbnail_path, None, None),
    (Consent.document_path, Consent.document_sha256, None),
)
"""Every column that names a media file: (location, its recorded SHA-256, which rows)."""


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, for the operator."""


@dataclass
class Summary:
    name: str
    records: int = 0
    files: int = 0
    bytes_copied: int = 0
    bytes_reused: int = 0
    left_in_bucket: int = 0
    missing: list[str] = field(default_factory=list)
    """Files a row names that were not found (a refused original deleted on purpose, say)."""


# --- backing up -------------------------------------------------------------------------------


def back_up(destination: Path, *, keep_in_bucket: bool = False) -> Summary:
    """Make a new dated backup in `destination`; returns what it holds and what it copied."""
    try:
        destination.mkdir(parents=True, exist_ok=True)
        name = backup_name(destination)
        partial = destination / f".partial-{name}"
        partial.mkdir()
    except OSError as error:
        raise BackupError(_("The backup failed: %(error)s", error=reason(error))) from error
    summary = Summary(name)
    try:
        with copied_database(partial) as (database, connection):
            counts = record_counts(connection)
            named = named_files(connection)
        files = [
            store_file(destination, location, recorded, keep_in_bucket, summary)
            for location, recorded in sorted(named.items())
        ]
        manifest = {
            "format": FORMAT,
            "created_at": datetime.now(UTC).isoformat(),
            "database": database,
            "records": counts,
            "files": [entry for entry in files if entry is not None],
            "missing": summary.missing,
        }
        (partial / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        partial.rename(destination / name)
    except BaseException as error:
        shutil.rmtree(partial, ignore_errors=True)
        if isinstance(error, OSError | sqlite3.Error | StoreError | subprocess.CalledProcessError):
            raise BackupError(_("The backup failed: %(error)s", error=reason(error))) from error
        raise
    summary.records = sum(counts.values())
    summary.files = len(manifest["files"])
    return summary


def backup_name(destination: Path) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    name, number = stamp, 1
    while (destination / name).exists():
        number += 1
        name = f"{stamp}-{number}"
    return name


@contextmanager
def copied_database(folder: Path) -> Iterator[tuple[dict, Connection]]:
    """Copy the database into `folder`; yields its manifest entry and a connection that reads
    exactly what was copied."""
    url = db.engine.url
    if url.get_backend_name() == "sqlite":
        target = folder / "database.sqlite"
        copy_sqlite(Path(url.database), target)
        engine = create_engine(f"sqlite:///{target}")
        try:
            with engine.connect() as connection:
                yield database_entry("sqlite", target), connection
        finally:
            engine.dispose()
    elif url.get_backend_name() == "postgresql":
        target = folder / "database.pgdump"
        with (
            db.engine.connect().execution_options(isolation_level="REPEATABLE READ") as connection,
            connection.begin(),
        ):
            snapshot = connection.execute(text("SELECT pg_export_snapshot()")).scalar_one()
            run_postgres_tool(
                "pg_dump",
                url,
                "--format=custom",
                "--no-owner",
                f"--snapshot={snapshot}",
                f"--file={target}",
            )
            yield database_entry("postgresql", target), connection
    else:
        raise BackupError(_("Backups support SQLite and PostgreSQL databases only."))


def copy_sqlite(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent copy while the site reads and writes."""
    reader = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    writer = sqlite3.connect(target)
    try:
        reader.backup(writer)
    finally:
        writer.close()
        reader.close()


def database_entry(engine: str, path: Path) -> dict:
    return {
        "engine": engine,
        "file": path.name,
        "bytes": path.stat().st_size,
        "sha256": sha256_of(path),
    }


def record_counts(connection: Connection) -> dict[str, int]:
    """Rows per table, for every table of the models the database has."""
    present = set(inspect(connection).get_table_names())
    return {
        table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
        for table in db.metadata.sorted_tables
        if table.name in present
    }


def named_files(connection: Connection) -> dict[str, str | None]:
    """Location → the SHA-256 a row records for it (None if none does), for every media
    file a row names."""
    named: dict[str, str | None] = {}
    for location_column, sha256_column, which in NAMED_FILES:
        query = select(location_column, sha256_column if sha256_column is not None else null())
        query = query.where(location_column.is_not(None))
        if which is not None:
            query = query.where(which)
        for location, recorded in connection.execute(query):
            if location and not named.get(location):
                named[location] = recorded
    return named


def store_file(
    destination: Path, location: str, recorded: str | None, keep_in_bucket: bool, summary: Summary
) -> dict | None:
    """Keep one file in the objects (unless already there) and return its manifest entry;
    None (and noted as missing) if it is not where the row says."""
    if is_in_bucket(location):
        return store_bucket_file(destination, location, recorded, keep_in_bucket, summary)
    path = media_root() / location
    if not path.is_file():
        summary.missing.append(location)
        return None
    digest = sha256_of(path)
    size = path.stat().st_size
    kept = object_path(destination, digest)
    if kept.is_file():
        summary.bytes_reused += size
    else:
        keep_object(kept, digest, lambda partial: shutil.copyfile(path, partial))
        summary.bytes_copied += size
    return {"location": location, "bytes": size, "sha256": digest, "object": True}


def store_bucket_file(
    destination: Path, location: str, recorded: str | None, keep_in_bucket: bool, summary: Summary
) -> dict | None:
    bucket, key = split_location(location)
    store = BucketStore(bucket)
    with transfer_errors(location):
        size = store.size(location)
        if size is None:
            summary.missing.append(location)
            return None
        digest = recorded or store.client.head_object(Bucket=bucket, Key=key).get(
            "Metadata", {}
        ).get("sha256")
    if not digest:
        raise StoreError(f"{location}: no checksum recorded in its row or its metadata")
    entry = {"location": location, "bytes": size, "sha256": digest, "object": not keep_in_bucket}
    if keep_in_bucket:
        summary.left_in_bucket += 1
        return entry
    kept = object_path(destination, digest)
    if kept.is_file():
        summary.bytes_reused += size
    else:

        def download(partial: Path) -> None:
            with transfer_errors(location):
                store.client.download_file(bucket, key, str(partial))

        keep_object(kept, digest, download)
        summary.bytes_copied += size
    return entry


def object_path(destination: Path, digest: str) -> Path:
    return destination / OBJECTS / digest[:2] / digest


def keep_object(kept: Path, digest: str, write) -> None:
    """Write an object through a temporary name, verified against its checksum."""
    kept.parent.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(prefix=".partial-", dir=kept.parent)
    os.close(descriptor)
    partial = Path(name)
    try:
        write(partial)
        if sha256_of(partial) != digest:
            raise StoreError(f"{kept.name}: the file changed while it was copied")
        os.replace(partial, kept)
    finally:
        partial.unlink(missing_ok=True)


def reason(error: BaseException) -> str:
    if isinstance(error, subprocess.CalledProcessError):
        return (error.stderr or "").strip() or str(error)
    return str(error)


# --- PostgreSQL's tools -----------------------------------------------------------------------


def postgres_tool(name: str) -> str:
    """`pg_dump` or `pg_restore` on the PATH, else the newest under /usr/lib/postgresql."""
    if found := shutil.which(name):
        return found
    installed = glob.glob(f"/usr/lib/postgresql/*/bin/{name}")
    if not installed:
        raise BackupError(
            _("%(tool)s is not installed (install PostgreSQL's client tools).", tool=name)
        )
    return max(installed, key=lambda path: int(Path(path).parts[-3].split(".")[0]))


def run_postgres_tool(name: str, url: URL, *args: str) -> None:
    """Run a PostgreSQL client tool on the database at `url` (the password by environment,
    not on the command line)."""
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    address = URL.create(  # `url.set(password=None)` keeps it, rendered as "***"
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    ).render_as_string()
    subprocess.run(
        [postgres_tool(name), *args, f"--dbname={address}"],
        check=True,
        capture_output=True,
        text=True,
        env=environment,
    )


# --- restoring --------------------------------------------------------------------------------


@dataclass
class Restored:
    name: str
    records: int
    files: int
    bytes: int


def restore(source: Path, name: str | None = None) -> Restored:
    """Load a backup from `source` (the newest, or the one named) into this instance, which
    must be empty: the database first, then every file, each checked against its checksum
    before anything is written."""
    folder = chosen_backup(source, name)
    manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    refuse_unless_empty()
    for entry in manifest["files"]:
        if entry["object"]:
            verify_object(source, entry, folder.name)
    database = folder / manifest["database"]["file"]
    if sha256_of(database) != manifest["database"]["sha256"]:
        raise BackupError(
            _("The backup's database copy is damaged (its checksum differs); nothing was restored.")
        )
    try:
        load_database(manifest["database"]["engine"], database)
        restored_bytes = sum(place_file(source, entry) for entry in manifest["files"])
    except (OSError, sqlite3.Error, StoreError, subprocess.CalledProcessError) as error:
        raise BackupError(_("The restore failed: %(error)s", error=reason(error))) from error
    return Restored(
        name=folder.name,
        records=sum(manifest["records"].values()),
        files=len(manifest["files"]),
        bytes=restored_bytes,
    )


def backups_in(source: Path) -> list[str]:
    """The names of the complete backups in a destination, oldest first."""
    if not source.is_dir():
        return []
    return sorted(child.name for child in source.iterdir() if (child / MANIFEST).is_file())


def chosen_backup(source: Path, name: str | None) -> Path:
    names = backups_in(source)
    if not names:
        raise BackupError(_("%(folder)s holds no backup.", folder=source))
    if name is None:
        return source / names[-1]
    if name not in names:
        raise BackupError(_("%(folder)s holds no backup named %(name)s.", folder=source, name=name))
    return source / name


def refuse_unless_empty() -> None:
    """Restore only into an instance with no record and no media file."""
    with db.engine.connect() as connection:
        counts = record_counts(connection)
    filled = sorted(table for table, count in counts.items() if count)
    if filled:
        raise BackupError(
            _(
                "This instance is not empty (%(tables)s hold records): restore only into a new "
                "database.",
                tables=", ".join(filled[:5]),
            )
        )
    root = media_root()
    if root.is_dir() and any(path.is_file() for path in root.rglob("*")):
        raise BackupError(
            _(
                "This instance is not empty (%(folder)s holds files): restore only into an "
                "empty MEDIA_ROOT.",
                folder=root,
            )
        )


def verify_object(source: Path, entry: dict, name: str) -> None:
    kept = object_path(source, entry["sha256"])
    if not kept.is_file() or sha256_of(kept) != entry["sha256"]:
        raise BackupError(
            _(
                "The backup %(name)s is damaged: its copy of %(location)s is missing or its "
                "checksum differs. Nothing was restored; try an earlier backup.",
                name=name,
                location=entry["location"],
            )
        )


def load_database(engine: str, database: Path) -> None:
    url = db.engine.url
    if url.get_backend_name() != engine:
        raise BackupError(
            _(
                "This backup holds a %(engine)s database; this instance uses %(here)s.",
                engine=engine,
                here=url.get_backend_name(),
            )
        )
    db.session.remove()
    db.engine.dispose()
    if engine == "sqlite":
        copy_sqlite(database, Path(url.database))
    else:
        run_postgres_tool(
            "pg_restore",
            url,
            "--no-owner",
            "--clean",
            "--if-exists",
            "--single-transaction",
            "--exit-on-error",
            str(database),
        )


def place_file(source: Path, entry: dict) -> int:
    """Put one file back where its row says, verified; returns the bytes written."""
    location = entry["location"]
    if not entry["object"]:
        bucket, _key = split_location(location)
        if BucketStore(bucket).size(location) != entry["bytes"]:
            raise BackupError(
                _(
                    "%(location)s was left in its bucket by the backup and is not there any more.",
                    location=location,
                )
            )
        return 0
    kept = object_path(source, entry["sha256"])
    if is_in_bucket(location):
        bucket, key = split_location(location)
        content_type = mimetypes.guess_type(key)[0] or "application/octet-stream"
        stored = BucketStore(bucket).put(kept, key, content_type=content_type)
    else:
        stored = DiskStore(media_root()).put(kept, location, content_type="")
    if stored.sha256 != entry["sha256"]:
        raise StoreError(f"{location}: the restored copy differs from the backup")
    return stored.bytes
