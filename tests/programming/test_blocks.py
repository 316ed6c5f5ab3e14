"""Programme blocks: built from selected films only, reordered by buttons and by JSON, a
change from a stale page refused with the block shown as it stands, the running time with the
introduction, gaps and Q&A against the slot, and the screenings' ends following every change."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from festival.accounts.enums import Role
from festival.audit.models import AuditEvent
from festival.extensions import db
from festival.programming import blocks, bulk, decisions
from festival.programming.blocks import BlockRefusal, BlockSettings
from festival.programming.models.programme import (
    Block,
    ChangeKind,
    ProgrammePublication,
    Screening,
    ScreeningChange,
    ScreeningState,
    Venue,
)
from festival.refusals import RefusalKind
from tests import factories
from tests.conftest import sign_in
from tests.programming.deciding import edition_with_outcomes, entries, outcome_named


@pytest.fixture
def edition(app_ctx):
    return edition_with_outcomes()


@pytest.fixture
def staff(app_ctx, client):
    user = factories.make_user(Role.PROGRAMMER)
    sign_in(client, user)
    return user


def make_block(edition, staff, films=(), **settings):
    block = blocks.create_block(
        edition, BlockSettings(**{"title": "Shorts 1", **settings}), actor=staff
    )
    if films:
        blocks.add_films(block, list(films), actor=staff, refused=None)
    return block


def titles(block) -> list[str]:
    db.session.expire_all()
    block = db.session.get(Block, block.id)
    return [entry.submission.film.title for entry in block.films]


def audited(verb: str) -> int:
    return AuditEvent.query.filter_by(verb=verb).count()


# --- services -------------------------------------------------------------------------------


def test_selected_films_go_in_at_the_end_and_each_change_is_a_new_revision(edition, staff):
    first, second = entries(edition, 2, status="selected", title=None)
    block = make_block(edition, staff)
    blocks.add_film(block, first, revision=1, actor=staff)
    blocks.add_film(block, second, revision=2, actor=staff)
    assert [e.submission_id for e in block.films] == [first.id, second.id]
    assert [e.position for e in block.films] == [0, 1]
    assert block.revision == 3
    assert audited("block_created") == 1 and audited("block_films_added") == 2


def test_a_film_not_selected_or_already_in_is_refused_with_its_title(edition, staff):
    (chosen,) = entries(edition, 1, status="selected", title="Chosen")
    (waiting,) = entries(edition, 1, status="in_consideration", title="Waiting")
    block = make_block(edition, staff, [chosen])
    with pytest.raises(BlockRefusal, match=r"“Waiting” was not added\. It is not selected"):
        blocks.add_film(block, waiting, revision=block.revision, actor=staff)
    with pytest.raises(BlockRefusal, match="already in this block"):
        blocks.add_film(block, chosen, revision=block.revision, actor=staff)


def test_a_film_decided_selected_but_not_released_may_be_added(edition, staff):
    (entry,) = entries(edition, 1)
    decisions.record_decisions([entry], outcome_named(edition, "Selected"), actor=staff)
    block = make_block(edition, staff, [entry])
    assert [e.submission_id for e in block.films] == [entry.id]


def test_removing_a_film_closes_the_gap(edition, staff):
    films = entries(edition, 3, status="selected")
    block = make_block(edition, staff, films)
    blocks.remove_film(block, block.films[1].id, revision=block.revision, actor=staff)
    assert [e.submission_id for e in block.films] == [films[0].id, films[2].id]
    assert [e.position for e in block.films] == [0, 1]
    assert audited("block_film_removed") == 1


def test_a_stale_revision_is_refused_as_a_conflict(edition, staff):
    films = entries(edition, 2, status="selected")
    block = make_block(edition, staff, films)
    stale = block.revision - 1
    with pytest.raises(BlockRefusal) as refused:
        blocks.move(block, block.films[0].id, 1, revision=stale, actor=staff)
    assert refused.value.kind is RefusalKind.CONFLICT


def test_of_two_changes_read_at_the_same_revision_the_second_is_refused(edition, staff):
    films = entries(edition, 2, status="selected")
    block = make_block(edition, staff, films)
    read_at = block.revision
    db.session.execute(  # another request's change, committed while this one ran
        update(Block).where(Block.id == block.id).values(revision=read_at + 1),
        execution_options={"synchronize_session": False},
    )
    with pytest.raises(BlockRefusal) as refused:
        blocks.move(block, block.films[0].id, 1, revision=read_at, actor=staff)
    assert refused.value.kind is RefusalKind.CONFLICT


def test_an_order_must_name_every_film_once(edition, staff):
    films = entries(edition, 2, status="selected")
    block = make_block(edition, staff, films)
    ids = [e.id for e in block.films]
    for order in ([ids[0]], [ids[0], ids[0]], [*ids, 999]):
        with pytest.raises(BlockRefusal, match="every film of the block once"):
            blocks.reorder(block, order, revision=block.revision, actor=staff)


def test_the_running_time_counts_intro_gaps_and_qa_and_warns_past_the_slot(edition, staff):
    films = entries(edition, 3, status="selected")  # 12 minutes each
    block = make_block(
        edition, staff, films, intro_minutes=5, gap_minutes=2, qa_minutes=20, slot_minutes=60
    )
    (line,) = blocks.blocks_of(edition)
    assert line.film_count == 3
    assert line.running.total_minutes == 5 + 36 + 2 * 2 + 20
    assert line.over_slot_minutes == 5
    assert line.block is block


def test_screenings_end_when_the_block_now_ends(edition, staff):
    films = entries(edition, 2, status="selected")
    block = make_block(edition, staff, films[:1], intro_minutes=0, gap_minutes=0, qa_minutes=0)
    venue = Venue(edition_id=edition.id, name="Hall", capacity=100)
    db.session.add(venue)
    db.session.flush()
    starts = datetime(2026, 9, 1, 10, tzinfo=UTC)
    screening = Screening(
        edition_id=edition.id,
        venue_id=venue.id,
        block_id=block.id,
        starts_at=starts,
        ends_at=starts + timedelta(minutes=12),
    )
    db.session.add(screening)
    db.session.flush()
    blocks.add_film(block, films[1], revision=block.revision, actor=staff)
    assert screening.ends_at == starts + timedelta(minutes=24)
    blocks.edit_block(
        block,
        BlockSettings(title="Shorts 1", intro_minutes=10, qa_minutes=15),
        revision=block.revision,
        actor=staff,
    )
    assert screening.ends_at == starts + timedelta(minutes=10 + 24 + 1 + 15)
    with pytest.raises(BlockRefusal, match="1 screening"):
        blocks.delete_block(block, revision=block.revision, actor=staff)


# --- pages ----------------------------------------------------------------------------------


def test_a_block_is_created_from_its_form_and_listed(edition, staff, client):
    response = client.post(
        f"/manage/editions/{edition.id}/blocks/new",
        data={
            "title": "Night Shorts",
            "title_ko": "심야 단편",
            "category_id": edition.categories[0].id,
            "intro_minutes": 5,
            "gap_minutes": 1,
            "qa_minutes": 10,
            "slot_minutes": 90,
        },
    )
    block = Block.query.filter_by(title="Night Shorts").one()
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/manage/blocks/{block.id}")
    assert block.title_ko == "심야 단편" and block.qa_minutes == 10
    page = client.get(f"/manage/editions/{edition.id}/blocks").get_data(as_text=True)
    assert "Night Shorts" in page and "15 minutes" in page  # intro 5 + Q&A 10, no films yet


def test_the_block_page_shows_films_in_order_the_total_and_the_warning(edition, staff, client):
    films = [entries(edition, 1, status="selected", title=t)[0] for t in ("Alpha", "Beta")]
    block = make_block(
        edition, staff, films, intro_minutes=5, gap_minutes=1, qa_minutes=0, slot_minutes=20
    )
    page = client.get(f"/manage/blocks/{block.id}").get_data(as_text=True)
    assert page.index("Alpha") < page.index("Beta")
    assert 'id="block-films"' in page and f'data-block-film-id="{block.films[0].id}"' in page
    assert "Running time: 30 minutes" in page
    assert "It runs 10 minutes over its slot." in page
    assert 'data-revision="2"' in page  # created, then both films added at once


def test_films_are_added_by_search_of_the_selected_entries(edition, staff, client):
    (selected,) = entries(edition, 1, status="selected", title="Rainfall")
    entries(edition, 1, status="in_consideration", title="Rain Dance")
    block = make_block(edition, staff)
    db.session.commit()  # the desk's rows, which the search reads, follow on commit
    page = client.get(f"/manage/blocks/{block.id}?q=rain").get_data(as_text=True)
    assert "Rainfall" in page and "Rain Dance" not in page
    response = client.post(
        f"/manage/blocks/{block.id}/films",
        data={"submission_id": selected.id, "revision": block.revision},
    )
    assert response.status_code == 302
    assert titles(block) == ["Rainfall"]


def test_adding_a_film_not_selected_names_it_with_the_reason(edition, staff, client):
    (waiting,) = entries(edition, 1, status="in_consideration", title="Waiting")
    block = make_block(edition, staff)
    response = client.post(
        f"/manage/blocks/{block.id}/films",
        data={"submission_id": waiting.id, "revision": block.revision},
    )
    assert response.status_code == 400
    assert "“Waiting” was not added. It is not selected" in response.get_data(as_text=True)
    assert titles(block) == []


def test_move_down_and_remove_by_plain_forms(edition, staff, client):
    films = [entries(edition, 1, status="selected", title=t)[0] for t in ("A1", "B2", "C3")]
    block = make_block(edition, staff, films)
    first = block.films[0].id
    response = client.post(
        f"/manage/blocks/{block.id}/films/{first}/move",
        data={"direction": "down", "revision": block.revision},
    )
    assert response.status_code == 302
    assert titles(block) == ["B2", "A1", "C3"]
    block = db.session.get(Block, block.id)
    client.post(
        f"/manage/blocks/{block.id}/films/{block.films[2].id}/remove",
        data={"revision": block.revision},
    )
    assert titles(block) == ["B2", "A1"]


def test_a_stale_form_is_refused_and_the_page_shows_the_current_order(edition, staff, client):
    films = [entries(edition, 1, status="selected", title=t)[0] for t in ("A1", "B2")]
    block = make_block(edition, staff, films)
    read_at = block.revision
    blocks.move(block, block.films[0].id, 1, revision=read_at, actor=staff)  # another tab
    db.session.flush()
    response = client.post(
        f"/manage/blocks/{block.id}/films/{block.films[0].id}/move",
        data={"direction": "down", "revision": read_at},
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "This block was changed meanwhile" in page
    films_list = page[page.index('id="block-films"') :]  # (a CSRF token may hold "A1")
    assert films_list.index("B2") < films_list.index("A1")  # as it stands now
    assert f'data-revision="{read_at + 1}"' in page
    assert titles(block) == ["B2", "A1"]


def test_the_order_is_saved_as_json_and_a_stale_one_answers_409(edition, staff, client):
    films = [entries(edition, 1, status="selected", title=t)[0] for t in ("A1", "B2", "C3")]
    block = make_block(edition, staff, films)
    ids = [e.id for e in block.films]
    revision = block.revision
    url = f"/manage/blocks/{block.id}/order"
    response = client.post(url, json={"order": ids[::-1], "revision": revision})
    assert response.status_code == 200 and response.json == {"revision": revision + 1}
    assert titles(block) == ["C3", "B2", "A1"]
    stale = client.post(url, json={"order": ids, "revision": revision})
    assert stale.status_code == 409 and stale.json["revision"] == revision + 1
    assert titles(block) == ["C3", "B2", "A1"]
    reloaded = client.get(f"/manage/blocks/{block.id}").get_data(as_text=True)
    assert "This block was changed meanwhile" in reloaded
    assert client.post(url, json={"order": "A1"}).status_code == 400


def test_a_stale_settings_form_shows_the_settings_as_they_stand(edition, staff, client):
    block = make_block(edition, staff, qa_minutes=10)
    read_at = block.revision
    blocks.edit_block(
        block, BlockSettings(title="Renamed", qa_minutes=25), revision=read_at, actor=staff
    )
    db.session.flush()
    response = client.post(
        f"/manage/blocks/{block.id}/edit",
        data={
            "title": "Mine",
            "intro_minutes": 5,
            "gap_minutes": 1,
            "qa_minutes": 0,
            "revision": read_at,
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "This block was changed meanwhile" in page and 'value="Renamed"' in page
    assert db.session.get(Block, block.id).title == "Renamed"


def test_a_block_without_screenings_is_deleted(edition, staff, client):
    block = make_block(edition, staff)
    response = client.post(f"/manage/blocks/{block.id}/delete", data={"revision": 1})
    assert response.status_code == 302
    assert Block.query.filter_by(id=block.id).count() == 0
    assert audited("block_deleted") == 1


def test_the_desk_adds_entries_to_a_block_and_names_those_refused(edition, staff, client):
    (chosen,) = entries(edition, 1, status="selected", title="Chosen")
    (waiting,) = entries(edition, 1, status="submitted", title="Waiting")
    (present,) = entries(edition, 1, status="selected", title="Present")
    block = make_block(edition, staff, [present])
    data = {
        "action": "block",
        "block_id": block.id,
        "submission_ids": [chosen.id, waiting.id, present.id],
    }
    data |= {f"seen-{s.id}": bulk.seen_as(s) for s in (chosen, waiting, present)}
    response = client.post(f"/manage/editions/{edition.id}/desk/bulk", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert titles(block) == ["Present", "Chosen"]
    assert "Waiting" in page and "It is not selected" in page
    assert "It is already in this block." in page


def test_a_published_screening_whose_block_grows_is_a_change_the_public_sees(edition, staff):
    films = entries(edition, 2, status="selected")
    block = make_block(edition, staff, films[:1], intro_minutes=0, gap_minutes=0, qa_minutes=0)
    venue = Venue(edition_id=edition.id, name="Hall", capacity=100)
    db.session.add_all([venue, ProgrammePublication(edition_id=edition.id, is_published=True)])
    db.session.flush()
    starts = datetime(2026, 9, 1, 10, tzinfo=UTC)
    confirmed, pencilled = (
        Screening(
            edition_id=edition.id,
            venue_id=venue.id,
            block_id=block.id,
            starts_at=starts + timedelta(hours=hours),
            ends_at=starts + timedelta(hours=hours, minutes=12),
            state=state,
        )
        for hours, state in ((0, ScreeningState.CONFIRMED), (3, ScreeningState.PENCILLED))
    )
    db.session.add_all([confirmed, pencilled])
    db.session.flush()

    blocks.add_film(block, films[1], revision=block.revision, actor=staff)

    (change,) = db.session.scalars(db.select(ScreeningChange)).all()
    assert change.screening_id == confirmed.id and change.kind is ChangeKind.MOVED
    assert change.before["ends_at"] == (starts + timedelta(minutes=12)).isoformat()
    assert change.after["ends_at"] == (starts + timedelta(minutes=24)).isoformat()
    assert pencilled.ends_at == starts + timedelta(hours=3, minutes=24)  # moved, not public
