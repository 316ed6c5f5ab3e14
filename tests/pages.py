"""Reading the pages the test client gets back."""

from __future__ import annotations

import re

from festival.extensions import db


def field_html(page: str, field_id: str) -> str:
    """The rendered `_forms.field` block holding the input `field_id`: label, input, errors."""
    for block in re.split(r'(?=<div class="field )', page):
        if f'id="{field_id}"' in block:
            return block
    raise AssertionError(f"no field {field_id} on the page")


def reload(row):
    """`row` as the last request left it: requests run in their own session, so the test's
    copy (and its collections) may be stale."""
    db.session.expire_all()
    return row
