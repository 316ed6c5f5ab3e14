"""A reviewer's assignments and reviews through the API: only their own, the film as the
review page shows it (no maker's name in a blind round), and the review saved or submitted
through the page's service, refused as the page refuses, with If-Match on every write."""

from __future__ import annotations

from datetime import timedelta

import pytest

from festival.accounts.enums import Role
from festival.api.tokens.enums import READ_ONLY
from festival.database import utcnow
from festival.extensions import db
from festival.films.enums import CreditRole
from festival.films.models import Credit
from festival.judging.enums import AssignmentState
from festival.judging.models import Conflict, Review
from tests import factories

MAKER_WORDS = ("Minji", "Seo", "minji.seo", "Hanbit", "Studio Hanbit")


def blind_film():
    """A film whose maker is named in its credits, contacts, synopsis and disclosure."""
    owner = factories.make_user(Role.FILMMAKER, name="Minji Seo", email="minji.seo@example.org")
    film = factories.make_film(
        owner=owner,
        title="Seo's Garden",
        synopsis="Minji Seo made this film with Studio Hanbit over one winter.",
        credits=[
            Credit(role=CreditRole.DIRECTOR, name="Minji Seo", position=0),
            Credit(role=CreditRole.PRODUCER, name="Studio Hanbit", position=1),
        ],
    )
    disclosure = factories.make_disclosure(film, complete=False)
    disclosure.human_statement = "Minji Seo shot every plate."
    return film


@pytest.fixture
def judging(app_ctx):
    """A blind jury round open now with two films, a juror assigned to both, and another
    juror assigned to the first."""
    edition = factories.make_edition()
    films = [blind_film(), factories.make_film(title="Night Bus")]
    submissions = [factories.make_submission(film, edition.categories[0]) for film in films]
    juror, other = factories.make_user(Role.JUROR), factories.make_user(Role.JUROR)
    round_ = factories.make_round(edition, members=[juror, other], submissions=submissions)
    mine = [factories.make_assignment(round_, entry, juror) for entry in round_.entries]
    theirs = factories.make_assignment(round_, round_.entries[0], other)
    db.session.commit()
    return round_, juror, mine, theirs


def review_url(assignment) -> str:
    return f"/api/v1/assignments/{assignment.id}/review"


def read(client, assignment, headers):
    response = client.get(review_url(assignment), headers=headers)
    assert response.status_code == 200, response.json
    return response


def put(client, assignment, headers, body, etag=None, *, submit=False):
    url = review_url(assignment) + ("/submission" if submit else "")
    return client.put(url, json=body, headers=headers | ({"If-Match": etag} if etag else {}))


def scores_of(round_, value=7) -> dict:
    return {str(criterion.id): value for criterion in round_.criteria}


def test_a_juror_lists_and_reads_only_their_own_assignments(judging, client, token_of):
    _round, juror, mine, theirs = judging
    headers = token_of(juror)
    page = client.get("/api/v1/assignments?limit=1", headers=headers).json
    assert [item["id"] for item in page["items"]] == [mine[0].id] and page["next"]
    rest = client.get(f"/api/v1/assignments?cursor={page['next']}", headers=headers).json
    assert [item["id"] for item in rest["items"]] == [mine[1].id] and rest["next"] is None
    one = client.get(f"/api/v1/assignments/{mine[1].id}", headers=headers).json
    assert one["round"]["is_blind"] and one["round"]["phase"] == "open"
    assert [c["name"] for c in one["criteria"]] == ["Story", "Craft"]
    assert one["film"]["title"] == "Night Bus" and one["lock_reason"] is None
    for url in (f"/api/v1/assignments/{theirs.id}", review_url(theirs)):
        response = client.get(url, headers=headers)
        assert response.status_code == 404 and response.mimetype == "application/problem+json"
    filmmaker = token_of(factories.make_user(Role.FILMMAKER))
    assert client.get("/api/v1/assignments", headers=filmmaker).status_code == 403


def test_no_makers_name_reaches_a_juror_of_a_blind_round(judging, client, token_of):
    round_, juror, mine, _theirs = judging
    headers = token_of(juror)
    answers = [
        client.get("/api/v1/assignments", headers=headers),
        client.get(f"/api/v1/assignments/{mine[0].id}", headers=headers),
    ]
    current = read(client, mine[0], headers)
    answers.append(current)
    answers.append(put(client, mine[0], headers, {"scores": {}}, current.headers["ETag"]))
    for answer in answers:
        assert answer.status_code == 200
        text = answer.get_data(as_text=True)
        for word in MAKER_WORDS:
            assert word.casefold() not in text.casefold(), (answer.request.path, word)
    film = answers[1].json["film"]
    assert film["is_blind"] and film["filmmaker"] is None and film["credits"] == []
    assert "███" in film["title"] and "███" in film["synopsis"]
    round_.is_blind = False
    db.session.commit()
    seen = client.get(f"/api/v1/assignments/{mine[0].id}", headers=headers).json["film"]
    assert seen["filmmaker"] == "Minji Seo" and seen["title"] == "Seo's Garden"


