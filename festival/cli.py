"""Operator commands: `flask festival ...`."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from flask_babel import force_locale
from flask_babel import gettext as _

from festival import backup, demo
from festival.accounts.enums import Role
from festival.accounts.services import AccountError, create_user
from festival.audit.services import record
from festival.editions.models import Category, Edition
from festival.extensions import db
from festival.health import installation_report
from festival.jobs.worker import run_worker
from festival.judging import progress
from festival.judging.models import Round
from festival.media import storage
from festival.programming.desk_rows import refresh_jury_scores, refresh_rows
from festival.submissions.models import Submission

festival_cli = AppGroup("festival", help="Operate the festival site.")


def in_default_locale(command):
    """Run a command in the site's default language (there is no request to choose one)."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            return command(*args, **kwargs)

    return wrapper


@festival_cli.command("check")
def check():
    """Check the database, the queue, ffmpeg and the media disk; print JSON, exit 1 if any
    fails."""
    report = installation_report()
    click.echo(json.dumps(report, indent=2))
    if not all(part["ok"] for part in report.values()):
        raise SystemExit(1)


@festival_cli.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=click.Choice([role.value for role in Role]),
    help="Repeat for several roles.",
)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@in_default_locale
def create_user_command(email: str, name: str, roles: tuple[str, ...], password: str):
    """Create an account with a password and one or more roles."""
    try:
        user = create_user(email, name, {Role(role) for role in roles}, password=password)
    except AccountError as error:
        raise click.ClickException(str(error)) from None
    record("created", user, after={"roles": sorted(user.roles)}, reason="flask festival")
    db.session.commit()
    click.echo(
        _("Created %(email)s (%(roles)s).", email=user.email, roles=", ".join(sorted(roles)))
    )


@festival_cli.command("seed-demo")
@in_default_locale
def seed_demo():
    """Create the demo festival (accounts for every role, an open edition, films, a
    screening and a jury round); safe to run again."""
    accounts, edition = demo.seed()
    db.session.commit()
    click.echo(_("Demo edition: %(name)s", name=edition.name))
    click.echo(_("Demo accounts (password for each: %(password)s):", password=demo.PASSWORD))
    for user in accounts:
        click.echo(f"  {user.email:<30} {', '.join(sorted(user.roles))}")


@festival_cli.command("refresh-derived")
@in_default_locale
def refresh_derived():
    """Rebuild what the site derives from its records: the desk's row of every entry, each
    round's progress figures and the desk's jury scores. Run it once after upgrading a
    database that held entries and rounds before these existed; safe to run again."""
    submission_ids = db.session.scalars(db.select(Submission.id)).all()
    refresh_rows(submission_ids)
    rounds = db.session.scalars(db.select(Round)).all()
    progress.rebuild(round_.id for round_ in rounds)
    for round_ in rounds:
        if not round_.is_screening:
            refresh_jury_scores(round_)
    db.session.commit()
    click.echo(
        _(
            "Refreshed the desk rows of %(entries)d entries and the figures of %(rounds)d rounds.",
            entries=len(submission_ids),
            rounds=len(rounds),
        )
    )


