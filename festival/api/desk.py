"""The programmers' desk of an edition: its list with the desk page's own filters, sort and
search (`programming.desk.parse_filters` reads them, as it reads the page's query string),
paged with keyset cursors in the desk's order; one entry's desk record; the desk's CSV and JSON
exports; the outcomes a decision names. Its bulk actions are `api.desk_actions`."""

from __future__ import annotations

from enum import Enum

import marshmallow as ma
from flask import Response
from flask_babel import lazy_gettext as _l

from festival.accounts.enums import STAFF_ROLES
from festival.api import pagination
from festival.api.auth import requires
from festival.api.pagination import PageArguments
from festival.api.problems import Problem
from festival.api.resource import ApiBlueprint
from festival.api.schemas import ApiSchema, row_id
from festival.api.tokens.enums import TokenScope
from festival.disclosure.enums import Element, Extent
from festival.editions.loaders import get_edition
from festival.editions.models import Edition
from festival.extensions import db
from festival.media.qc import QCStatus
from festival.programming import bulk, decisions, desk, exporting
from festival.programming.models import DeskRow
from festival.submissions import services as submission_services
from festival.submissions.enums import SubmissionStatus
from festival.submissions.models import Submission

bp = ApiBlueprint(
    "api_desk", __name__, description="The programmers' desk of an edition (a staff token)."
)

STATUSES = [status.value for status in SubmissionStatus]
SORT_KEYS = [*desk.SORTS, *(f"-{key}" for key in desk.SORTS)]


def _several(field: ma.fields.Field, description: str) -> ma.fields.List:
    return ma.fields.List(field, metadata={"description": description})


def _number(low: float, high: float, description: str) -> ma.fields.Float:
    return ma.fields.Float(
        validate=ma.validate.Range(min=low, max=high), metadata={"description": description}
    )


class DeskFilterArguments(ApiSchema):
    """The desk page's filter, argument for argument (repeat an argument for several values);
    each is read by the page's own parser, and refused with its message."""

    class Meta:
        unknown = ma.EXCLUDE

    q = ma.fields.String(
        validate=ma.validate.Length(max=200),
        metadata={"description": "Words in the titles, logline, synopsis or credits."},
    )
    category = _several(row_id(), "Category ids.")
    status = _several(
        ma.fields.String(validate=ma.validate.OneOf(STATUSES)),
        "Statuses (without one: every status but draft).",
    )
    deadline = _several(row_id(), "Deadline tier ids.")
    country = _several(ma.fields.String(), "ISO 3166-1 alpha-2 codes.")
    language = _several(ma.fields.String(), "ISO 639 codes.")
    runtime_min = _number(0, 10_000, "Runtime from, in minutes.")
    runtime_max = _number(0, 10_000, "Runtime up to, in minutes.")
    fee = ma.fields.String(validate=ma.validate.OneOf(list(desk.FEE_STATES)))
    ai_min = _number(0, 100, "AI share of the runtime from, in percent.")
    ai_max = _number(0, 100, "AI share of the runtime up to, in percent.")
    extent = _several(
        ma.fields.String(),
        "`element:extent`, an element's AI use at least that extent ("
        + ", ".join(element.value for element in Element)
        + "; "
        + ", ".join(extent.value for extent in Extent)
        + ").",
    )
    tool = _several(ma.fields.String(validate=ma.validate.Length(max=100)), "AI tools named.")
    qc = ma.fields.String(
        validate=ma.validate.OneOf([*(status.value for status in QCStatus), desk.NO_QC]),
        metadata={"description": "The QC result (`none`: no checked screener)."},
    )
    rating_min = _number(-1000, 1000, "Screening rating at least.")
    tag = _several(ma.fields.String(validate=ma.validate.Length(max=40)), "Tags.")
    jury_min = _number(-1000, 1000, "Jury mean at least.")
    calibrated_min = _number(-1000, 1000, "Calibrated jury score at least.")
    conflicts = ma.fields.String(validate=ma.validate.OneOf(list(desk.YES_NO)))
    sort = ma.fields.String(
        validate=ma.validate.OneOf(SORT_KEYS),
        metadata={"description": "A column, `-` before it for descending (default: submitted)."},
    )


