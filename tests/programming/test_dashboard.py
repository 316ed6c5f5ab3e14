"""The edition dashboard: its figures, as the database adds them up, and the page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from festival.accounts.enums import Role
from festival.database import utcnow
from festival.extensions import db
from festival.jobs.enums import JobState
from festival.jobs.models import Job
from festival.judging import progress, queries
from festival.media.models import Viewing
from festival.programming.dashboard import dashboard_of
from festival.programming.desk_rows import JURY_SCORES_JOB
from festival.submissions.enums import SubmissionStatus
from tests import factories
from tests.conftest import sign_in

ROOT = Path(__file__).resolve().parents[2]


def by_key(counts):
    return {count.key: count.count for count in counts}


def by_label(counts):
    return {count.label: count.count for count in counts}


@pytest.fixture
def edition(app_ctx):
    return factories.make_edition(currency="KRW")


def test_entries_are_counted_by_status_category_deadline_country_fee_and_waiver(edition):
    short, feature = edition.categories
    early, regular, _late = edition.deadlines
    waiver = edition.waiver_codes[0]
    make = factories.make_submission
    make(category=short, deadline=early, is_paid=True)
    make(category=short, deadline=early, is_paid=True, status="selected")
    make(category=short, deadline=regular)
    make(
        film=factories.make_film(countries=["FR", "KR"]),
        category=feature,
        deadline=regular,
        waiver_code=waiver,
        fee_cents=0,
    )
    make(category=feature, status="draft")
    other = factories.make_edition()
    make(category=other.categories[0])

    dashboard = dashboard_of(edition)

    assert dashboard.entries == 4
    statuses = by_key(dashboard.by_status)
    assert statuses["submitted"] == 3
    assert statuses["selected"] == 1
    assert statuses["draft"] == 1
    assert statuses["withdrawn"] == 0
    assert dashboard.by_status[0].label == str(SubmissionStatus.DRAFT.label)
    assert by_label(dashboard.by_category) == {"AI Short": 3, "AI Feature": 1}
    assert by_label(dashboard.by_deadline) == {"Early": 2, "Regular": 2, "Late": 0}
    assert by_key(dashboard.by_country) == {"KR": 4, "FR": 1}
    assert dashboard.by_country[0].label == "South Korea"
    (income,) = dashboard.income
    assert (income.currency, income.paid, income.paid_cents) == ("KRW", 2, 2 * early.fee_cents)
    assert (income.unpaid, income.unpaid_cents) == (1, regular.fee_cents)
    assert by_label(dashboard.waivers) == {waiver.code: 1}


def test_an_edition_without_entries_or_rounds_has_an_empty_dashboard(edition):
    dashboard = dashboard_of(edition)
    assert dashboard.entries == 0
    assert dashboard.by_country == [] and dashboard.income == [] and dashboard.rounds == []
    assert all(count.count == 0 for count in dashboard.by_category)


def _jury_round(edition, reviewers, *, statuses=("submitted", "withdrawn")):
    films = [factories.make_film(runtime_s=600) for _ in range(3)]
    for film in films:
        factories.make_screener(film, probe={"duration_s": 500.0}, files=False)
    submissions = [
        factories.make_submission(film=film, category=edition.categories[0]) for film in films
    ]
    round_ = factories.make_round(
        edition,
        reviews_per_film=2,
        members=reviewers,
        submissions=submissions,
        statuses=statuses,
    )
    return round_, round_.entries


def test_rounds_show_entries_with_enough_reviews_and_the_reviewers_behind(edition, make_user):
    ahead, behind = make_user(Role.JUROR, name="Ahead"), make_user(Role.JUROR, name="Behind")
    round_, (first, second, gone) = _jury_round(edition, [ahead, behind])
    for entry in (first, second):
        factories.make_review(factories.make_assignment(round_, entry, ahead))
    factories.make_review(factories.make_assignment(round_, first, behind))
    factories.make_assignment(round_, second, behind)
    factories.make_review(factories.make_assignment(round_, gone, behind))
    gone.submission.status = SubmissionStatus.WITHDRAWN  # left: neither counted nor owed
    db.session.flush()

    (progress,) = dashboard_of(edition).rounds

    assert progress.round == round_
    assert (progress.entries, progress.complete) == (2, 1)
    assert [(w.name, w.assigned, w.submitted, w.behind) for w in progress.reviewers] == [
        ("Behind", 2, 1, 1),
        ("Ahead", 2, 2, 0),
    ]


def test_the_share_played_is_the_one_the_assignments_page_shows(edition, make_user):
    juror = make_user(Role.JUROR)
    round_, entries = _jury_round(edition, [juror], statuses=("submitted",))
    assignments = [factories.make_assignment(round_, entry, juror) for entry in entries]
    played = [500_000, 125_000, 0]  # all of it, a quarter, nothing
    for entry, watched in zip(entries, played, strict=True):
        if watched:
            db.session.add(
                Viewing(
                    user_id=juror.id,
                    screener_id=entry.screener_id,
                    intervals=[[0, watched]],
                    watched_ms=watched,
                )
            )
    entries[2].screener.probe = {"duration_s": "unknown"}  # falls back to the entered runtime
    db.session.flush()

    (progress,) = dashboard_of(edition).rounds
    (work,) = progress.reviewers

    shares = [seen.share for seen in queries.watching(assignments).values()]
    assert shares == [1.0, 0.25, 0.0]
    assert work.played_share == pytest.approx(sum(shares) / len(shares))


def test_staff_see_the_dashboard_with_a_table_beside_each_chart(client, edition, make_user):
    factories.make_submission(category=edition.categories[0])
    sign_in(client, make_user(Role.PROGRAMMER))

    page = client.get(f"/manage/editions/{edition.id}/dashboard")

    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count('data-chart="bar"') == 5
    assert html.count('class="chart-data"') == 4  # no waiver used yet: no table, no chart
    assert re.search(r'src="/static/v/[0-9a-f]+/js/charts\.js"', html)
    assert "style=" not in html


def test_filmmakers_cannot_reach_the_dashboard(client, edition, make_user):
    sign_in(client, make_user(Role.FILMMAKER))
    assert client.get(f"/manage/editions/{edition.id}/dashboard").status_code == 403


def test_the_charting_library_is_vendored_and_listed():
    script = (ROOT / "static/js/charts.js").read_text()
    vendored = "vendor/chart.js-4.6.1/chart.umd.min.js"
    assert f'import "../{vendored}";' in script
    assert (ROOT / "static" / vendored).is_file()
    assert (ROOT / "static/vendor/chart.js-4.6.1/LICENSE.md").is_file()
    assert "chart.js-4.6.1" in (ROOT / "static/vendor/README.md").read_text()


def _straightforward(round_):
    """The round's figures worked out object by object, as the definitions read."""
    from festival.media.viewing import duration_ms_of, viewing_of, watched_share
    from festival.submissions.enums import LEFT_COMPETITION

    db.session.expire_all()
    live = [e for e in round_.entries if e.submission.status not in LEFT_COMPETITION]
    reviewed = {
        e.id: sum(1 for a in e.assignments if a.is_active and a.review and a.review.is_submitted)
        for e in live
    }
    complete = sum(1 for n in reviewed.values() if n >= round_.reviews_per_film)
    work = {}
    for entry in live:
        for a in (a for a in entry.assignments if a.is_active):
            assigned, submitted, shares = work.get(a.reviewer_id, (0, 0, []))
            if entry.screener is not None:
                seen = viewing_of(a.reviewer, entry.screener)
                shares = [*shares, watched_share(seen, duration_ms_of(entry.screener))]
            done = a.review is not None and a.review.is_submitted
            work[a.reviewer_id] = (assigned + 1, submitted + done, shares)
    return (len(live), complete), {
        user_id: (assigned, submitted, sum(shares) / len(shares) if shares else None)
        for user_id, (assigned, submitted, shares) in work.items()
    }


