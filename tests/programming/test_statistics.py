"""The edition's AI-use statistics, against a small edition counted by hand, and their pages.

The edition: six films, each 10 minutes long.
- F1, selected: visual footage fully generated (Runway Gen-4), music partly generated (Suno);
  AI over the first 5 minutes (50 %).
- F2, entered in two categories (selected in one, not in the other): a real likeness mostly
  generated (DeepFaceLab), voice assisted (ElevenLabs), visual footage assisted ("runway GEN-4 "
  as typed); AI over the whole runtime (100 %); one consent with a stated basis.
- F3, submitted: voice partly generated (ElevenLabs), no consent; AI over 30 s (5 %).
- F4, submitted: no AI at all (0 %).
- F5, submitted without a disclosure.
- F6, a draft (not an entry): a likeness fully generated.
"""

from __future__ import annotations

import pytest
from defusedcsv import csv

from festival.audit.models import AuditEvent
from festival.disclosure.enums import ConsentBasis, ConsentKind, Element, Extent
from festival.disclosure.models import ToolSuggestion
from festival.disclosure.services import ConsentData
from festival.disclosure.validation import ElementAnswer, SegmentDraft, ToolUse
from festival.extensions import db
from festival.programming import statistics
from festival.programming.models import ProgrammePublication
from festival.programming.statistics import edition_statistics, load_ai_use
from festival.programming.statistics_publication import publish_statistics
from tests import factories
from tests.conftest import sign_in

MINUTE_MS = 60_000


def answers(**extents_and_tools):
    """Every element answered "none" but those given as element=(extent, [tool names])."""
    elements = {element: ElementAnswer(Extent.NONE) for element in Element}
    for name, (extent, tools) in extents_and_tools.items():
        elements[Element(name)] = ElementAnswer(extent, [ToolUse(tool, "", "") for tool in tools])
    return elements


def film_with(elements=None, segments=(), consents=()):
    film = factories.make_film(runtime_s=600)
    if elements is None:
        return film, None
    disclosure = factories.make_disclosure(
        film, frozen=True, elements=elements, segments=list(segments), consents=list(consents)
    )
    return film, disclosure


@pytest.fixture
def edition(app_ctx):
    edition = factories.make_edition()
    short, feature = edition.categories
    if not db.session.scalar(
        db.select(ToolSuggestion).where(ToolSuggestion.name == "Runway Gen-4")
    ):
        db.session.add(ToolSuggestion(name="Runway Gen-4", vendor="Runway", elements=[]))

    f1, d1 = film_with(
        answers(
            visual_footage=(Extent.FULLY_GENERATED, ["Runway Gen-4"]),
            music_score=(Extent.PARTLY_GENERATED, ["Suno"]),
        ),
        [SegmentDraft(0, 5 * MINUTE_MS, Element.VISUAL_FOOTAGE, "Runway Gen-4", "")],
    )
    f2, d2 = film_with(
        answers(
            real_likeness=(Extent.MOSTLY_GENERATED, ["DeepFaceLab"]),
            voice_dialogue=(Extent.ASSISTED, ["ElevenLabs"]),
            visual_footage=(Extent.ASSISTED, ["runway GEN-4 "]),
        ),
        [SegmentDraft(0, 10 * MINUTE_MS, Element.REAL_LIKENESS, "", "")],
        [
            ConsentData(
                person="Kim",
                kind=ConsentKind.LIKENESS,
                basis=ConsentBasis.IS_THE_FILMMAKER,
                statement="The face is the director's own.",
                document=None,
            )
        ],
    )
    f3, d3 = film_with(
        answers(voice_dialogue=(Extent.PARTLY_GENERATED, ["ElevenLabs"])),
        [SegmentDraft(0, 30_000, Element.VOICE_DIALOGUE, "ElevenLabs", "")],
    )
    f4, d4 = film_with(answers())
    f5, _ = film_with()
    f6, d6 = film_with(answers(real_likeness=(Extent.FULLY_GENERATED, ["Other tool"])))

    make = factories.make_submission
    make(f1, short, status="selected", disclosure=d1)
    make(f2, short, status="selected", disclosure=d2)
    make(f2, feature, status="not_selected", disclosure=d2)
    make(f3, short, disclosure=d3)
    make(f4, feature, status="in_consideration", disclosure=d4)
    make(f5, short)
    make(f6, short, status="draft", disclosure=d6)
    other = factories.make_edition()
    make(factories.make_film(), other.categories[0], status="selected")
    db.session.commit()
    return edition


def figures(rows):
    return {row.key: (row.entries.count, row.selection.count) for row in rows}


