"""The programmers' exports: the desk's list (the filter on the desk, chosen ids, or the whole
edition) and every review of a round, each as CSV and JSON."""

from __future__ import annotations

import importlib.util

from flask import Blueprint, Response, abort, jsonify, request

from festival.accounts.access import roles
from festival.accounts.enums import STAFF_ROLES
from festival.editions.loaders import get_edition
from festival.editions.models import Edition
from festival.extensions import db
from festival.forms import int_or_none
from festival.judging.models import Round
from festival.programming import exporting

bp = Blueprint("programming_exports", __name__)

MAX_LISTED_IDS = 50_000


def get_round(round_id: int) -> Round:
    return db.session.get(Round, round_id) or abort(404)


def chosen_ids(edition: Edition) -> list[int]:
    """The submissions to export: `?ids=1,2,3` (or repeated `submission_ids`) when given, else
    the desk's filter when the desk is there to read it, else the whole edition."""
    listed = [
        part
        for value in (*request.args.getlist("ids"), *request.args.getlist("submission_ids"))
        for part in value.split(",")
        if part.strip()
    ]
    if listed:
        if len(listed) > MAX_LISTED_IDS:
            abort(400)
        try:
            return list(dict.fromkeys(int_or_none(part.strip()) for part in listed))
        except ValueError:
            abort(400)
    if desk_is_there():
        from festival.programming import desk

        return list(desk.matching_ids(edition, desk.parse_filters(edition, request.args)))
    return exporting.edition_submission_ids(edition)


def desk_is_there() -> bool:
    """Whether the desk's filters (p1's `programming.desk`) are on this branch."""
    return importlib.util.find_spec("festival.programming.desk") is not None


def attachment(body: bytes, content_type: str, filename: str) -> Response:
    return Response(
        body,
        content_type=content_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/manage/editions/<int:edition_id>/desk/export.csv")
@roles(*STAFF_ROLES)
def desk_csv(edition_id: int):
    edition = get_edition(edition_id)
    body = exporting.desk_csv(edition, chosen_ids(edition))
    return attachment(body, "text/csv; charset=utf-8", f"edition-{edition.id}-submissions.csv")


@bp.get("/manage/editions/<int:edition_id>/desk/export.json")
@roles(*STAFF_ROLES)
def desk_json(edition_id: int):
    edition = get_edition(edition_id)
    return jsonify(exporting.desk_json(edition, chosen_ids(edition)))


@bp.get("/manage/rounds/<int:round_id>/reviews.csv")
@roles(*STAFF_ROLES)
def round_reviews_csv(round_id: int):
    round_ = get_round(round_id)
    body = exporting.round_reviews_csv(round_)
    return attachment(body, "text/csv; charset=utf-8", f"round-{round_.id}-reviews.csv")


@bp.get("/manage/rounds/<int:round_id>/reviews.json")
@roles(*STAFF_ROLES)
def round_reviews_json(round_id: int):
    return jsonify(exporting.round_reviews_json(get_round(round_id)))
