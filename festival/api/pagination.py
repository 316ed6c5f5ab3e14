"""Cursor pagination for every long list of the API: `?limit=&cursor=`, answered with the
page's `items` and the `next` cursor (null on the last page).

A cursor is opaque to clients (the sort key of the last item sent, signed so that no crafted
value reaches the query), so a
list stays stable while rows are added, and a page costs one indexed query however deep it is
(no OFFSET). A list sorted by one or more columns ending in a unique one (the id) pages with
`page_of(query, order, ...)`: the desk's list copies this with its own filters and sort."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

import marshmallow as ma
from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import Select, and_, or_

from festival.api.problems import Problem
from festival.api.schemas import ApiSchema
from festival.extensions import db

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class PageArguments(ApiSchema):
    """The query of a paged list; a list with filters subclasses it."""

    class Meta:
        unknown = ma.EXCLUDE

    limit = ma.fields.Integer(
        load_default=DEFAULT_LIMIT,
        validate=ma.validate.Range(min=1, max=MAX_LIMIT),
        metadata={"description": f"Items per page, 1 to {MAX_LIMIT}."},
    )
    cursor = ma.fields.String(
        load_default=None,
        validate=ma.validate.Length(max=500),
        metadata={"description": "The `next` of the previous page; none for the first."},
    )


def page_schema(item_schema: type[ma.Schema], name: str) -> type[ma.Schema]:
    """The schema of one page of `item_schema`s (its name in the document: `name`)."""
    return type(
        name,
        (ApiSchema,),
        {
            "items": ma.fields.List(ma.fields.Nested(item_schema), required=True),
            "next": ma.fields.String(
                allow_none=True,
                required=True,
                metadata={"description": "The cursor of the next page; null on the last."},
            ),
        },
    )


@dataclass(frozen=True)
class Page:
    items: list
    next: str | None


def page_of(
    query: Select,
    order: Sequence,
    *,
    limit: int,
    cursor: str | None,
    key: Callable[[object], tuple],
) -> Page:
    """One page of `query`'s rows (ORM entities), sorted ascending by the columns `order`
    (the last one unique); `key(row)` is the row's values of those columns."""
    if cursor is not None:
        query = query.where(after(order, decode(cursor, len(order))))
    rows = db.session.scalars(query.order_by(*order).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    return Page(items=rows, next=encode(key(rows[-1])) if more and rows else None)


def after(order: Sequence, values: tuple):
    """Rows sorted after `values`: a row comparison, spelled out (SQLite and PostgreSQL alike)."""
    if len(order) == 1:
        return order[0] > values[0]
    clauses = []
    for index, column in enumerate(order):
        equal = [order[i] == values[i] for i in range(index)]
        clauses.append(and_(*equal, column > values[index]))
    return or_(*clauses)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="festival-api-cursor")


def encode(values: tuple) -> str:
    return _serializer().dumps(
        [{"at": value.isoformat()} if isinstance(value, datetime) else value for value in values]
    )


def decode(cursor: str, size: int) -> tuple:
    """The sort key a cursor carries; 400 when it is not one this site signed."""
    try:
        values = _serializer().loads(cursor)
    except BadSignature:
        values = None
    if not isinstance(values, list) or len(values) != size:
        raise Problem(400, _l("This cursor is not one this list gave."), slug="cursor")
    return tuple(
        datetime.fromisoformat(value["at"]) if isinstance(value, dict) else value
        for value in values
    )