def percents(rows):
    return {row.key: (row.entries.percent, row.selection.percent) for row in rows}


def test_each_film_counts_once_and_drafts_are_not_entries(edition):
    ai_use = load_ai_use(edition)
    stats = edition_statistics(ai_use)

    assert (stats.entries, stats.selection, stats.films_entered_twice) == (5, 2, 1)


def test_films_per_element_and_extent(edition):
    stats = edition_statistics(load_ai_use(edition))

    used = figures(stats.elements_used)
    assert used["visual_footage"] == (2, 2)
    assert used["music_score"] == (1, 1)
    assert used["real_likeness"] == (1, 1)
    assert used["voice_dialogue"] == (2, 1)
    assert used["story_script"] == (0, 0)
    assert percents(stats.elements_used)["voice_dialogue"] == (40.0, 50.0)

    visual = {row.element: row for row in stats.entries_extents}[Element.VISUAL_FOOTAGE]
    assert {key: figure.count for key, figure in visual.figures.items()} == {
        "none": 2,
        "assisted": 1,
        "partly_generated": 0,
        "mostly_generated": 0,
        "fully_generated": 1,
        "not_answered": 0,
        "not_disclosed": 1,
    }
    likeness = {row.element: row for row in stats.selection_extents}[Element.REAL_LIKENESS]
    assert likeness.figures["mostly_generated"].count == 1
    assert likeness.figures["mostly_generated"].percent == 50.0
    assert likeness.figures["none"].count == 1


def test_tools_are_folded_and_counted_per_film(edition):
    stats = edition_statistics(load_ai_use(edition))

    assert [row.key for row in stats.tools] == [
        "elevenlabs",
        "runway gen-4",
        "deepfacelab",
        "suno",
        "other",
        "no_tool",
    ]
    tools = figures(stats.tools)
    assert tools["runway gen-4"] == (2, 2)
    assert tools["elevenlabs"] == (2, 1)
    assert tools["deepfacelab"] == (1, 1)
    assert tools["suno"] == (1, 1)
    assert tools["other"] == (0, 0)
    assert tools["no_tool"] == (1, 0)
    labels = {row.key: row.label for row in stats.tools}
    assert labels["runway gen-4"] == "Runway Gen-4"


def test_the_ai_share_of_runtime_in_bins(edition):
    stats = edition_statistics(load_ai_use(edition))

    assert figures(stats.ai_share) == {
        "0": (1, 0),
        "0-10": (1, 0),
        "10-25": (0, 0),
        "25-50": (1, 1),
        "50-75": (0, 0),
        "75-100": (1, 1),
        "not_disclosed": (1, 0),
    }


def test_the_bins_include_their_upper_bound():
    assert [statistics.share_bin(share) for share in (0, 0.001, 0.1, 0.1001, 0.5, 0.75, 1)] == [
        "0",
        "0-10",
        "0-10",
        "10-25",
        "25-50",
        "50-75",
        "75-100",
    ]


def test_consents_for_real_likenesses_and_voices(edition):
    stats = edition_statistics(load_ai_use(edition))

    assert figures(stats.consents) == {
        "likeness_used": (1, 1),
        "voice_used": (2, 1),
        "consent_needed": (2, 1),
        "consents_on_file": (1, 1),
        "consents_missing": (1, 0),
        "people": (1, 1),
    }
    assert percents(stats.consents)["consents_on_file"] == (50.0, 100.0)
    assert percents(stats.consents)["people"] == (None, None)


def test_public_figures_hide_small_counts_and_rare_tools(edition):
    stats = edition_statistics(load_ai_use(edition), public=True)

    visual = {row.key: row for row in stats.elements_used}["visual_footage"]
    assert visual.entries.hidden and visual.selection.hidden
    assert visual.entries.percent is None
    assert {row.key for row in stats.tools} == {"other", "no_tool"}
    other = {row.key: row for row in stats.tools}["other"]
    assert (other.entries.count, other.entries.hidden, other.selection.hidden) == (3, False, True)
    assert not {row.key: row for row in stats.ai_share}["0"].selection.hidden  # zero is shown


def test_the_loader_reads_a_fixed_number_of_queries(edition):
    from sqlalchemy import event

    assert edition.slug  # loaded before counting
    queries = []
    engine = db.engine
    listener = lambda *args: queries.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        load_ai_use(edition)
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert len([query for query in queries if query.startswith("SELECT")]) == 3


