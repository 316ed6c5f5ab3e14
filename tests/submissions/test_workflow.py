"""The status workflow: every allowed and refused change, who may make it, and its records."""

from __future__ import annotations

import itertools

import pytest
from flask_babel import force_locale

from festival.accounts.enums import Role
from festival.audit.services import events_for
from festival.submissions.enums import SubmissionStatus as S
from festival.submissions.workflow import (
    WorkflowError,
    allowed_targets,
    change_status,
    staff_path,
)
from tests import factories
from tests.submissions.conftest import make_film

OPEN = (S.DRAFT, S.SUBMITTED, S.IN_CONSIDERATION, S.SHORTLISTED)
BY_FILMMAKER = {(S.DRAFT, S.SUBMITTED)} | {(state, S.WITHDRAWN) for state in OPEN}
BY_STAFF = {
    (S.SUBMITTED, S.IN_CONSIDERATION),
    (S.IN_CONSIDERATION, S.SHORTLISTED),
    (S.IN_CONSIDERATION, S.NOT_SELECTED),
    (S.SHORTLISTED, S.SELECTED),
    (S.SHORTLISTED, S.NOT_SELECTED),
} | {(state, S.DISQUALIFIED) for state in OPEN}
ALL_PAIRS = list(itertools.product(S, S))


@pytest.fixture
def people(app_ctx):
    return {
        "owner": factories.make_user(Role.FILMMAKER),
        "other_filmmaker": factories.make_user(Role.FILMMAKER),
        "juror": factories.make_user(Role.JUROR),
        "programmer": factories.make_user(Role.PROGRAMMER),
        "admin": factories.make_user(Role.ADMIN),
    }


def submission_in(status, owner):
    return factories.make_submission(film=make_film(owner), status=status)


@pytest.mark.parametrize(("before", "after"), ALL_PAIRS, ids=lambda s: s.value)
def test_each_change_is_allowed_exactly_for_whom_the_table_says(people, before, after):
    for who, person in people.items():
        submission = submission_in(before, people["owner"])
        allowed = (who == "owner" and (before, after) in BY_FILMMAKER) or (
            who in ("programmer", "admin") and (before, after) in BY_STAFF
        )
        try:
            change_status(submission, after, actor=person, reason="규정 위반")
        except WorkflowError:
            assert not allowed, f"{who} was refused {before} → {after}"
            assert submission.status is before
        else:
            assert allowed, f"{who} could move {before} → {after}"
            assert submission.status is after


def test_closed_states_are_final(people):
    for state in (S.SELECTED, S.NOT_SELECTED, S.WITHDRAWN, S.DISQUALIFIED):
        submission = submission_in(state, people["owner"])
        assert allowed_targets(submission, people["admin"]) == []
        assert allowed_targets(submission, people["owner"]) == []


def test_staff_and_filmmaker_see_only_their_own_moves(people):
    submission = submission_in(S.SUBMITTED, people["owner"])
    assert allowed_targets(submission, people["programmer"]) == [
        S.IN_CONSIDERATION,
        S.DISQUALIFIED,
    ]
    assert allowed_targets(submission, people["owner"]) == [S.WITHDRAWN]
    assert allowed_targets(submission, people["other_filmmaker"]) == []


def test_a_refused_change_says_why(people):
    submission = submission_in(S.SUBMITTED, people["owner"])
    with force_locale("en"):
        with pytest.raises(WorkflowError, match="“Submitted” cannot become “Selected”"):
            change_status(submission, S.SELECTED, actor=people["admin"])
        with pytest.raises(WorkflowError, match="Only festival staff"):
            change_status(submission, S.IN_CONSIDERATION, actor=people["owner"])
        with pytest.raises(WorkflowError, match="Only the filmmaker"):
            change_status(submission, S.WITHDRAWN, actor=people["admin"])


def test_disqualifying_needs_a_reason(people):
    submission = submission_in(S.IN_CONSIDERATION, people["owner"])
    with pytest.raises(WorkflowError) as refused:
        change_status(submission, S.DISQUALIFIED, actor=people["programmer"], reason="   ")
    assert refused.value.field == "reason"
    assert submission.status is S.IN_CONSIDERATION
    change_status(submission, S.DISQUALIFIED, actor=people["programmer"], reason="타인의 저작물")
    assert submission.status is S.DISQUALIFIED


def test_a_change_writes_the_history_and_the_audit_log(people):
    submission = submission_in(S.SUBMITTED, people["owner"])
    programmer = people["programmer"]
    event = change_status(submission, "in_consideration", actor=programmer, reason="1차 심사")
    assert submission.events[-1] is event
    assert (event.from_status, event.to_status, event.actor, event.reason) == (
        S.SUBMITTED,
        S.IN_CONSIDERATION,
        programmer,
        "1차 심사",
    )
    assert event.at is not None
    audit = events_for(submission)[-1]
    assert (audit.verb, audit.actor_id, audit.before, audit.after, audit.reason) == (
        "status_changed",
        programmer.id,
        {"status": "submitted"},
        {"status": "in_consideration"},
        "1차 심사",
    )


def test_submitting_stamps_the_submission_time(people):
    submission = submission_in(S.DRAFT, people["owner"])
    assert submission.submitted_at is None
    change_status(submission, S.SUBMITTED, actor=people["owner"])
    assert submission.submitted_at is not None


def test_staff_path_walks_the_workflow():
    assert staff_path(S.SUBMITTED, S.SELECTED) == [S.IN_CONSIDERATION, S.SHORTLISTED, S.SELECTED]
    assert staff_path(S.SUBMITTED, S.NOT_SELECTED) == [S.IN_CONSIDERATION, S.NOT_SELECTED]
    assert staff_path(S.WITHDRAWN, S.SELECTED) == []
