"""The one loader of an edition for a staff page, and of a row that belongs to it: each owns
its 404, so no URL reaches another edition's row through this one."""

from __future__ import annotations

from typing import TypeVar

from flask import abort

from festival.editions.models import Edition
from festival.extensions import db

Row = TypeVar("Row")


def get_edition(edition_id: int) -> Edition:
    return db.session.get(Edition, edition_id) or abort(404)


def get_in_edition(model: type[Row], edition: Edition, row_id: int) -> Row:
    """The `model` row `row_id` (a table with an `edition_id`) if it belongs to `edition`."""
    row = db.session.get(model, row_id)
    if row is None or row.edition_id != edition.id:
        abort(404)
    return row