class DeskListArguments(DeskFilterArguments, PageArguments):
    """The filter, and the page: `limit` and the `next` cursor of the previous page (a
    cursor keeps the sort it was given with)."""


class DeskExportArguments(DeskFilterArguments):
    ids = _several(
        row_id(),
        "Export these submissions only (else every entry the filter matches).",
    )


def parsed_filters(edition: Edition, arguments: dict) -> desk.ParsedFilters:
    """The desk's own parse of the arguments, as the page reads its query string; what it
    cannot read is refused (422) with its messages, never silently dropped."""
    query = {
        name: [str(item) for item in value] if isinstance(value, list) else str(value)
        for name, value in arguments.items()
        if name in desk.PARSERS or name == "sort"
    }
    parsed = desk.parse_filters(edition, query)
    if parsed.errors:
        raise Problem(
            422,
            slug="invalid",
            errors={name: [message] for name, message in parsed.errors.items()},
        )
    return parsed


# --- the list -------------------------------------------------------------------------------


class DeskEntrySchema(ApiSchema):
    submission_id = ma.fields.Integer()
    title = ma.fields.String()
    original_title = ma.fields.String()
    filmmaker = ma.fields.String()
    category_id = ma.fields.Integer()
    category = ma.fields.String()
    deadline_id = ma.fields.Integer(allow_none=True)
    status = ma.fields.String(validate=ma.validate.OneOf(STATUSES))
    status_label = ma.fields.String()
    countries = ma.fields.List(ma.fields.String())
    languages = ma.fields.List(ma.fields.String())
    runtime_s = ma.fields.Integer()
    fee_cents = ma.fields.Integer()
    currency = ma.fields.String()
    is_paid = ma.fields.Boolean()
    is_waived = ma.fields.Boolean()
    ai_share = ma.fields.Float(metadata={"description": "Share of the runtime, 0 to 1."})
    qc = ma.fields.String(allow_none=True)
    screening_mean = ma.fields.Float(allow_none=True)
    screening_count = ma.fields.Integer()
    tags = ma.fields.List(ma.fields.String())
    jury_mean = ma.fields.Float(allow_none=True)
    jury_calibrated = ma.fields.Float(allow_none=True)
    conflicts = ma.fields.Integer()
    submitted_at = ma.fields.DateTime(allow_none=True)
    version = ma.fields.String(
        metadata={"description": "When it last changed: send it in a decision's `versions`."}
    )


class DeskPageSchema(ApiSchema):
    items = ma.fields.List(ma.fields.Nested(DeskEntrySchema), required=True)
    next = ma.fields.String(
        allow_none=True,
        required=True,
        metadata={"description": "The cursor of the next page; null on the last."},
    )
    total = ma.fields.Integer(metadata={"description": "How many entries the filter matches."})


def unfenced(text: str) -> list[str]:
    return [value for value in (text or "").split("|") if value]


def entry_of(row: DeskRow, updated_at, categories: dict[int, str]) -> dict:
    return {
        "submission_id": row.submission_id,
        "title": row.title,
        "original_title": row.original_title,
        "filmmaker": row.filmmaker,
        "category_id": row.category_id,
        "category": categories.get(row.category_id, ""),
        "deadline_id": row.deadline_id,
        "status": row.status.value,
        "status_label": str(row.status.label),
        "countries": unfenced(row.countries),
        "languages": unfenced(row.languages),
        "runtime_s": row.runtime_s,
        "fee_cents": row.fee_cents,
        "currency": row.currency,
        "is_paid": row.is_paid,
        "is_waived": row.is_waived,
        "ai_share": row.ai_share,
        "qc": row.qc,
        "screening_mean": row.screening_mean,
        "screening_count": row.screening_count,
        "tags": unfenced(row.tags),
        "jury_mean": row.jury_mean,
        "jury_calibrated": row.jury_calibrated,
        "conflicts": row.conflicts,
        "submitted_at": row.submitted_at,
        "version": updated_at.isoformat(),
    }