@festival_cli.command("storage")
@click.option(
    "--prune-superseded",
    "prune_slug",
    metavar="EDITION",
    help="Delete the previews of superseded screener versions of this archived edition's films.",
)
@in_default_locale
def storage_command(prune_slug: str | None):
    """What media uses on disk per edition, and what can be reclaimed (refused originals,
    superseded versions' previews, files nothing names); with --prune-superseded, remove the
    superseded previews of an edition once it is archived (audited). First, originals
    finished before they were renamed get their final name (no `.part`)."""
    renamed = storage.finish_original_names()
    db.session.commit()
    if renamed:
        click.echo(_("Gave %(count)d finished originals their final name.", count=renamed))
    if prune_slug:
        edition = db.session.scalar(db.select(Edition).where(Edition.slug == prune_slug))
        if edition is None:
            raise click.ClickException(
                _("No edition has the web address %(slug)s.", slug=prune_slug)
            )
        if not edition.is_archived:
            raise click.ClickException(
                _(
                    "Archive %(edition)s first: its previews may still be watched.",
                    edition=edition.name,
                )
            )
        freed = storage.prune_superseded_previews(films_of_edition(edition.id))
        db.session.commit()
        click.echo(_("Removed %(size)s of superseded previews.", size=size_text(freed)))
    usage = storage.usage_by_edition(editions_of_films())
    for name, row in sorted(usage.items()):
        click.echo(
            _(
                "%(edition)s: originals %(originals)s, previews %(previews)s, posters and "
                "storyboards %(images)s; reclaimable: refused %(refused)s, superseded previews "
                "%(superseded)s",
                edition=name or _("Not entered"),
                originals=size_text(row.originals),
                previews=size_text(row.previews),
                images=size_text(row.images),
                refused=size_text(row.refused),
                superseded=size_text(row.superseded_previews),
            )
        )
    orphans = storage.orphaned_files()
    click.echo(
        _(
            "Files nothing names (orphaned): %(count)d, %(size)s",
            count=len(orphans),
            size=size_text(sum(path.stat().st_size for path in orphans)),
        )
    )
    for path in orphans:
        click.echo(f"  {path}")


def size_text(size: int) -> str:
    return f"{size / 1024**3:.2f} GB" if size >= 1024**3 else f"{size / 1024**2:.1f} MB"


def editions_of_films() -> dict[int, list[str]]:
    rows = db.session.execute(
        db.select(Submission.film_id, Edition.name)
        .join(Category, Submission.category_id == Category.id)
        .join(Edition, Category.edition_id == Edition.id)
        .distinct()
    )
    editions: dict[int, list[str]] = {}
    for film_id, name in rows:
        editions.setdefault(film_id, []).append(name)
    return editions


def films_of_edition(edition_id: int) -> list[int]:
    return db.session.scalars(
        db.select(Submission.film_id)
        .join(Category, Submission.category_id == Category.id)
        .where(Category.edition_id == edition_id)
        .distinct()
    ).all()


@festival_cli.command("backup")
@click.option(
    "--to",
    "destination",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder that keeps the backups (on another disk or machine than the media).",
)
@click.option(
    "--keep-in-bucket",
    is_flag=True,
    help="Record media kept in a bucket (with its checksum) without downloading it.",
)
@in_default_locale
def backup_command(destination: Path, keep_in_bucket: bool):
    """Back up the database (a consistent copy, safe while the site runs) and every media file
    it names into a new dated folder of DESTINATION; a file an earlier backup there holds is
    not copied again."""
    try:
        summary = backup.back_up(destination, keep_in_bucket=keep_in_bucket)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        _(
            "Backup %(name)s: %(records)d records, %(files)d files; copied %(copied)s, "
            "reused %(reused)s from earlier backups.",
            name=summary.name,
            records=summary.records,
            files=summary.files,
            copied=size_text(summary.bytes_copied),
            reused=size_text(summary.bytes_reused),
        )
    )
    if summary.left_in_bucket:
        click.echo(_("Left in their bucket: %(count)d files.", count=summary.left_in_bucket))
    if summary.missing:
        click.echo(_("Named but not found: %(count)d files.", count=len(summary.missing)))
        for location in summary.missing:
            click.echo(f"  {location}")


@festival_cli.command("restore")
@click.argument("source", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--backup", "name", help="The backup to restore (by default the newest).")
@in_default_locale
def restore_command(source: Path, name: str | None):
    """Restore a backup from SOURCE into this instance, which must be empty (no records, no
    media files): the database, then every file, each checked against its checksum."""
    try:
        restored = backup.restore(source, name)
    except backup.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        _(
            "Restored backup %(name)s: %(records)d records and %(files)d files (%(size)s).",
            name=restored.name,
            records=restored.records,
            files=restored.files,
            size=size_text(restored.bytes),
        )
    )


@festival_cli.command("worker")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
def worker(workers: int):
    """Run the background worker (Huey consumer with periodic tasks) until interrupted."""
    run_worker(current_app._get_current_object(), workers=workers)


def register(app: Flask) -> None:
    app.cli.add_command(festival_cli)
