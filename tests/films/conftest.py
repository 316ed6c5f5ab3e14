from __future__ import annotations

from io import BytesIO

import pytest
from PIL import Image

from tests import factories


@pytest.fixture
def make_film(app_ctx):
    return factories.make_film


def image_bytes(size=(640, 480), format="PNG", color=(200, 80, 40), mode="RGB", **save) -> bytes:
    buffer = BytesIO()
    Image.new(mode, size, color).save(buffer, format, **save)
    return buffer.getvalue()