def test_a_draft_save_needs_if_match_and_refuses_a_stale_one(judging, client, token_of):
    round_, juror, mine, _theirs = judging
    headers = token_of(juror)
    first = read(client, mine[0], headers)
    assert first.json["revision"] == 0 and first.json["state"] is None
    body = {"scores": scores_of(round_, 6), "comment": "Strong sound."}
    missing = put(client, mine[0], headers, body)
    assert missing.status_code == 428 and missing.mimetype == "application/problem+json"
    saved = put(client, mine[0], headers, body, first.headers["ETag"])
    assert saved.status_code == 200, saved.json
    assert saved.json["state"] == "draft" and saved.json["revision"] == 1
    assert saved.json["total"] == 6 and saved.headers["ETag"] != first.headers["ETag"]
    assert read(client, mine[0], headers).headers["ETag"] == saved.headers["ETag"]
    stale = put(client, mine[0], headers, {"comment": "Overwritten"}, first.headers["ETag"])
    assert stale.status_code == 412 and stale.mimetype == "application/problem+json"
    assert db.session.scalar(db.select(Review.comment)) == "Strong sound."


def test_a_score_off_the_scale_is_refused_with_the_pages_message(judging, client, token_of):
    round_, juror, mine, _theirs = judging
    headers = token_of(juror)
    story = round_.criteria[0]
    current = read(client, mine[0], headers)
    refused = put(
        client, mine[0], headers, {"scores": {str(story.id): 11}}, current.headers["ETag"]
    )
    assert refused.status_code == 400
    assert refused.json["errors"] == {
        f"scores.{story.id}": ["Give “Story” a whole number from 1 to 10."]
    }
    unknown = put(client, mine[0], headers, {"scores": {"999999": 3}}, current.headers["ETag"])
    assert unknown.status_code == 400 and "not in this round" in unknown.json["detail"]
    assert (
        put(client, mine[0], headers, {"scores": {"x": 3}}, current.headers["ETag"]).status_code
        == 422
    )
    assert (
        put(client, mine[0], headers, {"verdict": "yes"}, current.headers["ETag"]).status_code
        == 422
    )
    assert db.session.scalar(db.select(db.func.count(Review.id))) == 0


def test_submitting_needs_every_score_then_locks_the_review(judging, client, token_of):
    round_, juror, mine, _theirs = judging
    headers = token_of(juror)
    story = round_.criteria[0]
    current = read(client, mine[0], headers)
    partial = {"scores": {str(story.id): 8}}
    incomplete = put(client, mine[0], headers, partial, current.headers["ETag"], submit=True)
    assert incomplete.status_code == 400
    assert incomplete.json["detail"] == "Score every criterion before you submit: Craft."
    done = put(
        client,
        mine[0],
        headers,
        {"scores": scores_of(round_, 8)},
        current.headers["ETag"],
        submit=True,
    )
    assert done.status_code == 200 and done.json["state"] == "submitted"
    assert "locked" in done.json["lock_reason"]
    again = put(client, mine[0], headers, {"scores": scores_of(round_, 2)}, done.headers["ETag"])
    assert again.status_code == 409 and again.json["detail"] == done.json["lock_reason"]
    assert db.session.scalar(db.select(Review.total)) == 8
    read_only = token_of(juror, READ_ONLY)
    assert put(client, mine[1], read_only, {}, "x").status_code == 403


def test_a_closed_round_refuses_with_the_pages_reason(judging, client, token_of):
    round_, juror, mine, _theirs = judging
    headers = token_of(juror)
    current = read(client, mine[0], headers)
    round_.opens_at, round_.closes_at = utcnow() - timedelta(days=9), utcnow() - timedelta(days=1)
    db.session.commit()
    refused = put(client, mine[0], headers, {"scores": scores_of(round_)}, current.headers["ETag"])
    assert refused.status_code == 409 and "The round closed on" in refused.json["detail"]
    assert read(client, mine[0], headers).json["lock_reason"] == refused.json["detail"]
    assert db.session.scalar(db.select(db.func.count(Review.id))) == 0


def test_a_conflict_or_an_abstention_hides_the_film(judging, client, token_of):
    _round, juror, mine, _theirs = judging
    headers = token_of(juror)
    etag = read(client, mine[1], headers).headers["ETag"]
    db.session.add(
        Conflict(juror_id=juror.id, film_id=mine[0].entry.film.id, kind="other", source="declared")
    )
    mine[1].state = AssignmentState.ABSTAINED
    db.session.commit()
    for assignment in mine:
        response = client.get(f"/api/v1/assignments/{assignment.id}", headers=headers)
        assert response.status_code == 404
        assert response.json["detail"] == "You no longer review this film."
    assert put(client, mine[1], headers, {"scores": {}}, etag).status_code == 404
    assert client.get("/api/v1/assignments", headers=headers).json["items"] == []
    assert db.session.scalar(db.select(db.func.count(Review.id))) == 0
