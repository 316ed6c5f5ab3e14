"""Scoring, and the bad input it must refuse: each refusal says what is wrong and loses
nothing already saved. Then locking, reopening, and who sees whose scores."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from festival.audit.services import events_for
from festival.database import utcnow
from festival.extensions import db
from festival.judging import reviews
from festival.judging.enums import ReviewState
from festival.judging.models import Assignment
from festival.notifications.models import OutboxEmail
from festival.transactions import http_status
from tests import factories
from tests.conftest import sign_in
from tests.judging.conftest import scores_of


@dataclass
class Saved:
    values: dict
    comment: str
    revision: int
    state: ReviewState


def stored(assignment) -> Saved:
    """The review as the database has it now."""
    db.session.expire_all()
    review = db.session.get(Assignment, assignment.id).review
    return Saved(review.values(), review.comment, review.revision, review.state)


@pytest.fixture
def drafted(jury, jury_round):
    """Juror 0's draft of film 0: Story 6, Craft 4, a comment; at revision 1."""
    assignment = factories.make_assignment(jury_round, jury_round.entries[0], jury.jurors[0])
    factories.make_review(assignment, scores_of(jury_round, 6, 4), submit=False, comment="Kept.")
    return assignment


@pytest.fixture
def juror(app, jury, drafted):
    return sign_in(app.test_client(), jury.jurors[0])


def draft_url(assignment) -> str:
    return f"/judging/assignments/{assignment.id}/draft"


def page_url(assignment) -> str:
    return f"/judging/assignments/{assignment.id}"


def form(round_, values, *, revision, comment="", action="save") -> dict:
    data = {"comment": comment, "revision": str(revision), "action": action}
    for criterion, value in zip(round_.criteria, values, strict=True):
        data[f"score-{criterion.id}"] = "" if value is None else str(value)
    return data


def assert_unchanged(assignment, saved: Saved) -> None:
    assert stored(assignment) == saved


def test_the_draft_is_saved_at_revision_one(jury_round, drafted):
    assert stored(drafted) == Saved(scores_of(jury_round, 6, 4), "Kept.", 1, ReviewState.DRAFT)


def test_an_autosave_stores_the_draft_and_gives_the_next_revision(jury_round, drafted, juror):
    response = juror.post(
        draft_url(drafted),
        json={"scores": {str(jury_round.criteria[0].id): 9}, "comment": "Better.", "revision": 1},
    )

    assert response.status_code == 200
    assert response.get_json()["revision"] == 2
    assert response.get_json()["total"] == 9.0
    assert stored(drafted) == Saved({jury_round.criteria[0].id: 9}, "Better.", 2, ReviewState.DRAFT)


def test_the_autosaves_time_reads_on_the_editions_clock_and_names_it(jury_round, drafted, juror):
    response = juror.post(
        draft_url(drafted), json={"scores": {}, "comment": "Later.", "revision": 1}
    ).get_json()

    saved = datetime.fromisoformat(response["saved_at"]).astimezone(ZoneInfo("Asia/Seoul"))
    assert jury_round.edition.timezone == "Asia/Seoul"
    assert response["saved_at_text"].endswith(" (Korean Standard Time)")
    assert f"{saved:%-I:%M}\u202f{saved:%p}" in response["saved_at_text"]


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, 11, -1, 1000, "11"])
def test_a_score_outside_the_scale_is_refused(jury_round, drafted, juror, value):
    before = stored(drafted)
    story = jury_round.criteria[0]

    response = juror.post(
        draft_url(drafted), json={"scores": {str(story.id): value}, "revision": 1}
    )

    assert response.status_code == 400
    assert response.get_json()["error"] == "Give “Story” a whole number from 1 to 10."
    assert_unchanged(drafted, before)


@pytest.mark.parametrize("value", ["7.5", 7.5, "seven", True, "²", "--5", "1e1", [7], {"value": 7}])
def test_a_score_that_is_not_a_whole_number_is_refused(jury_round, drafted, juror, value):
    before = stored(drafted)
    craft = jury_round.criteria[1]

    response = juror.post(
        draft_url(drafted),
        json={"scores": {str(craft.id): value}, "comment": "Lost?", "revision": 1},
    )

    assert response.status_code == 400
    assert response.get_json()["error"] == "Give “Craft” a whole number from 1 to 10."
    assert_unchanged(drafted, before)


def test_a_whole_number_sent_as_a_float_or_text_is_taken(jury_round, drafted, juror):
    story, craft = jury_round.criteria

    response = juror.post(
        draft_url(drafted),
        json={"scores": {str(story.id): 8.0, str(craft.id): " 3 "}, "revision": 1},
    )

    assert response.status_code == 200
    assert stored(drafted).values == {story.id: 8, craft.id: 3}


