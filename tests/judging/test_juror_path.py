"""The whole path through the pages: a programmer sets up a jury round and assigns it, a
juror scores a film (a draft, then the submission), and the programmer reads the results."""

from __future__ import annotations

import csv
import io
import re

from festival.extensions import db
from festival.judging.enums import ReviewState
from festival.judging.models import Assignment, Round
from tests.conftest import sign_in
from tests.judging.conftest import round_form, staff_pages


def create_round(app, jury) -> Round:
    client = sign_in(app.test_client(), jury.programmer)
    page = client.get(f"/manage/editions/{jury.edition.id}/rounds/new?stage=jury")
    assert page.status_code == 200
    assert "Creative use of AI" in page.get_data(as_text=True)
    response = client.post(
        f"/manage/editions/{jury.edition.id}/rounds/new",
        data=round_form(
            ("Story", "30"), ("Visual craft", "60"), name="Jury: AI Short", is_blind="y"
        ),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    round_ = db.session.scalar(db.select(Round).where(Round.name == "Jury: AI Short"))
    assert [c.weight for c in round_.criteria] == [33.3, 66.7]
    members_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "scaled to add up to 100%" in members_page
    response = client.post(
        f"/manage/rounds/{round_.id}/members", data={"members": [j.id for j in jury.jurors]}
    )
    assert response.status_code == 302
    client.post(f"/manage/rounds/{round_.id}/entries")
    return round_


def test_a_jury_round_from_setup_to_ranking(app, jury):
    round_ = create_round(app, jury)
    staff = sign_in(app.test_client(), jury.programmer)
    assert len(round_.entries) == 4

    preview = staff.get(f"/manage/rounds/{round_.id}/assignments/plan").get_data(as_text=True)
    assert "8 new assignments." in preview
    fingerprint = re.search(r'name="fingerprint" type="hidden" value="(\w+)"', preview).group(1)
    applied = staff.post(
        f"/manage/rounds/{round_.id}/assignments/plan", data={"fingerprint": fingerprint}
    )
    assert applied.status_code == 302
    assignments = db.session.scalars(db.select(Assignment)).all()
    loads = sorted(
        sum(1 for a in assignments if a.reviewer_id == juror.id) for juror in jury.jurors
    )
    assert len(assignments) == 8 and loads[-1] - loads[0] <= 1

    for assignment in assignments:
        juror = next(j for j in jury.jurors if j.id == assignment.reviewer_id)
        client = sign_in(app.test_client(), juror)
        page = client.get(f"/judging/assignments/{assignment.id}")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert "███" in text  # the filmmaker's name, hidden in the synopsis
        ids = [c.id for c in round_.criteria]
        score = 3 + assignment.entry_id % 5 + (assignment.reviewer_id % 2)
        draft = client.post(
            f"/judging/assignments/{assignment.id}/draft",
            json={"scores": {str(ids[0]): score}, "comment": "half way", "revision": 0},
        )
        assert draft.status_code == 200, draft.get_json()
        revision = draft.get_json()["revision"]
        submitted = client.post(
            f"/judging/assignments/{assignment.id}",
            data={
                f"score-{ids[0]}": str(score),
                f"score-{ids[1]}": str(min(score + 1, 10)),
                "comment": "Strong.",
                "revision": str(revision),
                "action": "submit",
            },
        )
        assert submitted.status_code == 302, submitted.get_data(as_text=True)

    db.session.expire_all()
    assert all(a.review.state is ReviewState.SUBMITTED for a in assignments)
    results = staff.get(f"/manage/rounds/{round_.id}/results")
    assert results.status_code == 200
    page = results.get_data(as_text=True)
    assert "8 of 8 reviews in." in page
    for film in jury.films:
        assert film.title in page

    exported = staff.get(f"/manage/rounds/{round_.id}/results.csv")
    assert exported.data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(exported.data.decode("utf-8-sig"))))
    assert sorted(row["title"] for row in rows) == sorted(f.title for f in jury.films)
    as_json = staff.get(f"/manage/rounds/{round_.id}/results.json").get_json()
    assert len(as_json["films"]) == 4 and len(as_json["jurors"]) == 3

    for url in staff_pages(round_, assignments[0]):
        assert staff.get(url).status_code == 200, url


def test_dashboard_and_conflicts_pages_render_for_a_juror(app, jury):
    round_ = create_round(app, jury)
    staff = sign_in(app.test_client(), jury.programmer)
    preview = staff.get(f"/manage/rounds/{round_.id}/assignments/plan").get_data(as_text=True)
    fingerprint = re.search(r'name="fingerprint" type="hidden" value="(\w+)"', preview).group(1)
    staff.post(f"/manage/rounds/{round_.id}/assignments/plan", data={"fingerprint": fingerprint})
    client = sign_in(app.test_client(), jury.jurors[0])
    dashboard = client.get("/judging").get_data(as_text=True)
    assert "Jury: AI Short" in dashboard
    assert client.get("/judging/conflicts").status_code == 200
