"""The programmers' screening pass: the next film to rate, the private notes, tags, and
moving the chosen films to the shortlist."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from festival.accounts.enums import Role
from festival.extensions import db
from festival.judging import conflicts, results, screening
from festival.judging.enums import ConflictKind
from festival.refusals import Refusal
from festival.submissions.enums import SubmissionStatus
from festival.submissions.models import SubmissionEvent
from tests import factories
from tests.conftest import sign_in


@dataclass
class Screening:
    round: object
    entries: list
    first: object
    second: object


@pytest.fixture
def open_screening(jury):
    """An open screening round over three films, with two programmers."""
    second = factories.make_user(Role.PROGRAMMER, name="Sam Second")
    round_ = factories.make_round(
        jury.edition,
        stage="screening",
        is_open_screening=True,
        members=[jury.programmer, second],
        submissions=jury.submissions[:3],
    )
    return Screening(round_, list(round_.entries), jury.programmer, second)


def screen_url(round_, entry) -> str:
    return f"/judging/rounds/{round_.id}/screen/{entry.id}"


def rating(round_, values, *, note="", tags="", revision=0, action="next") -> dict:
    data = {"note": note, "tags": tags, "revision": str(revision), "action": action}
    for criterion, value in zip(round_.criteria, values, strict=True):
        data[f"score-{criterion.id}"] = str(value)
    return data


def rate(client, screening_, entry, values=(7, 7), **fields):
    return client.post(
        screen_url(screening_.round, entry), data=rating(screening_.round, values, **fields)
    )


# --- the next film --------------------------------------------------------------------------


def test_next_walks_forward_past_films_not_yet_rated(open_screening):
    first, second, third = open_screening.entries
    round_, me = open_screening.round, open_screening.first

    assert screening.next_entry(round_, me) == first
    assert screening.next_entry(round_, me, after=first) == second
    assert screening.next_entry(round_, me, after=second) == third


def test_next_skips_films_already_rated(app, open_screening):
    first, second, third = open_screening.entries
    client = sign_in(app.test_client(), open_screening.first)
    rate(client, open_screening, second)

    assert screening.next_entry(open_screening.round, open_screening.first, after=first) == third
    response = client.get(
        f"/judging/rounds/{open_screening.round.id}/screen", query_string={"after": first.id}
    )
    assert response.headers["Location"].endswith(screen_url(open_screening.round, third))


def test_next_goes_round_to_the_first_film_left_once_the_later_ones_are_rated(app, open_screening):
    first, second, third = open_screening.entries
    client = sign_in(app.test_client(), open_screening.first)
    rate(client, open_screening, third)

    assert screening.next_entry(open_screening.round, open_screening.first, after=second) == first


def test_after_the_last_rating_next_goes_back_to_the_dashboard(app, open_screening):
    client = sign_in(app.test_client(), open_screening.first)
    for entry in open_screening.entries:
        response = rate(client, open_screening, entry)
        assert response.status_code == 302

    assert screening.next_entry(open_screening.round, open_screening.first) is None
    done = client.get(
        f"/judging/rounds/{open_screening.round.id}/screen",
        query_string={"after": open_screening.entries[-1].id},
    )
    assert done.headers["Location"].endswith("/judging")


def test_saving_a_rating_moves_on_to_the_next_film(app, open_screening):
    first, second, _third = open_screening.entries
    client = sign_in(app.test_client(), open_screening.first)

    response = rate(client, open_screening, first)

    follow = client.get(response.headers["Location"])
    assert follow.headers["Location"].endswith(screen_url(open_screening.round, second))


def test_next_skips_a_film_the_programmer_is_conflicted_with(app, open_screening):
    first, second, third = open_screening.entries
    conflicts.record_conflict(
        open_screening.first, second.film, ConflictKind.FAMILY, actor=open_screening.second
    )
    client = sign_in(app.test_client(), open_screening.first)

    assert screening.next_entry(open_screening.round, open_screening.first, after=first) == third
    assert second not in screening.entries_to_screen(open_screening.round, open_screening.first)
    assert client.get(screen_url(open_screening.round, second)).status_code == 404
    assert rate(client, open_screening, second).status_code == 404


def test_in_an_assigned_screening_round_a_programmer_rates_only_their_films(app, jury):
    round_ = factories.make_round(
        jury.edition, stage="screening", members=[jury.programmer], submissions=jury.submissions[:2]
    )
    mine, not_mine = round_.entries
    factories.make_assignment(round_, mine, jury.programmer)
    client = sign_in(app.test_client(), jury.programmer)

    assert screening.entries_to_screen(round_, jury.programmer) == [mine]
    assert client.get(screen_url(round_, mine)).status_code == 200
    assert client.get(screen_url(round_, not_mine)).status_code == 404


# --- notes ----------------------------------------------------------------------------------


def test_notes_and_ratings_show_to_another_programmer_only_once_they_have_rated(
    app, open_screening
):
    entry = open_screening.entries[0]
    author = sign_in(app.test_client(), open_screening.first)
    rate(author, open_screening, entry, (9, 2), note="Strong VFX, weak ending.")
    reader = sign_in(app.test_client(), open_screening.second)

    before = reader.get(screen_url(open_screening.round, entry)).get_data(as_text=True)

    assert "Strong VFX, weak ending." not in before
    assert "Pat Programmer" not in before
    assert "You see the other programmers' ratings and notes once you have given yours." in before

    rate(reader, open_screening, entry, (5, 5), action="stay")
    after = reader.get(screen_url(open_screening.round, entry)).get_data(as_text=True)

    assert "Strong VFX, weak ending." in after
    assert "Pat Programmer" in after


def test_an_empty_note_is_not_stored(app, open_screening):
    client = sign_in(app.test_client(), open_screening.first)

    rate(client, open_screening, open_screening.entries[0], note="   ")

    assert screening.notes_of(open_screening.entries[0].submission_id) == []


def test_a_note_too_long_is_refused(open_screening):
    with pytest.raises(Refusal):
        screening.add_note(
            open_screening.entries[0].submission, "x" * 5_001, actor=open_screening.first
        )


# --- tags -----------------------------------------------------------------------------------


def test_tags_are_trimmed_lower_cased_and_distinct_in_order():
    assert screening.parse_tags(" Horror,  VFX   heavy\n추천, horror,, HORROR ") == [
        "horror",
        "vfx heavy",
        "추천",
    ]
    assert screening.parse_tags("") == []


def test_a_tag_too_long_is_refused():
    with pytest.raises(Refusal, match="under 40 characters"):
        screening.parse_tags("x" * 41)


def test_more_than_twelve_tags_are_refused():
    assert len(screening.parse_tags(",".join(f"t{n}" for n in range(12)))) == 12
    with pytest.raises(Refusal, match="at most 12 tags"):
        screening.parse_tags(",".join(f"t{n}" for n in range(13)))


def test_tags_saved_with_a_rating_replace_the_films_tags(app, open_screening):
    entry = open_screening.entries[0]
    client = sign_in(app.test_client(), open_screening.first)

    rate(client, open_screening, entry, tags="Horror, VFX heavy, horror", action="stay")
    assert screening.tags_of(entry.submission_id) == ["horror", "vfx heavy"]

    page = client.get(screen_url(open_screening.round, entry)).get_data(as_text=True)
    assert 'value="horror, vfx heavy"' in page
    rate(client, open_screening, entry, tags="vfx heavy, 추천", revision=1, action="stay")
    assert screening.tags_of(entry.submission_id) == ["vfx heavy", "추천"]
    assert screening.edition_tags(open_screening.round.edition_id) == ["vfx heavy", "추천"]


def test_a_rating_with_too_many_tags_is_refused_and_stores_nothing(app, open_screening):
    entry = open_screening.entries[0]
    client = sign_in(app.test_client(), open_screening.first)

    response = rate(
        client, open_screening, entry, tags=",".join(f"t{n}" for n in range(13)), note="Lost?"
    )

    assert response.status_code == 400
    assert "Use at most 12 tags." in response.get_data(as_text=True)
    db.session.expire_all()
    assert screening.tags_of(entry.submission_id) == []
    assert screening.notes_of(entry.submission_id) == []
    assert screening.rated_entry_ids(open_screening.round, open_screening.first) == set()


# --- the shortlist --------------------------------------------------------------------------


def test_shortlisting_moves_screened_films_to_shortlisted_with_their_history(app, jury):
    category = jury.edition.categories[0]
    submitted, considered, left = (
        factories.make_submission(factories.make_film(), category, status=status)
        for status in ("submitted", "in_consideration", "submitted")
    )
    round_ = factories.make_round(
        jury.edition,
        stage="screening",
        members=[jury.programmer],
        submissions=[submitted, considered, left],
    )
    entries = {e.submission_id: e for e in round_.entries}
    staff = sign_in(app.test_client(), jury.programmer)

    response = staff.post(
        f"/manage/rounds/{round_.id}/shortlist",
        data={"entries": [entries[submitted.id].id, entries[considered.id].id]},
        follow_redirects=True,
    )

    assert "2 films shortlisted." in response.get_data(as_text=True)
    db.session.expire_all()
    assert submitted.status is SubmissionStatus.SHORTLISTED
    assert considered.status is SubmissionStatus.SHORTLISTED
    assert left.status is SubmissionStatus.SUBMITTED

    def history(submission):
        return [
            (e.from_status, e.to_status, e.actor_id)
            for e in db.session.scalars(
                db.select(SubmissionEvent)
                .where(SubmissionEvent.submission_id == submission.id)
                .order_by(SubmissionEvent.id)
            )
        ][1:]

    S = SubmissionStatus
    me = jury.programmer.id
    assert history(submitted) == [
        (S.SUBMITTED, S.IN_CONSIDERATION, me),
        (S.IN_CONSIDERATION, S.SHORTLISTED, me),
    ]
    assert history(considered) == [(S.IN_CONSIDERATION, S.SHORTLISTED, me)]
    assert history(left) == []


def test_shortlisting_nothing_ticked_is_refused(app, jury):
    round_ = factories.make_round(jury.edition, stage="screening", submissions=jury.submissions[:1])
    staff = sign_in(app.test_client(), jury.programmer)

    response = staff.post(f"/manage/rounds/{round_.id}/shortlist", follow_redirects=True)

    assert "Tick the films to shortlist." in response.get_data(as_text=True)


def test_the_screening_results_rank_the_programmers_ratings(app, open_screening):
    first, second, _third = open_screening.entries
    for user, values in ((open_screening.first, (9, 9)), (open_screening.second, (7, 9))):
        client = sign_in(app.test_client(), user)
        rate(client, open_screening, first, values)
        rate(client, open_screening, second, (3, 3))

    outcome = results.results_of(open_screening.round)
    (rows,) = outcome.rows.values()
    assert [row.entry.id for row in rows][:2] == [first.id, second.id]
    assert (rows[0].result.count, rows[0].result.mean) == (2, 8.4)


def test_staff_read_the_programmers_notes_and_tags_on_the_submission_page(app, jury):
    submission = jury.submissions[0]
    screening.add_note(submission, "Bold sound design; watch the ending.", actor=jury.programmer)
    screening.set_tags(submission, ["sound", "추천"], actor=jury.programmer)
    admin = factories.make_user(Role.ADMIN)
    page = sign_in(app.test_client(), admin).get(f"/manage/submissions/{submission.id}")

    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Bold sound design; watch the ending." in text
    assert "추천" in text