def _kept(round_):
    completion, work = progress.figures([round_.id])
    figures = completion.get(round_.id, progress.Completion(0, 0))
    return (figures.entries, figures.complete), {
        w.reviewer_id: (w.assigned, w.submitted, w.played_share) for w in work
    }


def _assert_same(round_):
    (kept_counts, kept_work), (counts, work) = _kept(round_), _straightforward(round_)
    assert kept_counts == counts
    assert kept_work.keys() == work.keys()
    for user_id, (assigned, submitted, share) in work.items():
        assert kept_work[user_id][:2] == (assigned, submitted)
        assert kept_work[user_id][2] == pytest.approx(share)


def test_the_kept_figures_follow_every_change_and_match_a_straightforward_count(edition, make_user):
    from festival.judging import planning, reviews
    from festival.judging.enums import AssignmentState
    from festival.judging.models import ProgressRound
    from festival.media import viewing
    from festival.submissions import workflow

    staff_user = make_user(Role.PROGRAMMER)
    first, second = make_user(Role.JUROR, name="First"), make_user(Role.JUROR, name="Second")
    round_, (one, two, three) = _jury_round(edition, [first, second])
    assert db.session.get(ProgressRound, round_.id) is not None  # kept from its creation
    _assert_same(round_)
    pairs = {
        (entry, juror): factories.make_assignment(round_, entry, juror)
        for entry in (one, two, three)
        for juror in (first, second)
    }
    _assert_same(round_)
    factories.make_review(pairs[one, first])
    factories.make_review(pairs[one, second])
    factories.make_review(pairs[two, first], submit=False)
    _assert_same(round_)
    assert _kept(round_)[0] == (3, 1)
    viewing.record_played(first, one.screener, [[0, 100_000]])
    viewing.record_played(first, one.screener, [[200_000, 500_000]])
    viewing.record_played(second, two.screener, [[0, 50_000]])
    _assert_same(round_)
    reviews.reopen(pairs[one, second].review, actor=staff_user, now=utcnow())
    _assert_same(round_)
    assert _kept(round_)[0] == (3, 0)
    factories.make_review(pairs[two, first], submit=False)  # a draft saved again
    _assert_same(round_)
    factories.make_review(pairs[one, second])  # the reopened one, submitted again
    _assert_same(round_)
    assert _kept(round_)[0] == (3, 1)
    planning.end(pairs[three, second], AssignmentState.RECUSED, actor=staff_user)
    workflow.change_status(two.submission, "disqualified", actor=staff_user, reason="Rules")
    db.session.flush()
    _assert_same(round_)
    two.screener.probe = {"duration_s": 200.0}
    one.screener.probe = {}  # falls back to the film's entered runtime
    db.session.flush()
    _assert_same(round_)
    planning.remove(pairs[three, first], actor=staff_user)
    _assert_same(round_)

    db.session.delete(db.session.get(ProgressRound, round_.id))  # a round made before
    db.session.flush()
    live = _kept(round_)
    progress.rebuild([round_.id])
    assert _kept(round_) == live
    _assert_same(round_)


def test_a_drafts_autosave_writes_neither_the_kept_figures_nor_the_desk(edition, make_user):
    from sqlalchemy import event

    juror = make_user(Role.JUROR)
    round_, (one, _two, _three) = _jury_round(edition, [juror])
    assignment = factories.make_assignment(round_, one, juror)
    factories.make_review(assignment, submit=False)
    db.session.commit()
    written = []

    def note(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            written.append(
                statement.split()[2] if statement.startswith("INSERT") else statement.split()[1]
            )

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        factories.make_review(assignment, {c.id: 3 for c in round_.criteria}, submit=False)
        db.session.commit()
        drafted = sorted(set(written))
        written.clear()
        factories.make_review(assignment)
        db.session.commit()
    finally:
        event.remove(db.engine, "before_cursor_execute", note)

    assert drafted == ["judging_reviews", "judging_scores"]
    # A submitted jury review counts at once; its scores reach the desk by the ranking job.
    assert "judging_reviewer_progress" in written
    assert "programming_desk_rows" not in written
    assert db.session.scalar(
        db.select(Job.id).where(
            Job.kind == JURY_SCORES_JOB, Job.subject_id == round_.id, Job.state == JobState.QUEUED
        )
    )
