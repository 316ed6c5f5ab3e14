"""Eligibility: each check, and the message that says exactly what is missing."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta

import pytest
from flask_babel import force_locale

from festival.database import utcnow
from festival.media.enums import RejectionCode
from festival.media.probe import probe_screener
from festival.submissions.eligibility import check_eligibility, is_eligible
from festival.submissions.facts import facts_of
from tests import factories
from tests.submissions.conftest import EVERY_CHECK, make_disclosure, make_entrant_film, make_film


@pytest.fixture
def edition(make_edition):
    return make_edition()


def by_name(checks):
    return {check.name: check for check in checks}


def checks_for(film, category):
    with force_locale("en"):
        return {
            name: (check.passed, str(check.message), [str(line) for line in check.details])
            for name, check in by_name(
                check_eligibility(facts_of(film), category, now=utcnow())
            ).items()
        }


def test_an_eligible_film_passes_every_check(edition):
    film = make_entrant_film()
    checks = check_eligibility(facts_of(film), edition.categories[0], now=utcnow())
    assert [c.name for c in checks] == EVERY_CHECK
    assert all(c.passed for c in checks)
    assert is_eligible(checks)


def test_a_film_longer_than_the_category_allows_is_refused_with_both_lengths(edition):
    film = make_film(runtime_s=30 * 60 + 1)
    make_disclosure(film, segments=[(0, 30 * 60 * 1000)])
    passed, message, _ = checks_for(film, edition.categories[0])["runtime"]
    assert passed is False
    assert message == "AI Short takes films up to 30 minutes; this film runs 31."


def test_exactly_the_maximum_runtime_is_allowed(edition):
    film = make_film(runtime_s=30 * 60)
    assert checks_for(film, edition.categories[0])["runtime"][0] is True


def test_too_little_ai_material_names_the_minimum_and_the_share(edition):
    film = make_film(runtime_s=600)
    make_disclosure(film, segments=[(0, 200_000), (100_000, 300_000)])
    passed, message, _ = checks_for(film, edition.categories[0])["ai_share"]
    assert passed is False
    assert "at least 70%" in message
    assert "cover 50%" in message


def test_a_category_without_a_minimum_share_has_no_share_check(edition):
    film = make_film(runtime_s=600)
    make_disclosure(film, segments=[])
    checks = checks_for(film, edition.categories[1])
    assert "ai_share" not in checks
    assert checks["disclosure"][0] is True


def test_a_film_without_a_disclosure_is_told_to_fill_it_in(edition):
    film = make_film()
    checks = checks_for(film, edition.categories[1])
    assert checks["disclosure"][:2] == (False, "Fill in the AI disclosure of this film first.")


def test_an_incomplete_disclosure_lists_every_missing_answer(edition):
    film = make_film()
    make_disclosure(film, complete=False)
    passed, message, details = checks_for(film, edition.categories[1])["disclosure"]
    assert passed is False
    assert message == ("The AI disclosure is not complete: 4 answers are missing or need fixing.")
    assert any("how the audience is told" in line for line in details)
    assert any("complete and true" in line for line in details)


def test_the_latest_disclosure_version_counts(edition):
    film = make_film()
    make_disclosure(film, complete=False)
    make_disclosure(film, version=2)
    assert checks_for(film, edition.categories[1])["disclosure"][0] is True


def test_a_film_already_entered_in_the_category_is_refused(edition):
    film = make_entrant_film()
    factories.make_submission(film=film, category=edition.categories[0])
    passed, message, _ = checks_for(film, edition.categories[0])["not_entered"]
    assert (passed, message) == (False, "This film is already entered in AI Short.")
    assert checks_for(film, edition.categories[1])["not_entered"][0] is True


def test_a_withdrawn_entry_cannot_be_made_again(edition):
    film = make_entrant_film()
    factories.make_submission(film=film, category=edition.categories[0], status="withdrawn")
    passed, message, _ = checks_for(film, edition.categories[0])["not_entered"]
    assert passed is False
    assert "withdrawn; it cannot be entered again" in message


def test_a_closed_call_is_refused(make_edition):
    today = date.today()
    closed = make_edition(
        opens_on=today - timedelta(days=30),
        deadlines=[("Only", today - timedelta(days=1), 0)],
        name="지난 영화제",
    )
    checks = checks_for(make_entrant_film(), closed.categories[0])
    assert checks["call_open"][:2] == (False, "지난 영화제 is not accepting entries now.")


def test_the_screener_check_says_what_to_do_at_each_stage(app_ctx):
    from festival.submissions.eligibility import screener_check

    film = factories.make_film()
    assert "Upload the film's screener." in str(screener_check(facts_of(film)).message)
    factories.make_screener(film, state="transcoding")
    assert "still being processed" in str(screener_check(facts_of(film)).message)
    rejected = factories.make_screener(film, state="rejected")
    rejected.rejection_code = RejectionCode.AUDIO_ONLY
    assert "sound but no picture" in str(screener_check(facts_of(film)).message)
    factories.make_screener(film, state="ready")
    assert screener_check(facts_of(film)).passed is True


@pytest.fixture(scope="module")
def small_screener_measured(tmp_path_factory):
    """The probe and QC measurements of a real 320×240 file, as ingest stores them."""
    path = tmp_path_factory.mktemp("qc") / "small.mp4"
    subprocess.run(
        ["ffmpeg", "-nostdin", "-loglevel", "error", "-f", "lavfi",
         "-i", "testsrc2=s=320x240:r=24:d=2", "-c:v", "libx264", "-preset", "ultrafast",
         "-pix_fmt", "yuv420p", str(path)],
        check=True,
    )  # fmt: skip
    return probe_screener(path).to_dict(), {"measurements": {}, "notes": []}


def test_a_screener_below_the_calls_resolution_does_not_meet_the_screener_check(
    edition, small_screener_measured
):
    probe, qc = small_screener_measured
    film = make_film(runtime_s=2)
    make_disclosure(film, segments=[(0, 2000)])
    factories.make_screener(film, probe=probe, qc=qc)
    category = edition.categories[0]

    passed, message, details = checks_for(film, category)["screener"]
    assert passed is False
    assert message.startswith("The screener does not meet the technical requirements of")
    assert details == [
        "Resolution: The picture is smaller than required. (found 320×240; required "
        "1280×720 – 3840×2160)"
    ]
    edition.screener_min_width, edition.screener_min_height = 320, 240
    assert checks_for(film, category)["screener"][0] is True


def test_a_category_bounds_runtime_from_below(edition):
    feature = edition.categories[1]
    feature.min_runtime_minutes = 40
    film = make_film(runtime_s=20)
    passed, message, _ = checks_for(film, feature)["runtime"]
    assert passed is False
    assert message == "AI Feature takes films of at least 40 minutes; this film runs 20 seconds."
    assert checks_for(make_film(runtime_s=40 * 60), feature)["runtime"][0] is True
    with force_locale("ko"):
        check = by_name(check_eligibility(facts_of(film), feature, now=utcnow()))["runtime"]
        assert "40분 이상" in str(check.message)
