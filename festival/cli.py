"""Operator commands: `flask festival ...`."""

from __future__ import annotations

import json

import click
from flask import Flask
from flask.cli import AppGroup

from festival.health import installation_report

festival_cli = AppGroup("festival", help="Operate the festival site.")


@festival_cli.command("check")
def check():
    """Check the database, the queue and ffmpeg; print JSON, exit 1 if any fails."""
    report = installation_report()
    click.echo(json.dumps(report, indent=2))
    if not all(part["ok"] for part in report.values()):
        raise SystemExit(1)


def register(app: Flask) -> None:
    app.cli.add_command(festival_cli)
