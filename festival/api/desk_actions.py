"""The desk's bulk actions through the API, each applied as the desk page applies it
(`programming.bulk.apply`): to the entries named (`submission_ids`) or to every entry a filter
matches (`matching`, the page's "all matching"). Each entry is changed on its own: one that
cannot be is named in `refused` with the desk's reason, one changed since the `version` a list
showed (sent in `versions`) is named in `stale`, and the others go ahead. An action refused as
a whole (no entry, a round of another edition) keeps nothing."""

from __future__ import annotations

import marshmallow as ma
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from festival.accounts.enums import STAFF_ROLES
from festival.api.auth import requires
from festival.api.desk import STATUSES, DeskFilterArguments, parsed_filters
from festival.api.resource import ApiBlueprint, committed
from festival.api.schemas import ApiSchema, row_id
from festival.api.tokens.enums import TokenScope
from festival.editions.loaders import get_edition
from festival.judging.screening import MAX_TAG, MAX_TAGS
from festival.programming import bulk, desk
from festival.programming.bulk import BulkAction

bp = ApiBlueprint(
    "api_desk_actions",
    __name__,
    description="The desk's bulk actions on chosen or matching entries (a staff token that "
    "may write).",
)


class MatchingSchema(DeskFilterArguments):
    """The desk's filter, as in the list's query (a list for several values)."""

    class Meta:
        unknown = ma.RAISE
        exclude = ("sort",)


class SelectionSchema(ApiSchema):
    submission_ids = ma.fields.List(
        row_id(strict=True), metadata={"description": "The entries to change."}
    )
    matching = ma.fields.Nested(
        MatchingSchema,
        metadata={"description": "Instead of `submission_ids`: every entry this filter matches."},
    )
    versions = ma.fields.Dict(
        keys=ma.fields.String(validate=ma.validate.Regexp(r"^[0-9]{1,10}$")),
        values=ma.fields.String(validate=ma.validate.Length(max=64)),
        load_default=dict,
        metadata={
            "description": "Submission id → the `version` your list showed: an entry changed "
            "since is left as it is and named in `stale`."
        },
    )

    @ma.validates_schema
    def one_selection(self, data, **_kwargs):
        if ("submission_ids" in data) == ("matching" in data):
            raise ma.ValidationError(
                str(_l("Send either submission_ids or matching, not both.")), "submission_ids"
            )


class StatusChangeSchema(SelectionSchema):
    status = ma.fields.String(required=True, validate=ma.validate.OneOf(STATUSES))
    reason = ma.fields.String(
        load_default="",
        validate=ma.validate.Length(max=500),
        metadata={"description": "Kept in each entry's history."},
    )


class TagsSchema(SelectionSchema):
    tags = ma.fields.List(
        ma.fields.String(
            validate=ma.validate.Regexp(
                rf"^[^,\n]{{1,{MAX_TAG}}}$",
                error=_l("A tag is 1 to %(count)d characters, without a comma.", count=MAX_TAG),
            )
        ),
        required=True,
        validate=ma.validate.Length(min=1, max=MAX_TAGS),
        metadata={"description": "Tags to add (kept in lower case); existing ones stay."},
    )


class RoundEntriesSchema(SelectionSchema):
    round_id = row_id(strict=True, required=True)


class BlockEntriesSchema(SelectionSchema):
    block_id = row_id(strict=True, required=True)


class ProgrammerSchema(SelectionSchema):
    programmer_id = row_id(strict=True, required=True)


class DecisionsInputSchema(SelectionSchema):
    outcome_id = row_id(strict=True, required=True)
    feedback_shared = ma.fields.Boolean(
        load_default=False, metadata={"description": "Share the jury's notes to the filmmaker."}
    )


class ChangedEntrySchema(ApiSchema):
    submission_id = ma.fields.Integer()
    title = ma.fields.String()


class RefusedEntrySchema(ChangedEntrySchema):
    reason = ma.fields.String()


class BulkResultSchema(ApiSchema):
    changed = ma.fields.List(ma.fields.Nested(ChangedEntrySchema))
    refused = ma.fields.List(
        ma.fields.Nested(RefusedEntrySchema),
        metadata={"description": "Entries left as they were, each with why (as on the desk)."},
    )
    stale = ma.fields.List(
        ma.fields.Nested(RefusedEntrySchema),
        metadata={"description": "Entries changed since the `versions` sent: look again."},
    )


SELECTION = ("submission_ids", "matching", "versions")


def applied(edition_id: int, action: BulkAction, body: dict, **params) -> dict:
    """`action` on the entries `body` selects, committed, as a result. The body's other fields
    are the action's parameters, named as `bulk` names them (`params` replace them)."""
    params = {name: value for name, value in body.items() if name not in SELECTION} | params
    edition = get_edition(edition_id)
    if "matching" in body:
        ids = desk.matching_ids(edition, parsed_filters(edition, body["matching"]))
    else:
        ids = body["submission_ids"]
    versions = {int(key): value for key, value in body["versions"].items()}
    result = committed(
        lambda: bulk.apply(edition, action, ids, actor=current_user, seen=versions, **params)
    )
    return {"changed": result.changed, "refused": result.refused, "stale": result.stale}


@bp.post("/editions/<int:edition_id>/desk/status-changes")
@requires(TokenScope.WRITE, *STAFF_ROLES)
@bp.arguments(StatusChangeSchema)
@bp.response(200, BulkResultSchema)
def change_statuses(body, edition_id: int):
    """Move the entries to `status`, each as the submission workflow allows."""
    return applied(edition_id, BulkAction.STATUS, body)


@bp.post("/editions/<int:edition_id>/desk/tags")
@requires(TokenScope.WRITE, *STAFF_ROLES)
@bp.arguments(TagsSchema)
@bp.response(200, BulkResultSchema)
def add_tags(body, edition_id: int):
    """Add screening tags to the entries."""
    return applied(edition_id, BulkAction.TAG, body, tags=", ".join(body["tags"]))


@bp.post("/editions/<int:edition_id>/desk/round-entries")
@requires(TokenScope.WRITE, *STAFF_ROLES)
@bp.arguments(RoundEntriesSchema)
@bp.response(200, BulkResultSchema)
def add_to_round(body, edition_id: int):
    """Enter the entries in a round of the edition (screening or jury)."""
    return applied(edition_id, BulkAction.ROUND, body)


@bp.post("/editions/<int:edition_id>/desk/block-entries")
@requires(TokenScope.WRITE, *STAFF_ROLES)
@bp.arguments(BlockEntriesSchema)
@bp.response(200, BulkResultSchema)
def add_to_block(body, edition_id: int):
    """Add the entries' films to a programme block of the edition."""
    return applied(edition_id, BulkAction.BLOCK, body)


@bp.post("/editions/<int:edition_id>/desk/programmer-assignments")
@requires(TokenScope.WRITE, *STAFF_ROLES)
@bp.arguments(ProgrammerSchema)
@bp.response(200, BulkResultSchema)
def assign_programmer(body, edition_id: int):
    """Assign the entries to a programmer (a staff account)."""
    return applied(edition_id, BulkAction.ASSIGN, body)


@bp.post("/editions/<int:edition_id>/desk/decisions")
@requires(TokenScope.WRITE, *STAFF_ROLES)
@bp.arguments(DecisionsInputSchema)
@bp.response(200, BulkResultSchema)
def record_decisions(body, edition_id: int):
    """Record a decision (one of the edition's outcomes) for the entries. Nothing reaches the
    filmmaker until the decisions are released."""
    return applied(edition_id, BulkAction.DECIDE, body)