def sort_spec(parsed: desk.ParsedFilters) -> str:
    return f"-{parsed.sort}" if parsed.descending else parsed.sort


def cursor_of(parsed: desk.ParsedFilters, row: DeskRow) -> str:
    value = desk.sort_value(row, parsed)
    if isinstance(value, Enum):
        value = value.value
    return pagination.encode((sort_spec(parsed), value, row.submission_id))


def resumed_after(parsed: desk.ParsedFilters, cursor: str) -> tuple[object, int]:
    """The sort value and id a cursor resumes after; 400 for a cursor of another sort."""
    spec, value, submission_id = pagination.decode(cursor, 3)
    if spec != sort_spec(parsed):
        raise Problem(
            400, _l("This cursor was given for another sort: start again."), slug="cursor"
        )
    return value, submission_id


@bp.get("/editions/<int:edition_id>/desk")
@requires(TokenScope.READ, *STAFF_ROLES)
@bp.arguments(DeskListArguments, location="query")
@bp.response(200, DeskPageSchema)
def list_desk(arguments, edition_id: int):
    """The edition's entries under the desk's filter, sort and search, a page at a time."""
    edition = get_edition(edition_id)
    limit, cursor = arguments.pop("limit"), arguments.pop("cursor")
    parsed = parsed_filters(edition, arguments)
    after = resumed_after(parsed, cursor) if cursor else None
    rows = desk.rows_after(edition, parsed, after, limit + 1)
    more, rows = len(rows) > limit, rows[:limit]
    categories = {category.id: category.name for category in edition.categories}
    return {
        "items": [entry_of(row, updated_at, categories) for row, updated_at in rows],
        "next": cursor_of(parsed, rows[-1][0]) if more and rows else None,
        "total": desk.count_of(edition, parsed),
    }


# --- one entry, and the exports -------------------------------------------------------------


class DeskRecordSchema(ApiSchema):
    """An entry as the desk's exports write it."""

    submission_id = ma.fields.Integer()
    title = ma.fields.String()
    original_title = ma.fields.String()
    category = ma.fields.String()
    status = ma.fields.String(validate=ma.validate.OneOf(STATUSES))
    outcome = ma.fields.String(allow_none=True)
    filmmaker = ma.fields.String()
    filmmaker_email = ma.fields.String()
    directors = ma.fields.List(ma.fields.String())
    countries = ma.fields.List(ma.fields.String())
    languages = ma.fields.List(ma.fields.String())
    genres = ma.fields.List(ma.fields.String())
    runtime_s = ma.fields.Integer()
    year = ma.fields.Integer(allow_none=True)
    submitted_at = ma.fields.String(
        allow_none=True, metadata={"description": "ISO 8601, with the offset."}
    )
    deadline = ma.fields.String(allow_none=True)
    fee = ma.fields.Integer(metadata={"description": "In cents."})
    currency = ma.fields.String()
    is_paid = ma.fields.Boolean()
    waiver_code = ma.fields.String(allow_none=True)
    disclosure_version = ma.fields.Integer(allow_none=True)
    ai_share_percent = ma.fields.Float(allow_none=True)
    ai_elements = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.String(),
        metadata={"description": "Element → its extent, for each element with AI use."},
    )
    ai_tools = ma.fields.List(ma.fields.String())
    screening_rating = ma.fields.Float(allow_none=True)
    screening_ratings = ma.fields.Integer()
    tags = ma.fields.List(ma.fields.String())
    jury_round = ma.fields.String(allow_none=True)
    jury_reviews = ma.fields.Integer()
    jury_mean = ma.fields.Float(allow_none=True)
    jury_calibrated = ma.fields.Float(allow_none=True)
    imported_from = ma.fields.String(allow_none=True)
    external_id = ma.fields.String(allow_none=True)
    tracking_number = ma.fields.String(allow_none=True)


class DecisionSchema(ApiSchema):
    outcome_id = ma.fields.Integer()
    outcome = ma.fields.String()
    feedback_shared = ma.fields.Boolean()
    decided_at = ma.fields.DateTime(allow_none=True)
    is_released = ma.fields.Boolean()


