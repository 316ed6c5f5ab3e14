"""The base of every API schema, and the problem details' schema for the document."""

from __future__ import annotations

import marshmallow as ma

from festival.routing import MAX_ID


def row_id(**options) -> ma.fields.Integer:
    """A row's id: 1 to the largest any database keeps."""
    return ma.fields.Integer(validate=ma.validate.Range(min=1, max=MAX_ID), **options)


def choice(enum, *, blank: bool = False, **options) -> ma.fields.String:
    """A field holding one of `enum`'s values (or "" with `blank`, as a form posts a select
    left unchosen); the document lists the values."""
    values = [member.value for member in enum]
    return ma.fields.String(
        validate=ma.validate.OneOf(["", *values] if blank else values), **options
    )


class ApiSchema(ma.Schema):
    """Every schema of the API: a field it does not know is refused (422), never ignored."""

    class Meta:
        unknown = ma.RAISE


class ProblemSchema(ApiSchema):
    """RFC 9457 problem details: what every error under /api/v1 answers."""

    type = ma.fields.String(metadata={"description": "about:blank, or urn:festival:problem:…"})
    title = ma.fields.String(metadata={"description": "The HTTP status's phrase."})
    status = ma.fields.Integer()
    detail = ma.fields.String(metadata={"description": "What happened and what to do about it."})
    errors = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.List(ma.fields.String()),
        metadata={"description": "Messages by field (a dotted path: `credits.0.name`)."},
    )
