"""The programmers' exports: the desk's list and a round's reviews, as CSV and JSON."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timedelta

import pytest

from festival.accounts.enums import Role
from festival.judging.screening import set_tags
from festival.programming import exporting, importing
from tests import factories
from tests.conftest import sign_in
from tests.programming.filmfreeway_export import export_file, export_row


def read_csv(body: bytes) -> list[dict]:
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


@pytest.fixture
def desk(make_edition, make_user):
    """An edition with a disclosed film (formula-looking title, Hangul original title), rated
    in a screening round, scored by two jurors, tagged; and an imported film."""
    edition = make_edition()
    staff = make_user(Role.PROGRAMMER)
    film = factories.make_film(title='=HYPERLINK("http://evil.test","Win")')
    disclosure = factories.make_disclosure(film, frozen=True)
    submission = factories.make_submission(film, edition.categories[0], disclosure=disclosure)
    screening = factories.make_round(
        edition, stage="screening", members=[staff], submissions=[submission]
    )
    factories.make_review(
        factories.make_assignment(screening, screening.entries[0], staff),
        comment="@SUM(A1) looks fine",
    )
    jurors = [make_user(Role.JUROR) for _ in range(2)]
    jury = factories.make_round(
        edition, name="Final jury", members=jurors, submissions=[submission]
    )
    for juror, value in zip(jurors, (6, 8), strict=True):
        factories.make_review(
            factories.make_assignment(jury, jury.entries[0], juror),
            {criterion.id: value for criterion in jury.criteria},
        )
    set_tags(submission, ["shortlist-maybe"], actor=staff)
    run = importing.stage_file(
        edition, export_file([export_row(3)]), file_name="f.csv", actor=staff
    )
    importing.apply_run(run, actor=staff)
    return edition, submission, staff, screening


def test_the_desk_csv_carries_metadata_disclosure_scores_and_is_formula_safe(desk):
    edition, _submission, _staff, _round = desk
    rows = read_csv(exporting.desk_csv(edition, exporting.edition_submission_ids(edition)))
    assert len(rows) == 2 and tuple(rows[0]) == exporting.DESK_COLUMNS
    row = rows[0]
    assert row["title"] == '\'=HYPERLINK("http://evil.test","Win")'
    assert row["original_title"] == "고요한 바다"
    assert (row["category"], row["status"], row["countries"], row["directors"]) == (
        "AI Short",
        "submitted",
        "KR",
        "김하늘",
    )
    assert row["ai_share_percent"] == "9.0"
    assert row["ai_elements"] == "vfx_compositing: partly_generated; voice_dialogue: assisted"
    assert row["ai_tools"] == "ElevenLabs; Runway Gen-4"
    assert (row["screening_rating"], row["screening_ratings"], row["tags"]) == (
        "7.0",
        "1",
        "shortlist-maybe",
    )
    assert (row["jury_round"], row["jury_reviews"], row["jury_mean"]) == ("Final jury", "2", "7.0")
    assert row["jury_calibrated"] != ""
    imported = rows[1]
    assert (imported["imported_from"], imported["external_id"], imported["original_title"]) == (
        "filmfreeway",
        "9000003",
        "마지막 빛 3",
    )
    assert imported["ai_elements"] == "" and imported["disclosure_version"] == ""


def test_the_desk_json_keeps_lists_and_the_elements(desk):
    edition, submission, _staff, _round = desk
    data = exporting.desk_json(edition, [submission.id])
    (record,) = data["submissions"]
    assert record["title"].startswith("=HYPERLINK")  # JSON is data: no spreadsheet prefix
    assert record["ai_elements"] == {
        "vfx_compositing": "partly_generated",
        "voice_dialogue": "assisted",
    }
    assert record["tags"] == ["shortlist-maybe"] and record["jury_mean"] == 7.0


def test_the_desk_export_endpoints_take_ids_or_the_whole_edition(client, desk, make_edition):
    edition, submission, staff, _round = desk
    other = factories.make_submission(category=make_edition().categories[0])
    sign_in(client, staff)
    base = f"/manage/editions/{edition.id}/desk/export"
    everything = client.get(base + ".csv")
    assert everything.status_code == 200 and everything.mimetype == "text/csv"
    if not exporting_desk_filters():
        assert len(read_csv(everything.get_data())) == 2
    chosen = client.get(f"{base}.json?ids={submission.id},{other.id}").get_json()
    assert [r["submission_id"] for r in chosen["submissions"]] == [submission.id]
    repeated = client.get(f"{base}.csv?submission_ids={submission.id}")
    assert len(read_csv(repeated.get_data())) == 1
    assert client.get(base + ".csv?ids=1,x").status_code == 400


def exporting_desk_filters() -> bool:
    from festival.programming.export_views import desk_is_there

    return desk_is_there()


def test_the_desk_export_follows_the_desks_filter(client, desk):
    desk_module = pytest.importorskip("festival.programming.desk")
    edition, _submission, staff, _round = desk
    sign_in(client, staff)
    expected = list(desk_module.matching_ids(edition, desk_module.parse_filters(edition, {})))
    body = client.get(f"/manage/editions/{edition.id}/desk/export.json").get_json()
    assert [r["submission_id"] for r in body["submissions"]] == expected


def test_a_rounds_reviews_export_every_score_and_comment(client, desk):
    _edition, submission, staff, screening = desk
    sign_in(client, staff)
    rows = read_csv(client.get(f"/manage/rounds/{screening.id}/reviews.csv").get_data())
    assert len(rows) == 1
    row = rows[0]
    assert (row["submission_id"], row["reviewer"], row["review"]) == (
        str(submission.id),
        staff.name,
        "submitted",
    )
    assert (row["score: Story"], row["score: Craft"], row["total"]) == ("7", "7", "7.0")
    assert row["comment"] == "'@SUM(A1) looks fine"
    # Exports stay machine-readable: ISO 8601 with the UTC offset, not a page's zoned text.
    assert datetime.fromisoformat(row["submitted_at"]).utcoffset() == timedelta(0)
    data = client.get(f"/manage/rounds/{screening.id}/reviews.json").get_json()
    assert [c["name"] for c in data["criteria"]] == ["Story", "Craft"]
    assert data["reviews"][0]["scores"] == {"Story": 7, "Craft": 7}


def test_jurors_and_filmmakers_cannot_export(client, desk, make_user):
    edition, _submission, _staff, screening = desk
    for role in (Role.JUROR, Role.FILMMAKER):
        sign_in(client, make_user(role))
        assert client.get(f"/manage/editions/{edition.id}/desk/export.csv").status_code == 403
        assert client.get(f"/manage/rounds/{screening.id}/reviews.json").status_code == 403
