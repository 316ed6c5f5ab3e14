"""Setting up a round: its dates, the entries it judges (and the screener version each pins),
and its members."""

from __future__ import annotations

from datetime import timedelta

import pytest

from festival.accounts.enums import Role
from festival.database import utcnow
from festival.extensions import db
from festival.judging import rounds
from festival.judging.enums import RoundStage
from festival.judging.rubrics import CriterionDraft
from festival.refusals import Refusal
from festival.submissions.enums import SubmissionStatus
from tests import factories


def settings(**changes) -> rounds.RoundSettings:
    now = utcnow()
    values = {
        "name": "Jury",
        "stage": RoundStage.JURY,
        "opens_at": now,
        "closes_at": now + timedelta(days=7),
        "statuses": ["shortlisted"],
    }
    return rounds.RoundSettings(**(values | changes))


RUBRIC = [CriterionDraft("Overall", 100, 1, 5)]


def entry_of(round_, submission):
    return next((e for e in round_.entries if e.submission_id == submission.id), None)


def test_a_round_that_closes_before_it_opens_is_refused(app_ctx):
    edition = factories.make_edition()
    now = utcnow()

    for closes_at in (now - timedelta(hours=1), now):
        with pytest.raises(Refusal, match="close after it opens"):
            rounds.create_round(
                edition,
                settings(opens_at=now, closes_at=closes_at),
                RUBRIC,
                actor=None,
            )


def test_moving_a_round_to_close_before_it_opens_is_refused(app_ctx):
    round_ = factories.make_round()
    closes_at = round_.closes_at
    changed = rounds.settings_of(round_)
    changed.closes_at = changed.opens_at - timedelta(minutes=1)

    with pytest.raises(Refusal, match="close after it opens"):
        rounds.update_round(round_, changed, actor=None)

    assert round_.closes_at == closes_at


def test_a_round_needs_a_submission_status(app_ctx):
    with pytest.raises(Refusal, match="status"):
        rounds.create_round(factories.make_edition(), settings(statuses=[]), RUBRIC, actor=None)


def test_a_round_cannot_cover_another_editions_category(app_ctx):
    other = factories.make_edition()

    with pytest.raises(Refusal, match="categories of this edition"):
        rounds.create_round(
            factories.make_edition(),
            settings(category_ids=[other.categories[0].id]),
            RUBRIC,
            actor=None,
        )


# --- entries --------------------------------------------------------------------------------


@pytest.fixture
def edition(app_ctx):
    return factories.make_edition()


def entered(edition, category_index=0, status="shortlisted", screener=True):
    film = factories.make_film()
    if screener:
        factories.make_screener(film)
    return factories.make_submission(film, edition.categories[category_index], status=status)


def test_sync_adds_the_submissions_of_the_rounds_categories_and_statuses(edition):
    wanted = entered(edition, 0, "shortlisted")
    other_category = entered(edition, 1, "shortlisted")
    other_status = entered(edition, 0, "submitted")
    draft = entered(edition, 0, "draft")
    elsewhere = entered(factories.make_edition(), 0, "shortlisted")
    round_ = factories.make_round(
        edition, category_ids=[edition.categories[0].id], statuses=["shortlisted"]
    )

    assert rounds.sync_entries(round_, actor=None) == (1, 0)

    assert [e.submission_id for e in round_.entries] == [wanted.id]
    for left_out in (other_category, other_status, draft, elsewhere):
        assert entry_of(round_, left_out) is None


def test_a_round_without_categories_covers_every_category(edition):
    short = entered(edition, 0)
    feature = entered(edition, 1)
    round_ = factories.make_round(edition, statuses=["shortlisted"])

    rounds.sync_entries(round_, actor=None)

    assert {e.submission_id for e in round_.entries} == {short.id, feature.id}


def test_sync_pins_the_newest_ready_screener(edition):
    film = factories.make_film()
    factories.make_screener(film)
    ready = factories.make_screener(film)
    factories.make_screener(film, state="transcoding")
    submission = factories.make_submission(film, edition.categories[0], status="shortlisted")
    round_ = factories.make_round(edition, statuses=["shortlisted"])

    rounds.sync_entries(round_, actor=None)

    assert entry_of(round_, submission).screener_id == ready.id


