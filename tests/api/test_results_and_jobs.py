"""A round's results for staff (the results page's ranking and narrowing), and media jobs
as their state only: a film's for its owner and staff, an edition's for staff."""

from __future__ import annotations

from festival.accounts.enums import Role
from festival.extensions import db
from festival.jobs.enums import JobState
from festival.jobs.models import Job
from festival.judging import results
from festival.media.models import Screener
from tests import factories


def test_staff_read_a_rounds_results_as_the_page_ranks_them(app_ctx, client, token_of):
    edition = factories.make_edition()
    submissions = [factories.make_submission(category=edition.categories[0]) for _ in range(3)]
    jurors = [factories.make_user(Role.JUROR) for _ in range(2)]
    round_ = factories.make_round(edition, members=jurors, submissions=submissions)
    for score, entry in zip((9, 5, 7), round_.entries, strict=True):
        for juror in jurors:
            assignment = factories.make_assignment(round_, entry, juror)
            factories.make_review(assignment, {c.id: score for c in round_.criteria})
    db.session.commit()
    staff = token_of(factories.make_user(Role.PROGRAMMER))
    rounds = client.get(f"/api/v1/editions/{edition.id}/rounds", headers=staff).json["items"]
    assert [item["id"] for item in rounds] == [round_.id]
    response = client.get(f"/api/v1/rounds/{round_.id}/results", headers=staff)
    assert response.status_code == 200, response.json
    films = response.json["films"]
    expected = results.export_rows(results.results_of(round_))
    assert [f["submission_id"] for f in films] == [row["submission_id"] for row in expected]
    assert [f["position"] for f in films] == [1, 2, 3] and films[0]["mean"] == 9
    assert response.json["review_count"] == 6 and len(response.json["jurors"]) == 2
    narrowed = client.get(f"/api/v1/rounds/{round_.id}/results?min=6", headers=staff).json
    assert [f["position"] for f in narrowed["films"]] == [1, 2]
    assert client.get("/api/v1/rounds/999999/results", headers=staff).status_code == 404
    juror = token_of(jurors[0])
    assert client.get(f"/api/v1/rounds/{round_.id}/results", headers=juror).status_code == 403


def make_job(screener: Screener, state: JobState, error: str | None = None) -> Job:
    job = Job(
        kind="media.ingest",
        subject_type=Screener.__tablename__,
        subject_id=screener.id,
        state=state,
        attempts=1,
        max_attempts=3,
        error=error,
    )
    db.session.add(job)
    db.session.flush()
    return job


TRACEBACK = 'Traceback (most recent call last):\n  File "/srv/festival/media/ingest.py"\nOSError'


def test_a_films_jobs_say_their_state_never_their_error(app_ctx, client, token_of):
    film = factories.make_film()
    submission = factories.make_submission(film)
    rejected = make_job(
        factories.make_screener(film, state="rejected"), JobState.REJECTED, "playlist"
    )
    failed = make_job(factories.make_screener(film, state="failed"), JobState.FAILED, TRACEBACK)
    make_job(factories.make_screener(factories.make_film()), JobState.SUCCEEDED)
    db.session.commit()
    response = client.get(f"/api/v1/films/{film.id}/jobs", headers=token_of(film.owner))
    assert response.status_code == 200
    jobs = {job["id"]: job for job in response.json["items"]}
    assert list(jobs) == [failed.id, rejected.id]
    assert (
        jobs[rejected.id]["rejection_code"] == "playlist"
        and jobs[rejected.id]["state"] == "rejected"
    )
    assert jobs[failed.id]["rejection_code"] is None and jobs[failed.id]["attempts"] == 1
    assert "Traceback" not in response.get_data(as_text=True) and "/srv" not in response.get_data(
        as_text=True
    )
    stranger = token_of(factories.make_user(Role.FILMMAKER))
    assert client.get(f"/api/v1/films/{film.id}/jobs", headers=stranger).status_code == 404
    staff = token_of(factories.make_user(Role.ADMIN))
    assert client.get(f"/api/v1/films/{film.id}/jobs", headers=staff).status_code == 200
    edition = submission.edition
    page = client.get(f"/api/v1/editions/{edition.id}/jobs?limit=1", headers=staff).json
    assert [job["id"] for job in page["items"]] == [rejected.id] and page["next"]
    only_failed = client.get(f"/api/v1/editions/{edition.id}/jobs?state=failed", headers=staff).json
    assert [job["id"] for job in only_failed["items"]] == [failed.id]
    owner = token_of(film.owner)
    assert client.get(f"/api/v1/editions/{edition.id}/jobs", headers=owner).status_code == 403
