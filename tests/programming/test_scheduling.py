"""Screenings on the edition's clock: stored in UTC, ending after the block's running time,
the daylight-saving gap refused naming it, the repeated hour refused unless an occurrence is
chosen, past midnight, closed days, confirmation after the release only, guests, stale forms,
and the public changes recorded only once the programme is published."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from festival.accounts.enums import Role
from festival.audit.services import events_for
from festival.extensions import db
from festival.programming import decisions, scheduling
from festival.programming.models.decisions import Attendance
from festival.programming.models.programme import (
    Block,
    BlockFilm,
    ChangeKind,
    ProgrammePublication,
    Screening,
    ScreeningChange,
    ScreeningState,
    Venue,
)
from festival.refusals import Refusal, RefusalKind
from tests import factories
from tests.programming.deciding import edition_with_outcomes, entries, outcome_named


@pytest.fixture
def edition(app_ctx):
    return edition_with_outcomes(name="Paris AI", timezone="Europe/Paris")


@pytest.fixture
def staff(app_ctx):
    return factories.make_user(Role.PROGRAMMER)


@pytest.fixture
def venue(edition):
    venue = Venue(edition_id=edition.id, name="Salle 1", capacity=200, changeover_minutes=15)
    db.session.add(venue)
    db.session.flush()
    return venue


def selected_films(edition, count: int, *, minutes: int = 20):
    made = entries(edition, count, status="selected")
    for entry in made:
        entry.film.runtime_s = minutes * 60
    db.session.flush()
    return made


def block_of(edition, films, **minutes):
    block = Block(
        edition_id=edition.id, title="Shorts 1", intro_minutes=5, gap_minutes=1, **minutes
    )
    block.films = [BlockFilm(submission_id=f.id, position=n) for n, f in enumerate(films)]
    db.session.add(block)
    db.session.flush()
    return block


def test_a_block_is_stored_in_utc_and_ends_after_its_running_time(edition, venue, staff):
    block = block_of(edition, selected_films(edition, 2), qa_minutes=20)
    screening = scheduling.schedule(
        edition, venue=venue, block=block, day=date(2027, 7, 10), at=time(20, 0), actor=staff
    )
    assert screening.starts_at == datetime(2027, 7, 10, 18, 0, tzinfo=UTC)  # CEST, UTC+2
    # 5 intro + 20 + 1 gap + 20 + 20 Q&A
    assert screening.ends_at == datetime(2027, 7, 10, 19, 6, tzinfo=UTC)
    assert screening.state is ScreeningState.PENCILLED
    assert [e.verb for e in events_for(screening)] == ["screening_scheduled"]


def test_a_time_in_the_spring_forward_gap_is_refused_naming_the_gap(edition, venue, staff):
    (film,) = selected_films(edition, 1)
    with pytest.raises(Refusal) as refused:
        scheduling.schedule(
            edition,
            venue=venue,
            submission=film,
            day=date(2027, 3, 28),
            at=time(2, 30),
            actor=staff,
        )
    assert refused.value.field == "at"
    assert "from 02:00 to 03:00" in str(refused.value)
    assert "Europe/Paris" in str(refused.value)


def test_the_gap_is_named_in_another_zone_too(app_ctx):
    edition = factories.make_edition(timezone="America/New_York")
    with pytest.raises(Refusal, match="from 02:00 to 03:00"):
        scheduling.local_start(edition, date(2027, 3, 14), time(2, 15))


def test_a_time_the_clocks_repeat_needs_its_occurrence(edition, venue, staff):
    (film,) = selected_films(edition, 1)
    when = {"day": date(2027, 10, 31), "at": time(2, 30)}
    with pytest.raises(Refusal, match="happens twice") as refused:
        scheduling.schedule(edition, venue=venue, submission=film, actor=staff, **when)
    assert refused.value.field == "occurrence"
    first = scheduling.local_start(edition, occurrence=scheduling.FIRST, **when)
    second = scheduling.local_start(edition, occurrence=scheduling.SECOND, **when)
    assert first == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)  # still summer time, UTC+2
    assert second == datetime(2027, 10, 31, 1, 30, tzinfo=UTC)  # winter time, UTC+1


def test_a_screening_past_midnight_ends_the_next_day(edition, venue, staff):
    (film,) = selected_films(edition, 1, minutes=90)
    screening = scheduling.schedule(
        edition, venue=venue, submission=film, day=date(2027, 7, 10), at=time(23, 30), actor=staff
    )
    assert scheduling.local_moment(screening.ends_at, edition) == datetime(
        2027, 7, 11, 1, 0, tzinfo=scheduling.local_moment(screening.ends_at, edition).tzinfo
    )
    assert scheduling.local_days(screening.starts_at, screening.ends_at, edition) == [
        date(2027, 7, 10),
        date(2027, 7, 11),
    ]


def test_a_venue_closed_that_day_or_the_next_refuses_with_the_date(edition, venue, staff):
    (film,) = selected_films(edition, 1, minutes=90)
    venue.closed_on = ["2027-07-11"]
    with pytest.raises(Refusal, match="closed on 2027-07-11"):
        scheduling.schedule(
            edition, venue=venue, submission=film, day=date(2027, 7, 11), at=time(14), actor=staff
        )
    with pytest.raises(Refusal, match="closed on 2027-07-11"):  # runs past midnight into it
        scheduling.schedule(
            edition, venue=venue, submission=film, day=date(2027, 7, 10), at=time(23), actor=staff
        )
    # ending exactly at midnight touches no closed day
    scheduling.schedule(
        edition, venue=venue, submission=film, day=date(2027, 7, 10), at=time(22, 30), actor=staff
    )


def test_confirming_waits_for_every_film_to_be_released(edition, venue, staff):
    decided, selected = entries(edition, 2)
    decisions.record_decisions([decided], outcome_named(edition, "Selected"), actor=staff)
    selected.status = "selected"
    block = block_of(edition, [decided, selected])
    screening = scheduling.schedule(
        edition, venue=venue, block=block, day=date(2027, 7, 10), at=time(14), actor=staff
    )
    with pytest.raises(Refusal, match=r"selected and released: Film 0\.$"):
        scheduling.confirm(screening, revision=screening.revision, actor=staff)
    decisions.release_now(edition, actor=staff)
    scheduling.confirm(screening, revision=screening.revision, actor=staff)
    assert screening.state is ScreeningState.CONFIRMED


def test_attending_filmmakers_are_booked_and_staff_add_or_remove_guests(edition, venue, staff):
    coming, away = selected_films(edition, 2)
    db.session.add_all(
        [
            Attendance(submission_id=coming.id, is_attending=True),
            Attendance(submission_id=away.id, is_attending=False),
        ]
    )
    screening = scheduling.schedule(
        edition,
        venue=venue,
        block=block_of(edition, [coming, away]),
        day=date(2027, 7, 10),
        at=time(14),
        actor=staff,
    )
    assert [g.user_id for g in screening.guests] == [coming.film.owner_id]
    scheduling.add_guest(screening, away.film.owner, revision=1, actor=staff)
    with pytest.raises(Refusal, match="already booked"):
        scheduling.add_guest(screening, away.film.owner, revision=2, actor=staff)
    scheduling.remove_guest(screening, coming.film.owner_id, revision=2, actor=staff)
    assert [g.user_id for g in screening.guests] == [away.film.owner_id]
    assert screening.revision == 3


def test_a_stale_form_is_refused(edition, venue, staff):
    (film,) = selected_films(edition, 1)
    screening = scheduling.schedule(
        edition, venue=venue, submission=film, day=date(2027, 7, 10), at=time(14), actor=staff
    )
    scheduling.move(
        screening, venue=venue, day=date(2027, 7, 10), at=time(16), revision=1, actor=staff
    )
    with pytest.raises(Refusal) as refused:
        scheduling.move(
            screening, venue=venue, day=date(2027, 7, 10), at=time(18), revision=1, actor=staff
        )
    assert refused.value.kind is RefusalKind.CONFLICT
    assert scheduling.local_moment(screening.starts_at, edition).hour == 16


def test_only_a_pencilled_screening_is_deleted(edition, venue, staff):
    (film,) = selected_films(edition, 1)
    screening = scheduling.schedule(
        edition, venue=venue, submission=film, day=date(2027, 7, 10), at=time(14), actor=staff
    )
    scheduling.confirm(screening, revision=1, actor=staff)
    with pytest.raises(Refusal, match="cancel it instead"):
        scheduling.delete(screening, revision=2, actor=staff)
    other = scheduling.schedule(
        edition, venue=venue, submission=film, day=date(2027, 7, 11), at=time(14), actor=staff
    )
    scheduling.delete(other, revision=1, actor=staff)
    assert db.session.get(Screening, other.id) is None


def published_changes(edition):
    return db.session.scalars(
        db.select(ScreeningChange)
        .where(ScreeningChange.edition_id == edition.id)
        .order_by(ScreeningChange.id)
    ).all()


def test_changes_are_recorded_only_once_the_programme_is_published(edition, venue, staff):
    (film,) = selected_films(edition, 1)
    day = date(2027, 7, 10)
    quiet = scheduling.schedule(
        edition, venue=venue, submission=film, day=day, at=time(10), actor=staff
    )
    scheduling.confirm(quiet, revision=1, actor=staff)
    scheduling.move(quiet, venue=venue, day=day, at=time(11), revision=2, actor=staff)
    assert published_changes(edition) == []

    publication = ProgrammePublication(edition_id=edition.id, is_published=True, revision=1)
    db.session.add(publication)
    other_venue = Venue(edition_id=edition.id, name="Salle 2", capacity=80)
    db.session.add(other_venue)
    screening = scheduling.schedule(
        edition, venue=venue, submission=film, day=day, at=time(14), actor=staff
    )
    scheduling.move(screening, venue=venue, day=day, at=time(15), revision=1, actor=staff)
    assert published_changes(edition) == []  # pencilled: not public yet
    scheduling.confirm(screening, revision=2, actor=staff)
    scheduling.move(screening, venue=other_venue, day=day, at=time(16), revision=3, actor=staff)
    scheduling.cancel(screening, revision=4, actor=staff)
    added, moved, cancelled = published_changes(edition)
    assert [added.kind, moved.kind, cancelled.kind] == [
        ChangeKind.ADDED,
        ChangeKind.MOVED,
        ChangeKind.CANCELLED,
    ]
    assert added.before == {} and added.after["starts_at"] == "2027-07-10T13:00:00+00:00"
    assert moved.before == {
        "starts_at": "2027-07-10T13:00:00+00:00",
        "ends_at": "2027-07-10T13:20:00+00:00",
        "venue_id": venue.id,
    }
    assert moved.after["venue_id"] == other_venue.id
    assert moved.after["starts_at"] == "2027-07-10T14:00:00+00:00"
    assert cancelled.before == moved.after and cancelled.after == {}
    assert publication.revision == 4


def test_the_schedule_form_shows_conflicts_first_and_saves_only_anyway(
    edition, venue, programmer, client
):
    (film,) = selected_films(edition, 1, minutes=90)
    scheduling.schedule(
        edition, venue=venue, submission=film, day=date(2027, 7, 10), at=time(14), actor=None
    )
    url = f"/manage/editions/{edition.id}/screenings/new"
    form = {"submission_id": film.id, "venue_id": venue.id, "day": "2027-07-10", "at": "15:20"}
    page = client.post(url, data=form).get_data(as_text=True)
    assert "This change would create these conflicts" in page
    assert "Venue double-booked (changeover included)" in page
    assert "Film in two places at once" in page
    assert db.session.scalar(db.select(db.func.count(Screening.id))) == 1
    response = client.post(url, data=form | {"save_anyway": "y"})
    assert response.status_code == 302
    assert db.session.scalar(db.select(db.func.count(Screening.id))) == 2
    conflicts_page = client.get(f"/manage/editions/{edition.id}/schedule/conflicts")
    assert "Venue double-booked" in conflicts_page.get_data(as_text=True)
    assert "14:00–15:30 (Central European Summer Time)" in conflicts_page.get_data(as_text=True)
    gap = client.post(url, data=form | {"day": "2027-03-28", "at": "02:30"})
    assert "the clocks go forward from 02:00 to 03:00" in gap.get_data(as_text=True)


def test_the_day_view_shows_a_screening_past_midnight_on_both_days(
    edition, venue, programmer, client
):
    (film,) = selected_films(edition, 1, minutes=90)
    scheduling.schedule(
        edition, venue=venue, submission=film, day=date(2027, 7, 10), at=time(23, 30), actor=None
    )
    url = f"/manage/editions/{edition.id}/schedule/day"
    first = client.get(f"{url}?day=2027-07-10").get_data(as_text=True)
    assert "23:30–01:00" in first and "Continues the next day" in first
    assert 'rowspan="2"' in first  # 23:30 to midnight: two quarter hours
    second = client.get(f"{url}?day=2027-07-11").get_data(as_text=True)
    assert "Continues from the day before" in second and 'rowspan="4"' in second
    assert "style=" not in first


def test_a_stale_move_shows_the_screening_as_it_is_now(edition, venue, programmer, client):
    (film,) = selected_films(edition, 1)
    screening = scheduling.schedule(
        edition, venue=venue, submission=film, day=date(2027, 7, 10), at=time(14), actor=None
    )
    scheduling.move(
        screening, venue=venue, day=date(2027, 7, 10), at=time(16), revision=1, actor=None
    )
    url = f"/manage/editions/{edition.id}/screenings/{screening.id}"
    form = {"venue_id": venue.id, "day": "2027-07-10", "at": "18:00", "revision": "1"}
    page = client.post(url, data=form).get_data(as_text=True)
    assert "changed since you opened it" in page
    assert 'value="16:00"' in page and 'name="revision" type="hidden" value="2"' in page
