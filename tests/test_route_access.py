"""Every route declares who may reach it, and each role gets what the declaration says.

A new route fails here until it declares its access rule and, if its URL takes arguments,
until SAMPLE_ARGUMENTS below can fill them with an object owned by the `filmmaker` role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask import url_for

from festival.accounts.access import Access
from festival.accounts.enums import Role
from festival.database import utcnow
from festival.extensions import db
from festival.submissions.services import add_outcome
from tests import factories
from tests.conftest import sign_in

ROLES = ("anonymous", "filmmaker", "other_filmmaker", "juror", "programmer", "admin")


@dataclass
class World:
    users: dict
    edition: object | None = None
    film: object | None = None
    image: object | None = None
    disclosure: object | None = None
    tool_suggestion: object | None = None
    submission: object | None = None
    outcome: object | None = None
    upload: object | None = None
    screener: object | None = None
    round: object | None = None
    assignment: object | None = None
    review: object | None = None
    conflict: object | None = None
    saved_view: object | None = None
    block: object | None = None
    venue: object | None = None
    screening: object | None = None


def build_world() -> World:
    users = {
        "filmmaker": factories.make_user(Role.FILMMAKER),
        "other_filmmaker": factories.make_user(Role.FILMMAKER),
        "juror": factories.make_user(Role.JUROR),
        "programmer": factories.make_user(Role.PROGRAMMER),
        "admin": factories.make_user(Role.ADMIN),
    }
    world = World(users=users)
    make_edition = getattr(factories, "make_edition", None)
    if make_edition is not None:
        world.edition = make_edition()
    world.film = factories.make_film(owner=users["filmmaker"])
    world.image = factories.make_film_image(world.film, "poster")
    world.disclosure = factories.make_disclosure(world.film, published=True, document=b"%PDF-1.4 x")
    world.tool_suggestion = factories.make_tool_suggestion()
    world.submission = factories.make_submission(world.film, world.edition.categories[0])
    world.outcome = make_outcome(world.edition)
    world.upload = factories.make_upload(world.film)
    world.screener = factories.make_screener(world.film)
    add_judging(world)
    world.saved_view = make_saved_view(world)
    world.block = make_block(world)
    publish_statistics(world)
    add_screening(world)
    add_published_programme(world)  # its venue and block become the world's
    return world


def publish_statistics(world: World) -> None:
    """The edition's AI-use statistics public, so their public pages are walked."""
    from festival.programming.models import ProgrammePublication

    publication = db.session.get(ProgrammePublication, world.edition.id)
    if publication is None:
        publication = ProgrammePublication(edition_id=world.edition.id)
        db.session.add(publication)
    publication.statistics_published = True
    db.session.flush()


def add_judging(world: World) -> None:
    """A jury round with the world's submission, assigned to the programmer (the juror has
    none: as a reviewer, they reach nothing here), with a submitted review, and a conflict
    declared by a juror outside the roles walked."""
    from festival.judging import reviews
    from festival.judging.models import Conflict

    programmer = world.users["programmer"]
    world.round = factories.make_round(
        world.edition, members=[programmer], submissions=[world.submission]
    )
    world.assignment = factories.make_assignment(world.round, world.round.entries[0], programmer)
    world.review = reviews.save_review(
        world.assignment,
        actor=programmer,
        scores={c.id: 5 for c in world.round.criteria},
        revision=0,
        submit=True,
        now=utcnow(),
    )
    world.conflict = Conflict(
        juror_id=factories.make_user(Role.JUROR).id,
        film_id=world.film.id,
        kind="other",
        source="declared",
    )
    db.session.add(world.conflict)
    db.session.flush()


def make_saved_view(world: World):
    """A view shared with staff: every staff role opens it, none may change it."""
    from festival.programming.saved_views import save_view

    return save_view(
        world.edition,
        "Shortlist",
        "status=shortlisted",
        is_shared=True,
        actor=factories.make_user(Role.PROGRAMMER),  # owned by no role walked
    )


def make_block(world: World):
    """A programme block holding the world's submission (programming)."""
    from festival.programming.models import Block, BlockFilm

    block = Block(edition_id=world.edition.id, title="Shorts 1")
    block.films.append(BlockFilm(submission_id=world.submission.id, position=0))
    db.session.add(block)
    db.session.flush()
    return block


def add_screening(world: World) -> None:
    """A venue of the world's edition with a pencilled screening of the world's film."""
    from datetime import date, time

    from festival.programming import scheduling
    from festival.programming.models.programme import Venue

    world.venue = Venue(edition_id=world.edition.id, name="Hall", capacity=100)
    db.session.add(world.venue)
    world.screening = scheduling.schedule(
        world.edition,
        venue=world.venue,
        submission=world.submission,
        day=date(2027, 7, 10),
        at=time(14),
        actor=None,
    )


def add_published_programme(world: World) -> None:
    """A published programme: a venue and a block with the world's film (selected in the
    edition's second category), confirmed, so the public programme pages answer."""
    from festival.programming.models.programme import (
        Block,
        BlockFilm,
        ProgrammePublication,
        Screening,
        ScreeningState,
        Venue,
    )

    selected = factories.make_submission(world.film, world.edition.categories[1], status="selected")
    world.venue = Venue(edition_id=world.edition.id, name="Hall 1", capacity=100)
    world.block = Block(
        edition_id=world.edition.id, title="Shorts", films=[BlockFilm(submission_id=selected.id)]
    )
    db.session.add_all([world.venue, world.block])
    db.session.flush()
    starts = utcnow()
    db.session.add(
        Screening(
            edition_id=world.edition.id,
            venue_id=world.venue.id,
            block_id=world.block.id,
            starts_at=starts,
            ends_at=starts + timedelta(minutes=30),
            state=ScreeningState.CONFIRMED,
        )
    )
    publication = db.session.get(ProgrammePublication, world.edition.id)
    if publication is None:
        publication = ProgrammePublication(edition_id=world.edition.id)
        db.session.add(publication)
    publication.is_published, publication.published_at, publication.revision = True, starts, 1
    db.session.flush()


