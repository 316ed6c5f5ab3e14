from __future__ import annotations

import re
from io import BytesIO

import pytest
from PIL import Image

from festival.accounts.enums import Role
from festival.extensions import db
from tests import factories


@pytest.fixture
def make_film(app_ctx):
    return factories.make_film


@pytest.fixture
def filmmaker(make_user, auth):
    """A filmmaker, logged in on `client`."""
    user = make_user(Role.FILMMAKER)
    auth.login(user)
    return user


def image_bytes(size=(640, 480), format="PNG", color=(200, 80, 40), mode="RGB", **save) -> bytes:
    buffer = BytesIO()
    Image.new(mode, size, color).save(buffer, format, **save)
    return buffer.getvalue()


def field_html(page: str, field_id: str) -> str:
    """The rendered `_forms.field` block holding the input `field_id`: label, input, errors."""
    for block in re.split(r'(?=<div class="field )', page):
        if f'id="{field_id}"' in block:
            return block
    raise AssertionError(f"no field {field_id} on the page")


def reload(row):
    """`row` as the last request left it (requests run in their own session)."""
    db.session.expire_all()
    return row
