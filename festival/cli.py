"""Operator commands: `flask festival ...`."""

from __future__ import annotations

import functools
import json

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from flask_babel import force_locale
from flask_babel import gettext as _

from festival.accounts.enums import Role
from festival.accounts.models import User
from festival.accounts.passwords import MIN_LENGTH
from festival.accounts.services import AccountError, create_user, find_by_email
from festival.audit.services import record
from festival.extensions import db
from festival.health import installation_report
from festival.jobs.worker import run_worker

festival_cli = AppGroup("festival", help="Operate the festival site.")

DEMO_PASSWORD = "festival-demo"
DEMO_ACCOUNTS = (
    ("admin@example.org", "Demo Admin", {Role.ADMIN}),
    ("programmer@example.org", "Demo Programmer", {Role.PROGRAMMER}),
    ("juror@example.org", "Demo Juror", {Role.JUROR}),
    ("filmmaker@example.org", "Demo Filmmaker", {Role.FILMMAKER}),
    ("programmer-juror@example.org", "Demo Programmer-Juror", {Role.PROGRAMMER, Role.JUROR}),
)


def in_default_locale(command):
    """Run a command in the site's default language (there is no request to choose one)."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            return command(*args, **kwargs)

    return wrapper


@festival_cli.command("check")
def check():
    """Check the database, the queue and ffmpeg; print JSON, exit 1 if any fails."""
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
    if len(password) < MIN_LENGTH:
        raise click.ClickException(_("Use at least %(count)d characters.", count=MIN_LENGTH))
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
    """Create demo accounts for every role (and a demo edition); safe to run again."""
    accounts = [ensure_demo_account(*account) for account in DEMO_ACCOUNTS]
    admin = accounts[0]
    seed_edition(admin)
    db.session.commit()
    click.echo(_("Demo accounts (password for each: %(password)s):", password=DEMO_PASSWORD))
    for user in accounts:
        click.echo(f"  {user.email:<30} {', '.join(sorted(user.roles))}")


def ensure_demo_account(email: str, name: str, roles: set[Role]) -> User:
    user = find_by_email(email)
    if user is None:
        user = create_user(email, name, roles, password=DEMO_PASSWORD)
        record("created", user, after={"roles": sorted(roles)}, reason="flask festival seed-demo")
    return user


def seed_edition(admin: User) -> None:
    try:
        from festival.editions.demo import seed_demo_edition
    except ModuleNotFoundError as error:
        if error.name != "festival.editions.demo":
            raise
        click.echo(_("No demo edition is available to seed."))
        return
    edition = seed_demo_edition(actor=admin)
    click.echo(_("Demo edition: %(name)s", name=edition.name))


@festival_cli.command("worker")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
def worker(workers: int):
    """Run the background worker (Huey consumer with periodic tasks) until interrupted."""
    run_worker(current_app._get_current_object(), workers=workers)


def register(app: Flask) -> None:
    app.cli.add_command(festival_cli)