def test_the_staff_page_csv_and_json(client, edition, programmer):
    sign_in(client, programmer)

    page = client.get(f"/manage/editions/{edition.id}/ai-statistics")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Films using AI, per element" in html
    assert "Runway Gen-4" in html
    assert "Publish the statistics" in html

    response = client.get(f"/manage/editions/{edition.id}/ai-statistics.csv")
    assert response.status_code == 200
    rows = list(csv.DictReader(response.get_data(as_text=True).lstrip("\ufeff").splitlines()))
    assert list(rows[0]) == list(statistics.CSV_COLUMNS)
    by_key = {(row["section"], row["item"], row["population"]): row for row in rows}
    assert by_key[("elements_used", "voice_dialogue", "entries")]["films"] == "2"
    assert by_key[("elements_used", "voice_dialogue", "entries")]["share_percent"] == "40.0"
    assert by_key[("ai_share", "75-100", "selection")]["films"] == "1"
    assert by_key[("element_extents", "visual_footage:not_disclosed", "entries")]["films"] == "1"

    body = client.get(f"/manage/editions/{edition.id}/ai-statistics.json").get_json()
    assert (body["entries"], body["selection"], body["films_entered_twice"]) == (5, 2, 1)
    assert {"section": "tools", "item": "runway gen-4", "population": "selection"}.items() <= next(
        row
        for row in body["rows"]
        if row["item"] == "runway gen-4" and row["population"] == "selection"
    ).items()


def test_the_edition_page_links_the_statistics(client, edition, programmer):
    sign_in(client, programmer)
    html = client.get(f"/manage/editions/{edition.id}").get_data(as_text=True)
    assert f"/manage/editions/{edition.id}/ai-statistics" in html


def test_the_public_page_is_there_only_while_published(client, edition, programmer):
    assert client.get(f"/programme/{edition.slug}/ai-statistics").status_code == 404
    assert client.get(f"/programme/{edition.slug}/ai-statistics.csv").status_code == 404

    sign_in(client, programmer)
    response = client.post(
        f"/manage/editions/{edition.id}/ai-statistics/publication", data={"published": "1"}
    )
    assert response.status_code == 302
    publication = db.session.get(ProgrammePublication, edition.id)
    assert publication.statistics_published
    assert not publication.is_published
    events = db.session.scalars(
        db.select(AuditEvent.verb).where(
            AuditEvent.subject_type == "editions_editions", AuditEvent.subject_id == edition.id
        )
    ).all()
    assert "statistics_published" in events
    client.post("/logout")

    anonymous = client.application.test_client()
    page = anonymous.get(f"/programme/{edition.slug}/ai-statistics")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "fewer than 3" in html
    assert "DeepFaceLab" not in html and "Suno" not in html  # one film each: never named
    csv_rows = anonymous.get(f"/programme/{edition.slug}/ai-statistics.csv").get_data(as_text=True)
    assert "deepfacelab" not in csv_rows
    assert "<3" in csv_rows

    korean = anonymous.get(
        f"/programme/{edition.slug}/ai-statistics", headers={"Accept-Language": "ko"}
    )
    assert "AI 활용 통계" in korean.get_data(as_text=True)

    sign_in(client, programmer)
    client.post(f"/manage/editions/{edition.id}/ai-statistics/publication", data={"published": "0"})
    db.session.expire_all()
    assert not db.session.get(ProgrammePublication, edition.id).statistics_published
    assert anonymous.get(f"/programme/{edition.slug}/ai-statistics").status_code == 404


def test_publishing_twice_records_once(edition, programmer):
    publish_statistics(edition, True, actor=programmer)
    publish_statistics(edition, True, actor=programmer)
    events = db.session.scalars(
        db.select(AuditEvent).where(AuditEvent.verb == "statistics_published")
    ).all()
    assert len(events) == 1


def test_a_publication_form_without_a_choice_changes_nothing(client, edition, programmer):
    sign_in(client, programmer)
    client.post(f"/manage/editions/{edition.id}/ai-statistics/publication", data={})
    assert db.session.get(ProgrammePublication, edition.id) is None


def test_an_edition_without_entries(app_ctx):
    stats = edition_statistics(load_ai_use(factories.make_edition()))
    assert (stats.entries, stats.selection) == (0, 0)
    assert all(row.entries.percent is None for row in stats.elements_used)


def test_public_rows_say_a_hidden_count_without_its_share(edition):
    rows = statistics.statistics_rows(edition_statistics(load_ai_use(edition), public=True))
    hidden = [row for row in rows if row["films"] == "<3"]
    assert hidden and all(row["share_percent"] is None for row in hidden)
    assert all(row["films"] == "<3" or row["films"] == 0 or row["films"] >= 3 for row in rows)
