"""Ids in URLs: only numbers a database row can have (1 to 2^31 - 1: ids are INTEGER columns).

A larger number overflows the database (PostgreSQL from 2^31, SQLite's driver from 2^63) and
ended in a server error; such a URL simply names no page."""

from __future__ import annotations

import re

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

MAX_ID = 2**31 - 1
_DIGITS = re.compile(r"[0-9]{1,10}")


class DatabaseIdConverter(IntegerConverter):
    """`<int:...>` in every route: matches only 1 to `MAX_ID`, so anything else is a 404."""

    def __init__(self, map: Map, fixed_digits: int = 0, min: int = 1, max: int = MAX_ID):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max)


def database_id(text: str) -> int:
    """An id read from a query string or form (`request.args.get("after", type=database_id)`);
    ValueError when no row could have it."""
    if not isinstance(text, str) or not _DIGITS.fullmatch(text):
        raise ValueError(text)
    value = int(text)
    if not 0 < value <= MAX_ID:
        raise ValueError(text)
    return value


def register(app: Flask) -> None:
    """Before any blueprint adds its routes: a rule reads its converters when it is added."""
    app.url_map.converters["int"] = DatabaseIdConverter
