"""Venues of an edition, kept by staff: added with their closed days, names unique in the
edition, deleted only while nothing is scheduled there."""

from __future__ import annotations

from datetime import date, time

import pytest

from festival.audit.services import events_for
from festival.extensions import db
from festival.programming import scheduling, venues
from festival.programming.models.programme import Venue
from festival.refusals import Refusal
from tests import factories

HALL = {"name": "CGV Hall 1", "name_ko": "CGV 1관", "address": "Bucheon", "capacity": 180}


@pytest.fixture
def edition(app_ctx):
    return factories.make_edition()


def test_a_venue_keeps_its_closed_days_sorted_once(edition):
    venue = venues.add_venue(
        edition,
        actor=None,
        changeover_minutes=20,
        closed_on=[date(2027, 7, 12), date(2027, 7, 10), date(2027, 7, 12)],
        **HALL,
    )
    assert venue.closed_on == ["2027-07-10", "2027-07-12"]
    assert venue.display_name("ko") == "CGV 1관"
    assert [e.verb for e in events_for(venue)] == ["venue_added"]


def test_a_venue_name_is_unique_in_its_edition(edition):
    venues.add_venue(edition, actor=None, closed_on=[], **HALL)
    with pytest.raises(Refusal, match="already has a venue"):
        venues.add_venue(edition, actor=None, closed_on=[], **HALL | {"name": "cgv hall 1"})
    venues.add_venue(factories.make_edition(), actor=None, closed_on=[], **HALL)


def test_a_venue_with_screenings_is_not_deleted(edition):
    venue = venues.add_venue(edition, actor=None, closed_on=[], **HALL)
    film = factories.make_submission(category=edition.categories[0])
    scheduling.schedule(
        edition, venue=venue, submission=film, day=date(2027, 7, 10), at=time(14), actor=None
    )
    with pytest.raises(Refusal, match="has screenings"):
        venues.delete_venue(venue, actor=None)
    empty = venues.add_venue(edition, actor=None, closed_on=[], **HALL | {"name": "Empty"})
    venues.delete_venue(empty, actor=None)
    assert db.session.get(Venue, empty.id) is None


def test_staff_add_and_edit_venues_with_dates(edition, programmer, client):
    url = f"/manage/editions/{edition.id}/venues"
    form = {"name": "Hall", "capacity": "90", "changeover_minutes": "15"}
    response = client.post(url, data=form | {"closed_on": "2027-07-10\n10 July"})
    assert "Write each date as 2027-07-10" in response.get_data(as_text=True)
    response = client.post(url, data=form | {"closed_on": "2027-07-11, 2027-07-10"})
    assert response.status_code == 302
    venue = db.session.scalar(db.select(Venue).where(Venue.edition_id == edition.id))
    assert venue.closed_on == ["2027-07-10", "2027-07-11"]
    page = client.get(f"{url}/{venue.id}").get_data(as_text=True)
    assert "2027-07-10\n2027-07-11" in page
    response = client.post(f"{url}/{venue.id}", data=form | {"name": "Hall A", "closed_on": ""})
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.refresh(venue)
    assert venue.name == "Hall A" and venue.closed_on == []