def make_outcome(edition):
    return add_outcome(edition, actor=None, name="Finalist", public_description="One of 12.")


SAMPLE_ARGUMENTS = {
    "filename": lambda world: "css/site.css",
    "version": lambda world: "0123456789ab",
    "token": lambda world: "not-a-valid-token",
    "code": lambda world: 413,
    "user_id": lambda world: world.users["filmmaker"].id,
    "slug": lambda world: world.edition.slug,
    "edition_id": lambda world: world.edition.id,
    "category_id": lambda world: world.edition.categories[0].id,
    "deadline_id": lambda world: world.edition.deadlines[0].id,
    "code_id": lambda world: world.edition.waiver_codes[0].id,
    "waiver_code_id": lambda world: world.edition.waiver_codes[0].id,
    "film_id": lambda world: world.film.id,
    "image_id": lambda world: world.image.id,
    "disclosure_id": lambda world: world.disclosure.id,
    "card_token": lambda world: world.disclosure.card_token,
    "consent_id": lambda world: world.disclosure.consents[0].id,
    "tool_id": lambda world: world.tool_suggestion.id,
    "submission_id": lambda world: world.submission.id,
    "outcome_id": lambda world: world.outcome.id,
    "upload_token": lambda world: world.upload.token,
    "asset_id": lambda world: world.screener.assets[0].id,
    "screener_id": lambda world: world.screener.id,
    "round_id": lambda world: world.round.id,
    "entry_id": lambda world: world.round.entries[0].id,
    "member_id": lambda world: world.round.members[0].id,
    "assignment_id": lambda world: world.assignment.id,
    "review_id": lambda world: world.review.id,
    "conflict_id": lambda world: world.conflict.id,
    "import_run_id": lambda world: applied_import_run(world).id,
    "view_id": lambda world: world.saved_view.id,
    "block_id": lambda world: world.block.id,
    "block_film_id": lambda world: world.block.films[0].id,
    "venue_id": lambda world: world.venue.id,
    "screening_id": lambda world: world.screening.id,
}


def applied_import_run(world: World):
    """An applied FilmFreeway import of the world's edition (programming)."""
    from festival.programming.models import ImportRun

    run = ImportRun(
        edition=world.edition, source="filmfreeway", file_sha256="0" * 64, applied_at=utcnow()
    )
    db.session.add(run)
    db.session.flush()
    return run


def routes(app):
    return sorted(
        (rule for rule in app.url_map.iter_rules()),
        key=lambda rule: (rule.endpoint, rule.rule),
    )


def test_every_route_declares_access(app):
    undeclared = [
        rule.rule
        for rule in routes(app)
        if not hasattr(app.view_functions[rule.endpoint], "access")
    ]
    assert undeclared == [], f"routes without an access declaration: {undeclared}"


def expected_outcome(access: Access, role: str) -> str:
    if access.is_public:
        return "allowed"
    if access.by_token:
        # the API: a session is never a sign-in there, so every role gets 401 without a token
        return "unauthorized"
    if role == "anonymous":
        return "login"
    held = {Role.FILMMAKER} if role == "other_filmmaker" else {Role(role)}
    if access.roles is not None and held.isdisjoint(access.roles):
        return "forbidden"
    if access.owned and role in {"other_filmmaker", "juror"}:
        # the sample objects belong to the filmmaker; the world assigns the juror none
        return "hidden"
    return "allowed"


def test_each_role_gets_what_each_route_declares(app, make_user, monkeypatch):
    # Every API route for every role, from one address: far past the limit on calls without a
    # token, which tests/api/test_tokens.py tests.
    monkeypatch.setitem(app.config, "API_ANONYMOUS_RATE_LIMIT", "100000 per minute")
    world = build_world()
    failures = []
    for rule in routes(app):
        missing = [arg for arg in rule.arguments if arg not in SAMPLE_ARGUMENTS]
        assert not missing, f"{rule.rule}: add sample values for {missing} to SAMPLE_ARGUMENTS"
        with app.test_request_context():
            url = url_for(rule.endpoint, **{a: SAMPLE_ARGUMENTS[a](world) for a in rule.arguments})
        method = (
            "GET"
            if "GET" in rule.methods
            else (sorted(rule.methods - {"OPTIONS"}) or ["OPTIONS"])[0]
        )
        access = app.view_functions[rule.endpoint].access
        for role in ROLES:
            client = app.test_client()
            if role != "anonymous":
                sign_in(client, world.users[role])
            response = client.open(url, method=method)
            outcome = classify(response)
            wanted = expected_outcome(access, role)
            if not outcome_matches(wanted, outcome, response):
                failures.append(f"{method} {url} as {role}: wanted {wanted}, got {response.status}")
    assert failures == [], "\n".join(failures)


def classify(response) -> str:
    if response.status_code in (301, 302, 303) and "/login" in response.headers.get("Location", ""):
        return "login"
    if response.status_code == 401 and response.mimetype == "application/problem+json":
        return "unauthorized"
    if response.status_code == 403:
        return "forbidden"
    if response.status_code == 404:
        return "hidden"
    if response.status_code >= 500:
        return "error"
    return "allowed"


def outcome_matches(wanted: str, outcome: str, response) -> bool:
    if wanted == "hidden":
        return outcome in {"hidden", "forbidden"}
    return outcome == wanted
