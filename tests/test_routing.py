"""An id no database row can have (above 2^31 - 1, the INTEGER columns' limit, or zero)
finds no page, for every role, instead of overflowing the database."""

from __future__ import annotations

import pytest
from flask import url_for
from werkzeug.routing import IntegerConverter

from festival.routing import MAX_ID, database_id
from tests import factories
from tests.test_route_access import ROLES, SAMPLE_ARGUMENTS, build_world, routes

TOO_LARGE = 2**64
# 405 where the same URL, read with a slug instead of the id, names another route
NO_SUCH_PAGE = {404, 405}


def int_arguments(rule) -> set[str]:
    return {
        name
        for name, converter in rule._converters.items()
        if isinstance(converter, IntegerConverter)
    }


def signed_in_client(app, world, role):
    client = app.test_client()
    if role != "anonymous":
        with client.session_transaction() as session:
            session["_user_id"] = world.users[role].session_token
            session["_fresh"] = True
    return client


@pytest.mark.parametrize("value", [TOO_LARGE, 2**63, 2**31, 0])
def test_every_id_out_of_range_is_not_found_for_every_role(app, app_ctx, value):
    world = build_world()
    failures = []
    walked = 0
    for rule in routes(app):
        ints = int_arguments(rule)
        if not ints:
            continue
        values = {a: value if a in ints else SAMPLE_ARGUMENTS[a](world) for a in rule.arguments}
        with app.test_request_context():
            url = url_for(rule.endpoint, **values)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            walked += 1
            for role in ROLES:
                response = signed_in_client(app, world, role).open(url, method=method)
                if response.status_code not in NO_SUCH_PAGE:
                    failures.append(f"{method} {url} as {role}: {response.status}")
    assert walked > 50
    assert failures == [], "\n".join(failures)


def test_the_largest_id_is_still_an_id(app, app_ctx):
    world = build_world()
    client = signed_in_client(app, world, "filmmaker")
    assert client.get(f"/films/{MAX_ID}").status_code == 404
    assert client.get("/films/" + "9" * 5000).status_code == 404
    assert client.get(f"/films/{world.film.id}").status_code == 200


def test_a_query_id_out_of_range_is_ignored(app, app_ctx):
    world = build_world()
    screening = factories.make_round(
        world.edition, stage="screening", members=[world.users["programmer"]]
    )
    client = signed_in_client(app, world, "programmer")
    with app.test_request_context():
        url = url_for("judging.screen_next", round_id=screening.id, after=TOO_LARGE)
    assert client.get(url).status_code == 302


@pytest.mark.parametrize(
    ("text", "wanted"),
    [("1", 1), (str(MAX_ID), MAX_ID)],
)
def test_database_id_reads_an_id(text, wanted):
    assert database_id(text) == wanted


@pytest.mark.parametrize("text", ["0", "-1", str(MAX_ID + 1), str(2**64), "x", "", "1.5", "١"])
def test_database_id_refuses_what_no_row_has(text):
    with pytest.raises(ValueError):
        database_id(text)


def test_a_form_id_out_of_range_is_refused_on_the_form(app, app_ctx):
    world = build_world()
    client = signed_in_client(app, world, "admin")
    entry = world.round.entries[0]
    with app.test_request_context():
        url = url_for("judging_manage.add_reviewer", round_id=world.round.id, entry_id=entry.id)
    response = client.post(url, data={f"e{entry.id}-reviewer_id": str(TOO_LARGE)})
    assert response.status_code == 302
