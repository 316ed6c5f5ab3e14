"""Who reaches the judging pages: a reviewer only their own live assignments, staff the
manage pages, a filmmaker none of them."""

from __future__ import annotations

import pytest
from flask import url_for

from festival.accounts.enums import Role
from festival.database import utcnow
from festival.extensions import db
from festival.judging import conflicts, planning, queries
from festival.judging.enums import ConflictKind
from festival.judging.models import Round
from festival.media.enums import AssetKind
from festival.submissions.enums import SubmissionStatus
from tests import factories
from tests.conftest import sign_in
from tests.judging.conftest import round_form, scores_of, staff_pages

BLUEPRINTS = {"judging", "judging_manage"}


@pytest.fixture
def assigned(jury, jury_round):
    """Juror 0 has film 0 (with a submitted review), juror 1 has film 1."""
    mine = factories.make_assignment(jury_round, jury_round.entries[0], jury.jurors[0])
    theirs = factories.make_assignment(jury_round, jury_round.entries[1], jury.jurors[1])
    factories.make_review(mine, scores_of(jury_round, 5, 5))
    return mine, theirs


def every_judging_url(app, jury, jury_round, assigned) -> list[tuple[str, str]]:
    """(method, URL) of every route of the judging blueprints, with ids of real rows."""
    mine, _theirs = assigned
    conflicts.declare(jury.jurors[0], jury.films[3], ConflictKind.OTHER)
    conflict = conflicts.conflict_of(jury.jurors[0].id, jury.films[3].id)
    ids = {
        "edition_id": jury.edition.id,
        "round_id": jury_round.id,
        "entry_id": jury_round.entries[0].id,
        "member_id": jury_round.members[0].id,
        "assignment_id": mine.id,
        "review_id": mine.review.id,
        "conflict_id": conflict.id,
    }
    found = []
    with app.test_request_context():
        for rule in app.url_map.iter_rules():
            if rule.endpoint.split(".")[0] not in BLUEPRINTS:
                continue
            url = url_for(rule.endpoint, **{name: ids[name] for name in rule.arguments})
            found += [(method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return found


def test_a_filmmaker_is_refused_every_judging_url(app, jury, jury_round, assigned):
    client = sign_in(app.test_client(), jury.filmmakers[0])
    urls = every_judging_url(app, jury, jury_round, assigned)

    assert len(urls) >= 30
    assert {url.split("/")[1] for _method, url in urls} == {"judging", "manage"}
    assert any(url.startswith("/manage/rounds/") for _method, url in urls)
    for method, url in urls:
        assert client.open(url, method=method).status_code == 403, (method, url)


def test_a_juror_is_refused_every_manage_url(app, jury, jury_round, assigned):
    client = sign_in(app.test_client(), jury.jurors[0])

    manage = [
        (m, u) for m, u in every_judging_url(app, jury, jury_round, assigned) if "/manage/" in u
    ]

    assert len(manage) >= 20
    for method, url in manage:
        assert client.open(url, method=method).status_code == 403, (method, url)


def test_a_visitor_who_is_not_signed_in_is_sent_to_log_in(app, jury, jury_round, assigned):
    client = app.test_client()
    mine, _theirs = assigned

    for url in ("/judging", f"/judging/assignments/{mine.id}", f"/manage/rounds/{jury_round.id}"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


def test_a_juror_cannot_open_another_jurors_assignment(app, jury, jury_round, assigned):
    _mine, theirs = assigned
    client = sign_in(app.test_client(), jury.jurors[0])

    assert client.get(f"/judging/assignments/{theirs.id}").status_code == 404
    assert client.get(f"/judging/assignments/{theirs.id}/abstain").status_code == 404
    assert client.post(f"/judging/assignments/{theirs.id}/abstain").status_code == 404
    draft = client.post(f"/judging/assignments/{theirs.id}/draft", json={"scores": {}})
    assert draft.status_code == 404
    assert client.get("/judging/assignments/999999").status_code == 404
    db.session.expire_all()
    assert theirs.is_active and theirs.review is None


def test_a_juror_cannot_open_an_assignment_that_has_ended(app, jury, jury_round):
    assignment = factories.make_assignment(jury_round, jury_round.entries[2], jury.jurors[2])
    planning.abstain(assignment, actor=jury.jurors[2])
    client = sign_in(app.test_client(), jury.jurors[2])

    assert client.get(f"/judging/assignments/{assignment.id}").status_code == 404
    assert client.get(f"/judging/assignments/{assignment.id}/abstain").status_code == 404


def test_a_juror_cannot_watch_another_jurors_film(app, jury, jury_round, assigned):
    _mine, theirs = assigned
    screener = theirs.entry.screener
    client = sign_in(app.test_client(), jury.jurors[0])

    assert client.get(f"/screeners/{screener.id}/ai-segments.vtt").status_code == 404
    assert client.get(f"/films/{theirs.entry.film.id}/watch").status_code == 404


def test_staff_opening_a_reviewers_assignment_go_to_the_staff_assignments_page(
    app, jury, jury_round, assigned
):
    mine, _theirs = assigned
    client = sign_in(app.test_client(), jury.programmer)

    for url in (f"/judging/assignments/{mine.id}", f"/judging/assignments/{mine.id}/abstain"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"].endswith(f"/manage/rounds/{jury_round.id}/assignments")
    draft = client.post(f"/judging/assignments/{mine.id}/draft", json={"scores": {}})
    assert draft.status_code == 400
    assert draft.get_json()["error"] == "Only its reviewer can save this review."


def test_a_juror_sees_only_their_own_films_on_the_dashboard(app, jury, jury_round, assigned):
    page = sign_in(app.test_client(), jury.jurors[0]).get("/judging").get_data(as_text=True)

    assert "Film 0" in page and "Film 1" not in page
    assert jury_round.name in page


def test_a_juror_with_nothing_assigned_is_told_so(app, jury):
    page = sign_in(app.test_client(), jury.jurors[2]).get("/judging").get_data(as_text=True)

    assert "No films are assigned to you yet." in page


def test_the_screening_pages_of_a_jury_round_send_the_reviewer_to_their_dashboard(
    app, jury, jury_round
):
    client = sign_in(app.test_client(), jury.programmer)

    response = client.get(f"/judging/rounds/{jury_round.id}/screen")

    assert response.status_code == 302 and response.headers["Location"].endswith("/judging")


def test_every_staff_page_of_a_round_opens(app, jury, jury_round, assigned):
    mine, _theirs = assigned
    client = sign_in(app.test_client(), jury.programmer)

    for url in staff_pages(jury_round, mine):
        assert client.get(url).status_code == 200, url


def test_creating_a_round_that_closes_before_it_opens_shows_the_refusal(app, jury):
    client = sign_in(app.test_client(), jury.programmer)

    response = client.post(
        f"/manage/editions/{jury.edition.id}/rounds/new",
        data=round_form(
            ("Story", "100"),
            name="Backwards",
            opens_at="2030-01-10T09:00",
            closes_at="2030-01-01T09:00",
        ),
    )

    assert response.status_code == 200
    assert "The round must close after it opens." in response.get_data(as_text=True)
    assert db.session.scalar(db.select(Round).where(Round.name == "Backwards")) is None


def test_editing_a_rubric_to_drop_a_scored_criterion_shows_the_refusal(
    app, jury, jury_round, assigned
):
    client = sign_in(app.test_client(), jury.programmer)
    craft = jury_round.criteria[1]

    response = client.post(
        f"/manage/rounds/{jury_round.id}",
        data=round_form(
            ("Craft", "100"),
            name=jury_round.name,
            is_blind="y",
            **{"criteria-0-criterion_id": str(craft.id)},
        ),
    )

    assert response.status_code == 200
    assert "“Story” already has scores and cannot be removed." in response.get_data(as_text=True)
    db.session.expire_all()
    assert [c.name for c in jury_round.criteria] == ["Story", "Craft"]
    assert jury_round.closes_at.year != 2099


def test_staff_reviewing_in_a_blind_round_see_who_made_the_film(app, jury):
    reviewer = factories.make_user(roles={Role.PROGRAMMER, Role.JUROR}, name="Both Hats")
    round_ = factories.make_round(
        jury.edition, members=[reviewer], submissions=jury.submissions[:1]
    )
    assignment = factories.make_assignment(round_, round_.entries[0], reviewer)
    client = sign_in(app.test_client(), reviewer)

    page = client.get(f"/judging/assignments/{assignment.id}")

    assert page.status_code == 200
    assert "Filmmaker0 Kim" in page.get_data(as_text=True)


def test_a_withdrawn_film_leaves_its_jurors_pages_media_and_ranking(app, jury):
    round_ = factories.make_round(
        jury.edition, members=jury.jurors, submissions=jury.submissions[:2]
    )
    entry = round_.entries[0]
    assignment = factories.make_assignment(round_, entry, jury.jurors[0])
    client = sign_in(app.test_client(), jury.jurors[0])
    preview = entry.screener.asset(AssetKind.PREVIEW_720)
    assert client.get(f"/judging/assignments/{assignment.id}").status_code == 200
    assert client.get(f"/media/{preview.id}").status_code in (200, 206)

    entry.submission.status = SubmissionStatus.WITHDRAWN
    db.session.flush()

    assert client.get(f"/judging/assignments/{assignment.id}").status_code == 404
    assert client.get(f"/media/{preview.id}").status_code == 404
    assert jury.films[0].title not in client.get("/judging").get_data(as_text=True)
    staff = sign_in(app.test_client(), jury.programmer)
    ranking = staff.get(f"/manage/rounds/{round_.id}/results.json").get_json()
    assert [film["title"] for film in ranking["films"]] == [jury.films[1].title]


def test_a_programmer_outside_an_open_screening_round_cannot_rate_its_films(app, jury):
    outsider = factories.make_user(Role.PROGRAMMER)
    round_ = factories.make_round(
        jury.edition,
        stage="screening",
        is_open_screening=True,
        members=[jury.programmer],
        submissions=jury.submissions[:1],
    )
    entry = round_.entries[0]
    url = f"/judging/rounds/{round_.id}/screen/{entry.id}"

    assert sign_in(app.test_client(), jury.programmer).get(url).status_code == 200
    assert sign_in(app.test_client(), outsider).get(url).status_code == 404


def test_the_dashboard_shows_how_much_of_each_film_the_juror_has_played(app, jury):
    round_ = factories.make_round(
        jury.edition, members=jury.jurors, submissions=jury.submissions[:1]
    )
    entry = round_.entries[0]
    factories.make_assignment(round_, entry, jury.jurors[0])
    client = sign_in(app.test_client(), jury.jurors[0])
    played = client.post(
        f"/screeners/{entry.screener_id}/viewing", json={"intervals": [[0, 180_000]]}
    )
    assert played.status_code == 200

    page = client.get("/judging").get_data(as_text=True)

    assert "25%" in page  # three minutes of the 12-minute film


def test_the_dashboard_shows_a_page_of_each_round_with_the_reviews_to_do_first(
    app, jury, jury_round
):
    juror = jury.jurors[0]
    assignments = [factories.make_assignment(jury_round, e, juror) for e in jury_round.entries]
    factories.make_review(assignments[0], scores_of(jury_round, 5, 5))
    factories.make_review(assignments[1], scores_of(jury_round, 6, 6), submit=False)

    first, second = (
        queries.work_of(juror, utcnow(), {jury_round.id: page}, per_page=2)[0] for page in (1, 2)
    )

    assert (first.total, first.submitted, first.pages) == (4, 1, 2)
    assert [a.id for a in first.assignments] == [a.id for a in assignments[1:3]]
    assert [a.id for a in second.assignments] == [assignments[3].id, assignments[0].id]


def test_the_dashboard_pages_through_a_round_by_its_links(app, jury, jury_round, monkeypatch):
    monkeypatch.setattr(queries, "DASHBOARD_PAGE_SIZE", 3)
    juror = jury.jurors[0]
    for entry in jury_round.entries:
        factories.make_assignment(jury_round, entry, juror)
    client = sign_in(app.test_client(), juror)

    first = client.get("/judging").get_data(as_text=True)
    second_url = f"/judging?round={jury_round.id}&amp;page=2#round-{jury_round.id}"
    second = client.get(f"/judging?round={jury_round.id}&page=2").get_data(as_text=True)
    beyond = client.get(f"/judging?round={jury_round.id}&page=99").get_data(as_text=True)

    assert "Page 1 of 2" in first and second_url in first
    assert "Film 2" in first and "Film 3" not in first
    assert "Page 2 of 2" in second and "Film 3" in second and "Film 0" not in second
    assert "Page 2 of 2" in beyond  # a page past the end shows the last
