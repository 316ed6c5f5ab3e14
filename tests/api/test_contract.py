"""Contract fuzzing: schemathesis runs every operation of the OpenAPI document against the
app with a token of each role (and without one): no server error, every answer as the
document says (status, content type, headers, body), invalid input refused with a 4xx. And a
filmmaker's token never reads another filmmaker's film."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from festival.accounts.enums import Role
from festival.extensions import db
from festival.jobs.enums import JobState
from festival.jobs.models import Job
from festival.media.models import Screener
from tests import factories
from tests.api.conftest import bearer, make_token

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
ROLES = (Role.FILMMAKER, Role.PROGRAMMER, Role.JUROR, Role.ADMIN)


EXAMPLES = 10
"""Examples per operation and kind (valid, invalid): enough to reach each branch of a
handler, small enough for the fast loop (the whole file runs in well under a minute)."""


@pytest.fixture
def callers(app_ctx):
    """A header per role, and no header; and `objects`: a path parameter's value naming a
    real object for each role to ask about (a filmmaker's film with a disclosure, entered in
    an edition, in a round with the juror assigned to it, its screener's job)."""
    headers = {"anonymous": {}}
    users = {}
    for role in ROLES:
        users[role] = factories.make_user(role)
        headers[role.value] = bearer(make_token(users[role])[1])
    film = factories.make_film(owner=users[Role.FILMMAKER])
    factories.make_disclosure(film, complete=False)
    edition = factories.make_edition()
    submission = factories.make_submission(film, edition.categories[0])
    round_ = factories.make_round(edition, members=[users[Role.JUROR]], submissions=[submission])
    assignment = factories.make_assignment(round_, round_.entries[0], users[Role.JUROR])
    screener = factories.make_screener(film, state="rejected")
    db.session.add(
        Job(
            kind="media.ingest",
            subject_type=Screener.__tablename__,
            subject_id=screener.id,
            state=JobState.REJECTED,
            max_attempts=3,
            error="playlist",
        )
    )
    headers["objects"] = {
        "film_id": film.id,
        "edition_id": edition.id,
        "submission_id": submission.id,
        "round_id": round_.id,
        "assignment_id": assignment.id,
    }
    db.session.commit()
    return headers


def operations(app):
    """Every operation of the document the app serves (schemathesis's pytest loader does not
    run on pytest 9 yet: the operations are driven with Hypothesis here)."""
    document = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    # The token is ours to send (each role's, or none), not a parameter to fuzz.
    document.config.generation.update(with_security_parameters=False)
    return [result.ok() for result in document.get_all_operations()]


def call(app, case, headers: dict) -> None:
    """One call in an app context of its own, as a server runs each request (as the tests'
    client does): else the test's context, and its `g`, would be shared by every call, and
    the body a request parsed would be read again by the next."""
    with app.app_context():
        case.call_and_validate(headers=headers, checks=CHECKS)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_keeps_its_contract_for_every_caller(app, callers, mode):
    for operation in operations(app):

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def keeps_contract(case):
            for role in ("anonymous", *(role.value for role in ROLES)):
                call(app, case, callers[role])
            known = set(case.path_parameters or {}) & set(callers["objects"])
            if mode is GenerationMode.POSITIVE and known:
                case.path_parameters |= {name: callers["objects"][name] for name in known}
                for role in ROLES:
                    call(app, case, callers[role.value])

        try:
            keeps_contract()
        except Unsatisfiable:
            assert mode is GenerationMode.NEGATIVE  # nothing in it to send wrong (no input)


def test_a_filmmaker_token_cannot_read_another_filmmakers_film(app_ctx, client, token_of):
    film = factories.make_film()
    factories.make_disclosure(film, complete=False)
    factories.make_screener(film)
    stranger = token_of(factories.make_user(Role.FILMMAKER))
    for path in ("", "/disclosure", "/screeners"):
        response = client.get(f"/api/v1/films/{film.id}{path}", headers=stranger)
        assert response.status_code == 404, path
        assert film.title not in response.get_data(as_text=True)
    assert client.get(f"/api/v1/films/{film.id}", headers=token_of(film.owner)).status_code == 200