def test_an_entry_keeps_its_version_when_the_filmmaker_uploads_a_newer_one(edition):
    submission = entered(edition)
    round_ = factories.make_round(edition, statuses=["shortlisted"])
    rounds.sync_entries(round_, actor=None)
    pinned = entry_of(round_, submission).screener_id

    newer = factories.make_screener(submission.film)
    rounds.sync_entries(round_, actor=None)

    assert newer.version > 1
    assert entry_of(round_, submission).screener_id == pinned != newer.id


def test_an_entry_without_a_ready_screener_is_pinned_once_one_is_ready(edition):
    submission = entered(edition, screener=False)
    round_ = factories.make_round(edition, statuses=["shortlisted"])
    rounds.sync_entries(round_, actor=None)
    assert entry_of(round_, submission).screener_id is None

    ready = factories.make_screener(submission.film)
    rounds.sync_entries(round_, actor=None)

    assert entry_of(round_, submission).screener_id == ready.id


def test_sync_drops_a_withdrawn_entry_nobody_is_assigned_to(edition):
    withdrawn = entered(edition)
    kept = entered(edition)
    round_ = factories.make_round(edition, statuses=["shortlisted"])
    rounds.sync_entries(round_, actor=None)

    withdrawn.status = SubmissionStatus.WITHDRAWN
    db.session.flush()

    assert rounds.sync_entries(round_, actor=None) == (0, 1)
    assert entry_of(round_, withdrawn) is None
    assert entry_of(round_, kept) is not None


def test_sync_keeps_a_withdrawn_entry_that_has_assignments(edition):
    withdrawn = entered(edition)
    juror = factories.make_user(Role.JUROR)
    round_ = factories.make_round(edition, statuses=["shortlisted"], members=[juror])
    rounds.sync_entries(round_, actor=None)
    factories.make_assignment(round_, entry_of(round_, withdrawn), juror)

    withdrawn.status = SubmissionStatus.WITHDRAWN
    db.session.flush()

    assert rounds.sync_entries(round_, actor=None) == (0, 0)
    assert entry_of(round_, withdrawn) is not None


def test_sync_twice_adds_nothing_new(edition):
    entered(edition)
    round_ = factories.make_round(edition, statuses=["shortlisted"])

    assert rounds.sync_entries(round_, actor=None) == (1, 0)
    assert rounds.sync_entries(round_, actor=None) == (0, 0)


# --- members --------------------------------------------------------------------------------


def test_members_are_set_to_exactly_the_people_chosen(app_ctx):
    a, b, c = (factories.make_user(Role.JUROR) for _ in range(3))
    round_ = factories.make_round(members=[a, b])

    rounds.set_members(round_, [b.id, c.id], actor=None)

    assert sorted(m.user_id for m in round_.members) == sorted([b.id, c.id])


def test_a_member_with_assignments_cannot_be_removed(jury, jury_round):
    busy, free, _third = jury.jurors
    factories.make_assignment(jury_round, jury_round.entries[0], busy)

    with (
        pytest.raises(Refusal, match="Juror 0 has films in this round"),
        db.session.begin_nested(),
    ):
        rounds.set_members(jury_round, [free.id], actor=None)

    assert busy.id in {m.user_id for m in jury_round.members}


def test_only_people_holding_the_rounds_role_may_be_members(app_ctx):
    filmmaker = factories.make_user(Role.FILMMAKER)
    programmer = factories.make_user(Role.PROGRAMMER)
    jury_round = factories.make_round()
    screening_round = factories.make_round(stage="screening")

    with pytest.raises(Refusal, match="role"):
        rounds.set_members(jury_round, [filmmaker.id], actor=None)
    with pytest.raises(Refusal, match="role"):
        rounds.set_members(jury_round, [programmer.id], actor=None)
    rounds.set_members(screening_round, [programmer.id], actor=None)
    assert [m.user_id for m in screening_round.members] == [programmer.id]


def test_a_negative_cap_is_refused(jury, jury_round):
    member = jury_round.members[0]

    with pytest.raises(Refusal):
        rounds.update_member(member, cap=-1, preferred=[], actor=None)
    rounds.update_member(member, cap=2, preferred=[jury.edition.categories[1].id], actor=None)
    assert (member.cap, member.preferred_category_ids) == (2, [jury.edition.categories[1].id])
