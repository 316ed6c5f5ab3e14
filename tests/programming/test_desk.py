"""The submissions desk: its rows follow the facts, each filter narrows, sorts and pages,
search finds titles in any script and credits, bad filter values are shown beside their
filter, and "next in this list" keeps the filter."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest
from sqlalchemy import event

from festival.accounts.enums import Role
from festival.extensions import db
from festival.films.enums import CreditRole
from festival.films.models import Credit
from festival.judging.models import Conflict
from festival.judging.screening import set_tags
from festival.programming import desk
from festival.programming.desk_rows import refresh_jury_scores
from festival.programming.models import DeskRow
from tests import factories
from tests.conftest import sign_in


def probe(duration_s: float, width: int = 1920, height: int = 1080) -> dict:
    """A probe result as ingest stores it, for a plain H.264 file with stereo sound."""
    video = {
        "index": 0, "codec": "h264", "profile": "High", "width": width, "height": height,
        "display_width": width, "display_height": height, "sample_aspect": "1:1",
        "display_aspect": width / height, "rotation": 0, "avg_frame_rate": "24/1",
        "r_frame_rate": "24/1", "frame_rate": 24.0, "is_variable_frame_rate": False,
        "pix_fmt": "yuv420p", "bit_depth": 8, "color_primaries": "bt709",
        "color_transfer": "bt709", "color_space": "bt709", "color_range": "tv",
        "hdr_format": None, "field_order": "progressive", "nb_frames": None,
    }  # fmt: skip
    audio = {"index": 1, "codec": "aac", "channels": 2, "channel_layout": "stereo"}
    return {
        "format_name": "mov,mp4,m4a,3gp,3g2,mj2", "demuxer": "mov,mp4,m4a,3gp,3g2,mj2",
        "container": "mp4", "duration_s": duration_s, "size_bytes": 10_000_000,
        "bit_rate": 5_000_000, "video": video, "audio": [audio | {"sample_rate": 48000}],
    }  # fmt: skip


def measurements(lufs: float = -24.0) -> dict:
    return {"measurements": {"integrated_lufs": lufs, "true_peak_dbtp": -3.0}, "notes": []}


@pytest.fixture
def staff(client, make_user):
    user = make_user(Role.PROGRAMMER)
    sign_in(client, user)
    return user


@pytest.fixture
def festival(app_ctx):
    """An edition with three entries unlike each other in every column the desk filters."""
    edition = factories.make_edition()
    short, feature = edition.categories
    early, regular, _late = edition.deadlines
    quiet = factories.make_film()  # "The Quiet Sea" / 고요한 바다, KR, ko, 12 min, 김하늘
    factories.make_disclosure(quiet)
    factories.make_screener(quiet, probe=probe(720), qc=measurements())
    rain = factories.make_film(
        title="Rainfall",
        original_title="",
        romanised_title="",
        logline="Weather, generated.",
        synopsis="A city where it never stops raining, until a child learns the forecast.",
        runtime_s=95 * 60,
        countries=["FR", "BE"],
        languages=["fr"],
        credits=[Credit(role=CreditRole.DIRECTOR, name="Amélie Durand", position=0)],
    )
    factories.make_screener(rain, probe=probe(95 * 60), qc=measurements(lufs=-40.0))
    night = factories.make_film(
        title="Night Bus",
        original_title="서울의 밤 버스",
        runtime_s=5 * 60,
        credits=[Credit(role=CreditRole.DIRECTOR, name="Park Minho", position=0)],
    )
    draft = factories.make_film(title="Unfinished")
    entries = {
        "quiet": factories.make_submission(quiet, short, deadline=early),
        "rain": factories.make_submission(
            rain, feature, deadline=regular, status="shortlisted", is_paid=True
        ),
        "night": factories.make_submission(
            night, short, deadline=early, waiver_code_id=edition.waiver_codes[0].id
        ),
        "draft": factories.make_submission(draft, short, status="draft"),
    }
    db.session.commit()
    return edition, entries


def ids_for(edition, **args) -> list[int]:
    parsed = desk.parse_filters(edition, args)
    assert parsed.errors == {}
    return desk.matching_ids(edition, parsed)


def test_rows_follow_the_facts_on_commit(festival):
    _edition, entries = festival
    quiet = db.session.get(DeskRow, entries["quiet"].id)
    assert quiet.title == "The Quiet Sea" and quiet.original_title == "고요한 바다"
    assert quiet.ai_share == pytest.approx(65 / 720)
    assert "|vfx_compositing:2|" in quiet.extents and "|runway gen-4|" in quiet.tools
    assert quiet.qc == "pass"
    assert db.session.get(DeskRow, entries["rain"].id).qc == "fail"  # loudness far off
    entries["quiet"].film.title = "The Calm Sea"
    db.session.commit()
    assert db.session.get(DeskRow, entries["quiet"].id).title == "The Calm Sea"


def test_drafts_are_left_out_unless_asked_for(festival):
    edition, entries = festival
    assert entries["draft"].id not in ids_for(edition)
    assert ids_for(edition, status="draft") == [entries["draft"].id]


@pytest.mark.parametrize(
    ("args", "names"),
    [
        ({"status": "shortlisted"}, {"rain"}),
        ({"country": "BE"}, {"rain"}),
        ({"language": "ko"}, {"quiet", "night"}),
        ({"runtime_min": "10", "runtime_max": "60"}, {"quiet"}),
        ({"fee": "paid"}, {"rain"}),
        ({"fee": "waived"}, {"night"}),
        ({"fee": "unpaid"}, {"quiet"}),
        ({"ai_min": "5"}, {"quiet"}),
        ({"ai_max": "0"}, {"rain", "night"}),
        ({"extent": "vfx_compositing:assisted"}, {"quiet"}),
        ({"extent": "voice_dialogue:partly_generated"}, set()),
        ({"tool": "eleven"}, {"quiet"}),
        ({"qc": "fail"}, {"rain"}),
        ({"qc": "none"}, {"night"}),
    ],
)
def test_each_filter_narrows(festival, args, names):
    edition, entries = festival
    assert set(ids_for(edition, **args)) == {entries[name].id for name in names}


def test_category_and_deadline_filters(festival):
    edition, entries = festival
    feature = edition.categories[1]
    assert set(ids_for(edition, category=str(feature.id))) == {entries["rain"].id}
    early = edition.deadlines[0]
    assert set(ids_for(edition, deadline=str(early.id))) == {
        entries["quiet"].id,
        entries["night"].id,
    }


def test_screening_tags_conflicts_and_jury_scores(festival, make_user):
    edition, entries = festival
    programmer = make_user(Role.PROGRAMMER)
    juror, other = make_user(Role.JUROR), make_user(Role.JUROR)
    screening = factories.make_round(
        edition, stage="screening", members=[programmer], submissions=[entries["quiet"]]
    )
    assignment = factories.make_assignment(screening, screening.entries[0], programmer)
    factories.make_review(assignment, {c.id: 9 for c in screening.criteria})
    set_tags(entries["rain"], ["horror", "vfx-heavy"], actor=programmer)
    db.session.add(
        Conflict(
            juror_id=juror.id, film_id=entries["night"].film_id, kind="other", source="declared"
        )
    )
    jury = factories.make_round(
        edition, members=[juror, other], submissions=[entries["quiet"], entries["rain"]]
    )
    for entry, value in zip(jury.entries, (8, 4), strict=True):
        for reviewer in (juror, other):
            review_of = factories.make_assignment(jury, entry, reviewer)
            factories.make_review(review_of, {c.id: value for c in jury.criteria})
    db.session.commit()
    refresh_jury_scores(jury)
    db.session.commit()

    assert ids_for(edition, rating_min="8") == [entries["quiet"].id]
    assert ids_for(edition, tag="Horror") == [entries["rain"].id]
    assert ids_for(edition, conflicts="yes") == [entries["night"].id]
    assert ids_for(edition, jury_min="6") == [entries["quiet"].id]
    quiet, rain = (db.session.get(DeskRow, entries[name].id) for name in ("quiet", "rain"))
    assert quiet.jury_calibrated > rain.jury_calibrated
    middle = (quiet.jury_calibrated + rain.jury_calibrated) / 2
    assert ids_for(edition, calibrated_min=f"{middle:.3f}") == [entries["quiet"].id]
    by_jury = ids_for(edition, sort="-jury")
    assert by_jury[:2] == [entries["quiet"].id, entries["rain"].id]  # no score sorts last


def test_sort_orders_both_ways(festival):
    edition, entries = festival
    by_title = [entries[name].id for name in ("night", "rain", "quiet")]
    assert ids_for(edition, sort="title") == by_title
    assert ids_for(edition, sort="-title") == by_title[::-1]
    assert ids_for(edition, sort="runtime") == [entries[n].id for n in ("night", "quiet", "rain")]


def test_pages_of_fifty(festival, monkeypatch):
    edition, entries = festival
    monkeypatch.setattr(desk, "PAGE_SIZE", 2)
    first = desk.page_of(edition, desk.parse_filters(edition, {"sort": "title"}))
    second = desk.page_of(edition, desk.parse_filters(edition, {"sort": "title", "page": "2"}))
    assert (first.total, first.pages) == (3, 2)
    assert [row.submission_id for row, _ in first.rows] == [entries["night"].id, entries["rain"].id]
    assert [row.submission_id for row, _ in second.rows] == [entries["quiet"].id]
    beyond = desk.page_of(edition, desk.parse_filters(edition, {"page": "9"}))
    assert beyond.page == 2


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("quiet", "quiet"),
        ("SEA", "quiet"),
        ("바다", "quiet"),  # two syllables: fewer than a trigram
        ("요한 바", "quiet"),  # parts of words, in Hangul
        ("서울의", "night"),
        ("forecast", "rain"),  # synopsis
        ("generated", "rain"),  # logline ("generated sea" too, but that is the quiet one's)
        ("durand", "rain"),  # credits
        ("김하늘", "quiet"),
        ("min", "night"),  # Park Minho
    ],
)
def test_search_finds_titles_in_any_script_synopsis_and_credits(festival, query, name):
    edition, entries = festival
    found = set(ids_for(edition, q=query))
    assert entries[name].id in found
    assert found <= {e.id for key, e in entries.items() if key != "draft"}


def test_search_needs_every_word(festival):
    edition, entries = festival
    assert ids_for(edition, q="rain child") == [entries["rain"].id]
    assert ids_for(edition, q="rain 바다") == []


def test_invalid_values_are_reported_and_the_rest_applies(festival):
    edition, entries = festival
    parsed = desk.parse_filters(
        edition,
        {"status": ["shortlisted", "dreaming"], "runtime_min": "ten", "country": "BE", "page": "x"},
    )
    assert set(parsed.errors) == {"status", "runtime_min", "page"}
    assert "dreaming" in parsed.errors["status"]
    assert desk.matching_ids(edition, parsed) == [entries["rain"].id]


def test_the_desk_page_shows_errors_beside_their_filter(client, staff, festival):
    edition, entries = festival
    response = client.get(f"/manage/editions/{edition.id}/desk?status=dreaming&ai_min=120&q=rain")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="filter-status-error"' in page and "dreaming" in page
    assert 'id="filter-ai_min-error"' in page
    assert "Rainfall" in page and "The Quiet Sea" not in page
    assert f'name="seen-{entries["rain"].id}"' in page


def test_the_desk_page_names_the_qc_verdicts(client, staff, festival):
    edition, _entries = festival
    page = client.get(f"/manage/editions/{edition.id}/desk").get_data(as_text=True)
    assert "<td>Meets the requirements</td>" in page
    assert "<td>Does not meet the requirements</td>" in page
    assert "<td>pass</td>" not in page and "<td>fail</td>" not in page
    assert "Entries matching: 3." in page


def test_next_and_previous_keep_the_filter(client, staff, festival):
    edition, entries = festival
    query = "sort=title&language=ko"
    show = client.get(
        f"/manage/submissions/{entries['night'].id}?desk=sort%3Dtitle%26language%3Dko"
    )
    assert "Next in this list" in show.get_data(as_text=True)
    step = client.get(
        f"/manage/editions/{edition.id}/desk/step/{entries['night'].id}",
        query_string={"direction": "next", "desk": query},
    )
    target = urlparse(step.headers["Location"])
    assert target.path == f"/manage/submissions/{entries['quiet'].id}"
    assert parse_qs(target.query)["desk"] == [query]
    end = client.get(
        f"/manage/editions/{edition.id}/desk/step/{entries['quiet'].id}",
        query_string={"direction": "next", "desk": query},
    )
    assert urlparse(end.headers["Location"]).path == f"/manage/editions/{edition.id}/desk"


def test_filmmakers_and_jurors_cannot_reach_the_desk(client, make_user, festival):
    edition, _ = festival
    for role in (Role.FILMMAKER, Role.JUROR):
        sign_in(client, make_user(role))
        assert client.get(f"/manage/editions/{edition.id}/desk").status_code == 403
    client.post("/logout")
    assert client.get(f"/manage/editions/{edition.id}/desk").status_code in (302, 303)


def test_the_page_asks_the_same_queries_whatever_the_rows(client, staff, festival):
    edition, _entries = festival

    def queries_for_page() -> int:
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get(f"/manage/editions/{edition.id}/desk").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    few = queries_for_page()
    for _ in range(6):
        factories.make_submission(factories.make_film(), edition.categories[0])
    db.session.commit()
    assert queries_for_page() == few
