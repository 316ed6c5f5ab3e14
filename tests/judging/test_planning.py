"""Assigning films: the preview and applying it, what is never moved, abstentions, recusals,
moves by hand, and how long a juror may watch what they were given."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from festival.database import utcnow
from festival.extensions import db
from festival.judging import planning, results, rounds
from festival.judging.enums import AssignmentOrigin, AssignmentState
from festival.judging.models import Assignment, Review
from festival.media.enums import AssetKind
from festival.refusals import Refusal
from tests import factories
from tests.conftest import sign_in
from tests.judging.conftest import scores_of


def pairs_of(round_, *, active=True) -> set[tuple[int, int]]:
    query = db.select(Assignment.entry_id, Assignment.reviewer_id).where(
        Assignment.round_id == round_.id
    )
    if active:
        query = query.where(Assignment.state == AssignmentState.ACTIVE)
    return {tuple(row) for row in db.session.execute(query)}


def live_reviewers(entry) -> list[int]:
    return sorted(
        db.session.scalars(
            db.select(Assignment.reviewer_id).where(
                Assignment.entry_id == entry.id, Assignment.state == AssignmentState.ACTIVE
            )
        )
    )


def preview_url(round_) -> str:
    return f"/manage/rounds/{round_.id}/assignments/plan"


def fingerprint_on(page: str) -> str:
    return re.search(r'name="fingerprint" type="hidden" value="(\w+)"', page).group(1)


# --- preview and apply ----------------------------------------------------------------------


def test_applying_writes_exactly_the_previewed_pairs(jury, jury_round):
    preview = planning.preview(jury_round)
    assert pairs_of(jury_round) == set()

    count = planning.apply(jury_round, preview.fingerprint, actor=jury.programmer)

    assert count == len(preview.plan.pairs) == 8
    assert pairs_of(jury_round) == set(preview.plan.pairs)
    origins = db.session.scalars(db.select(Assignment.origin)).all()
    assert set(origins) == {AssignmentOrigin.AUTOMATIC}


def test_applying_through_the_page_writes_the_previewed_pairs(app, jury, jury_round):
    staff = sign_in(app.test_client(), jury.programmer)
    page = staff.get(preview_url(jury_round)).get_data(as_text=True)
    planned = set(planning.preview(jury_round).plan.pairs)

    response = staff.post(preview_url(jury_round), data={"fingerprint": fingerprint_on(page)})

    assert response.status_code == 302
    assert pairs_of(jury_round) == planned


def test_previewing_twice_gives_the_same_plan(jury, jury_round):
    first = planning.preview(jury_round)
    second = planning.preview(jury_round)

    assert first.plan.pairs == second.plan.pairs
    assert first.fingerprint == second.fingerprint


def test_applying_a_stale_preview_is_refused(jury, jury_round):
    stale = planning.preview(jury_round).fingerprint
    planning.assign_by_hand(jury_round.entries[0], jury.jurors[2], actor=jury.programmer)

    with pytest.raises(Refusal, match="changed since this preview"), db.session.begin_nested():
        planning.apply(jury_round, stale, actor=jury.programmer)

    assert pairs_of(jury_round) == {(jury_round.entries[0].id, jury.jurors[2].id)}


def test_the_page_refuses_a_stale_preview_and_shows_the_new_one(app, jury, jury_round):
    staff = sign_in(app.test_client(), jury.programmer)
    stale = fingerprint_on(staff.get(preview_url(jury_round)).get_data(as_text=True))
    planning.assign_by_hand(jury_round.entries[0], jury.jurors[2], actor=jury.programmer)

    response = staff.post(preview_url(jury_round), data={"fingerprint": stale})

    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "The assignments changed since this preview was made." in page
    assert fingerprint_on(page) != stale
    assert pairs_of(jury_round) == {(jury_round.entries[0].id, jury.jurors[2].id)}


def test_existing_assignments_and_started_reviews_are_never_moved(jury, jury_round):
    first = jury.jurors[0]
    entry = jury_round.entries[0]
    started = factories.make_assignment(jury_round, entry, first)
    factories.make_review(started, scores_of(jury_round, 8, None), submit=False)
    untouched = factories.make_assignment(jury_round, jury_round.entries[1], first)
    rounds.update_member(jury_round.members[0], cap=0, preferred=[], actor=None)

    preview = planning.preview(jury_round)
    planning.apply(jury_round, preview.fingerprint, actor=jury.programmer)

    db.session.expire_all()
    assert started.is_active and started.reviewer_id == first.id
    assert untouched.is_active and untouched.reviewer_id == first.id
    assert started.review.values() == {jury_round.criteria[0].id: 8}
    assert all(reviewer != first.id for _entry, reviewer in preview.plan.pairs)
    assert len(live_reviewers(entry)) == 2 and first.id in live_reviewers(entry)


def test_a_film_that_has_its_reviews_gets_no_more(jury, jury_round):
    entry = jury_round.entries[0]
    for juror in jury.jurors[:2]:
        factories.make_assignment(jury_round, entry, juror)

    plan = planning.preview(jury_round).plan

    assert entry.id not in plan.by_film()


# --- abstaining and recusing ----------------------------------------------------------------


@pytest.fixture
def one_review_round(jury):
    """A jury round of the four films, one review each, assigned."""
    round_ = factories.make_round(
        jury.edition, members=jury.jurors, submissions=jury.submissions, reviews_per_film=1
    )
    planning.apply(round_, planning.preview(round_).fingerprint, actor=jury.programmer)
    return round_


def assignment_of(round_, entry) -> Assignment:
    return db.session.scalar(
        db.select(Assignment).where(
            Assignment.entry_id == entry.id, Assignment.state == AssignmentState.ACTIVE
        )
    )


def test_abstaining_ends_the_assignment_and_gives_the_film_to_someone_else(
    app, jury, one_review_round
):
    entry = one_review_round.entries[0]
    mine = assignment_of(one_review_round, entry)
    juror = mine.reviewer
    client = sign_in(app.test_client(), juror)
    assert client.get(f"/judging/assignments/{mine.id}/abstain").status_code == 200

    response = client.post(
        f"/judging/assignments/{mine.id}/abstain", data={"reason": "I know the producer."}
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert (mine.state, mine.reason) == (AssignmentState.ABSTAINED, "I know the producer.")
    replacement = assignment_of(one_review_round, entry)
    assert replacement.reviewer_id != juror.id
    assert replacement.origin is AssignmentOrigin.REPLACEMENT
    assert client.get(f"/judging/assignments/{mine.id}").status_code == 404


def test_an_abstaining_juror_is_never_given_the_film_again(jury, one_review_round):
    entry = one_review_round.entries[0]
    mine = assignment_of(one_review_round, entry)
    juror = mine.reviewer
    planning.abstain(mine, actor=juror)
    replacement = assignment_of(one_review_round, entry)
    others = [j for j in jury.jurors if j.id not in {juror.id, replacement.reviewer_id}]

    planning.recuse(replacement, actor=jury.programmer)
    planning.recuse(assignment_of(one_review_round, entry), actor=jury.programmer)

    assert [a.reviewer_id for a in _ended(entry)] == [
        juror.id,
        replacement.reviewer_id,
        others[0].id,
    ]
    assert assignment_of(one_review_round, entry) is None
    plan = planning.preview(one_review_round).plan
    assert entry.id not in plan.by_film()
    assert [s.entry_id for s in plan.shortfalls] == [entry.id]
    with pytest.raises(Refusal, match="already had this film"):
        planning.assign_by_hand(entry, juror, actor=jury.programmer)


def _ended(entry) -> list[Assignment]:
    return db.session.scalars(
        db.select(Assignment)
        .where(Assignment.entry_id == entry.id, Assignment.state != AssignmentState.ACTIVE)
        .order_by(Assignment.id)
    ).all()


def test_an_abstention_is_not_a_review_of_the_film(jury, one_review_round):
    entry = one_review_round.entries[0]
    mine = assignment_of(one_review_round, entry)
    factories.make_review(mine, scores_of(one_review_round, 1, None), submit=False)
    planning.abstain(mine, actor=mine.reviewer, reason="Cannot judge it fairly.")
    replacement = assignment_of(one_review_round, entry)
    factories.make_review(replacement, scores_of(one_review_round, 9, 9))

    outcome = results.results_of(one_review_round)

    row = next(r for rows in outcome.rows.values() for r in rows if r.entry.id == entry.id)
    assert (row.result.count, row.result.mean) == (1, 9.0)
    assert outcome.review_count == 1
    assert {j["juror"] for j in results.as_json(outcome)["jurors"]} == {replacement.reviewer.name}


def test_a_submitted_review_cannot_be_abstained_from(jury, one_review_round):
    mine = assignment_of(one_review_round, one_review_round.entries[0])
    factories.make_review(mine)

    with pytest.raises(Refusal, match="already submitted"):
        planning.abstain(mine, actor=mine.reviewer)
    assert mine.is_active


def test_recusing_takes_the_film_off_the_jurors_dashboard(app, jury, one_review_round):
    entry = one_review_round.entries[0]
    mine = assignment_of(one_review_round, entry)
    juror = mine.reviewer
    client = sign_in(app.test_client(), juror)
    assert entry.film.title in client.get("/judging").get_data(as_text=True)
    staff = sign_in(app.test_client(), jury.programmer)

    response = staff.post(f"/manage/assignments/{mine.id}/recuse", data={"reason": "Conflict."})

    assert response.status_code == 302
    db.session.expire_all()
    assert mine.state is AssignmentState.RECUSED
    assert entry.film.title not in client.get("/judging").get_data(as_text=True)
    assert client.get(f"/judging/assignments/{mine.id}").status_code == 404
    replacement = assignment_of(one_review_round, entry)
    assert replacement.reviewer_id != juror.id
    assert (entry.id, juror.id) not in planning.preview(one_review_round).plan.pairs


def test_no_replacement_is_made_once_the_round_has_closed(jury, one_review_round):
    entry = one_review_round.entries[0]
    mine = assignment_of(one_review_round, entry)
    one_review_round.closes_at = utcnow() - timedelta(minutes=1)

    assert planning.recuse(mine, actor=jury.programmer) == []
    assert assignment_of(one_review_round, entry) is None


# --- by hand --------------------------------------------------------------------------------


def test_a_programmer_assigns_a_member_by_hand(jury, jury_round):
    entry = jury_round.entries[0]

    assignment = planning.assign_by_hand(entry, jury.jurors[1], actor=jury.programmer)

    assert (assignment.origin, assignment.created_by_id) == (
        AssignmentOrigin.MANUAL,
        jury.programmer.id,
    )


def test_assigning_a_conflicted_juror_by_hand_is_refused(app, jury, jury_round):
    from festival.judging import conflicts
    from festival.judging.enums import ConflictKind

    juror = jury.jurors[0]
    entry = jury_round.entries[0]
    conflicts.record_conflict(juror, entry.film, ConflictKind.FAMILY, actor=jury.programmer)

    with pytest.raises(Refusal, match="conflict of interest"):
        planning.assign_by_hand(entry, juror, actor=jury.programmer)
    staff = sign_in(app.test_client(), jury.programmer)
    page = staff.post(
        f"/manage/rounds/{jury_round.id}/entries/{entry.id}/reviewers",
        data={f"e{entry.id}-reviewer_id": juror.id},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Juror 0 has a conflict of interest with this film." in page
    assert pairs_of(jury_round, active=False) == set()


def test_assigning_someone_who_is_not_a_member_is_refused(jury, jury_round):
    outsider = factories.make_user("juror")

    with pytest.raises(Refusal, match="members first"):
        planning.assign_by_hand(jury_round.entries[0], outsider, actor=jury.programmer)
    with pytest.raises(Refusal, match="members first"):
        planning.assign_by_hand(jury_round.entries[0], jury.programmer, actor=jury.programmer)


def test_an_assignment_nobody_started_can_be_removed(jury, jury_round):
    assignment = factories.make_assignment(jury_round, jury_round.entries[0], jury.jurors[0])

    planning.remove(assignment, actor=jury.programmer)

    assert pairs_of(jury_round, active=False) == set()


def test_removing_an_assignment_with_a_started_review_is_refused(app, jury, jury_round):
    assignment = factories.make_assignment(jury_round, jury_round.entries[0], jury.jurors[0])
    factories.make_review(assignment, scores_of(jury_round, 5, None), submit=False)
    staff = sign_in(app.test_client(), jury.programmer)

    page = staff.post(
        f"/manage/assignments/{assignment.id}/remove", follow_redirects=True
    ).get_data(as_text=True)

    assert "The reviewer has started on this film; recuse them instead." in page
    db.session.expire_all()
    assert db.session.get(Assignment, assignment.id) is not None
    assert db.session.scalar(db.select(db.func.count(Review.id))) == 1


# --- watching -------------------------------------------------------------------------------


def asset_url(screener, kind=AssetKind.PREVIEW_720) -> str:
    return f"/media/{screener.asset(kind).id}"


def test_a_jurors_access_to_the_screener_ends_when_the_round_closes(app, jury, jury_round):
    entry = jury_round.entries[0]
    factories.make_assignment(jury_round, entry, jury.jurors[0])
    client = sign_in(app.test_client(), jury.jurors[0])
    url = asset_url(entry.screener)
    assert client.get(url).status_code == 200

    jury_round.closes_at = utcnow() - timedelta(minutes=1)
    db.session.flush()

    assert client.get(url).status_code == 404
    assert client.get(f"/screeners/{entry.screener.id}/ai-segments.vtt").status_code == 404


def test_a_jurors_access_starts_when_the_round_opens(app, jury):
    round_ = factories.make_round(
        jury.edition,
        members=jury.jurors,
        submissions=jury.submissions[:1],
        opens_in_days=1,
        closes_in_days=5,
    )
    entry = round_.entries[0]
    factories.make_assignment(round_, entry, jury.jurors[0])
    client = sign_in(app.test_client(), jury.jurors[0])

    assert client.get(asset_url(entry.screener)).status_code == 404


def test_a_juror_watches_only_the_version_the_round_judges(app, jury, jury_round):
    entry = jury_round.entries[0]
    factories.make_assignment(jury_round, entry, jury.jurors[0])
    pinned = entry.screener
    newer = factories.make_screener(entry.film)
    rounds.sync_entries(jury_round, actor=None)
    client = sign_in(app.test_client(), jury.jurors[0])

    assert entry.screener_id == pinned.id
    assert client.get(asset_url(pinned)).status_code == 200
    assert client.get(asset_url(newer)).status_code == 404
    assert client.get(asset_url(newer, AssetKind.POSTER)).status_code == 404
    assert client.get(f"/screeners/{newer.id}/ai-segments.vtt").status_code == 404
    page = client.get(f"/judging/assignments/{entry.assignments[0].id}").get_data(as_text=True)
    assert asset_url(pinned) in page and asset_url(newer) not in page


def test_a_juror_without_the_film_cannot_watch_it(app, jury, jury_round):
    entry = jury_round.entries[0]
    factories.make_assignment(jury_round, entry, jury.jurors[0])
    client = sign_in(app.test_client(), jury.jurors[1])

    assert client.get(asset_url(entry.screener)).status_code == 404
