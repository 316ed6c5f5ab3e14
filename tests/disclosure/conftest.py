from __future__ import annotations

import pytest

from festival.accounts.enums import Role
from tests import factories


@pytest.fixture
def filmmaker(make_user):
    return make_user(Role.FILMMAKER)


@pytest.fixture
def film(filmmaker):
    return factories.make_film(owner=filmmaker, runtime_s=10 * 60, frame_rate="24")


@pytest.fixture
def make_disclosure(app_ctx):
    return factories.make_disclosure
