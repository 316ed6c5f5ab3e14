"""Each eligibility check as a pure function of facts built by hand: no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from flask_babel import force_locale

from festival.disclosure.models import Disclosure
from festival.disclosure.validation import DisclosureProblem
from festival.editions.models import Category, Deadline, Edition
from festival.media.enums import RejectionCode, ScreenerState
from festival.media.models import Screener
from festival.submissions import eligibility
from festival.submissions.enums import SubmissionStatus
from festival.submissions.facts import FilmFacts
from tests.submissions.conftest import EVERY_CHECK

OPEN_DAY = datetime(2027, 1, 15, 12, tzinfo=UTC)
CLOSED_DAY = datetime(2027, 2, 2, 12, tzinfo=UTC)


@pytest.fixture(autouse=True)
def english(app_ctx):
    """Lazy messages are rendered in English; the checks themselves read nothing."""
    with force_locale("en"):
        yield


def eligible_facts(**changes) -> FilmFacts:
    """A 10-minute film with a complete disclosure, 80% generated, a ready screener and no
    entries yet; `changes` replace any fact."""
    ready = Screener(version=1, state=ScreenerState.READY)
    facts = FilmFacts(
        film_id=1,
        runtime_s=600,
        disclosure=Disclosure(version=1),
        draft=None,
        problems=(),
        ai_share=0.8,
        latest_screener=ready,
        playable_screener=ready,
        entries={},
    )
    return replace(facts, **changes)


def category(*, minutes: int = 30, minimum_share: int | None = 70, id: int = 1) -> Category:
    edition = Edition(
        name="Spring Festival",
        timezone="UTC",
        opens_on=date(2027, 1, 1),
        is_published=True,
        deadlines=[Deadline(name="Only", last_day_on=date(2027, 1, 31), fee_cents=0)],
    )
    return Category(
        id=id,
        name="AI Short",
        edition=edition,
        max_runtime_minutes=minutes,
        min_ai_share_percent=minimum_share,
    )


def test_every_check_passes_for_an_eligible_film():
    checks = eligibility.check_eligibility(eligible_facts(), category(), now=OPEN_DAY)
    assert [check.name for check in checks] == EVERY_CHECK
    assert eligibility.is_eligible(checks)
    assert eligibility.failed(checks) == []


def test_the_call_is_open_between_its_opening_and_its_last_deadline():
    assert eligibility.call_open_check(category(), OPEN_DAY).passed is True
    check = eligibility.call_open_check(category(), CLOSED_DAY)
    assert check.passed is False
    assert str(check.message) == "Spring Festival is not accepting entries now."


def test_a_closed_call_makes_the_film_ineligible():
    checks = eligibility.check_eligibility(eligible_facts(), category(), now=CLOSED_DAY)
    assert not eligibility.is_eligible(checks)
    assert [check.name for check in eligibility.failed(checks)] == ["call_open"]


def test_the_runtime_may_reach_the_category_maximum_but_not_pass_it():
    assert eligibility.runtime_check(eligible_facts(runtime_s=30 * 60), category()).passed
    check = eligibility.runtime_check(eligible_facts(runtime_s=30 * 60 + 1), category())
    assert check.passed is False
    assert str(check.message) == "AI Short takes films up to 30 minutes; this film runs 31."


def test_a_complete_disclosure_passes():
    assert eligibility.disclosure_check(eligible_facts()).passed is True


def test_no_disclosure_asks_to_fill_it_in():
    check = eligibility.disclosure_check(eligible_facts(disclosure=None, ai_share=0.0))
    assert check.passed is False
    assert str(check.message) == "Fill in the AI disclosure of this film first."


def test_an_incomplete_disclosure_counts_and_lists_its_problems():
    problems = (
        DisclosureProblem("audience_notice", "Say how the audience is told."),
        DisclosureProblem("attests_complete", "Confirm the disclosure is complete and true."),
    )
    check = eligibility.disclosure_check(eligible_facts(problems=problems))
    assert check.passed is False
    assert str(check.message) == (
        "The AI disclosure is not complete: 2 answers are missing or need fixing."
    )
    assert check.details == (
        "Say how the audience is told.",
        "Confirm the disclosure is complete and true.",
    )


def test_the_ai_share_must_reach_the_category_minimum():
    assert eligibility.ai_share_check(eligible_facts(ai_share=0.7), category()).passed is True
    check = eligibility.ai_share_check(eligible_facts(ai_share=0.5), category())
    assert check.passed is False
    assert "at least 70%" in str(check.message)
    assert "cover 50%" in str(check.message)


def test_a_category_without_a_minimum_share_has_no_share_check():
    facts = eligible_facts(ai_share=0.0)
    assert eligibility.ai_share_check(facts, category(minimum_share=None)) is None
    checks = eligibility.check_eligibility(facts, category(minimum_share=None), now=OPEN_DAY)
    assert "ai_share" not in [check.name for check in checks]


def test_an_entry_in_another_category_does_not_count():
    facts = eligible_facts(entries={2: SubmissionStatus.SUBMITTED})
    assert eligibility.not_entered_check(facts, category(id=1)).passed is True


def test_a_film_already_entered_in_the_category_is_refused():
    facts = eligible_facts(entries={1: SubmissionStatus.IN_CONSIDERATION})
    check = eligibility.not_entered_check(facts, category(id=1))
    assert check.passed is False
    assert str(check.message) == "This film is already entered in AI Short."


def test_a_withdrawn_entry_cannot_be_made_again():
    facts = eligible_facts(entries={1: SubmissionStatus.WITHDRAWN})
    check = eligibility.not_entered_check(facts, category(id=1))
    assert check.passed is False
    assert str(check.message) == (
        "This film was entered in AI Short and withdrawn; it cannot be entered again."
    )


def test_a_playable_screener_passes_even_while_a_newer_version_is_processed():
    ready = Screener(version=1, state=ScreenerState.READY)
    newer = Screener(version=2, state=ScreenerState.TRANSCODING)
    facts = eligible_facts(latest_screener=newer, playable_screener=ready)
    assert eligibility.screener_check(facts).passed is True


def test_without_a_screener_the_check_asks_for_one():
    facts = eligible_facts(latest_screener=None, playable_screener=None)
    check = eligibility.screener_check(facts)
    assert check.passed is False
    assert str(check.message) == "Upload the film's screener."


def test_a_screener_in_processing_asks_to_wait():
    processing = Screener(version=1, state=ScreenerState.PROBING)
    check = eligibility.screener_check(
        eligible_facts(latest_screener=processing, playable_screener=None)
    )
    assert check.passed is False
    assert str(check.message) == (
        "The screener is still being processed; try again in a few minutes."
    )


def test_a_rejected_screener_gives_its_reason_or_else_its_state():
    rejected = Screener(version=1, state=ScreenerState.REJECTED, rejection_code=RejectionCode.TEXT)
    check = eligibility.screener_check(
        eligible_facts(latest_screener=rejected, playable_screener=None)
    )
    assert check.passed is False
    assert str(check.message) == (
        "The last screener upload was not accepted: This is a text file, not a video. "
        "Upload a new one."
    )
    failed = Screener(version=1, state=ScreenerState.FAILED)
    check = eligibility.screener_check(
        eligible_facts(latest_screener=failed, playable_screener=None)
    )
    assert "not accepted: Failed" in str(check.message)