def test_a_score_out_of_scale_on_the_page_is_refused_and_keeps_the_comment(
    jury_round, drafted, juror
):
    before = stored(drafted)

    response = juror.post(
        page_url(drafted), data=form(jury_round, [12, 4], revision=1, comment="Typed.")
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Give “Story” a whole number from 1 to 10." in page
    assert "Typed." in page
    assert_unchanged(drafted, before)


@pytest.mark.parametrize("which", ["another round", "not a number", "none at all"])
def test_a_score_on_a_criterion_of_another_round_is_refused(jury, drafted, juror, which):
    before = stored(drafted)
    elsewhere = factories.make_round(jury.edition).criteria[0]
    key = {"another round": str(elsewhere.id), "not a number": "story", "none at all": "999999"}

    response = juror.post(draft_url(drafted), json={"scores": {key[which]: 5}, "revision": 1})

    assert response.status_code == 400
    assert "not in this round's rubric" in response.get_json()["error"]
    assert_unchanged(drafted, before)


def test_a_draft_that_is_not_a_json_object_is_refused(drafted, juror):
    before = stored(drafted)

    for body in ("[1, 2]", "not json", '{"scores": [5]}'):
        response = juror.post(draft_url(drafted), data=body, content_type="application/json")
        assert response.status_code == 400, body
        assert response.get_json()["error"]

    assert_unchanged(drafted, before)


def test_a_comment_too_long_is_refused(drafted, juror):
    before = stored(drafted)

    response = juror.post(
        draft_url(drafted), json={"scores": {}, "comment": "x" * 10_001, "revision": 1}
    )

    assert response.status_code == 400
    assert_unchanged(drafted, before)


def test_saving_another_jurors_review_is_refused(app, jury, jury_round, drafted):
    before = stored(drafted)
    other = sign_in(app.test_client(), jury.jurors[1])

    response = other.post(
        draft_url(drafted), json={"scores": scores_of(jury_round, 1, 1), "revision": 1}
    )

    assert response.status_code == 404
    assert response.get_json()["error"] == "This film is not assigned to you."
    assert other.get(page_url(drafted)).status_code == 404
    assert (
        other.post(page_url(drafted), data=form(jury_round, [1, 1], revision=1)).status_code == 404
    )
    with pytest.raises(reviews.ReviewRefusal) as refused:
        reviews.save_review(
            drafted,
            actor=jury.jurors[1],
            scores={},
            revision=1,
            submit=False,
            now=utcnow(),
        )
    assert http_status(refused.value) == 403
    assert_unchanged(drafted, before)


def test_saving_after_the_round_closed_is_refused(jury_round, drafted, juror):
    before = stored(drafted)
    jury_round.closes_at = utcnow() - timedelta(minutes=1)
    db.session.flush()

    response = juror.post(
        draft_url(drafted), json={"scores": scores_of(jury_round, 9, 9), "revision": 1}
    )
    page = juror.post(page_url(drafted), data=form(jury_round, [9, 9], revision=1, action="submit"))

    assert response.status_code == 409
    assert "The round closed on" in response.get_json()["error"]
    assert "its scores can no longer change" in response.get_json()["error"]
    assert page.status_code == 409
    assert "The round closed on" in page.get_data(as_text=True)
    assert_unchanged(drafted, before)


def test_saving_before_the_round_opens_is_refused(app, jury):
    round_ = factories.make_round(
        jury.edition, submissions=jury.submissions[:1], opens_in_days=2, closes_in_days=9
    )
    assignment = factories.make_assignment(round_, round_.entries[0], jury.jurors[0])
    client = sign_in(app.test_client(), jury.jurors[0])

    response = client.post(
        draft_url(assignment), json={"scores": scores_of(round_, 5, 5), "revision": 0}
    )

    assert response.status_code == 409
    assert "The round opens on" in response.get_json()["error"]
    assert "(Korean Standard Time)." in response.get_json()["error"]
    assert db.session.get(Assignment, assignment.id).review is None


# --- two tabs -------------------------------------------------------------------------------


def test_a_second_tab_saving_from_an_old_revision_is_refused_with_the_current_one(
    jury_round, drafted, juror
):
    first = juror.post(
        draft_url(drafted),
        json={"scores": scores_of(jury_round, 7, 7), "comment": "Tab A", "revision": 1},
    )
    assert first.status_code == 200 and first.get_json()["revision"] == 2

    second = juror.post(
        draft_url(drafted),
        json={"scores": scores_of(jury_round, 2, 2), "comment": "Tab B", "revision": 1},
    )

    assert second.status_code == 409
    assert second.get_json()["revision"] == 2
    assert "saved from another tab or window" in second.get_json()["error"]
    assert stored(drafted) == Saved(scores_of(jury_round, 7, 7), "Tab A", 2, ReviewState.DRAFT)


def test_a_draft_without_a_revision_does_not_overwrite_a_started_review(jury_round, drafted, juror):
    before = stored(drafted)

    response = juror.post(draft_url(drafted), json={"scores": scores_of(jury_round, 1, 1)})

    assert response.status_code == 409
    assert response.get_json()["revision"] == 1
    assert_unchanged(drafted, before)


def test_the_page_refuses_a_stale_revision_and_keeps_what_was_typed(jury_round, drafted, juror):
    juror.post(
        draft_url(drafted),
        json={"scores": scores_of(jury_round, 7, 7), "comment": "Tab A", "revision": 1},
    )
    before = stored(drafted)

    response = juror.post(
        page_url(drafted),
        data=form(jury_round, [3, 8], revision=1, comment="두 번째 탭에서 쓴 긴 평"),
    )

    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "This review was saved from another tab or window." in page
    textarea = re.search(r"<textarea[^>]*name=\"comment\"[^>]*>(.*?)</textarea>", page, re.S)
    assert textarea.group(1).strip() == "두 번째 탭에서 쓴 긴 평"
    assert re.search(r'name="revision" type="hidden" value="2"', page)
    story, craft = jury_round.criteria
    assert re.search(rf'name="score-{story.id}" value="3" checked', page)
    assert re.search(rf'name="score-{craft.id}" value="8" checked', page)
    assert_unchanged(drafted, before)

    again = juror.post(
        page_url(drafted), data=form(jury_round, [3, 8], revision=2, comment="Kept mine.")
    )
    assert again.status_code == 302
    assert stored(drafted).values == scores_of(jury_round, 3, 8)


# --- submitting and locking -----------------------------------------------------------------


def test_submitting_with_a_criterion_unscored_is_refused(jury_round, drafted, juror):
    before = stored(drafted)

    response = juror.post(
        page_url(drafted), data=form(jury_round, [9, None], revision=1, action="submit")
    )

    assert response.status_code == 400
    assert "Score every criterion before you submit: Craft." in response.get_data(as_text=True)
    assert_unchanged(drafted, before)


def test_submitting_stores_the_scores_and_the_total(jury_round, drafted, juror):
    response = juror.post(
        page_url(drafted), data=form(jury_round, [10, 1], revision=1, action="submit")
    )

    assert response.status_code == 302
    db.session.expire_all()
    review = db.session.get(Assignment, drafted.id).review
    assert (review.state, review.total) == (ReviewState.SUBMITTED, 6.4)
    assert review.submitted_at is not None and review.watched_ms == 0
    (event,) = [e for e in events_for(review) if e.verb == "review_submitted"]
    assert event.after["total"] == 6.4


def test_a_submitted_jury_review_is_locked(jury_round, drafted, juror):
    juror.post(page_url(drafted), data=form(jury_round, [8, 8], revision=1, action="submit"))
    before = stored(drafted)
    assert before.state is ReviewState.SUBMITTED

    response = juror.post(
        draft_url(drafted),
        json={"scores": scores_of(jury_round, 1, 1), "revision": before.revision},
    )
    page = juror.post(page_url(drafted), data=form(jury_round, [1, 1], revision=before.revision))

    assert response.status_code == 409
    assert "it is locked" in response.get_json()["error"]
    assert page.status_code == 409
    assert_unchanged(drafted, before)


def test_a_programmer_reopens_a_review_and_the_resubmission_is_audited(
    app, jury, jury_round, drafted, juror
):
    juror.post(page_url(drafted), data=form(jury_round, [8, 6], revision=1, action="submit"))
    review_id = db.session.get(Assignment, drafted.id).review.id
    staff = sign_in(app.test_client(), jury.programmer)

    reopened = staff.post(
        f"/manage/reviews/{review_id}/reopen", data={"reason": "Please look at Craft again."}
    )

    assert reopened.status_code == 302
    saved = stored(drafted)
    assert saved.state is ReviewState.DRAFT
    review = db.session.get(Assignment, drafted.id).review
    (event,) = [e for e in events_for(review) if e.verb == "review_reopened"]
    assert (event.actor_id, event.reason) == (jury.programmer.id, "Please look at Craft again.")
    (email,) = db.session.scalars(
        db.select(OutboxEmail).where(OutboxEmail.subject.like("Your review of%"))
    ).all()
    assert email.to == drafted.reviewer.email and "Please look at Craft again." in email.body

    page = juror.get(page_url(drafted)).get_data(as_text=True)
    assert 'value="submit"' in page
    resubmitted = juror.post(
        page_url(drafted),
        data=form(jury_round, [8, 9], revision=saved.revision, action="submit"),
    )

    assert resubmitted.status_code == 302
    assert stored(drafted).values == scores_of(jury_round, 8, 9)
    review = db.session.get(Assignment, drafted.id).review
    submitted = [e for e in events_for(review) if e.verb == "review_submitted"]
    story, craft = (str(c.id) for c in jury_round.criteria)
    assert len(submitted) == 2
    assert submitted[-1].before == {"scores": {story: 8, craft: 6}}
    assert submitted[-1].after["scores"] == {story: 8, craft: 9}
    assert submitted[-1].actor_id == jury.jurors[0].id


def test_a_draft_cannot_be_reopened(jury, drafted):
    with pytest.raises(reviews.ReviewRefusal, match="not submitted"):
        reviews.reopen(drafted.review, actor=jury.programmer, now=utcnow())


def test_a_review_cannot_be_reopened_after_the_round_closed(jury, jury_round, drafted):
    factories.make_review(drafted, scores_of(jury_round, 5, 5))
    jury_round.closes_at = utcnow() - timedelta(minutes=1)

    with pytest.raises(reviews.ReviewRefusal, match="move its closing date first"):
        reviews.reopen(drafted.review, actor=jury.programmer, now=utcnow())
    assert drafted.review.is_submitted


# --- anchoring ------------------------------------------------------------------------------


def test_a_juror_sees_other_scores_only_after_submitting_their_own(
    app, jury, jury_round, drafted, juror
):
    other = factories.make_assignment(jury_round, jury_round.entries[0], jury.jurors[1])
    factories.make_review(
        other, scores_of(jury_round, 3, 9), comment="A private word for the festival."
    )
    assert other.review.total == 5.4

    before = juror.get(page_url(drafted)).get_data(as_text=True)

    assert "Other reviews" not in before
    assert "Reviewer 1" not in before and "5.40" not in before
    assert "A private word for the festival." not in before

    juror.post(page_url(drafted), data=form(jury_round, [6, 4], revision=1, action="submit"))
    after = juror.get(page_url(drafted)).get_data(as_text=True)

    assert "Other reviews" in after
    assert "Reviewer 1" in after and "5.40" in after
    assert "Juror 1" not in after
    assert "A private word for the festival." not in after


def test_another_jurors_draft_is_never_shown(app, jury, jury_round, drafted, juror):
    other = factories.make_assignment(jury_round, jury_round.entries[0], jury.jurors[1])
    factories.make_review(other, scores_of(jury_round, 3, 9), submit=False)
    juror.post(page_url(drafted), data=form(jury_round, [6, 4], revision=1, action="submit"))

    page = juror.get(page_url(drafted)).get_data(as_text=True)

    assert "No one else has given their review yet." in page
    assert "5.40" not in page


# --- screening ratings ----------------------------------------------------------------------


@pytest.fixture
def rated_screening(app, jury):
    """An open screening round of two films whose first the programmer has rated 4, 4:
    the round, the programmer's client, the rating URL and the programmer's assignment."""
    round_ = factories.make_round(
        jury.edition,
        stage="screening",
        members=[jury.programmer],
        submissions=jury.submissions[:2],
        is_open_screening=True,
    )
    entry = round_.entries[0]
    client = sign_in(app.test_client(), jury.programmer)
    url = f"/judging/rounds/{round_.id}/screen/{entry.id}"
    first = client.post(url, data=form(round_, [4, 4], revision=0, action="stay"))
    assert first.status_code == 302
    assignment = db.session.scalar(db.select(Assignment).where(Assignment.entry_id == entry.id))
    return round_, client, url, assignment


def test_a_programmer_may_change_a_screening_rating_while_the_round_is_open(rated_screening):
    round_, client, url, assignment = rated_screening
    saved = stored(assignment)
    second = client.post(url, data=form(round_, [9, 8], revision=saved.revision, action="stay"))

    assert second.status_code == 302
    changed = stored(assignment)
    assert changed.values == scores_of(round_, 9, 8)
    assert changed.state is ReviewState.SUBMITTED
    assert changed.revision == saved.revision + 1


def test_a_screening_rating_cannot_change_after_the_round_closed(rated_screening):
    round_, client, url, assignment = rated_screening
    before = stored(assignment)
    round_.closes_at = utcnow() - timedelta(minutes=1)
    db.session.flush()

    response = client.post(url, data=form(round_, [9, 9], revision=before.revision))

    assert response.status_code == 409
    assert "The round closed on" in response.get_data(as_text=True)
    assert_unchanged(assignment, before)