class DeskEntryDetailSchema(DeskRecordSchema):
    version = ma.fields.String(
        metadata={"description": "When it last changed: send it in a decision's `versions`."}
    )
    decision = ma.fields.Nested(
        DecisionSchema,
        allow_none=True,
        metadata={"description": "The decision recorded, released or not (null: none yet)."},
    )


class DeskExportSchema(ApiSchema):
    edition = ma.fields.Dict(keys=ma.fields.String())
    submissions = ma.fields.List(ma.fields.Nested(DeskRecordSchema))


def decision_of(decision) -> dict | None:
    if decision is None:
        return None
    return {
        "outcome_id": decision.outcome_id,
        "outcome": decision.outcome.name,
        "feedback_shared": decision.feedback_shared,
        "decided_at": decision.decided_at,
        "is_released": decision.release_id is not None,
    }


@bp.get("/editions/<int:edition_id>/desk/<int:submission_id>")
@requires(TokenScope.READ, *STAFF_ROLES)
@bp.response(200, DeskEntryDetailSchema)
def get_desk_entry(edition_id: int, submission_id: int):
    """One entry of the edition as the desk's exports write it, with its decision."""
    edition = get_edition(edition_id)
    record = next(iter(exporting.desk_records(edition, [submission_id])), None)
    if record is None:
        raise Problem(404, slug="not_found")
    submission = db.session.get(Submission, submission_id)
    decision = decisions.decisions_by_submission([submission_id]).get(submission_id)
    return record | {"version": bulk.seen_as(submission), "decision": decision_of(decision)}


def exported_ids(edition: Edition, arguments: dict) -> list[int]:
    ids = arguments.pop("ids", None)
    if ids:
        return list(dict.fromkeys(ids))
    return desk.matching_ids(edition, parsed_filters(edition, arguments))


@bp.get("/editions/<int:edition_id>/desk/export.json")
@requires(TokenScope.READ, *STAFF_ROLES)
@bp.arguments(DeskExportArguments, location="query")
@bp.response(200, DeskExportSchema)
def export_desk_json(arguments, edition_id: int):
    """The desk's JSON export of the entries the filter matches (or of `ids`)."""
    edition = get_edition(edition_id)
    return exporting.desk_json(edition, exported_ids(edition, arguments))


@bp.get("/editions/<int:edition_id>/desk/export.csv")
@requires(TokenScope.READ, *STAFF_ROLES)
@bp.arguments(DeskExportArguments, location="query")
@bp.response(200, {"type": "string"}, content_type="text/csv")
def export_desk_csv(arguments, edition_id: int):
    """The desk's CSV export (UTF-8 with a BOM, formula-safe) of the entries the filter
    matches (or of `ids`)."""
    edition = get_edition(edition_id)
    return Response(
        exporting.desk_csv(edition, exported_ids(edition, arguments)),
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="edition-{edition.id}-submissions.csv"'
        },
    )


# --- decisions ------------------------------------------------------------------------------


class OutcomeSchema(ApiSchema):
    id = ma.fields.Integer()
    name = ma.fields.String()
    public_description = ma.fields.String()
    gives_status = ma.fields.String(
        allow_none=True, metadata={"description": "The status it gives at release, if any."}
    )


class OutcomeListSchema(ApiSchema):
    items = ma.fields.List(ma.fields.Nested(OutcomeSchema))


@bp.get("/editions/<int:edition_id>/outcomes")
@requires(TokenScope.READ, *STAFF_ROLES)
@bp.response(200, OutcomeListSchema)
def list_outcomes(edition_id: int):
    """The outcomes a decision may record, with the status each gives at release."""
    edition = get_edition(edition_id)
    statuses = decisions.outcome_statuses(edition)
    return {
        "items": [
            {
                "id": outcome.id,
                "name": outcome.display_name(),
                "public_description": outcome.display_description(),
                "gives_status": statuses[outcome.id].value if statuses.get(outcome.id) else None,
            }
            for outcome in submission_services.outcomes_of(edition)
        ]
    }
